/**
 * The extension's indexing pipeline without VS Code, step by step as the library worker (`LibraryCore`) runs it:
 * read and parse each dump, merge them into a `LibraryState`, index the papers; one changed dump
 * merged again in place with the index updated from the delta.
 */
import * as fs from 'fs';
import { readFile } from 'fs/promises';
import * as os from 'os';
import * as path from 'path';
import { libraryOf, type Library } from '../src/core/library';
import { LibraryState } from '../src/core/libraryState';
import { runInLanes, runSliced, runToEnd, yieldToEventLoop } from '../src/core/slices';
import type { ParsedDump } from '../src/core/model';
import { PaperIndex } from '../src/core/searchIndex';
import { ParserPool, shardFile } from '../src/indexer/parserPool';
import type { HeldParse } from '../src/indexer/dumpParser';
import { parseWithTopic } from '../src/indexer/parseJob';
import { now, timed, timedAsync } from './measure';
import { stampOf } from './warmStart';

export interface Built {
  dumps: ParsedDump[];
  state: LibraryState;
  library: Library;
  index: PaperIndex;
}

/**
 * About the shortest search for dumps measured in a real VS Code (2026-11-30): from the extension's
 * start (the parse worker started) to the candidate files found, 174–997 ms in 6 starts of the
 * activation bench's workspaces. A cold build's first file reaches the worker no sooner. The
 * activation bench reports the search in every run (`searchMs`).
 */
export const FILE_SEARCH_MS = 170;

export interface ColdTiming {
  /** the first parse worker started by loading the (absent) parse cache, before the build: the extension does it at activation, during its file search */
  workerStartMs: number;
  /** read + parse of every dump */
  parseMs: number;
  /** the slowest single file's read (asynchronous, as the worker reads; it does not hold the thread) */
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
 * A full cold build on the library worker's schedule (`LibraryCore.scanAll` → `update` → `merge`):
 * each file read here (asynchronously, as the worker reads it from the disk) and
 * parsed in the parse workers (`ParserPool`), two files in flight per worker;
 * then merge and the index, each in ~4 ms slices. `phase` names each step as it
 * starts (for `watchPhases`). Run it under `longestStall` to see what the worker's thread feels (the host: bench/shipped.ts).
 * The parse workers are started first, as the extension starts them at activation by loading its
 * parse cache (none at a first start), while VS Code searches the workspace for dumps: the first
 * file is sent {@link FILE_SEARCH_MS} after the start, the worker warming up meanwhile.
 */
export async function coldBuild(files: readonly string[], phase: (name: string) => void = () => undefined): Promise<{ built: Built; timing: ColdTiming }> {
  const parser = new ParserPool();
  const [workerStartMs] = await timedAsync(() => parser.load(path.join(os.tmpdir(), `litnotes-bench-no-cache-${process.pid}.bin`)));
  // The worker warms up while the extension searches for dumps (see `warmUpParsing`); the first file interrupts it.
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, FILE_SEARCH_MS - workerStartMs)));
  const start = now();
  phase('parse');
  const dumps: ParsedDump[] = [];
  let maxFileMs = 0;
  try {
    await runInLanes(2 * parser.size, files.length, async (i) => {
      const readStart = now();
      // As the service scans: the file's stamp, then its bytes; the parse cached under its name and stamp.
      const stamp = await stampOf(files[i]);
      const bytes = await readFile(files[i]);
      const readMs = now() - readStart;
      dumps[i] = await parser.parse(bytes, files[i], {}, { key: files[i], stamp });
      maxFileMs = Math.max(maxFileMs, readMs);
    }, yieldToEventLoop);
  } finally {
    parser.dispose();
  }
  const parseMs = now() - start;
  phase('library');
  const libraryStart = now();
  const state = new LibraryState();
  await runSliced(state.updateSteps(dumps), yieldToEventLoop);
  const library = libraryOf(state);
  const libraryMs = now() - libraryStart;
  phase('index');
  const indexStart = now();
  const index = await PaperIndex.build(library.papers, { pause: yieldToEventLoop });
  const indexMs = now() - indexStart;
  phase('done');
  return {
    built: { dumps, state, library, index },
    timing: { workerStartMs, parseMs, maxFileMs, libraryMs, indexMs, totalMs: now() - start },
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
 * that file in the parse workers (the parse cached, as the scan caches it), merge it again in
 * place (only the papers it touches), apply the delta to the index. `parser` should have parsed
 * the file before, as the scan did.
 */
export async function reindexOne(built: Built, parser: ParserPool, fileIndex: number, bytes: Uint8Array, held?: HeldParse): Promise<IncrementalTiming> {
  const start = now();
  const file = built.dumps[fileIndex].file;
  const stamp = { size: bytes.length, mtime: Date.now(), maxBytes: 50 * 1024 * 1024, file };
  const dump = await parser.parse(bytes, file, {}, { key: file, stamp }, true, held);
  const parseMs = now() - start;
  built.dumps[fileIndex] = dump;
  const [libraryMs, delta] = timed(() => runToEnd(built.state.updateSteps([dump])));
  const [syncMs] = timed(() => {
    for (const key of delta.removed) built.index.remove(key);
    for (const paper of delta.upserted) built.index.upsert(paper);
  });
  return { parseMs, libraryMs, syncMs, totalMs: now() - start, upserted: delta.upserted.length, removed: delta.removed.length };
}

/**
 * The service's edit while the workers write their parse cache (it saves 2 s after a change):
 * every dump parsed and cached in new workers, warmed up, and dump `fileIndex` changed to
 * `edits[0]` (read in part from its cached parse and saved reading, as the service's first edit;
 * the worker then keeps its parse); then for each other edit, a save asked and, 1 ms later, the
 * edit made (see {@link reindexOne}). The timed edits' totals and the saves' times, in ms.
 */
export async function editsDuringSave(built: Built, files: readonly string[], fileIndex: number, edits: readonly Uint8Array[]): Promise<{ totals: number[]; saves: number[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'litnotes-bench-save-'));
  const pool = new ParserPool();
  const totals: number[] = [];
  const saves: number[] = [];
  try {
    await parseEvery(pool, files, true);
    await pool.warmUp(); // as the service does once its library is ready
    // As the service parses a change: with the parse it holds of the file (its content on disk) and that parse's stamp.
    await reindexOne(built, pool, fileIndex, edits[0], { parsed: built.dumps[fileIndex], stamp: await stampOf(files[fileIndex]) });
    for (const bytes of edits.slice(1)) {
      const start = now();
      const saved = pool.save(path.join(dir, 'parses.bin'), files).then(() => now() - start);
      await new Promise((resolve) => setTimeout(resolve, 1));
      totals.push((await reindexOne(built, pool, fileIndex, bytes)).totalMs);
      saves.push(await saved);
    }
    return { totals, saves };
  } finally {
    pool.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface ShippedWarmTiming {
  /** workers' start + reading the cache files */
  loadMs: number;
  /** every dump stat'ed and its parse taken from the cache (two per worker in flight) */
  takeMs: number;
  libraryMs: number;
  /** the restored index adopting the merged papers (or, without one, the index built) */
  indexMs: number;
  totalMs: number;
}

/**
 * Every file read and parsed in `parser`, two in flight per worker, as a scan does; with `cache`,
 * each parse is cached under the file's path and stamp. The parses themselves are dropped.
 */
export async function parseEvery(parser: ParserPool, files: readonly string[], cache = false): Promise<void> {
  await runInLanes(2 * parser.size, files.length, async (i) => {
    const cacheAs = cache ? { key: files[i], stamp: await stampOf(files[i]) } : undefined;
    await parser.parse(await readFile(files[i]), files[i], {}, cacheAs);
  }, yieldToEventLoop);
}

/**
 * What the previous session left behind for {@link shippedWarmStart}: every dump parsed in the
 * parse workers and their cache written (one shard per worker).
 */
export async function writeParseCache(files: readonly string[], cacheFile: string): Promise<{ saveMs: number; sizeMB: number }> {
  const writer = new ParserPool();
  // Only the shards of the workers that parse (below 32 MB of dumps, one): a shard left by an earlier run would start a worker at the warm start.
  const shards = Array.from({ length: writer.size }, (_, i) => shardFile(cacheFile, i));
  for (const shard of shards) fs.rmSync(shard, { force: true });
  try {
    await parseEvery(writer, files, true);
    const start = now();
    if (!(await writer.save(cacheFile, files))) throw new Error('warm start: the parse cache was not written');
    const sizeMB = shards.filter((shard) => fs.existsSync(shard)).reduce((sum, shard) => sum + fs.statSync(shard).size, 0) / 1048576;
    return { saveMs: now() - start, sizeMB };
  } finally {
    writer.dispose();
  }
}

/**
 * The scan after a warm start (`ParseStore` + `LibraryCore.scanAll`): the parse workers load
 * their persisted cache (see {@link writeParseCache}), each unchanged dump's parse is taken from
 * it (stat, no read, no parse), then the library is merged in slices, and the index restored from
 * the library snapshot adopts its papers (without one, the index is built as in a cold build).
 * `phase` names each step as it starts (for `watchPhases`).
 */
export async function shippedWarmStart(files: readonly string[], cacheFile: string, restored?: PaperIndex, phase: (name: string) => void = () => undefined): Promise<{ timing: ShippedWarmTiming; index: PaperIndex }> {
  const start = now();
  phase('load');
  const parser = new ParserPool();
  try {
    await parser.load(cacheFile);
    const loadMs = now() - start;
    phase('take');
    const takeStart = now();
    const dumps: ParsedDump[] = [];
    await runInLanes(2 * parser.size, files.length, async (i) => {
      const dump = await parser.take(files[i], await stampOf(files[i]));
      if (!dump) throw new Error(`warm start: no cached parse for ${files[i]}`);
      dumps[i] = dump;
    }, yieldToEventLoop);
    const takeMs = now() - takeStart;
    phase('library');
    const libraryStart = now();
    const state = new LibraryState();
    await runSliced(state.updateSteps(dumps), yieldToEventLoop);
    const libraryMs = now() - libraryStart;
    phase('index');
    const indexStart = now();
    const adopted = restored && (await runSliced(restored.adoptSteps(state.papers), yieldToEventLoop));
    const index = adopted ? restored : await PaperIndex.build(state.papers, { pause: yieldToEventLoop });
    if (restored && !adopted) throw new Error('warm start: the restored index did not match the merged papers');
    const indexMs = now() - indexStart;
    phase('done');
    return { timing: { loadMs, takeMs, libraryMs, indexMs, totalMs: now() - start }, index };
  } finally {
    parser.dispose();
  }
}
