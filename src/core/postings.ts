import type { Steps } from './slices';

/**
 * One term's postings in one field, packed: ascending document ids in a `Uint32Array` and their
 * term frequencies (capped at 255) in a `Uint8Array`. Five bytes a posting where a `Map` entry
 * costs ~60, and nothing for the garbage collector to trace. Lists built in bulk or restored
 * share two large arrays (each list a range of them); a shared list copies its range into arrays
 * of its own the first time it changes.
 */
export class PostingList {
  private constructor(
    private ids: Uint32Array,
    private tfs: Uint8Array,
    private start: number,
    /** Number of postings. */
    public size: number,
    /** Whether the arrays are this list's alone (else a range of shared ones). */
    private owned: boolean,
  ) {}

  /** An empty list with room for `capacity` postings. */
  static empty(capacity = 1): PostingList {
    return new PostingList(new Uint32Array(capacity), new Uint8Array(capacity), 0, 0, true);
  }

  /** The range `[start, start + size)` of shared arrays (taken as they are; see {@link packOccurrences}). */
  static view(ids: Uint32Array, tfs: Uint8Array, start: number, size: number): PostingList {
    if (ids.length !== tfs.length || start < 0 || start + size > ids.length) throw new Error('posting range outside the arrays');
    return new PostingList(ids, tfs, start, size, false);
  }

  /** Appends a document; `doc` must be above every id in the list. */
  add(doc: number, tf: number): void {
    if (this.size > 0 && doc <= this.ids[this.start + this.size - 1]) throw new Error(`posting ${doc} out of order`);
    if (!this.owned || this.size === this.ids.length) this.moveTo(Math.max(4, this.size * 2));
    this.ids[this.size] = doc;
    this.tfs[this.size++] = Math.min(tf, 255);
  }

  /** The term frequency in `doc`, if the list has it (binary search). */
  get(doc: number): number | undefined {
    let lo = this.start, hi = this.start + this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ids[mid] < doc) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.start + this.size && this.ids[lo] === doc ? this.tfs[lo] : undefined;
  }

  /** Calls `visit(tf, doc)` for each posting, in id order (as `Map.forEach` passes value, key). */
  forEach(visit: (tf: number, doc: number) => void): void {
    const { ids, tfs } = this;
    for (let i = this.start, end = this.start + this.size; i < end; i++) visit(tfs[i], ids[i]);
  }

  /** Drops the postings of documents with `live[doc] === 0` into arrays that fit; nothing changes when there are none. */
  compact(live: Uint8Array): void {
    let kept = 0;
    for (let i = this.start, end = this.start + this.size; i < end; i++) if (live[this.ids[i]] !== 0) kept++;
    if (kept === this.size) return;
    const ids = new Uint32Array(kept), tfs = new Uint8Array(kept);
    let n = 0;
    for (let i = this.start, end = this.start + this.size; i < end; i++) {
      if (live[this.ids[i]] === 0) continue;
      ids[n] = this.ids[i];
      tfs[n++] = this.tfs[i];
    }
    this.ids = ids;
    this.tfs = tfs;
    this.start = 0;
    this.size = kept;
    this.owned = true;
  }

  /** Copies the postings into arrays of this list's own, with room for `capacity`. */
  private moveTo(capacity: number): void {
    const ids = new Uint32Array(capacity), tfs = new Uint8Array(capacity);
    ids.set(this.ids.subarray(this.start, this.start + this.size));
    tfs.set(this.tfs.subarray(this.start, this.start + this.size));
    this.ids = ids;
    this.tfs = tfs;
    this.start = 0;
    this.owned = true;
  }
}

/** Occurrences per chunk of an {@link OccurrenceLog}: 2 MB per array, a few ms per pass. */
const CHUNK = 1 << 19;
/** Occurrences counted or packed between two yields of {@link OccurrenceLog.packSteps} (~2 ms). */
const STEP_OCCURRENCES = 1 << 18;

/** Posting lists packed into two shared arrays: list `l` is `[start[l], start[l] + size[l])` of `ids` and `tfs`. */
export interface PackedLists {
  ids: Uint32Array;
  tfs: Uint8Array;
  start: Uint32Array;
  size: Uint32Array;
}

/**
 * Occurrences `(list, doc)` logged in ascending document order, then packed into posting lists
 * that share two arrays: a bulk build without a growing array per term (millions of JS array
 * elements for the garbage collector to copy and trace).
 */
export class OccurrenceLog {
  /** Fixed-size chunks: growing never copies (or pauses for) what was logged. */
  private readonly lists: Uint32Array[] = [];
  private readonly docs: Uint32Array[] = [];
  private at = CHUNK;
  private n = 0;

  push(list: number, doc: number): void {
    if (this.at === CHUNK) {
      this.lists.push(new Uint32Array(CHUNK));
      this.docs.push(new Uint32Array(CHUNK));
      this.at = 0;
    }
    this.lists[this.lists.length - 1][this.at] = list;
    this.docs[this.docs.length - 1][this.at++] = doc;
    this.n++;
  }

  /** Sorts the occurrences by list (a stable counting sort: each list's documents stay ascending) and packs them, in steps. */
  *packSteps(listCount: number): Steps<PackedLists> {
    const offsets = new Uint32Array(listCount + 1);
    for (let c = 0; c < this.lists.length; c++) {
      const lists = this.lists[c];
      for (let i = 0, end = Math.min(CHUNK, this.n - c * CHUNK); i < end; i++) offsets[lists[i] + 1]++;
      yield;
    }
    for (let l = 0; l < listCount; l++) offsets[l + 1] += offsets[l];
    const fill = offsets.slice(0, listCount);
    const sorted = new Uint32Array(this.n);
    for (let c = 0; c < this.lists.length; c++) {
      const lists = this.lists[c], docs = this.docs[c];
      for (let i = 0, end = Math.min(CHUNK, this.n - c * CHUNK); i < end; i++) sorted[fill[lists[i]]++] = docs[i];
      yield;
    }
    this.lists.length = this.docs.length = this.n = 0;
    this.at = CHUNK;
    const size = new Uint32Array(listCount);
    let total = 0;
    // Steps are measured in occurrences: the first lists (the commonest terms) hold most of them.
    for (let l = 0, work = 0; l < listCount; l++) {
      total += size[l] = countDistinct(sorted, offsets[l], offsets[l + 1]);
      if ((work += 16 + offsets[l + 1] - offsets[l]) < STEP_OCCURRENCES) continue;
      work = 0;
      yield;
    }
    const ids = new Uint32Array(total), tfs = new Uint8Array(total), start = new Uint32Array(listCount);
    for (let l = 0, at = 0, work = 0; l < listCount; l++) {
      start[l] = at;
      at += packOccurrences(sorted, offsets[l], offsets[l + 1], ids, tfs, at);
      if ((work += 16 + offsets[l + 1] - offsets[l]) < STEP_OCCURRENCES) continue;
      work = 0;
      yield;
    }
    return { ids, tfs, start, size };
  }
}

/** How many distinct values `docs[from..to)` (ascending) holds. */
function countDistinct(docs: ArrayLike<number>, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (i === from || docs[i] !== docs[i - 1]) n++;
  return n;
}

/**
 * Writes the postings of `docs[from..to)` (ascending ids, one entry per occurrence: `[3, 3, 7]` →
 * 3: 2, 7: 1, frequencies capped at 255) into `ids` and `tfs` from `at`; returns how many it wrote.
 */
function packOccurrences(docs: ArrayLike<number>, from: number, to: number, ids: Uint32Array, tfs: Uint8Array, at: number): number {
  let n = at - 1;
  for (let i = from; i < to; i++) {
    if (i === from || docs[i] !== docs[i - 1]) {
      ids[++n] = docs[i];
      tfs[n] = 1;
    } else if (tfs[n] < 255) tfs[n]++;
  }
  return n + 1 - at;
}
