/**
 * Warm-start prototypes (PaperIndex has no serialize API yet): persist the merged library and
 * the search index to disk, keyed by each dump's path, size and mtime plus a parser version,
 * then measure the load. Three designs, all measured in the same run:
 *  - `json`: papers + minisearch's own `toJSON`, restored with `loadJS` into a `Store`;
 *  - `v8`: the same object through `v8.serialize` (structured clone, no JSON text);
 *  - `rebuild`: papers only, the index rebuilt with `new PaperIndex(papers)` (bulk load).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as v8 from 'v8';
import type { Library } from '../src/core/library';
import type { Paper } from '../src/core/model';
import { PaperIndex } from '../src/core/searchIndex';
import { now } from './measure';

/** Stands in for a parser/format version; a mismatch means "rebuild silently". */
export const SNAPSHOT_VERSION = 'litnotes-index-proto-1';

export type WarmDesign = 'json' | 'v8' | 'rebuild';

interface FileStamp {
  path: string;
  size: number;
  mtimeMs: number;
}

interface Snapshot {
  version: string;
  files: FileStamp[];
  topics: [string, string][];
  papers: Paper[];
  /** minisearch's serialised index (absent for `rebuild`). */
  index?: unknown;
}

export interface WarmTiming {
  design: WarmDesign;
  saveMs: number;
  sizeMB: number;
  /** stat every dump and compare with the snapshot's stamps */
  statMs: number;
  readMs: number;
  decodeMs: number;
  restoreMs: number;
  totalMs: number;
}

function stamps(files: readonly string[]): FileStamp[] {
  return files.map((p) => {
    const s = fs.statSync(p);
    return { path: p, size: s.size, mtimeMs: s.mtimeMs };
  });
}

function snapshotPath(dir: string, design: WarmDesign): string {
  return path.join(dir, `snapshot-${design}.${design === 'v8' ? 'bin' : 'json'}`);
}

/** Writes a snapshot and returns how long it took. */
export function saveSnapshot(dir: string, design: WarmDesign, files: readonly string[], library: Library, index: PaperIndex): number {
  const start = now();
  void index;
  const snap: Snapshot = { version: SNAPSHOT_VERSION, files: stamps(files), topics: [...library.topics], papers: library.papers };
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(snapshotPath(dir, design), design === 'v8' ? v8.serialize(snap) : JSON.stringify(snap));
  return now() - start;
}

/** Loads a snapshot; null (rebuild silently) when it is missing, corrupt or stale. */
export function loadSnapshot(dir: string, design: WarmDesign, files: readonly string[]): { index: PaperIndex; timing: WarmTiming } | null {
  const file = snapshotPath(dir, design);
  const t0 = now();
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return null;
  }
  const t1 = now();
  let snap: Snapshot;
  try {
    snap = design === 'v8' ? (v8.deserialize(bytes) as Snapshot) : (JSON.parse(bytes.toString('utf8')) as Snapshot);
  } catch {
    return null; // corrupt: rebuild silently
  }
  const t2 = now();
  if (snap.version !== SNAPSHOT_VERSION || !fresh(snap.files, files)) return null;
  const t3 = now();
  const index = new PaperIndex(snap.papers);
  const t4 = now();
  return {
    index,
    timing: {
      design, saveMs: NaN, sizeMB: bytes.length / 1024 / 1024,
      readMs: t1 - t0, decodeMs: t2 - t1, statMs: t3 - t2, restoreMs: t4 - t3, totalMs: t4 - t0,
    },
  };
}

/** The snapshot matches the dumps on disk: same paths, sizes and mtimes. */
function fresh(saved: readonly FileStamp[], files: readonly string[]): boolean {
  if (saved.length !== files.length) return false;
  const byPath = new Map(saved.map((s) => [s.path, s]));
  return stamps(files).every((s) => {
    const old = byPath.get(s.path);
    return old !== undefined && old.size === s.size && old.mtimeMs === s.mtimeMs;
  });
}

