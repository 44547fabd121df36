/**
 * The inverted index behind {@link PaperIndex}: minisearch's radix tree (`SearchableMap`) holds
 * the terms, for prefix and fuzzy lookups, and each term's postings per field are packed typed
 * arrays ({@link PostingList}); a query's terms are looked up here and scored with BM25 in
 * `bm25Scoring.ts`.
 */
import SearchableMap from 'minisearch/SearchableMap';
import { OccurrenceLog, PostingList } from './postings';
import { radixTreeSteps } from './radixTree';
import { grown } from './typedArrays';
import { runToEnd, type Steps } from './slices';
import type { Paper } from './model';
import { ABSTRACT_CHARS, abstractField, indexTerms, type QueryTerm } from './searchTerms';
import { scoreDocuments, TITLE, type ScoredDocs, type Source } from './bm25Scoring';

/** A term's postings by field id (absent where the field never has the term). */
type TermData = (PostingList | undefined)[];

/**
 * A term's postings before any are added, sized for every field: an array that starts empty
 * takes room for 17 elements at its first store (209 bytes each instead of 73, 55k of them at
 * 100k papers).
 */
const noPostings = (): TermData => FIELDS.map(() => undefined);

/** Indexed fields; keys are matched separately (exact and prefix), not tokenized. */
export const FIELDS = ['title', 'abstract'] as const;
const PREFIX_WEIGHT = 0.6;
const FUZZY_WEIGHT = 0.3;

/** A scored document. */
export interface Match {
  key: string;
  score: number;
}

/** A store's content with dense document ids (see {@link Store.exportSteps}), for persisting. */
export interface StoreData {
  /** Characters of each abstract indexed (Infinity: all). */
  abstractChars: number;
  /** Document keys, by id. */
  keys: string[];
  /** Token count of each field, by field id, then document id. */
  lengths: Uint16Array[];
  terms: string[];
  /** Postings of term `t` in field `f`: `counts[t * FIELDS.length + f]` (0: none). */
  counts: Uint32Array;
  /** Document ids of all postings, term by term, field by field. */
  ids: Uint32Array;
  /** Term frequencies, in the order of `ids`. */
  tfs: Uint8Array;
}

export class Store {
  private terms = new SearchableMap<TermData>();
  /** Document id → key; ids are never reused (a replaced paper gets a new one). */
  private readonly keys: (string | undefined)[] = [];
  private readonly ids = new Map<string, number>();
  private nextId = 0;
  /** Live documents, and the total length of each field over them (for BM25's average). */
  private count = 0;
  private readonly totals = FIELDS.map(() => 0);
  /** Documents discarded since the last vacuum: their postings are still in the lists. */
  private dirt = 0;
  private lengths: Uint16Array[] = FIELDS.map(() => new Uint16Array(0));
  private live = new Uint8Array(0);
  private acc = new Float64Array(0);
  private mask = new Uint32Array(0);
  private titleMask = new Uint32Array(0);

  constructor(private readonly abstractChars = ABSTRACT_CHARS) {}

  /** Whether enough documents were discarded to make pruning the postings worthwhile. */
  get dirty(): boolean {
    return this.dirt > Math.max(20, 0.1 * this.count);
  }

  /** Number of distinct terms. */
  get termCount(): number {
    return this.terms.size;
  }

  /**
   * Drops discarded documents from every posting list and terms left without documents. Terms
   * are deleted after the walk, so the tree never changes under the iterator; do not modify the
   * store while the steps run.
   */
  *vacuumSteps(): Steps<number> {
    const empty: string[] = [];
    let work = 0;
    const dirt = this.dirt;
    for (const [term, data] of this.terms) {
      for (let f = 0; f < data.length; f++) {
        const list = data[f];
        if (!list) continue;
        work += list.size;
        list.compact(this.live);
        if (list.size === 0) data[f] = undefined;
      }
      if (!data.some(Boolean)) empty.push(term);
      if ((work += 64) >= 65_536) {
        work = 0;
        yield;
      }
    }
    for (const term of empty) this.terms.delete(term);
    this.dirt -= dirt;
    return empty.length;
  }

  /** Whether a document with this key is indexed. */
  has(key: string): boolean {
    return this.ids.has(key);
  }

  /** True until the first document is added. */
  get pristine(): boolean {
    return this.nextId === 0;
  }

  /** Indexes one paper; its key must not be in the store. */
  add(paper: Paper): void {
    if (this.ids.has(paper.key)) throw new Error(`duplicate key ${paper.key}`);
    const id = this.register(paper.key);
    FIELDS.forEach((_, f) => {
      const terms = this.fieldTerms(paper, f);
      this.setLength(id, f, terms.length);
      const tfs = new Map<string, number>();
      for (const term of terms) tfs.set(term, (tfs.get(term) ?? 0) + 1);
      for (const [term, tf] of tfs) {
        let data = this.terms.get(term);
        if (!data) this.terms.set(term, (data = noPostings()));
        (data[f] ??= PostingList.empty()).add(id, tf);
      }
    });
    this.count++;
    this.live[id] = 1;
  }

  /** Removes a paper from results at once; its postings go at the next {@link vacuumSteps}. */
  discard(key: string): void {
    const id = this.ids.get(key);
    if (id === undefined) throw new Error(`no document with key ${key}`);
    this.ids.delete(key);
    this.keys[id] = undefined;
    this.live[id] = 0;
    this.count--;
    FIELDS.forEach((_, f) => (this.totals[f] -= this.lengths[f][id]));
    this.dirt++;
  }

  /**
   * Indexes papers into an empty store as {@link add} would, but logs every occurrence first and
   * then packs all posting lists at once, into two shared arrays.
   */
  bulkLoad(papers: readonly Paper[]): void {
    runToEnd(this.bulkLoadSteps(papers));
  }

  /** {@link bulkLoad} in steps: yields after every 16 papers, inside the packing, and every 1024 terms. */
  *bulkLoadSteps(papers: readonly Paper[]): Steps<void> {
    if (!this.pristine) throw new Error('bulkLoad needs an empty index');
    const F = FIELDS.length;
    const termIds = new Map<string, number>();
    const names: string[] = [];
    const log = new OccurrenceLog(); // list t * F + f: term t in field f
    for (const paper of papers) {
      const id = this.register(paper.key);
      for (let f = 0; f < F; f++) {
        const terms = this.fieldTerms(paper, f);
        this.setLength(id, f, terms.length);
        for (const term of terms) {
          let t = termIds.get(term);
          if (t === undefined) termIds.set(term, (t = names.push(term) - 1));
          log.push(t * F + f, id);
        }
      }
      this.live[id] = 1;
      this.count++;
      if (id % 16 === 15) yield;
    }
    const packed = yield* log.packSteps(names.length * F);
    for (let t = 0; t < names.length; t++) {
      const data = noPostings();
      for (let f = 0; f < F; f++) {
        const l = t * F + f;
        if (packed.size[l] > 0) data[f] = PostingList.view(packed.ids, packed.tfs, packed.start[l], packed.size[l]);
      }
      this.terms.set(names[t], data);
      if ((t & 1023) === 1023) yield;
    }
  }

  /** The content with discarded documents dropped and ids renumbered densely, in steps; do not modify the store meanwhile. */
  *exportSteps(): Steps<StoreData> {
    const dense = new Int32Array(this.nextId).fill(-1);
    const keys: string[] = [];
    const lengths = FIELDS.map(() => new Uint16Array(this.count));
    for (let id = 0; id < this.nextId; id++) {
      if (this.live[id] === 0) continue;
      for (let f = 0; f < FIELDS.length; f++) lengths[f][keys.length] = this.lengths[f][id];
      dense[id] = keys.length;
      keys.push(this.keys[id] as string);
      if (id % 16_384 === 16_383) yield;
    }
    const all: [string, TermData][] = [];
    let upper = 0;
    for (const pair of this.terms) {
      all.push(pair);
      for (const list of pair[1]) upper += list?.size ?? 0;
      if (all.length % 4096 === 0) yield;
    }
    const ids = new Uint32Array(upper), tfs = new Uint8Array(upper);
    const terms: string[] = [];
    const counts: number[] = [];
    let n = 0, work = 0;
    for (const [term, data] of all) {
      const start = n;
      const perField = FIELDS.map((_, f) => {
        const before = n;
        data[f]?.forEach((tf, doc) => {
          if (dense[doc] < 0) return;
          ids[n] = dense[doc];
          tfs[n++] = tf;
        });
        return n - before;
      });
      if (n > start) {
        terms.push(term);
        counts.push(...perField);
      }
      if ((work += 64 + n - start) >= 65_536) {
        work = 0;
        yield;
      }
    }
    return { abstractChars: this.abstractChars, keys, lengths, terms, counts: Uint32Array.from(counts), ids: ids.slice(0, n), tfs: tfs.slice(0, n) };
  }

  /** A store holding `data` (as {@link exportSteps} made it), in steps; throws when the data is inconsistent. */
  static *importSteps(data: StoreData): Steps<Store> {
    const docs = data.keys.length;
    if (data.lengths.length !== FIELDS.length || data.lengths.some((l) => l.length !== docs)) throw new Error('field lengths do not match the documents');
    if (data.counts.length !== data.terms.length * FIELDS.length || data.tfs.length !== data.ids.length) throw new Error('postings do not match the terms');
    checkPostings(data.ids, data.counts, docs);
    yield;
    const store = new Store(data.abstractChars);
    store.grow(docs);
    for (let id = 0; id < docs; id++) {
      store.register(data.keys[id]);
      if (id % 4096 === 4095) yield;
    }
    if (store.ids.size !== docs) throw new Error('duplicate document keys');
    store.live.fill(1, 0, docs);
    store.count = docs;
    FIELDS.forEach((_, f) => {
      store.lengths[f].set(data.lengths[f]);
      store.totals[f] = data.lengths[f].reduce((sum, n) => sum + n, 0);
    });
    let at = 0;
    const termData: TermData[] = [];
    for (let t = 0; t < data.terms.length; t++) {
      const postings = noPostings();
      for (let f = 0; f < FIELDS.length; f++) {
        const size = data.counts[t * FIELDS.length + f];
        if (size === 0) continue;
        postings[f] = PostingList.view(data.ids, data.tfs, at, size);
        at += size;
      }
      termData.push(postings);
      if (t % 4096 === 4095) yield;
    }
    // The terms are listed as iterating the tree gives them (see exportSteps): the tree is built from them node by node.
    store.terms = yield* radixTreeSteps(data.terms, termData);
    return store;
  }

  private register(key: string): number {
    const id = this.nextId++;
    this.ids.set(key, id);
    this.keys[id] = key;
    this.grow(id + 1);
    return id;
  }

  private fieldTerms(paper: Paper, f: number): string[] {
    if (FIELDS[f] !== 'abstract') return indexTerms(paper.title, FIELDS[f], this.abstractChars);
    // Only the opening is read (cut at a space within `abstractChars`): the rest is never copied into the field's text.
    const opening = paper.abstract.length > this.abstractChars + 1 ? paper.abstract.slice(0, this.abstractChars + 1) : paper.abstract;
    return indexTerms(abstractField(paper.title, opening), FIELDS[f], this.abstractChars);
  }

  private setLength(id: number, f: number, length: number): void {
    this.lengths[f][id] = Math.min(length, 65535);
    this.totals[f] += this.lengths[f][id];
  }

  /** Scores the documents matching every (`and`) or any query term; returns the best `limit`. */
  evaluate(terms: readonly QueryTerm[], and: boolean, fuzzy: boolean, limit: number): Match[] {
    this.grow(this.nextId);
    const queried = terms.map((t) => ({ soft: t.soft, sources: this.sources(t, fuzzy) }));
    const docs: ScoredDocs = { count: this.count, live: this.live, lengths: this.lengths, totals: this.totals, acc: this.acc, mask: this.mask, titleMask: this.titleMask };
    return scoreDocuments(docs, queried, and, limit).map(({ doc, score }) => ({ key: this.keys[doc] as string, score }));
  }

  /** The posting lists of a query term: the term itself, its completions, its near misses. */
  private sources(t: QueryTerm, fuzzy: boolean): Source[] {
    const out: Source[] = [];
    const add = (data: TermData | undefined, weight: number, titleOnly = false): void => {
      data?.forEach((postings, field) => {
        if (postings && (!titleOnly || field === TITLE)) out.push({ postings, field, weight });
      });
    };
    add(this.terms.get(t.term), 1);
    const len = t.term.length;
    if (t.prefix) {
      // One or two letters expand to a large part of the vocabulary: complete them in titles only.
      for (const [term, data] of this.terms.atPrefix(t.term)) {
        if (term.length !== len) add(data, (PREFIX_WEIGHT * term.length) / (term.length + 0.3 * (term.length - len)), len <= 2);
      }
    }
    if (fuzzy && len >= 5) {
      // One edit (two from 8 letters on), plus swapped neighbours, the commonest typo (`maksed`).
      const seen = new Set<string>();
      for (const [term, [data, distance]] of this.terms.fuzzyGet(t.term, len >= 8 ? 2 : 1)) {
        seen.add(term);
        if (distance > 0 && !(t.prefix && term.startsWith(t.term))) add(data, (FUZZY_WEIGHT * term.length) / (term.length + distance));
      }
      for (let i = 0; len < 8 && i < len - 1; i++) {
        const swapped = t.term.slice(0, i) + t.term[i + 1] + t.term[i] + t.term.slice(i + 2);
        if (seen.has(swapped)) continue;
        seen.add(swapped);
        add(this.terms.get(swapped), (FUZZY_WEIGHT * len) / (len + 1));
      }
    }
    return out;
  }

  private grow(size: number): void {
    if (this.live.length >= size) return;
    const n = Math.max(size, this.live.length * 2, 1024);
    this.lengths = this.lengths.map((a) => grown(a, n));
    this.live = grown(this.live, n);
    this.acc = new Float64Array(n); // scratch: always zero between queries
    this.mask = new Uint32Array(n);
    this.titleMask = new Uint32Array(n);
  }
}

/** Throws unless the postings, `counts[i]` per list, fill `ids` exactly, each list ascending and below `docs`. */
function checkPostings(ids: Uint32Array, counts: Uint32Array, docs: number): void {
  let at = 0;
  for (let l = 0; l < counts.length; l++) {
    const end = at + counts[l];
    if (end > ids.length) throw new Error('postings end early');
    for (let last = -1; at < end; last = ids[at++]) if (ids[at] <= last || ids[at] >= docs) throw new Error('postings out of order');
  }
  if (at !== ids.length) throw new Error('postings left over');
}
