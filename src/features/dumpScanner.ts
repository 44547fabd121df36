/** Finding candidate dump files in the workspace, with the settings of the folder each is in (the library worker reads them). */
import * as vscode from 'vscode';
import type { Occurrence } from '../core/model';
import type { Candidate } from '../indexer/dumpFiles';

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
 * The candidates a watcher batch concerns: changed candidates and the candidates inside a folder
 * created or moved in. (A deleted or moved folder reports only itself: the library worker drops
 * the files it scanned below it.)
 */
export async function changedCandidates(uris: readonly vscode.Uri[], settings: ScanSettings): Promise<vscode.Uri[]> {
  const targets = new Map<string, vscode.Uri>();
  for (const uri of uris) {
    if (isCandidate(uri, settings)) targets.set(uri.toString(), uri);
    if (isExcluded(uri, settings)) continue;
    const stat = await vscode.workspace.fs.stat(uri).then((s) => s, () => null);
    if (!stat || !(stat.type & vscode.FileType.Directory)) continue;
    for (const found of await vscode.workspace.findFiles(new vscode.RelativePattern(uri, '**/*'), null)) {
      if (isCandidate(found, settings)) targets.set(found.toString(), found);
    }
  }
  return [...targets.values()];
}

/** A candidate as the library worker reads it: its URI, its name in entries, its folder's size limit. */
export function candidateOf(uri: vscode.Uri, settings: ScanSettings): Candidate {
  return { uri: uri.toString(), file: displayName(uri), maxBytes: maxBytesOf(uri, settings) };
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
