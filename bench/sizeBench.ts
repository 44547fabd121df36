/** Every measurement for one corpus size, in one process (run.ts starts one process per size). */
import * as fs from 'fs';
import type { GenPaper } from './layouts';
import { ensureDataset, type Dataset } from './generate';
import { buildFuse } from './fuseBaseline';
import { collect, longestStall, memory, now, round, stats, timed, type PhaseStalls, type Stats } from './measure';
import { coldBuild, editsDuringSave, parseEvery, parseFile, rawReadSplit, reindexOne, type Built, type ColdTiming, type IncrementalTiming } from './pipeline';
import { COMPLETION_PREFIXES, SEARCH_QUERIES, targetQueries } from './queries';
import { rankForCompletion } from '../src/core/searchIndex';
import { latency, relevance } from './searchBench';
import { inFreshProcess, resultKeys } from './freshProcess';
import { stampOf } from './warmStart';
import { ParserPool } from '../src/indexer/parserPool';
import * as os from 'os';
import * as path from 'path';
import { shippedSession, type ShippedResult } from './shipped';

export interface SizeOptions {
  n: number;
  seed: number;
  runs: number;
  /** More cold builds (in new processes) whose longest stalls are counted, no other measure. */
  stallRuns: number;
  /** passes over the query sets */
  queryRuns: number;
  fuseRuns: number;
  /** search queries and known-target queries (each also typed with a typo) given to Fuse */
  fuseQueries: number;
  fuseTargets: number;
  log: (message: string) => void;
}

type StatsOf<T> = { [K in keyof T]: T[K] extends number ? Stats : never };

const statsOf = <T extends object>(rows: readonly T[]): StatsOf<T> =>
  Object.fromEntries(Object.keys(rows[0]).map((k) => [k, stats(rows.map((r) => (r as Record<string, number>)[k]))])) as StatsOf<T>;

export async function benchSize(o: SizeOptions): Promise<Record<string, unknown>> {
  const [genMs, data] = timed(() => ensureDataset(o.n, o.seed));
  const files = data.files.map((f) => f.path);
  const mb = data.totalBytes / 1024 / 1024;
  o.log(`${o.n}: ${files.length} files, ${mb.toFixed(1)} MB (generated/loaded in ${Math.round(genMs)} ms)`);
  const base = memory();

  // Cold parse + library + index, with the raw read-and-split baseline of the same files in each run.
  const raw: number[] = [];
  const colds: ColdTiming[] = [];
  const stalls: number[] = [];
  const byPhase: Record<string, PhaseStalls> = {};
  const parsedInProcess: number[] = [];
  for (let r = 0; r < o.runs; r++) {
    raw.push(rawReadSplit(files).ms);
    // The parser's own speed, in this thread (the service runs the same code in its worker).
    parsedInProcess.push(timed(() => files.forEach((f) => parseFile(f)))[0]);
    // The build itself in a new process, as a new extension host would run it.
    const run = inFreshProcess({ kind: 'cold', files });
    worstOf(byPhase, run.byPhase);
    colds.push(run.timing);
    stalls.push(run.maxStallMs);
    o.log(`  cold run ${r + 1}/${o.runs} (fresh process): ${Math.round(run.timing.totalMs)} ms, longest stall ${Math.round(run.maxStallMs)} ms`);
  }
  for (let r = 0; r < o.stallRuns; r++) {
    const run = inFreshProcess({ kind: 'cold', files });
    worstOf(byPhase, run.byPhase);
    stalls.push(run.maxStallMs);
  }
  if (o.stallRuns > 0) o.log(`  ${o.stallRuns} more cold builds: longest stalls ${stalls.slice(o.runs).map((s) => Math.round(s)).join(', ')} ms`);
  // The build every other measurement uses, in this process (its stalls include this process's larger heap).
  collect();
  const inBench = await longestStall(() => coldBuild(files));
  const b: Built = inBench.result.built;
  o.log(`  cold build in the bench process: ${Math.round(inBench.result.timing.totalMs)} ms, longest stall ${Math.round(inBench.maxStallMs)} ms`);
  const retained = memory();
  const cold = statsOf(colds);
  const rawMBps = stats(raw.map((ms) => mb / (ms / 1000)));
  const parseMBps = stats(parsedInProcess.map((ms) => mb / (ms / 1000)));
  const fidelity = checkFidelity(data, b);

  // Search and completion latency.
  const queries = SEARCH_QUERIES.map((s) => s.q);
  const search = latency(queries, o.queryRuns, (q) => b.index.search(q, { limit: 50 }));
  const completion = latency([...COMPLETION_PREFIXES], o.queryRuns, (q) => rankForCompletion(b.index, q, 50));
  o.log(`  search p95 ${round(search.all.p95)} ms, completion p95 ${round(completion.all.p95)} ms`);

  // Relevance with known targets, and Fuse.js over the same papers and queries (a subset when
  // large: one Fuse query over 100k papers takes seconds).
  const keyByTitle = new Map(b.library.papers.map((p) => [p.title, p.key]));
  const targets = targetQueries(data.papers, (p) => keyByTitle.has(p.title));
  const keyOf = (t: { target: GenPaper }): string => keyByTitle.get(t.target.title) as string;
  const ours = (q: string) => b.index.search(q, { limit: 50 }).map((h) => ({ key: h.key, title: h.paper.title }));
  const fuseQueries = queries.filter((_, i) => i % Math.max(1, Math.round(queries.length / o.fuseQueries)) === 0).slice(0, o.fuseQueries);
  const fuseTargets = targets.slice(0, 2 * o.fuseTargets); // exact and typo twins
  const split = (list: typeof targets, run: typeof ours) => ({ exact: relevance(list.filter((t) => !t.typo), keyOf, run), typo: relevance(list.filter((t) => t.typo), keyOf, run) });
  const beforeFuse = memory();
  const fuseStart = now();
  let fuse = buildFuse(b.library.papers); // no other reference: it holds every paper until released below
  const fuseBuildMs = now() - fuseStart;
  const fuseHeapMB = memory().heapUsedMB - beforeFuse.heapUsedMB;
  o.log(`  fuse index ${Math.round(fuseBuildMs)} ms, +${round(fuseHeapMB)} MB; ${fuseQueries.length} queries × ${o.fuseRuns} + ${fuseTargets.length} relevance queries…`);
  const fuseSearch = latency(fuseQueries, o.fuseRuns, (q) => fuse.search(q, 50), o.n <= 1000);
  const oursOnSubset = latency(fuseQueries, o.queryRuns, (q) => b.index.search(q, { limit: 50 }));
  const rel = { paperIndexAll: split(targets, ours), paperIndex: split(fuseTargets, ours), fuse: split(fuseTargets, (q) => fuse.search(q, 50)) };
  fuse = { search: () => [] }; // release it before the memory breakdown
  o.log(`  fuse p50 ${round(fuseSearch.all.median)} ms (ours ${round(oursOnSubset.all.median)} ms)`);

  // Warm start from the library snapshot, then the scan that checks it (before the incremental runs mutate the index).
  const warm = measureWarm(b, data, files, Math.max(3, o.runs), queries);
  o.log(`  warm start (library snapshot) median ${Math.round(warm.totalMs.median)} ms, longest stall ${Math.round(warm.maxStallMs.max)} ms`);
  const shipped = measureShippedWarm(b, data, files, Math.max(2, Math.min(3, o.runs)), queries);
  o.log(`  then the scan (parse cache, merge, adopt) median ${Math.round(shipped.totalMs.median)} ms`);

  // As shipped: this process's heap and event loop beside the library worker, in new processes.
  const asShipped = measureShippedSessions(b, data, o, queries);
  o.log(`  as shipped: cold ${Math.round(asShipped.cold.readyMs.median)} ms, host stall max ${round(asShipped.cold.hostMaxStallMs.max)} ms; warm ${Math.round(asShipped.warm.readyMs.median)} ms; search p95 ${round(asShipped.searchMs.p95)} ms`);

  // One changed dump re-indexed at full size.
  const incremental = await measureIncremental(b, data, o.runs);
  o.log(`  incremental median ${round(incremental.totalMs.median)} ms`);

  const counts = { papersIndexed: b.library.papers.length, entries: b.dumps.reduce((n, d) => n + d.entries.length, 0) };
  const breakdown = await memoryBreakdown(files);
  return {
    n: o.n,
    dataset: { files: files.length, MB: round(mb), bytesPerPaper: Math.round(data.totalBytes / data.papers.length), papers: data.papers.length, duplicateEntries: data.duplicates, generateOrLoadMs: Math.round(genMs), ...fidelity },
    ...counts,
    parse: { rawMBps, parseMBps, rawMs: stats(raw), slowdownVsRaw: round(rawMBps.median / parseMBps.median) },
    cold,
    mainThread: { maxStallMs: stats(stalls), stallsMs: stalls.map(round), longestStep: longestStep(byPhase), byPhase, inBenchProcess: { totalMs: round(inBench.result.timing.totalMs), maxStallMs: round(inBench.maxStallMs) } },
    memory: { base, retained, breakdown },
    search,
    completion,
    relevance: rel,
    fuse: {
      buildMs: round(fuseBuildMs), heapMB: round(fuseHeapMB), queries: fuseQueries, search: fuseSearch, oursOnSameQueries: oursOnSubset,
      ratioMedian: round(fuseSearch.all.median / oursOnSubset.all.median), ratioP95: round(fuseSearch.all.p95 / oursOnSubset.all.p95),
    },
    incremental,
    warm,
    shippedWarm: shipped,
    asShipped,
  };
}

/**
 * The extension as it ships, in new processes: `runs` first sessions (build, snapshot save,
 * queries, edits) each followed by a next session from its storage (snapshot served, scan,
 * queries), and `stallRuns` more first sessions that only count the host's stalls.
 */
function measureShippedSessions(b: Built, data: Dataset, o: SizeOptions, queries: string[]) {
  const files = data.files.map((f) => f.path);
  const edited = data.files.find((f) => f.layout === 'blocks') ?? data.files[0];
  const cold: ShippedResult[] = [];
  const warm: ShippedResult[] = [];
  const expected = queries.map((q) => b.index.search(q, { limit: 50 }).slice(0, 20).map((h) => h.key).join(','));
  for (let r = 0; r < o.runs + o.stallRuns; r++) {
    const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'litnotes-bench-shipped-'));
    try {
      const asks = r < o.runs ? { queries, completions: [...COMPLETION_PREFIXES], passes: Math.max(1, Math.round(o.queryRuns / 5)) } : { queries: [], completions: [], passes: 0 };
      cold.push(shippedSession({ kind: 'cold', files, storage, ...asks, edit: r < o.runs ? { file: edited.path, times: 10 } : undefined }));
      if (r < o.runs) warm.push(shippedSession({ kind: 'warm', files, storage, ...asks }));
    } finally {
      fs.rmSync(storage, { recursive: true, force: true });
    }
  }
  const asked = cold.slice(0, o.runs);
  const all = (pick: (r: ShippedResult) => number[]) => stats([...asked, ...warm].flatMap(pick));
  return {
    cold: { readyMs: stats(cold.map((r) => r.readyMs)), hostMaxStallMs: stats(cold.map((r) => r.hostMaxStallMs)), stallsMs: cold.map((r) => round(r.hostMaxStallMs)), saveMs: stats(asked.map((r) => r.saveMs ?? 0)), saveHostMaxStallMs: stats(asked.map((r) => r.saveHostMaxStallMs ?? 0)) },
    warm: { readyMs: stats(warm.map((r) => r.readyMs)), hostMaxStallMs: stats(warm.map((r) => r.hostMaxStallMs)), scanMs: stats(warm.map((r) => r.scanMs ?? 0)), scanHostMaxStallMs: stats(warm.map((r) => r.scanHostMaxStallMs ?? 0)) },
    searchMs: all((r) => r.searchMs),
    completeMs: all((r) => r.completeMs),
    editMs: stats(asked.flatMap((r) => r.editMs)),
    editHostMaxStallMs: stats(asked.map((r) => r.editHostMaxStallMs ?? 0)),
    hostHeapMB: stats(asked.map((r) => r.hostHeapMB)),
    identicalResults: [...asked, ...warm].every((r) => JSON.stringify(r.results) === JSON.stringify(expected)),
  };
}

/** How many generated papers came back from the parser with exactly their title, per layout. */
function checkFidelity(data: Dataset, b: Built): Record<string, unknown> {
  const titles = new Set(b.library.papers.map((p) => p.title));
  const recovered = data.papers.filter((p) => titles.has(p.title)).length;
  const byLayout: Record<string, string> = {};
  b.dumps.forEach((d, i) => {
    const layout = data.files[i].layout;
    const ok = d.layout === layout ? d.entries.filter((e) => titles.has(e.title) && e.title.length > 0).length : 0;
    const [got, want] = (byLayout[layout] ?? '0/0').split('/').map(Number);
    byLayout[layout] = `${got + ok}/${want + data.files[i].entries}`;
  });
  return { titlesRecoveredPct: round((100 * recovered) / data.papers.length), entriesWithExactTitleByLayout: byLayout };
}

/** The phase with the longest event-loop stall over all cold runs (worst run per phase). */
function longestStep(byPhase: Record<string, PhaseStalls>): { step: string; ms: number; gcMaxMs: number } {
  const [step, p] = Object.entries(byPhase).reduce((a, c) => (c[1].maxStallMs > a[1].maxStallMs ? c : a));
  return { step, ms: round(p.maxStallMs), gcMaxMs: round(p.gcMaxMs) };
}

/**
 * Edits a ~1000-paper block dump (a word of an abstract halfway down changed, one paper added at
 * the end), then undoes it, so each run changes something: re-parsed in parse workers that parsed
 * every dump before (as after a scan). `firstInNewWorkers`: the same edit in workers that never
 * parsed (the first edit after a warm start, which takes every parse from the cache), started
 * before by loading the parse cache, as at activation, and warmed up as once the library is ready,
 * the dump's cached parse read ahead as when the watcher first reports the change;
 * `firstAfterOpening`: the same, the dump opened in an editor before; `firstInWarmedWorkers`:
 * the same after the workers parsed another dump (the one the extension primes after the first
 * index); each the median of FIRST_EDIT_POOLS new pools. `byLayout`: one word changed in a dump of each layout.
 */
async function measureIncremental(b: Built, data: Dataset, runs: number) {
  const blocks = data.files.map((f, i) => ({ f, i })).filter((x) => x.f.layout === 'blocks');
  const { f, i } = blocks[Math.floor(blocks.length / 2)];
  const original = fs.readFileSync(f.path, 'utf8');
  const changed = original.indexOf(' the ', original.length >> 1);
  const at = original.indexOf('\n\n', original.indexOf('\n·\n')) + 2;
  const edited = `${original.slice(0, changed)} a ${original.slice(changed + 5)}\nAn Added Paper on Incremental Re-indexing of Literature Notes\n\n` +
    original.slice(at, at + 900).replace(/\n/g, ' ') + '\n\n  • 3 authors\n·\nJan 2, 2025\n';
  const [before, after] = [original, edited].map((text) => Buffer.from(text, 'utf8'));
  // The edit in new workers, then undone, after the workers parsed `primed` (the extension parses a dump opened in an editor in
  // the background, and after the first index the dump changed last: `primeDump`).
  const inNewWorkers = async (primed?: number): Promise<IncrementalTiming> => {
    const pool = new ParserPool();
    try {
      await pool.load(cacheFile(data)); // as at activation: the parse cache the warm start measured (every dump's parse and label)
      if (primed !== undefined) await pool.parse(primed === i ? before : fs.readFileSync(data.files[primed].path), b.dumps[primed].file, {}, undefined, true);
      // Once its library is ready, the service also warms up the workers' code for reading a change again (`warmUpParsers`).
      await pool.warmUp();
      // As the service does, with the parse it holds of the dump (taken from the cache at the warm start) and that parse's stamp,
      // which it has the worker read ahead when the watcher first reports the change (`readAhead`), 300 ms before the parse.
      const held = { parsed: b.dumps[i], stamp: await stampOf(f.path) };
      if (!pool.remembers(held.parsed.file)) await pool.prefetch(held.parsed.file, held.stamp);
      return await reindexOne(b, pool, i, after, held);
    } finally {
      await reindexOne(b, pool, i, before);
      pool.dispose();
    }
  };
  // Each a single edit in fresh workers, so each is measured in FIRST_EDIT_POOLS new pools (in turns): the median, and every total.
  const other = blocks[0].i === i ? blocks[1].i : blocks[0].i;
  const rounds: IncrementalTiming[][] = [[], [], []];
  for (let k = 0; k < FIRST_EDIT_POOLS; k++) {
    rounds[0].push(await inNewWorkers());
    rounds[1].push(await inNewWorkers(i));
    rounds[2].push(await inNewWorkers(other));
  }
  const [firstInNewWorkers, firstAfterOpening, firstInWarmedWorkers] = rounds.map(medianRun);
  const parser = new ParserPool();
  try {
    // As after a scan: the workers parsed every dump (the edited one's topic may be forgotten by then), then were warmed up.
    await parseEvery(parser, data.files.map((x) => x.path));
    await parser.warmUp();
    await reindexOne(b, parser, i, before); // back to the original
    const rows: IncrementalTiming[] = [];
    for (let r = 0; r < Math.max(2, runs) * 2; r++) rows.push(await reindexOne(b, parser, i, r % 2 === 0 ? after : before));
    const layouts = await byLayout(b, data, parser);
    // Ends with `before`: the built library is back to the original.
    const duringSave = await editsDuringSave(b, data.files.map((x) => x.path), i, [after, before, after, before]);
    return { file: path.basename(f.path), entries: f.entries, ...statsOf(rows), firstInNewWorkers, firstAfterOpening, firstInWarmedWorkers, byLayout: layouts, duringSave };
  } finally {
    parser.dispose();
  }
}

/** New parse pools each first edit is measured in. */
const FIRST_EDIT_POOLS = 5;

/** The run with the median total, with every run's total. */
function medianRun(runs: readonly IncrementalTiming[]): IncrementalTiming & { totals: number[] } {
  const sorted = [...runs].sort((a, b) => a.totalMs - b.totalMs);
  return { ...sorted[Math.floor(sorted.length / 2)], totals: runs.map((r) => round(r.totalMs)) };
}

/**
 * The middle dump of each layout, a word of an abstract halfway down changed and changed back
 * (6 times): median of the total (parse in the workers, merge, index update), in ms.
 */
async function byLayout(b: Built, data: Dataset, parser: ParserPool): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const layout of [...new Set(data.files.map((f) => f.layout))]) {
    const files = data.files.map((f, i) => ({ f, i })).filter((x) => x.f.layout === layout);
    const { f, i } = files[Math.floor(files.length / 2)];
    const original = fs.readFileSync(f.path, 'utf8');
    const changed = original.indexOf(' the ', original.length >> 1);
    const [before, after] = [original, `${original.slice(0, changed)} a ${original.slice(changed + 5)}`].map((text) => Buffer.from(text, 'utf8'));
    await reindexOne(b, parser, i, before);
    const rows: IncrementalTiming[] = [];
    for (let r = 0; r < 6; r++) rows.push(await reindexOne(b, parser, i, r % 2 === 0 ? after : before));
    out[layout] = statsOf(rows).totalMs.median;
  }
  return out;
}

const snapshotFile = (data: Dataset): string => path.join(data.dir, 'cache', 'library-snapshot.bin');
const cacheFile = (data: Dataset): string => path.join(data.dir, 'cache', 'parses.bin');

/**
 * The warm start, each run in a new process: the snapshot written (after a cold build there), then
 * restored `runs` times; time to searchable, stalls, heap; results must equal the cold build's.
 */
function measureWarm(b: Built, data: Dataset, files: string[], runs: number, queries: string[]) {
  const snapshot = snapshotFile(data);
  fs.mkdirSync(path.dirname(snapshot), { recursive: true });
  const expected = resultKeys(b.index, queries);
  const save = inFreshProcess({ kind: 'save', files, snapshot });
  const restores = Array.from({ length: runs }, () => inFreshProcess({ kind: 'restore', files, snapshot, cache: cacheFile(data), queries }));
  return {
    ...statsOf(restores.map((r) => r.timing)),
    saveMs: round(save.saveMs), saveStallMs: round(save.maxStallMs), sizeMB: round(save.sizeMB),
    maxStallMs: stats(restores.map((r) => r.maxStallMs)), heapMB: round(restores[0].heapMB),
    identicalResults: restores.every((r) => r.results.every((keys, j) => keys === expected[j])),
  };
}

/**
 * The scan after a warm start, each run in a new process after the parse cache was written in
 * another: parse cache, merge, the restored index adopting the papers; results must equal the cold build's.
 */
function measureShippedWarm(b: Built, data: Dataset, files: string[], runs: number, queries: string[]) {
  const expected = resultKeys(b.index, queries);
  const cache = inFreshProcess({ kind: 'cache', files, cache: cacheFile(data) });
  const scans = Array.from({ length: runs }, () => inFreshProcess({ kind: 'scan', files, snapshot: snapshotFile(data), cache: cacheFile(data), queries }));
  const byPhase: Record<string, PhaseStalls> = {};
  for (const scan of scans) worstOf(byPhase, scan.byPhase);
  return {
    ...statsOf(scans.map((s) => s.timing)), cache: { saveMs: round(cache.saveMs), sizeMB: round(cache.sizeMB) },
    maxStallMs: stats(scans.map((s) => s.maxStallMs)), byPhase, identicalResults: scans.every((s) => s.results.every((keys, j) => keys === expected[j])),
  };
}

/** Keeps, per phase, the worst of each measure seen in `run`. */
function worstOf(worst: Record<string, PhaseStalls>, run: Record<string, PhaseStalls>): void {
  for (const [name, p] of Object.entries(run)) {
    const w = (worst[name] ??= { maxStallMs: 0, gcMaxMs: 0, gcTotalMs: 0, gcCount: 0 });
    w.maxStallMs = Math.max(w.maxStallMs, p.maxStallMs);
    w.gcMaxMs = Math.max(w.gcMaxMs, p.gcMaxMs);
    w.gcTotalMs = Math.max(w.gcTotalMs, p.gcTotalMs);
    w.gcCount = Math.max(w.gcCount, p.gcCount);
  }
}

/**
 * Memory (JS heap + outside it) held by each part: a fresh cold build, nothing else referring to it, dropped one part at a
 * time (the run's own build is still referred to by what measured it; last step of the run).
 */
async function memoryBreakdown(files: readonly string[]): Promise<Record<string, number>> {
  const built: { -readonly [K in keyof Built]: Built[K] | null } = (await coldBuild(files)).built;
  const out: Record<string, number> = {};
  // Text blocks of parsed entries are strings outside the JS heap: what a part holds is both.
  const held = (): number => {
    const m = memory();
    return m.heapUsedMB + m.externalMB;
  };
  let last = held();
  const drop = (name: string, fn: () => void): void => {
    fn();
    const now = held();
    out[name] = round(last - now);
    last = now;
  };
  drop('searchIndexMB', () => (built.index = null));
  drop('libraryMB', () => {
    built.dumps = null;
    built.state = null;
    built.library = null;
  });
  return out;
}
