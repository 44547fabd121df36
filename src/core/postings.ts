/**
 * One term's postings in one field, packed: ascending document ids in a `Uint32Array` and their
 * term frequencies (capped at 255) in a `Uint8Array`. Five bytes a posting where a `Map` entry
 * costs ~60, and nothing for the garbage collector to trace.
 */
export class PostingList {
  private constructor(
    private ids: Uint32Array,
    private tfs: Uint8Array,
    /** Number of postings. */
    public size: number,
  ) {}

  /** An empty list with room for `capacity` postings. */
  static empty(capacity = 1): PostingList {
    return new PostingList(new Uint32Array(capacity), new Uint8Array(capacity), 0);
  }

  /** From ascending document ids with one entry per occurrence (`[3, 3, 7]` → 3: 2, 7: 1). */
  static fromOccurrences(docs: readonly number[]): PostingList {
    let distinct = 0;
    for (let i = 0; i < docs.length; i++) if (i === 0 || docs[i] !== docs[i - 1]) distinct++;
    const list = PostingList.empty(distinct);
    for (let i = 0; i < docs.length; i++) {
      if (i === 0 || docs[i] !== docs[i - 1]) list.ids[list.size++] = docs[i];
      const tf = list.tfs[list.size - 1];
      if (tf < 255) list.tfs[list.size - 1] = tf + 1;
    }
    return list;
  }

  /** From arrays as {@link ids}/{@link tfs} return them (taken over, not copied). */
  static of(ids: Uint32Array, tfs: Uint8Array): PostingList {
    if (ids.length !== tfs.length) throw new Error('posting ids and frequencies differ in length');
    return new PostingList(ids, tfs, ids.length);
  }

  /** Appends a document; `doc` must be above every id in the list. */
  add(doc: number, tf: number): void {
    if (this.size > 0 && doc <= this.ids[this.size - 1]) throw new Error(`posting ${doc} out of order`);
    if (this.size === this.ids.length) {
      const n = Math.max(4, this.size * 2);
      const ids = new Uint32Array(n), tfs = new Uint8Array(n);
      ids.set(this.ids);
      tfs.set(this.tfs);
      this.ids = ids;
      this.tfs = tfs;
    }
    this.ids[this.size] = doc;
    this.tfs[this.size++] = Math.min(tf, 255);
  }

  /** The term frequency in `doc`, if the list has it (binary search). */
  get(doc: number): number | undefined {
    let lo = 0, hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ids[mid] < doc) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.size && this.ids[lo] === doc ? this.tfs[lo] : undefined;
  }

  /** Calls `visit(tf, doc)` for each posting, in id order (as `Map.forEach` passes value, key). */
  forEach(visit: (tf: number, doc: number) => void): void {
    const { ids, tfs, size } = this;
    for (let i = 0; i < size; i++) visit(tfs[i], ids[i]);
  }

  /** Drops the postings of documents with `live[doc] === 0`; the arrays shrink to fit. */
  compact(live: Uint8Array): void {
    let n = 0;
    for (let i = 0; i < this.size; i++) {
      if (live[this.ids[i]] === 0) continue;
      this.ids[n] = this.ids[i];
      this.tfs[n++] = this.tfs[i];
    }
    this.size = n;
    this.ids = this.ids.slice(0, n);
    this.tfs = this.tfs.slice(0, n);
  }

  /** The document ids, ascending (a view: valid until the list changes). */
  docIds(): Uint32Array {
    return this.ids.subarray(0, this.size);
  }

  /** The term frequencies, in the order of {@link docIds} (a view). */
  frequencies(): Uint8Array {
    return this.tfs.subarray(0, this.size);
  }
}
