/**
 * The inverted index behind {@link PaperIndex}: minisearch holds the terms (a radix tree, for
 * prefix and fuzzy lookups) and per-field postings; queries are scored here over those postings
 * with BM25, using typed arrays indexed by document id and a bounded top-k, so a query touching
 * 100k documents allocates almost nothing. Reads protected minisearch members (pinned 7.2.0).
 */
import { runToEnd, type Steps } from './slices';
import MiniSearch from 'minisearch';
import type { Paper } from './model';
import { ABSTRACT_CHARS, abstractField, indexTerms, type QueryTerm } from './searchTerms';

type Postings = Map<number, number>; // short doc id → term frequency
type TermData = Map<number, Postings>; // field id → postings

/** Indexed fields; keys are matched separately (exact and prefix), not tokenized. */
export const FIELDS = ['title', 'abstract'] as const;
const BOOST = [4, 1]; // by field id
const TITLE = 0;
const PREFIX_WEIGHT = 0.6;
const FUZZY_WEIGHT = 0.3;
const K = 1.2, B = 0.7, D = 0.5; // BM25 parameters (minisearch's defaults)

/** A scored document. */
export interface Match {
  key: string;
  score: number;
}

/** One posting list a query term reads, with its weight. */
interface Source {
  postings: Postings;
  field: number;
  weight: number;
}

export class Store extends MiniSearch<Paper> {
  private lengths: Uint16Array[] = FIELDS.map(() => new Uint16Array(0));
  private live = new Uint8Array(0);
  private acc = new Float64Array(0);
  private mask = new Uint32Array(0);
  private titleMask = new Uint32Array(0);

  constructor(private readonly abstractChars = ABSTRACT_CHARS) {
    super({
      idField: 'key',
      fields: [...FIELDS],
      storeFields: [],
      extractField: (paper, field) =>
        field === 'abstract' ? abstractField(paper.title, paper.abstract) : (paper as unknown as Record<string, string>)[field],
      tokenize: (text, field) => indexTerms(text, field, abstractChars),
      processTerm: (term) => term,
      // minisearch's own vacuum pauses while iterating the term tree and crashes when the tree
      // changes meanwhile (7.2.0); `vacuumSteps` prunes without that hazard.
      autoVacuum: false,
    });
  }

  /** Whether enough documents were discarded to make pruning the postings worthwhile. */
  get dirty(): boolean {
    return this._dirtCount > Math.max(20, 0.1 * this._documentCount);
  }

  /**
   * Drops discarded documents from every posting list and terms left without documents. Terms
   * are deleted after the walk, so the tree never changes under the iterator; do not modify the
   * store while the steps run.
   */
  *vacuumSteps(): Steps<number> {
    const empty: string[] = [];
    let walked = 0;
    const dirt = this._dirtCount;
    for (const [term, data] of this._index) {
      for (const [field, postings] of data) {
        for (const id of postings.keys()) if (!this._documentIds.has(id)) postings.delete(id);
        if (postings.size === 0) data.delete(field);
      }
      if (data.size === 0) empty.push(term);
      if (++walked % 1024 === 0) yield;
    }
    for (const term of empty) this._index.delete(term);
    this._dirtCount -= dirt;
    return empty.length;
  }

  /** True until the first document is added. */
  get pristine(): boolean {
    return this._nextId === 0;
  }

  override add(paper: Paper): void {
    super.add(paper);
    this.track(this._idToShortId.get(paper.key) as number);
  }

  override discard(key: string): void {
    const id = this._idToShortId.get(key);
    super.discard(key);
    if (id !== undefined) this.live[id] = 0;
  }

  /**
   * Indexes papers into an empty store as `addAll` would, but collects each term's document ids
   * in arrays first and then builds its postings and radix-tree entry once: filling thousands of
   * growing hash maps in turn thrashes the cache, filling them one by one does not (~5× faster).
   */
  bulkLoad(papers: readonly Paper[]): void {
    runToEnd(this.bulkLoadSteps(papers));
  }

  /** {@link bulkLoad} in steps: yields after every 16 papers and every ~16k postings written. */
  *bulkLoadSteps(papers: readonly Paper[]): Steps<void> {
    if (!this.pristine) throw new Error('bulkLoad needs an empty index');
    const pending = new Map<string, number[][]>(); // term → field id → doc ids (ascending)
    const totals = FIELDS.map(() => 0);
    for (const paper of papers) {
      const id = this._nextId++;
      this._idToShortId.set(paper.key, id);
      this._documentIds.set(id, paper.key);
      const lengths: number[] = [];
      FIELDS.forEach((field, fieldId) => {
        const text = field === 'abstract' ? abstractField(paper.title, paper.abstract) : paper.title;
        const terms = indexTerms(text, field, this.abstractChars);
        lengths[fieldId] = terms.length;
        totals[fieldId] += terms.length;
        for (const term of terms) {
          let byField = pending.get(term);
          if (!byField) pending.set(term, (byField = []));
          (byField[fieldId] ??= []).push(id);
        }
      });
      this._fieldLength.set(id, lengths);
      if (id % 16 === 15) yield;
    }
    this._documentCount = papers.length;
    FIELDS.forEach((_, f) => (this._avgFieldLength[f] = papers.length ? totals[f] / papers.length : 0));
    let work = 0; // postings written since the last pause: common terms have tens of thousands
    for (const [term, byField] of pending) {
      const data: TermData = new Map();
      for (let fieldId = 0; fieldId < byField.length; fieldId++) {
        const ids = byField[fieldId];
        if (!ids) continue;
        const postings: Postings = new Map();
        data.set(fieldId, postings);
        work += 8;
        for (const id of ids) {
          postings.set(id, (postings.get(id) ?? 0) + 1);
          if (++work < 16_384) continue;
          work = 0;
          yield; // inside a term too: the commonest ones have a posting in most papers
        }
      }
      this._index.set(term, data);
    }
    for (let id = 0; id < this._nextId; id++) {
      this.track(id);
      if (id % 4096 === 4095) yield;
    }
  }

  /** Scores the documents matching every (`and`) or any query term; returns the best `limit`. */
  evaluate(terms: readonly QueryTerm[], and: boolean, fuzzy: boolean, limit: number): Match[] {
    this.grow(this._nextId);
    const { acc, mask, titleMask, live } = this;
    const docs = this._documentCount;
    // Soft terms (title-only words) never exclude a paper, unless every term is soft.
    const anyHard = terms.some((t) => !t.soft);
    const plans = terms.map((t, i) => {
      const sources = this.sources(t, fuzzy);
      const filters = and && (!t.soft || !anyHard);
      return { bit: 1 << i, sources, filters, cost: sources.reduce((n, s) => n + s.postings.size, 0) };
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
        const w = weight * BOOST[field] * Math.log(1 + (docs - df + 0.5) / (df + 0.5));
        const lengths = this.lengths[field];
        const avg = this._avgFieldLength[field] || 1;
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
    const out = best.map((doc) => ({ key: this._documentIds.get(doc) as string, score: acc[doc] }));
    for (const doc of touched) {
      acc[doc] = 0;
      mask[doc] = 0;
      titleMask[doc] = 0;
    }
    return out;
  }

  /** The posting lists of a query term: the term itself, its completions, its near misses. */
  private sources(t: QueryTerm, fuzzy: boolean): Source[] {
    const out: Source[] = [];
    const add = (data: TermData | undefined, weight: number, titleOnly = false): void => {
      for (const [field, postings] of data ?? []) if (!titleOnly || field === TITLE) out.push({ postings, field, weight });
    };
    add(this._index.get(t.term), 1);
    const len = t.term.length;
    if (t.prefix) {
      // One or two letters expand to a large part of the vocabulary: complete them in titles only.
      for (const [term, data] of this._index.atPrefix(t.term)) {
        if (term.length !== len) add(data, (PREFIX_WEIGHT * term.length) / (term.length + 0.3 * (term.length - len)), len <= 2);
      }
    }
    if (fuzzy && len >= 5) {
      // One edit (two from 8 letters on), plus swapped neighbours, the commonest typo (`maksed`).
      const seen = new Set<string>();
      for (const [term, [data, distance]] of this._index.fuzzyGet(t.term, len >= 8 ? 2 : 1)) {
        seen.add(term);
        if (distance > 0 && !(t.prefix && term.startsWith(t.term))) add(data, (FUZZY_WEIGHT * term.length) / (term.length + distance));
      }
      for (let i = 0; len < 8 && i < len - 1; i++) {
        const swapped = t.term.slice(0, i) + t.term[i + 1] + t.term[i] + t.term.slice(i + 2);
        if (seen.has(swapped)) continue;
        seen.add(swapped);
        add(this._index.get(swapped), (FUZZY_WEIGHT * len) / (len + 1));
      }
    }
    return out;
  }

  private track(id: number): void {
    this.grow(id + 1);
    const lengths = this._fieldLength.get(id) ?? [];
    FIELDS.forEach((_, f) => (this.lengths[f][id] = Math.min(lengths[f] ?? 0, 65535)));
    this.live[id] = 1;
  }

  private grow(size: number): void {
    if (this.live.length >= size) return;
    const n = Math.max(size, this.live.length * 2, 1024);
    const resize = <A extends Uint8Array | Uint16Array | Uint32Array | Float64Array>(a: A, make: (n: number) => A): A => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.lengths = this.lengths.map((a) => resize(a, (m) => new Uint16Array(m)));
    this.live = resize(this.live, (m) => new Uint8Array(m));
    this.acc = new Float64Array(n); // scratch: always zero between queries
    this.mask = new Uint32Array(n);
    this.titleMask = new Uint32Array(n);
  }
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
