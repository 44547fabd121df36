/** Reading candidate dump files (read-only) and parsing them in the parse workers: what the library worker scans with. */
import type { ParsedDump } from '../core/model';
import type { ParseOptions } from '../core/parse/index';
import type { ParserPool } from './parserPool';
import { sameStamp, type Stamp } from './parseCache';
import type { ParseStore } from './parseStore';

/** A file the extension host found to scan: its URI (as a string), its name in entries, and its folder's size limit. */
export interface Candidate {
  uri: string;
  file: string;
  maxBytes: number;
}

/** A scanned file: its parse and what it was parsed from (for the caches). */
export interface ScannedFile {
  uri: string;
  parsed: ParsedDump;
  stamp: Stamp;
}

/** How files are read: from the disk for `file:` URIs, through the extension host for others. */
export interface FileAccess {
  /** Size and mtime of a file; null when it is gone or not a file. */
  stat(uri: string): Promise<{ size: number; mtime: number } | null>;
  read(uri: string): Promise<Uint8Array>;
}

/** What a parse of the file would be made from now (null when it is gone or not a file). */
export async function stampOf(files: FileAccess, { uri, file, maxBytes }: Candidate): Promise<Stamp | null> {
  const stat = await files.stat(uri);
  return stat && { size: stat.size, mtime: stat.mtime, maxBytes, file };
}

/**
 * Scans one file (null when it is gone): `reuse.cached` when made from the same stamp, else the
 * parse `reuse.store` persisted when current, else the file read and parsed (in part from `held`,
 * the file's last parse, when a parse worker can: see `DumpParser.parse`). Says which it was.
 * An `edited` file (one that just changed) is parsed so that its next change is read in part.
 */
export async function scanFile(
  files: FileAccess,
  candidate: Candidate,
  parser: ParserPool,
  reuse?: { cached?: ScannedFile; store: ParseStore },
  edited = false,
  held = reuse?.cached,
): Promise<{ file: ScannedFile; source: 'memory' | 'persisted' | 'read' } | null> {
  const stamp = await stampOf(files, candidate);
  if (!stamp) return null;
  const { uri } = candidate;
  if (reuse?.cached && sameStamp(reuse.cached.stamp, stamp)) return { file: reuse.cached, source: 'memory' };
  const persisted = reuse && (await reuse.store.take(uri, stamp));
  if (persisted) return { file: { uri, parsed: persisted, stamp }, source: 'persisted' };
  const read = await readDump(files, uri, stamp, parser, edited, held?.uri === uri ? held : undefined);
  return read && { file: read, source: 'read' };
}

/**
 * Reads and parses one file (null when it vanished meanwhile); too large or unreadable files become
 * problems, never exceptions. The parse worker caches the parse under the file's URI and `stamp`.
 */
async function readDump(files: FileAccess, uri: string, stamp: Stamp, parser: ParserPool, edited: boolean, held?: ScannedFile): Promise<ScannedFile | null> {
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
    bytes = await files.read(uri);
  } catch (error) {
    if (!(await files.stat(uri))) return null;
    return skipped('error', `Could not read the file: ${(error as Error)?.message ?? String(error)}`);
  }
  return scanned(await parser.parse(bytes, file, parseOptionsOf(stamp), { key: uri, stamp }, edited, held));
}

const parseOptionsOf = ({ file, maxBytes }: Stamp): ParseOptions => ({ maxBytes, expectDump: /\.papers\.(txt|md)$/i.test(file) });

/**
 * Parses a dump in the parse workers and drops the parse, unless a worker remembers its last
 * parse: its next change is then read again in part, in a worker warmed up (see `reparse.ts`).
 */
export async function primeDump(files: FileAccess, candidate: Candidate, parser: ParserPool): Promise<void> {
  const stamp = await stampOf(files, candidate);
  if (!stamp || stamp.size > stamp.maxBytes || parser.remembers(stamp.file)) return;
  const bytes = await files.read(candidate.uri).then(undefined, () => null);
  if (bytes) await parser.parse(bytes, stamp.file, parseOptionsOf(stamp), undefined, true);
}
