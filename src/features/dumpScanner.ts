/** Finding candidate dump files in the workspace and reading them (read-only, through `workspace.fs`). */
import * as vscode from 'vscode';
import type { Occurrence, ParsedDump } from '../core/model';
import type { ParseOptions } from '../core/parse/index';
import type { ParserPool } from '../indexer/parserPool';
import { sameStamp, type Stamp } from '../indexer/parseCache';
import type { ParseStore } from './parseStore';

/** The `litnotes.dumps.*` settings of one workspace folder, with `files.exclude` merged into `exclude`. */
export interface FolderScanSettings {
  include: string[];
  exclude: string[];
  maxBytes: number;
}

/**
 * The scan settings of every workspace folder, by the folder's URI. They are resource-scoped, so in a
 * multi-root workspace each folder's `.vscode/settings.json` may set its own; every file is judged by
 * the settings of the folder it is in.
 */
export interface ScanSettings {
  folders: Record<string, FolderScanSettings>;
}

/** A scanned file: its parse and what it was parsed from (for the caches). */
export interface ScannedFile {
  uri: vscode.Uri;
  parsed: ParsedDump;
  stamp: Stamp;
}

/** Where a paper occurs, with the URI of the dump. */
export type LocatedEntry = Occurrence & { uri: vscode.Uri };

/** Reads the scan settings of every workspace folder now. */
export function readScanSettings(): ScanSettings {
  const folders: Record<string, FolderScanSettings> = {};
  for (const folder of vscode.workspace.workspaceFolders ?? []) folders[folder.uri.toString()] = readFolderSettings(folder.uri);
  return { folders };
}

/** The scan settings that apply in one workspace folder (its own values over the workspace's and the user's). */
function readFolderSettings(scope: vscode.Uri): FolderScanSettings {
  const dumps = vscode.workspace.getConfiguration('litnotes.dumps', scope);
  const filesExclude = vscode.workspace.getConfiguration('files', scope).get<Record<string, unknown>>('exclude') ?? {};
  return {
    include: dumps.get<string[]>('include') ?? [],
    exclude: [...(dumps.get<string[]>('exclude') ?? []), ...Object.keys(filesExclude).filter((glob) => filesExclude[glob] === true)],
    maxBytes: Math.max(1, dumps.get<number>('maxFileSizeMB') ?? 50) * 1024 * 1024,
  };
}

/** The settings of a workspace folder (read now for a folder added since `settings` were read). */
function folderSettings(folder: vscode.WorkspaceFolder, settings: ScanSettings): FolderScanSettings {
  return settings.folders[folder.uri.toString()] ?? readFolderSettings(folder.uri);
}

/** The size limit for a file: its workspace folder's `litnotes.dumps.maxFileSizeMB`. */
export function maxBytesOf(uri: vscode.Uri, settings: ScanSettings): number {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  return folder ? folderSettings(folder, settings).maxBytes : 50 * 1024 * 1024;
}

/** Every candidate file of every workspace folder (each with its own settings), sorted by path, excludes applied. */
export async function findCandidates(settings: ScanSettings): Promise<vscode.Uri[]> {
  const found = new Map<string, vscode.Uri>();
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const { include, exclude } = folderSettings(folder, settings);
    // VS Code globs do not nest braces: only pass the union when that is safe; the matcher below filters anyway.
    const excludeGlob = exclude.length === 0 || exclude.some((g) => /[{}]/.test(g)) ? null : `{${exclude.join(',')}}`;
    for (const pattern of include) {
      for (const uri of await vscode.workspace.findFiles(new vscode.RelativePattern(folder, pattern), excludeGlob)) found.set(uri.toString(), uri);
    }
  }
  return [...found.values()].filter((uri) => isCandidate(uri, settings)).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * The files a watcher batch concerns: changed candidates, cached files below a changed path (a
 * deleted or moved folder reports only itself), and the candidates inside a folder new to the cache.
 */
export async function changedCandidates(uris: readonly vscode.Uri[], cached: readonly vscode.Uri[], settings: ScanSettings): Promise<Map<string, vscode.Uri>> {
  const targets = new Map<string, vscode.Uri>();
  for (const uri of uris) {
    if (isCandidate(uri, settings)) targets.set(uri.toString(), uri);
    const prefix = `${uri.toString()}/`;
    const below = cached.filter((c) => c.toString().startsWith(prefix));
    for (const file of below) targets.set(file.toString(), file);
    if (below.length > 0 || isExcluded(uri, settings)) continue;
    const stat = await vscode.workspace.fs.stat(uri).then((s) => s, () => null);
    if (!stat || !(stat.type & vscode.FileType.Directory)) continue;
    for (const found of await vscode.workspace.findFiles(new vscode.RelativePattern(uri, '**/*'), null)) {
      if (isCandidate(found, settings)) targets.set(found.toString(), found);
    }
  }
  return targets;
}

/** True when a file inside a workspace folder matches an include glob and no exclude glob of that folder. */
export function isCandidate(uri: vscode.Uri, settings: ScanSettings): boolean {
  const where = locate(uri, settings);
  return where !== null && where.settings.include.some((g) => globToRegExp(g).test(where.relative)) && !isExcluded(uri, settings);
}

/** True when a path is outside the workspace folders or matches an exclude glob of its folder. */
export function isExcluded(uri: vscode.Uri, settings: ScanSettings): boolean {
  const where = locate(uri, settings);
  return where === null || where.settings.exclude.some((g) => globToRegExp(g).test(where.relative));
}

/** The folder-relative path of a file and its folder's settings; null outside the workspace folders. */
function locate(uri: vscode.Uri, settings: ScanSettings): { relative: string; settings: FolderScanSettings } | null {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder || !uri.path.startsWith(folder.uri.path)) return null;
  return { relative: uri.path.slice(folder.uri.path.length).replace(/^\/+/, ''), settings: folderSettings(folder, settings) };
}

/** How a file is named in entries, the output and the tree: workspace-relative (with the folder when multi-root). */
export function displayName(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
}

/** The file's stat, or null when it is gone or not a file. */
async function statFile(uri: vscode.Uri): Promise<vscode.FileStat | null> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    return stat.type & vscode.FileType.File ? stat : null;
  } catch {
    return null;
  }
}

/** What a parse of the file would be made from now (null when it is gone or not a file). */
export async function stampOf(uri: vscode.Uri, maxBytes: number): Promise<Stamp | null> {
  const stat = await statFile(uri);
  return stat && { size: stat.size, mtime: stat.mtime, maxBytes, file: displayName(uri) };
}

/**
 * Scans one file (null when it is gone): `reuse.cached` when made from the same stamp, else the
 * parse `reuse.store` persisted when current, else the file read and parsed (in part from `held`,
 * the file's last parse, when a parse worker can: see `DumpParser.parse`). Says which it was.
 * An `edited` file (one that just changed) is parsed so that its next change is read in part.
 */
export async function scanFile(
  uri: vscode.Uri,
  maxBytes: number,
  parser: ParserPool,
  reuse?: { cached?: ScannedFile; store: ParseStore },
  edited = false,
  held = reuse?.cached,
): Promise<{ file: ScannedFile; source: 'memory' | 'persisted' | 'read' } | null> {
  const stamp = await stampOf(uri, maxBytes);
  if (!stamp) return null;
  if (reuse?.cached && sameStamp(reuse.cached.stamp, stamp)) return { file: reuse.cached, source: 'memory' };
  const persisted = reuse && (await reuse.store.take(uri, stamp));
  if (persisted) return { file: { uri, parsed: persisted, stamp }, source: 'persisted' };
  const read = await readDump(uri, stamp, parser, edited, held);
  return read && { file: read, source: 'read' };
}

/**
 * Reads and parses one file (null when it vanished meanwhile); too large or unreadable files become
 * problems, never exceptions. The parse worker caches the parse under the file's URI and `stamp`.
 */
async function readDump(uri: vscode.Uri, stamp: Stamp, parser: ParserPool, edited: boolean, held?: ScannedFile): Promise<ScannedFile | null> {
  const { file, maxBytes } = stamp;
  const scanned = (parsed: ParsedDump): ScannedFile => ({ uri, parsed, stamp });
  const skipped = (severity: 'error' | 'info', message: string): ScannedFile =>
    scanned({ file, layout: 'none', entries: [], problems: [{ file, line: 1, severity, message }], meta: {}, source: null });
  if (stamp.size > maxBytes) {
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    return skipped('info', `File is ${mb(stamp.size)} MB, above the ${mb(maxBytes)} MB limit (litnotes.dumps.maxFileSizeMB); skipped.`);
  }
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch (error) {
    if (!(await statFile(uri))) return null;
    return skipped('error', `Could not read the file: ${(error as Error)?.message ?? String(error)}`);
  }
  return scanned(await parser.parse(bytes, file, parseOptionsOf(stamp), { key: uri.toString(), stamp }, edited, held?.uri.toString() === uri.toString() ? held : undefined));
}

const parseOptionsOf = ({ file, maxBytes }: Stamp): ParseOptions => ({ maxBytes, expectDump: /\.papers\.(txt|md)$/i.test(file) });

/**
 * Parses a dump in the parse workers and drops the parse, unless a worker remembers its last
 * parse: its next change is then read again in part, in a worker warmed up (see `reparse.ts`).
 */
export async function primeDump(uri: vscode.Uri, maxBytes: number, parser: ParserPool): Promise<void> {
  const stamp = await stampOf(uri, maxBytes);
  if (!stamp || stamp.size > maxBytes || parser.remembers(stamp.file)) return;
  const bytes = await vscode.workspace.fs.readFile(uri).then(undefined, () => null);
  if (bytes) await parser.parse(bytes, stamp.file, parseOptionsOf(stamp), undefined, true);
}

const globCache = new Map<string, RegExp>();

/** A VS Code style glob (`**`, `*`, `?`, `{a,b}`, `[abc]`) as a regular expression over `/`-separated paths. */
export function globToRegExp(glob: string): RegExp {
  let cached = globCache.get(glob);
  if (cached) return cached;
  let re = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    const close = c === '[' ? glob.indexOf(']', i + 2) : -1;
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      re += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') {
      re += '[^/]*';
    } else if (c === '?') {
      re += '[^/]';
    } else if (c === '{') {
      braces++;
      re += '(?:';
    } else if ((c === '}' || c === ',') && braces > 0) {
      if (c === '}') braces--;
      re += c === '}' ? ')' : '|';
    } else if (close > i) {
      re += `[${glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
      i = close;
    } else {
      re += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
    }
  }
  cached = new RegExp(`^${re}${')'.repeat(braces)}$`);
  globCache.set(glob, cached);
  return cached;
}
