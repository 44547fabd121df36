/** Full-text search over papers: incremental updates, typing-friendly queries, key lookup. */
import type { Paper } from './model';
import { ABSTRACT_CHARS, parseQuery } from './searchTerms';

export { ABSTRACT_CHARS };
import { Store, type Match, type StoreData } from './searchStore';
import { runSliced, type Steps } from './slices';

/** One search result. */
export interface SearchHit {
  key: string;
  score: number;
  paper: Paper;
}

/** Options for building a {@link PaperIndex}. */
export interface IndexOptions {
  /** Characters of each abstract to index (default: {@link abstractCharsFor} the papers given); more costs memory. */
  abstractChars?: number;
}

/** Libraries up to this many papers index whole abstracts; larger ones the first {@link ABSTRACT_CHARS} characters. */
export const FULL_ABSTRACTS_UP_TO = 5000;

/** How much of each abstract an index of `papers` papers holds (whole ones cost ~4.5 KB of heap per paper). */
export function abstractCharsFor(papers: number): number {
  return papers <= FULL_ABSTRACTS_UP_TO ? Infinity : ABSTRACT_CHARS;
}

/** Options for {@link PaperIndex.search}. */
export interface SearchOptions {
  /** Maximum number of hits (default 50). */
  limit?: number;
}

/**
 * Papers indexed by citation key, updated incrementally with {@link upsert}/{@link remove}. The terms and postings live in a {@link Store} (minisearch's radix tree for terms); papers in a key → paper map.
 */
export class PaperIndex {
  private store: Store;
  private readonly byKey = new Map<string, Paper>();
  /** Keys sorted case-insensitively; rebuilt lazily after additions and removals. */
  private sortedKeys: string[] | null = null;
  /** The most upvoted papers, as {@link top} last ranked them; dropped by every change of a paper. */
  private topPapers: { limit: number; papers: Paper[] } | null = null;

  /**
   * Builds an index without holding the thread for long: work runs in slices of about
   * `sliceMs` (default 4 ms) with `await pause()` between them (e.g. `setImmediate`).
   */
  static async build(papers: Iterable<Paper>, options: IndexOptions & { pause: () => Promise<void>; sliceMs?: number }): Promise<PaperIndex> {
    const list = [...papers];
    const index = new PaperIndex([], { abstractChars: options.abstractChars ?? abstractCharsFor(list.length) });
    await runSliced(index.bulkLoadSteps(list), options.pause, options.sliceMs);
    return index;
  }

  /** Fills an empty index with `papers` (the last paper of a key wins), in steps. */
  private *bulkLoadSteps(papers: readonly Paper[]): Steps<void> {
    for (let i = 0; i < papers.length; i++) {
      this.byKey.set(papers[i].key, papers[i]);
      if (i % 8192 === 8191) yield;
    }
    this.topPapers = null;
    yield* this.store.bulkLoadSteps([...this.byKey.values()]);
  }

  constructor(papers: Iterable<Paper> = [], options: IndexOptions = {}) {
    const list = [...papers];
    this.store = new Store(options.abstractChars ?? abstractCharsFor(list.length));
    for (const p of list) this.byKey.set(p.key, p);
    this.store.bulkLoad([...this.byKey.values()]);
  }

  /** An index of `papers` from data {@link exportSteps} made for these papers, in steps; throws when they do not match. */
  static *fromDataSteps(papers: readonly Paper[], data: StoreData): Steps<PaperIndex> {
    const index = new PaperIndex();
    index.store = yield* Store.importSteps(data);
    for (let i = 0; i < papers.length; i++) {
      index.byKey.set(papers[i].key, papers[i]);
      if (!index.store.has(papers[i].key)) throw new Error('the index does not match the papers');
      if (i % 8192 === 8191) yield;
    }
    if (index.byKey.size !== data.keys.length) throw new Error('the index does not match the papers');
    return index;
  }

  /** The index's content (discarded postings dropped), for persisting with the papers; do not modify the index meanwhile. */
  exportSteps(): Steps<StoreData> {
    return this.store.exportSteps();
  }

  /**
   * Takes `papers` as its records when they are the papers indexed, key for key with the same
   * title and abstract (a library rebuilt from the same dumps), without re-indexing; returns
   * false, changing nothing, when they are not.
   */
  *adoptSteps(papers: readonly Paper[]): Steps<boolean> {
    if (papers.length !== this.byKey.size) return false;
    for (let i = 0; i < papers.length; i++) {
      const old = this.byKey.get(papers[i].key);
      if (!old || old.title !== papers[i].title || old.abstract !== papers[i].abstract) return false;
      // Comparing 4,096 abstracts read from two files held the thread 10–20 ms at 100k papers.
      if (i % 1024 === 1023) yield;
    }
    for (let i = 0; i < papers.length; i++) {
      this.byKey.set(papers[i].key, papers[i]);
      if (i % 4096 === 4095) yield;
    }
    this.topPapers = null;
    return true;
  }

  /** Number of papers indexed. */
  get size(): number {
    return this.byKey.size;
  }

  /** The indexed paper with this key. */
  get(key: string): Paper | undefined {
    return this.byKey.get(key);
  }

  /** Every indexed paper, in insertion order. */
  papers(): IterableIterator<Paper> {
    return this.byKey.values();
  }

  /** Adds a paper or replaces the one with the same key (re-indexed only when its text changed). */
  upsert(paper: Paper): void {
    const old = this.byKey.get(paper.key);
    this.byKey.set(paper.key, paper);
    this.topPapers = null;
    if (old && old.title === paper.title && old.abstract === paper.abstract) return;
    if (old) this.store.discard(paper.key);
    else this.sortedKeys = null;
    this.store.add(paper);
  }

  /** Removes a paper; returns whether it was there. */
  remove(key: string): boolean {
    if (!this.byKey.delete(key)) return false;
    this.sortedKeys = null;
    this.topPapers = null;
    this.store.discard(key);
    return true;
  }

  /** Whether removed and replaced papers left enough stale postings to run {@link vacuumSteps}. */
  get needsVacuum(): boolean {
    return this.store.dirty;
  }

  /** Prunes postings of removed and replaced papers, in steps (no other change to the index meanwhile); returns the terms dropped. */
  vacuumSteps(): Steps<number> {
    return this.store.vacuumSteps();
  }

  /**
   * Searches titles and abstracts, and keys. All terms must match (else any term); the last
   * term is a prefix unless the query ends with a space (a trailing single letter is ignored);
   * words of 5+ letters tolerate a typo (8+: two), but only when exact matching finds under 5 papers.
   * Order: the paper whose key equals the query; papers whose key starts with it (a one-word
   * query still being typed), by text rank; then papers matching more terms, more terms in the
   * title, higher BM25.
   * A single letter only matches key prefixes.
   */
  search(query: string, options: SearchOptions = {}): SearchHit[] {
    const limit = Math.max(0, Math.floor(options.limit ?? 50));
    const text = query.replace(/^\s*\[?@/, '').trim();
    if (!text || limit === 0) return [];
    const typing = !/\s$/.test(query);
    const keyed = /\s/.test(text) ? [] : this.keysStartingWith(text.toLowerCase(), typing ? limit : 1);
    const terms = text.length > 1 ? parseQuery(text, typing) : [];
    const found: Match[] = [];
    if (terms.length > 0) {
      const seen = new Set<string>();
      const take = (matches: Match[]): void => {
        for (const m of matches) {
          if (seen.has(m.key)) continue;
          seen.add(m.key);
          found.push(m);
        }
      };
      take(this.store.evaluate(terms, true, false, limit));
      const canFuzz = terms.some((t) => t.term.length >= 5);
      if (canFuzz && found.length < Math.min(limit, 5)) take(this.store.evaluate(terms, true, true, limit));
      if (found.length === 0 && terms.length > 1) take(this.store.evaluate(terms, false, canFuzz, limit));
    }
    const lower = text.toLowerCase();
    const keySet = new Set(typing ? keyed : keyed.filter((k) => k.toLowerCase() === lower));
    const rank = (key: string): number => (key.toLowerCase() === lower ? 0 : keySet.has(key) ? 1 : 2);
    const scores = new Map(found.map((m) => [m.key, m.score]));
    const order = [...found.map((m) => m.key), ...[...keySet].filter((k) => !scores.has(k))];
    const position = new Map(order.map((k, i) => [k, i]));
    order.sort((a, b) => rank(a) - rank(b) || (position.get(a) as number) - (position.get(b) as number));
    return order.slice(0, limit).map((key) => ({ key, score: scores.get(key) ?? 0, paper: this.byKey.get(key) as Paper }));
  }

  /**
   * The most upvoted papers (newest arXiv id breaks ties), e.g. for an empty completion prefix.
   * Kept until a paper changes: typing `@` or opening a picker asks it again and again, and each
   * ranking reads every paper (2.1 ms at 100k, 0.09 ms at 10k).
   */
  top(limit: number): Paper[] {
    const kept = this.topPapers;
    if (kept && kept.limit >= limit) return kept.papers.slice(0, Math.max(0, limit));
    const best = this.rankTop(limit);
    this.topPapers = { limit, papers: best };
    return best.slice();
  }

  private rankTop(limit: number): Paper[] {
    const best: Paper[] = [];
    const better = (a: Paper, b: Paper): boolean =>
      (a.upvotes ?? -1) !== (b.upvotes ?? -1) ? (a.upvotes ?? -1) > (b.upvotes ?? -1) : (a.arxiv ?? '') > (b.arxiv ?? '');
    for (const p of this.byKey.values()) {
      if (limit <= 0 || (best.length === limit && !better(p, best[limit - 1]))) continue;
      let i = best.length;
      while (i > 0 && better(p, best[i - 1])) i--;
      best.splice(i, 0, p);
      if (best.length > limit) best.pop();
    }
    return best;
  }

  /** Up to `limit` keys starting with `prefix` (lower-case), in case-insensitive order. */
  private keysStartingWith(prefix: string, limit: number): string[] {
    const keys = (this.sortedKeys ??= [...this.byKey.keys()]
      .map((k) => [k.toLowerCase(), k])
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map((pair) => pair[1]));
    let lo = 0, hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (keys[mid].toLowerCase() < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < keys.length && out.length < limit && keys[i].toLowerCase().startsWith(prefix); i++) out.push(keys[i]);
    return out;
  }
}

/** Completion candidates for what follows `@`: key prefixes first, then text matches; empty → top papers. */
export function rankForCompletion(index: PaperIndex, typed: string, limit: number): SearchHit[] {
  if (typed.trim() === '') return index.top(limit).map((paper, i) => ({ key: paper.key, score: limit - i, paper }));
  return index.search(typed, { limit });
}
