/** Query latency and relevance, for PaperIndex and for Fuse.js, over the same papers and queries. */
import { stats, now, type Stats } from './measure';
import { titleHasAll, type TargetQuery } from './queries';

export interface Latency {
  all: Stats;
  /** p95 of the slowest query */
  worstQuery: { q: string; median: number; p95: number };
}

/**
 * Times `run(q)` for every query, `iterations` passes over the whole set after one warm-up pass
 * (passes interleave queries, so a burst of machine load spreads over all of them).
 */
export function latency(queries: readonly string[], iterations: number, run: (q: string) => unknown, warmup = true): Latency {
  if (warmup) for (const q of queries) run(q);
  const per = queries.map(() => [] as number[]);
  for (let i = 0; i < iterations; i++) {
    queries.forEach((q, j) => {
      const start = now();
      run(q);
      per[j].push(now() - start);
    });
  }
  const perQuery = queries.map((q, j) => ({ q, ...stats(per[j]) }));
  const worst = perQuery.reduce((a, b) => (b.p95 > a.p95 ? b : a));
  return { all: stats(per.flat()), worstQuery: { q: worst.q, median: worst.median, p95: worst.p95 } };
}

export interface Relevance {
  n: number;
  /** the query's source paper ranked first */
  top1: number;
  /** ... within the first five */
  top5: number;
  /** the first hit's title contains every query word (another paper can be just as right) */
  relevantAt1: number;
  /** mean reciprocal rank of the source paper within the first 50 */
  mrr: number;
  ms: Stats;
}

/** Rank of each target among `search(q)`'s hits (keys of hits in order). */
export function relevance(queries: readonly TargetQuery[], keyOf: (q: TargetQuery) => string, search: (q: string) => { key: string; title: string }[]): Relevance {
  let top1 = 0, top5 = 0, relevantAt1 = 0, mrr = 0;
  const times: number[] = [];
  for (const tq of queries) {
    const start = now();
    const hits = search(tq.q);
    times.push(now() - start);
    const rank = hits.findIndex((h) => h.key === keyOf(tq));
    if (rank === 0) top1++;
    if (rank >= 0 && rank < 5) top5++;
    if (rank >= 0) mrr += 1 / (rank + 1);
    if (hits[0] && titleHasAll(hits[0].title, tq.words)) relevantAt1++;
  }
  const n = queries.length;
  const pct = (x: number): number => (n ? Math.round((1000 * x) / n) / 10 : NaN);
  return { n, top1: pct(top1), top5: pct(top5), relevantAt1: pct(relevantAt1), mrr: n ? Math.round((1000 * mrr) / n) / 1000 : NaN, ms: stats(times) };
}
