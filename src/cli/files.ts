/** Finding and reading dump files for the CLI (Node-only). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDump } from '../core/parse/index';
import type { ParsedDump } from '../core/model';

/** Extensions of files a directory scan considers. */
export const DUMP_EXTENSIONS = ['.txt', '.md', '.markdown'];

/** Directories a scan never enters. */
const SKIPPED_DIRS = new Set(['node_modules']);

/** A file to read: `explicit` when named on the command line rather than found in a directory. */
export interface FoundFile {
  /** Absolute path. */
  path: string;
  /** As shown in output: relative to cwd when inside it, with `/` separators. */
  display: string;
  explicit: boolean;
}

/** The outcome of reading the inputs: dumps to index and paths that could not be read. */
export interface LoadResult {
  dumps: ParsedDump[];
  /** Human-readable reasons, one per unreadable path. */
  errors: string[];
  /** Number of files read (dumps or not). */
  filesRead: number;
}

/** How a path is shown: relative to `cwd` when inside it, `/`-separated. */
export function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  const shown = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
  return shown.split(path.sep).join('/');
}

/**
 * Expands files and directories (recursively, `*.txt`/`*.md`, skipping dot-directories and
 * node_modules, never entering a directory twice) into a sorted file list.
 */
export function expandPaths(inputs: readonly string[], cwd: string): { files: FoundFile[]; errors: string[] } {
  const files: FoundFile[] = [];
  const errors: string[] = [];
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();
  const add = (file: string, explicit: boolean): void => {
    if (seenFiles.has(file)) return;
    seenFiles.add(file);
    files.push({ path: file, display: displayPath(file, cwd), explicit });
  };
  const walk = (dir: string): void => {
    let real: string;
    let entries: fs.Dirent[];
    try {
      real = fs.realpathSync(dir);
      if (seenDirs.has(real)) return;
      seenDirs.add(real);
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      errors.push(`${displayPath(dir, cwd)}: ${reason(error)}`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const stat = fs.statSync(full);
          [isDir, isFile] = [stat.isDirectory(), stat.isFile()];
        } catch {
          continue; // dangling link: not an input the user named
        }
      }
      if (isDir && !entry.name.startsWith('.') && !SKIPPED_DIRS.has(entry.name)) walk(full);
      else if (isFile && DUMP_EXTENSIONS.includes(path.extname(entry.name).toLowerCase())) add(full, false);
    }
  };
  for (const input of inputs) {
    const full = path.resolve(cwd, input);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(full);
    } catch (error) {
      errors.push(`${input}: ${reason(error)}`);
      continue;
    }
    if (stat.isDirectory()) walk(full);
    else add(full, true);
  }
  return { files, errors };
}

/**
 * Reads and parses the inputs. Files found in directories that are not dumps are dropped
 * silently; a file named explicitly is always kept, with a warning when it holds no papers.
 */
export function loadDumps(inputs: readonly string[], cwd: string): LoadResult {
  const { files, errors } = expandPaths(inputs, cwd);
  const dumps: ParsedDump[] = [];
  let filesRead = 0;
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = fs.readFileSync(file.path);
    } catch (error) {
      errors.push(`${file.display}: ${reason(error)}`);
      continue;
    }
    filesRead++;
    const dump = parseDump(bytes, file.display);
    if (dump.layout !== 'none' || dump.entries.length > 0) dumps.push(dump);
    else if (file.explicit) {
      if (dump.problems.length === 0) {
        dump.problems.push({ file: file.display, line: 1, severity: 'warning', message: 'Not a paper dump: no papers found.' });
      }
      dumps.push(dump);
    }
  }
  return { dumps, errors, filesRead };
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return (error as Error)?.message ?? String(error);
}
