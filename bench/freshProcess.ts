/**
 * One cold build or one warm-start restore in a new Node process, as a new library worker would
 * run it: nothing else in the heap (the bench process holds the generator's data and earlier
 * builds, so its garbage collections pause longer than the extension's would). The parent
 * (`inFreshProcess`) gets timings, stalls and search results back as JSON.
 *
 * Child: `node --expose-gc out/bench/freshProcess.js <task.json>`.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { PaperIndex } from '../src/core/searchIndex';
import { collect, longestStall, memory, watchPhases, type PhaseStalls } from './measure';
import { coldBuild, shippedWarmStart, writeParseCache, type ColdTiming, type ShippedWarmTiming } from './pipeline';
import { restoreLibrarySnapshot, saveLibrarySnapshot, type RestoreTiming } from './warmStart';

/**
 * - `cold`: a cold build; `save`: a cold build, then the snapshot written (only the save measured);
 * - `cache`: every dump parsed in the parse workers and their cache written (what a previous session leaves);
 * - `restore`: the snapshot restored; `scan`: the snapshot restored, then the scan that checks it
 *   (the parse cache loaded, parses taken, merged, the index adopting the papers).
 */
export type FreshTask =
  | { kind: 'cold'; files: string[] }
  | { kind: 'save'; files: string[]; snapshot: string }
  | { kind: 'cache'; files: string[]; cache: string }
  | { kind: 'restore' | 'scan'; files: string[]; snapshot: string; cache: string; queries: string[] };

export type FreshResult =
  | { kind: 'cold'; timing: ColdTiming; maxStallMs: number; byPhase: Record<string, PhaseStalls> }
  | { kind: 'save'; saveMs: number; sizeMB: number; maxStallMs: number }
  | { kind: 'cache'; saveMs: number; sizeMB: number }
  | { kind: 'restore'; timing: RestoreTiming; maxStallMs: number; byPhase: Record<string, PhaseStalls>; heapMB: number; results: string[] }
  | { kind: 'scan'; timing: ShippedWarmTiming; maxStallMs: number; byPhase: Record<string, PhaseStalls>; results: string[] };

/** The keys of the top 20 results of each query, comma-joined: what runs compare to check they answer alike. */
export function resultKeys(index: PaperIndex, queries: readonly string[]): string[] {
  return queries.map((q) => index.search(q, { limit: 20 }).map((h) => h.key).join(','));
}

/** Runs `task` in a new process and returns what it measured. */
export function inFreshProcess<T extends FreshTask>(task: T): Extract<FreshResult, { kind: T['kind'] }> {
  const file = path.join(os.tmpdir(), `litnotes-bench-task-${process.pid}.json`);
  fs.writeFileSync(file, JSON.stringify(task));
  try {
    const out = execFileSync(process.execPath, ['--expose-gc', __filename, file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    return JSON.parse(out.trim().split('\n').pop() as string) as Extract<FreshResult, { kind: T['kind'] }>;
  } finally {
    fs.rmSync(file, { force: true });
  }
}

async function run(task: FreshTask): Promise<FreshResult> {
  collect();
  if (task.kind === 'cold') {
    const watch = watchPhases();
    const cold = await longestStall(() => coldBuild(task.files, watch.phase));
    return { kind: 'cold', timing: cold.result.timing, maxStallMs: cold.maxStallMs, byPhase: watch.stop() };
  }
  if (task.kind === 'save') {
    const { built } = await coldBuild(task.files);
    collect();
    const save = await longestStall(() => saveLibrarySnapshot(built, task.files, task.snapshot));
    return { kind: 'save', ...save.result, maxStallMs: save.maxStallMs };
  }
  if (task.kind === 'cache') return { kind: 'cache', ...(await writeParseCache(task.files, task.cache)) };
  const before = memory().heapUsedMB;
  const phases = watchPhases();
  const restored = await longestStall(() => restoreLibrarySnapshot(task.files, task.snapshot, phases.phase));
  const byPhase = phases.stop();
  const heapMB = memory().heapUsedMB - before;
  const resultsOf = (index: PaperIndex): string[] => resultKeys(index, task.queries);
  if (task.kind === 'restore') return { kind: 'restore', timing: restored.result.timing, maxStallMs: restored.maxStallMs, byPhase, heapMB, results: resultsOf(restored.result.index) };
  const watch = watchPhases();
  const scan = await longestStall(() => shippedWarmStart(task.files, task.cache, restored.result.index, watch.phase));
  return { kind: 'scan', timing: scan.result.timing, maxStallMs: scan.maxStallMs, byPhase: watch.stop(), results: resultsOf(scan.result.index) };
}

if (require.main === module) {
  const task = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) as FreshTask;
  void run(task).then((result) => process.stdout.write(`${JSON.stringify(result)}\n`));
}
