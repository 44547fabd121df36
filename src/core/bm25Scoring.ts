/**
 * BM25 scoring of a query's posting lists over typed arrays indexed by document id, with a
 * bounded top-k, so a query touching 100k documents allocates almost nothing.
 */
import type { PostingList } from './postings';

/** Field id of titles (fields: title, abstract). */
export const TITLE = 0;
const BOOST = [4, 1]; // by field id
const K = 1.2, B = 0.7, D = 0.5; // BM25 parameters (minisearch's defaults)

/** One posting list a query term reads, with its weight. */
export interface Source {
  postings: PostingList;
  field: number;
  weight: number;
}

/** A query term's posting lists; a soft term (a title-only word) ranks papers but excludes none. */
export interface QueriedTerm {
  soft: boolean;
  sources: Source[];
}

/**
 * What scoring reads of the documents, by id: whether each is live, its field lengths and their
 * totals; `acc`, `mask` and `titleMask` are scratch, zero between queries (and left so).
 */
export interface ScoredDocs {
  /** Live documents. */
  count: number;
  live: Uint8Array;
  lengths: Uint16Array[];
  totals: readonly number[];
  acc: Float64Array;
  mask: Uint32Array;
  titleMask: Uint32Array;
}

/**
 * The best `limit` documents matching every (`and`) or any term, best first: by the number of
 * terms matched, then of terms matched in titles, then by BM25 score (ties: lower id first).
 */
export function scoreDocuments(d: ScoredDocs, terms: readonly QueriedTerm[], and: boolean, limit: number): { doc: number; score: number }[] {
  const { acc, mask, titleMask, live } = d;
  // Soft terms never exclude a paper, unless every term is soft.
  const anyHard = terms.some((t) => !t.soft);
  const plans = terms.map((t, i) => {
    const filters = and && (!t.soft || !anyHard);
    return { bit: 1 << i, sources: t.sources, filters, cost: t.sources.reduce((n, s) => n + s.postings.size, 0) };
  });
  // Rarest filtering term first, so that later terms only probe its few candidates.
  plans.sort((a, b) => Number(b.filters) - Number(a.filters) || a.cost - b.cost);
  const touched: number[] = [];
  let candidates = touched;
  let required = 0;
  for (const { bit, sources, filters, cost } of plans) {
    if (required !== 0 && candidates.length === 0) break;
    const probe = required !== 0 && candidates.length * sources.length < cost;
    for (const { postings, field, weight } of sources) {
      const df = postings.size;
      const w = weight * BOOST[field] * Math.log(1 + (d.count - df + 0.5) / (df + 0.5));
      const lengths = d.lengths[field];
      const avg = d.totals[field] / d.count || 1;
      const isTitle = field === TITLE;
      const visit = (tf: number, doc: number): void => {
        if (live[doc] === 0 || (mask[doc] & required) !== required) return;
        acc[doc] += w * (D + (tf * (K + 1)) / (tf + K * (1 - B + (B * lengths[doc]) / avg)));
        if (mask[doc] === 0) touched.push(doc);
        mask[doc] |= bit;
        if (isTitle) titleMask[doc] |= bit;
      };
      if (probe) {
        for (const doc of candidates) {
          const tf = postings.get(doc);
          if (tf !== undefined) visit(tf, doc);
        }
      } else postings.forEach(visit);
    }
    if (filters) {
      required |= bit;
      candidates = touched.filter((doc) => (mask[doc] & required) === required);
    }
  }
  const best = topK(candidates, limit, (doc) =>
    popcount(mask[doc]) * 1e8 + popcount(titleMask[doc]) * 1e6 + Math.min(acc[doc], 999_999));
  const out = best.map((doc) => ({ doc, score: acc[doc] }));
  for (const doc of touched) {
    acc[doc] = 0;
    mask[doc] = 0;
    titleMask[doc] = 0;
  }
  return out;
}

/** The `limit` items with the highest rank, best first (ties: lower id first), without sorting them all. */
function topK(ids: readonly number[], limit: number, rank: (id: number) => number): number[] {
  let best: { id: number; r: number }[] = [];
  let floor = -Infinity;
  const cmp = (a: { id: number; r: number }, b: { id: number; r: number }): number => b.r - a.r || a.id - b.id;
  for (const id of ids) {
    const r = rank(id);
    if (r < floor) continue;
    best.push({ id, r });
    if (best.length >= 4 * limit + 16) {
      best = best.sort(cmp).slice(0, limit);
      floor = best[best.length - 1].r;
    }
  }
  return best.sort(cmp).slice(0, limit).map((e) => e.id);
}

function popcount(n: number): number {
  let c = 0;
  for (let v = n; v; v &= v - 1) c++;
  return c;
}
