/**
 * The warm start the extension ships, without VS Code (`SnapshotStore` + `LibraryService.restore`):
 * the library snapshot (papers + search index) written after a build, then read, decoded in
 * slices, checked against every dump's stamp (path, size, mtime, size limit) and indexed in slices.
 */
import * as fs from 'fs';
import { stat, writeFile } from 'fs/promises';
import { decodeSnapshot, encodeSnapshot, headerArrived, snapshotSource, type LibrarySnapshot } from '../src/core/librarySnapshot';
import { ArrivingFile } from '../src/indexer/arrivingFile';
import { PaperIndex } from '../src/core/searchIndex';
import { runSliced, yieldToEventLoop } from '../src/core/slices';
import { sameStamp, type Stamp } from '../src/indexer/parseCache';
import type { Built } from './pipeline';
import { now } from './measure';

/** The stamp the service records for a dump (`stampOf` in dumpScanner.ts), read asynchronously as it does. */
export async function stampOf(file: string): Promise<Stamp> {
  const s = await stat(file);
  return { size: s.size, mtime: s.mtimeMs, maxBytes: 50 * 1024 * 1024, file };
}

/** Writes the snapshot of a build as the service does after a scan; returns the time taken and the size. */
export async function saveLibrarySnapshot(built: Built, files: readonly string[], target: string): Promise<{ saveMs: number; sizeMB: number }> {
  const start = now();
  const snapshot: LibrarySnapshot = {
    keyFormat: built.state.keyFormat,
    dumps: await Promise.all(built.dumps.map(async (d, i) => ({ uri: files[i], file: d.file, stamp: { ...(await stampOf(files[i])) }, topic: built.library.topics.get(d.file) ?? '', layout: d.layout, entries: d.entries.length }))),
    papers: built.library.papers,
    index: await runSliced(built.index.exportSteps(), yieldToEventLoop),
  };
  await writeFile(target, await runSliced(encodeSnapshot(snapshot), yieldToEventLoop));
  return { saveMs: now() - start, sizeMB: fs.statSync(target).size / 1048576 };
}

export interface RestoreTiming {
  /** until the header is read (the rest is read while decoding) */
  readMs: number;
  /** decoding, and waiting for bytes still being read */
  decodeMs: number;
  /** every dump stat'ed and compared with its stamp in the snapshot */
  checkMs: number;
  indexMs: number;
  totalMs: number;
}

/** Restores a snapshot written by {@link saveLibrarySnapshot}: searchable when this returns. `phase` names each step as it starts. */
export async function restoreLibrarySnapshot(files: readonly string[], source: string, phase: (name: string) => void = () => undefined): Promise<{ timing: RestoreTiming; index: PaperIndex }> {
  const t0 = now();
  phase('read');
  const file = await ArrivingFile.open(source);
  await headerArrived(file.bytes, file);
  const t1 = now();
  phase('check');
  // As the service does: the stamps from the header first, then the rest decoded as it arrives.
  const head = snapshotSource(file.bytes);
  if (typeof head === 'string') throw new Error(`snapshot not usable: ${head}`);
  const saved = new Map(head.dumps.map((d) => [d.uri, d.stamp as unknown as Stamp]));
  const stamps = await Promise.all(files.map(stampOf));
  if (files.length !== saved.size || files.some((f, i) => !saved.has(f) || !sameStamp(saved.get(f) as Stamp, stamps[i]))) throw new Error('snapshot is stale');
  const t2 = now();
  phase('decode');
  const snapshot = await runSliced(decodeSnapshot(file.bytes, file), yieldToEventLoop);
  if (typeof snapshot === 'string') throw new Error(`snapshot not usable: ${snapshot}`);
  const t3 = now();
  phase('index');
  const index = await runSliced(PaperIndex.fromDataSteps(snapshot.papers, snapshot.index), yieldToEventLoop);
  const t4 = now();
  phase('done');
  return { timing: { readMs: t1 - t0, checkMs: t2 - t1, decodeMs: t3 - t2, indexMs: t4 - t3, totalMs: t4 - t0 }, index };
}
