/**
 * The extension's indexing pipeline without VS Code, step by step as `LibraryService` runs it:
 * read and parse each dump, merge them into a `LibraryState`, index the papers; one changed dump
 * merged again in place with the index updated from the delta.
 */
import * as fs from 'fs';
import { libraryOf, type Library } from '../src/core/library';
import { LibraryState } from '../src/core/libraryState';
import { runSliced, runToEnd } from '../src/core/slices';
import type { ParsedDump } from '../src/core/model';
import { PaperIndex } from '../src/core/searchIndex';
import { DumpParser } from '../src/indexer/dumpParser';
import { parseWithTopic } from '../src/indexer/parseJob';
import { now, timed, yieldToLoop } from './measure';

export interface Built {
  dumps: ParsedDump[];
  state: LibraryState;
  library: Library;
  index: PaperIndex;
}

export interface ColdTiming {
  /** read + parse of every dump */
  parseMs: number;
  /** the slowest single file's read + parse: one event-loop turn in the service */
  maxFileMs: number;
  libraryMs: number;
  indexMs: number;
  totalMs: number;
}

/** `readFileSync` + UTF-8 decode + `split('\n')`: the floor any line-based parser sits on. */
export function rawReadSplit(files: readonly string[]): { ms: number; lines: number } {
  const start = now();
  let lines = 0;
  for (const f of files) lines += fs.readFileSync(f).toString('utf8').split('\n').length;
  return { ms: now() - start, lines };
}

/** Read + parse in this thread, topic derived once per parse as the parse worker does. */
export function parseFile(file: string): ParsedDump {
  return parseWithTopic(fs.readFileSync(file), file, {});
}

/**
 * A full cold build on the service's schedule (`LibraryService.scanAll` → `update` → `merge`):
 * each file read here and parsed in the worker thread (`DumpParser`), one per event-loop turn;
 * then merge and the index, each in ~15 ms slices. `phase` names each step as it
 * starts (for `watchPhases`). `maxFileMs` is the longest a
 * file's read + hand-off + answer held this thread. Run it under `longestStall` to see what the
 * extension host would feel.
 */
export async function coldBuild(files: readonly string[], phase: (name: string) => void = () => undefined): Promise<{ built: Built; timing: ColdTiming }> {
  const start = now();
  phase('parse');
  const parser = new DumpParser();
  const dumps: ParsedDump[] = [];
  let maxFileMs = 0;
  try {
    for (const f of files) {
      const [readMs, bytes] = timed(() => fs.readFileSync(f));
      dumps.push(await parser.parse(bytes, f, {}));
      maxFileMs = Math.max(maxFileMs, readMs);
      await yieldToLoop();
    }
  } finally {
    parser.dispose();
  }
  const parseMs = now() - start;
  phase('library');
  const libraryStart = now();
  const state = new LibraryState();
  await runSliced(state.updateSteps(dumps), yieldToLoop);
  const library = libraryOf(state);
  const libraryMs = now() - libraryStart;
  phase('index');
  const indexStart = now();
  const index = await PaperIndex.build(library.papers, { pause: yieldToLoop });
  const indexMs = now() - indexStart;
  phase('done');
  return {
    built: { dumps, state, library, index },
    timing: { parseMs, maxFileMs, libraryMs, indexMs, totalMs: now() - start },
  };
}

export interface IncrementalTiming {
  parseMs: number;
  libraryMs: number;
  syncMs: number;
  totalMs: number;
  upserted: number;
  removed: number;
}

/**
 * One changed dump at full size, as the watcher path does it (`applyChanges` → `merge`): re-parse
 * that file, merge it again in place (only the papers it touches), apply the delta to the index.
 */
export function reindexOne(built: Built, fileIndex: number, content: string): IncrementalTiming {
  const start = now();
  const file = built.dumps[fileIndex].file;
  const [parseMs, dump] = timed(() => parseWithTopic(Buffer.from(content, 'utf8'), file, {}));
  built.dumps[fileIndex] = dump;
  const [libraryMs, delta] = timed(() => runToEnd(built.state.updateSteps([dump])));
  const [syncMs] = timed(() => {
    for (const key of delta.removed) built.index.remove(key);
    for (const paper of delta.upserted) built.index.upsert(paper);
  });
  return { parseMs, libraryMs, syncMs, totalMs: now() - start, upserted: delta.upserted.length, removed: delta.removed.length };
}

export interface ShippedWarmTiming {
  /** the parse worker writing every parse to its cache file */
  saveMs: number;
  sizeMB: number;
  /** worker start + reading the cache file */
  loadMs: number;
  /** every dump stat'ed and its parse taken from the cache (one per event-loop turn) */
  takeMs: number;
  libraryMs: number;
  indexMs: number;
  totalMs: number;
}

/**
 * The warm start the extension ships (`ParseStore` + `LibraryService.scanAll`): the parse worker
 * loads its persisted cache, each unchanged dump's parse is taken from it (stat, no read, no parse),
 * then the library is merged and the index built in slices, as in a cold build.
 */
export async function shippedWarmStart(files: readonly string[], cacheFile: string): Promise<{ timing: ShippedWarmTiming; index: PaperIndex }> {
  const stampOf = (f: string) => {
    const s = fs.statSync(f);
    return { size: s.size, mtime: s.mtimeMs, maxBytes: 50 * 1024 * 1024, file: f };
  };
  const writer = new DumpParser();
  let saveMs = 0;
  try {
    for (const f of files) await writer.parse(fs.readFileSync(f), f, {}, { key: f, stamp: stampOf(f) });
    const t = now();
    if (!(await writer.save(cacheFile, files))) throw new Error('warm start: the parse cache was not written');
    saveMs = now() - t;
  } finally {
    writer.dispose();
  }
  const start = now();
  const parser = new DumpParser();
  try {
    await parser.load(cacheFile);
    const loadMs = now() - start;
    const takeStart = now();
    const dumps: ParsedDump[] = [];
    for (const f of files) {
      const dump = await parser.take(f, stampOf(f));
      if (!dump) throw new Error(`warm start: no cached parse for ${f}`);
      dumps.push(dump);
      await yieldToLoop();
    }
    const takeMs = now() - takeStart;
    const libraryStart = now();
    const state = new LibraryState();
    await runSliced(state.updateSteps(dumps), yieldToLoop);
    const libraryMs = now() - libraryStart;
    const indexStart = now();
    const index = await PaperIndex.build(state.papers, { pause: yieldToLoop });
    const indexMs = now() - indexStart;
    const sizeMB = fs.statSync(cacheFile).size / 1048576;
    return { timing: { saveMs, sizeMB, loadMs, takeMs, libraryMs, indexMs, totalMs: now() - start }, index };
  } finally {
    parser.dispose();
  }
}
