/** Targets from the issue and the printed table (metric | value | target | ok?). */
import type { ActivationResult } from './activation';
import { round, stats, type Stats } from './measure';
import { FILE_SEARCH_MS } from './pipeline';

/* eslint-disable @typescript-eslint/no-explicit-any */
type R = any;

export interface Row {
  metric: string;
  value: string;
  target: string;
  ok: '' | 'yes' | 'NO';
}

/** Times scale with size: the 100k targets, a tenth of them at 10k (and at 1k). Memory and the 50 ms freeze do not scale. */
export function targetsFor(n: number): { coldMs: number; warmMs: number; queryP95Ms: number; incrementalMs: number; heapMB: number; stallMs: number; fuseRatio: number } {
  const f = n >= 100_000 ? 1 : 0.1;
  return { coldMs: 10_000 * f, warmMs: 1_000 * f, queryP95Ms: 20 * f, incrementalMs: 200 * f, heapMB: 400, stallMs: 50, fuseRatio: 10 };
}

const ms = (x: number): string => (x >= 1000 ? `${round(x / 1000)} s` : `${round(x)} ms`);
const check = (ok: boolean): 'yes' | 'NO' => (ok ? 'yes' : 'NO');
const le = (x: number, limit: number): Row['ok'] => check(x <= limit);

/** The rows for one size's result object (see sizeBench.ts). */
export function rows(r: R): Row[] {
  const t = targetsFor(r.n);
  const out: Row[] = [];
  const add = (metric: string, value: string, target = '', ok: Row['ok'] = ''): number => out.push({ metric, value, target, ok });
  add('papers generated / indexed / entries', `${r.dataset.papers} / ${r.papersIndexed} / ${r.entries}`, '', '');
  add('dumps: files, size', `${r.dataset.files} files, ${r.dataset.MB} MB (${r.dataset.bytesPerPaper} B/paper)`);
  add('titles recovered exactly by the parser', `${r.dataset.titlesRecoveredPct}%`);
  add('raw readFileSync+split (median)', `${round(r.parse.rawMBps.median)} MB/s`);
  add('parse: read+parseDump (median)', `${round(r.parse.parseMBps.median)} MB/s (${r.parse.slowdownVsRaw}× slower than raw)`);
  if (r.asShipped) shippedRows(r.asShipped, t, add);
  add('in one thread, as the library worker runs it:', 'the rows below (no targets: the rows above carry them)');
  const c = r.cold;
  add('cold parse+library+index (median / p95)', `${ms(c.totalMs.median)} / ${ms(c.totalMs.p95)}`);
  add('  read + parse all dumps (in the parse workers; the first one started before, as at activation, in)', `${ms(c.parseMs.median)} (${ms(c.workerStartMs.median)})`);
  add('  merge into papers (4 ms slices)', ms(c.libraryMs.median));
  add('  PaperIndex build (4 ms slices)', ms(c.indexMs.median));
  const stalls: number[] = r.mainThread.stallsMs ?? [];
  const over = stalls.filter((s) => s > t.stallMs).length;
  add(`event-loop stall of that thread, cold builds in fresh processes (median / max of ${stalls.length}; builds over ${t.stallMs} ms)`, `${ms(r.mainThread.maxStallMs.median)} / ${ms(r.mainThread.maxStallMs.max)}; ${over} of ${stalls.length}`);
  const phases = Object.entries(r.mainThread.byPhase ?? {}).filter(([name]) => name !== 'start' && name !== 'done');
  add('  longest stall / GC pause by phase', phases.map(([name, p]: [string, R]) => `${name} ${ms(p.maxStallMs)}/${ms(p.gcMaxMs)}`).join(', '));
  add('  longest read of one file (asynchronous)', ms(c.maxFileMs.median));
  const ib = r.mainThread.inBenchProcess;
  add('  the same build in the bench process (heap + generator data): total / longest stall', `${ms(ib.totalMs)} / ${ms(ib.maxStallMs)}`);
  const w = r.warm;
  const sw = r.shippedWarm;
  add('warm start: library snapshot → searchable (median / p95)', `${ms(w.totalMs.median)} / ${ms(w.totalMs.p95)}${w.identicalResults ? '' : ' RESULTS DIFFER'}`);
  add('  header read / decode, the rest read meanwhile / check stamps / index (median)', [w.readMs, w.decodeMs, w.checkMs, w.indexMs].map((s: R) => ms(s.median)).join(' / '));
  add('  snapshot file; save (slices + write); heap restored', `${w.sizeMB} MB; ${ms(w.saveMs)}; ${w.heapMB} MB`);
  add('then the scan checks the dumps: parse cache → merged, index adopted (median / p95)', `${ms(sw.totalMs.median)} / ${ms(sw.totalMs.p95)}${sw.identicalResults ? '' : ' RESULTS DIFFER'}`);
  add('  load cache / take parses / merge / adopt (median)', [sw.loadMs, sw.takeMs, sw.libraryMs, sw.indexMs].map((s: R) => ms(s.median)).join(' / '));
  add('  parse cache file, save (in the workers, by the previous session)', `${sw.cache.sizeMB} MB, ${ms(sw.cache.saveMs)}`);
  add('event-loop stall of that thread, warm start, fresh processes (max): restore / scan / snapshot save', `${ms(w.maxStallMs.max)} / ${ms(sw.maxStallMs.max)} / ${ms(w.saveStallMs)}`);
  const scanPhases = Object.entries(sw.byPhase ?? {}).filter(([name]) => name !== 'start' && name !== 'done');
  add('  scan: longest stall / GC pause by phase', scanPhases.map(([name, p]: [string, R]) => `${name} ${ms(p.maxStallMs)}/${ms(p.gcMaxMs)}`).join(', '));
  add('search (median / p95)', `${ms(r.search.all.median)} / ${ms(r.search.all.p95)}`);
  add('  slowest query (median / p95)', `"${r.search.worstQuery.q}" ${ms(r.search.worstQuery.median)} / ${ms(r.search.worstQuery.p95)}`);
  add('completion (median / p95)', `${ms(r.completion.all.median)} / ${ms(r.completion.all.p95)}`);
  add('  slowest prefix (median / p95)', `"${r.completion.worstQuery.q}" ${ms(r.completion.worstQuery.median)} / ${ms(r.completion.worstQuery.p95)}`);
  const inc = r.incremental;
  add('one dump re-indexed (median / p95)', `${ms(inc.totalMs.median)} / ${ms(inc.totalMs.p95)}`);
  add('  parse (in a worker) / merge in place / index update; papers re-made', `${[inc.parseMs, inc.libraryMs, inc.syncMs].map((s: R) => ms(s.median)).join(' / ')}; ${inc.upserted.median}`);
  add('  one word changed, by layout (median)', Object.entries(inc.byLayout as Record<string, number>).map(([layout, total]) => `${layout} ${ms(total)}`).join(', '));
  const first = inc.firstInNewWorkers;
  const firstTotals = [first, inc.firstAfterOpening, inc.firstInWarmedWorkers].map((t: { totalMs: number; parseMs: number; totals: number[] }) => `${ms(t.totalMs)} / ${ms(t.parseMs)} (${t.totals.join(', ')})`);
  add('  the same edit first in started workers that never parsed (after a warm start): total / parse, the median of new pools (their totals); the dump opened first; another dump parsed first', firstTotals.join('; '));
  const during = inc.duringSave as { totals: number[]; saves: number[] };
  add('  the same edit (or its undoing) asked 1 ms after the workers started writing their parse cache (3 times): totals; the saves', `${during.totals.map(ms).join(', ')}; ${during.saves.map(ms).join(', ')}`);
  const m = r.memory;
  const ownHeap = round(m.retained.heapUsedMB - m.base.heapUsedMB);
  const ownOutside = round(m.retained.externalMB - m.base.externalMB);
  const held = round(ownHeap + ownOutside);
  add('memory held by library + index (after GC)', `${held} MB: JS heap ${ownHeap} MB + ${ownOutside} MB outside it (entry text blocks) (process heap ${m.retained.heapUsedMB} MB, of it ${m.base.heapUsedMB} MB the generator's data; RSS ${m.retained.rssMB} MB)`, `≤ ${t.heapMB} MB`, le(held, t.heapMB));
  add('  held by search index / library (parsed dumps, papers, maps)', `${m.breakdown.searchIndexMB} / ${m.breakdown.libraryMB} MB`);
  add('Fuse.js index build / heap', `${ms(r.fuse.buildMs)} / ${r.fuse.heapMB} MB`);
  add(`Fuse.js search, ${r.fuse.queries.length} queries (median / p95)`, `${ms(r.fuse.search.all.median)} / ${ms(r.fuse.search.all.p95)}; ours on the same ${ms(r.fuse.oursOnSameQueries.all.median)} / ${ms(r.fuse.oursOnSameQueries.all.p95)}`);
  add('speed-up vs Fuse.js (median / p95)', `${r.fuse.ratioMedian}× / ${r.fuse.ratioP95}×`, `≥ ${t.fuseRatio}×`, check(Math.min(r.fuse.ratioMedian, r.fuse.ratioP95) >= t.fuseRatio));
  const rel = r.relevance;
  for (const kind of ['exact', 'typo']) {
    const a = rel.paperIndex[kind];
    const b = rel.fuse[kind];
    add(`relevance, ${kind} (n=${a.n}): top-1 / top-5 / MRR`, `ours ${a.top1}% / ${a.top5}% / ${a.mrr}; Fuse ${b.top1}% / ${b.top5}% / ${b.mrr}`, '≥ Fuse', check(a.top1 >= b.top1 && a.top5 >= b.top5));
    add(`  first hit has all query words, ${kind}`, `ours ${a.relevantAt1}%; Fuse ${b.relevantAt1}%`);
    const all = rel.paperIndexAll[kind];
    add(`  ours on all ${all.n} ${kind} queries: top-1 / top-5 / MRR`, `${all.top1}% / ${all.top5}% / ${all.mrr}`);
  }
  return out;
}

/** The rows that carry the targets: the extension host beside the library worker (bench/shipped.ts). */
function shippedRows(s: R, t: ReturnType<typeof targetsFor>, add: (metric: string, value: string, target?: string, ok?: Row['ok']) => number): void {
  const mp = (x: Stats): string => `${ms(x.median)} / ${ms(x.p95)}`;
  const stalls: number[] = s.cold.stallsMs;
  const over = stalls.filter((x) => x > t.stallMs).length;
  add('as shipped: dumps handed to the library worker → library built (median / p95)', mp(s.cold.readyMs), `≤ ${ms(t.coldMs)}`, le(s.cold.readyMs.median, t.coldMs));
  add(`  the extension host's longest stall meanwhile (median / max of ${stalls.length} first sessions; over ${t.stallMs} ms)`, `${ms(s.cold.hostMaxStallMs.median)} / ${ms(s.cold.hostMaxStallMs.max)}; ${over} of ${stalls.length}`, `≤ ${t.stallMs} ms`, check(over === 0));
  add('  snapshot saved after it (median); the host\'s longest stall meanwhile (max)', `${ms(s.cold.saveMs.median)}; ${ms(s.cold.saveHostMaxStallMs.max)}`, `≤ ${t.stallMs} ms`, le(s.cold.saveHostMaxStallMs.max, t.stallMs));
  add(`as shipped: next session, worker started → snapshot served (median / p95)${s.identicalResults ? '' : ' RESULTS DIFFER'}`, mp(s.warm.readyMs), `≤ ${ms(t.warmMs)}`, le(s.warm.readyMs.median, t.warmMs));
  const warmStall = Math.max(s.warm.hostMaxStallMs.max, s.warm.scanHostMaxStallMs.max);
  add('  the host\'s longest stall meanwhile / during the scan that follows (max); the scan (median)', `${ms(s.warm.hostMaxStallMs.max)} / ${ms(s.warm.scanHostMaxStallMs.max)}; ${ms(s.warm.scanMs.median)}`, `≤ ${t.stallMs} ms`, le(warmStall, t.stallMs));
  add('as shipped: search from the host, round trip with up to 50 papers (median / p95)', mp(s.searchMs), `p95 ≤ ${ms(t.queryP95Ms)}`, le(s.searchMs.p95, t.queryP95Ms));
  add('as shipped: completion, round trip (median / p95)', mp(s.completeMs), `p95 ≤ ${ms(t.queryP95Ms)}`, le(s.completeMs.p95, t.queryP95Ms));
  add('as shipped: one dump changed → library updated, round trip (median / p95); host stall (max)', `${mp(s.editMs)}; ${ms(s.editHostMaxStallMs.max)}`, `≤ ${ms(t.incrementalMs)}`, le(s.editMs.median, t.incrementalMs));
  add('as shipped: the extension host\'s heap with the library built (median, after GC; the library is in the worker)', `${round(s.hostHeapMB.median)} MB`);
}

/** The line printed (and meant) when activation was not measured. */
export function notMeasuredLine(a: Extract<ActivationResult, { measured: false }>): string {
  return `activation: not measured — ${a.reason}`;
}

/** Rows for the activation bench (bench/activation.ts): per workspace, activate() against the target, then the details. */
export function activationRows(a: ActivationResult): Row[] {
  const out: Row[] = [];
  const add = (metric: string, value: string, target = '', ok: Row['ok'] = ''): number => out.push({ metric, value, target, ok });
  if (!a.measured) {
    add('activation', notMeasuredLine(a).replace(/^activation: /, ''));
    return out;
  }
  const mp = (s: Stats | null): string => (s ? `${ms(s.median)} / ${ms(s.p95)}` : 'n/a');
  add('VS Code', a.vscode);
  for (const w of a.workspaces) {
    const failed = w.runs.length - w.ok;
    add(`${w.name}: activate() (median / p95 / max)`, w.activateMs ? `${mp(w.activateMs)} / ${ms(w.activateMs.max)}` : 'no run succeeded',
      `p95 ≤ ${a.targetMs} ms`, w.activateMs ? le(w.activateMs.p95, a.targetMs) : 'NO');
    add('  extension host: activate call / load code (median / p95)', `${mp(w.hostActivateMs)}; ${mp(w.hostLoadCodeMs)} (1 ms resolution)`);
    add('  load code + activate call, as Running Extensions shows it', mp(w.hostLoadAndActivateMs));
    add('  activate() returned → library ready (median / p95)', `${mp(w.returnToReadyMs)} (${w.papers.join(', ') || '?'} papers)`);
    add(`  VS Code's search for dumps in that first scan (median / min; a cold build's first file waits ${FILE_SEARCH_MS} ms)`, w.searchMs ? `${ms(w.searchMs.median)} / ${ms(w.searchMs.min)}` : 'n/a');
    if (w.warm) {
      add('  warm start (user data of the cold start): returned → snapshot served; → ready (median / p95)', `${mp(w.warm.returnToRestoredMs)}; ${mp(w.warm.returnToReadyMs)} (served in ${w.warm.restored} of ${w.warm.runs} starts)`);
      add('  warm start: activate() (median / p95)', mp(w.warm.activateMs));
    }
    const events = [...new Set(w.runs.flatMap((r) => (r.ok && r.activationEvent ? [r.activationEvent] : [])))];
    add('  host called activate, after host start (median)', `${w.willActivateAt ? ms(w.willActivateAt.median) : 'n/a'}; ${events.join(', ') || 'event not logged'}`);
    const wall = stats(w.runs.map((r) => r.wallMs));
    add('  cold starts (ok / run; wall time median)', `${w.ok} / ${w.runs.length}${failed ? ` (${failed} FAILED)` : ''}; ${ms(wall.median)} each`);
  }
  return out;
}

/** An aligned text table; `markdown` gives a GitHub table instead. */
export function table(title: string, list: readonly Row[], markdown = false): string {
  const head: Row = { metric: 'metric', value: 'value', target: 'target', ok: 'ok?' as Row['ok'] };
  if (markdown) {
    const cell = (s: string): string => s.replace(/\|/g, '\\|');
    return [`| ${title} | value | target | ok? |`, '|---|---|---|---|', ...list.map((r) => `| ${cell(r.metric)} | ${cell(r.value)} | ${r.target} | ${r.ok} |`)].join('\n');
  }
  const all = [head, ...list];
  const w = (k: keyof Row): number => Math.max(...all.map((r) => r[k].length));
  const line = (r: Row): string => `${r.metric.padEnd(w('metric'))}  ${r.value.padEnd(w('value'))}  ${r.target.padEnd(w('target'))}  ${r.ok}`;
  return [`== ${title}`, line(head), ...list.map(line)].join('\n');
}
