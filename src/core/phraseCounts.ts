import { grown } from './typedArrays';

/**
 * Counts of phrases by numeric key (see `contentLabel`), in typed arrays: an open-addressing table
 * of entry numbers over dense columns (key, entry count, weight), so that nothing is allocated per
 * phrase, growing copies columns natively and rehashes only entry numbers, and a pass visits only
 * the phrases counted. Against a `Map` of objects keyed by the same numbers (most above 2^31, so
 * each lookup boxes a double) this halves the cost of a dump's topic.
 */
export class PhraseCounts {
  /** By slot: 1 + the number of the phrase there, or 0 when the slot is empty. */
  private table = new Int32Array(1 << 13);
  private keys = new Float64Array(1 << 12);
  private dfs = new Int32Array(1 << 12);
  private weights = new Int32Array(1 << 12);
  private lastEntry = new Int32Array(1 << 12);
  private size = 0;

  /** Counts `key` once for entry `entry` (entries in ascending order), adding `weight`; keys are positive. */
  add(key: number, weight: number, entry: number): void {
    const at = this.slot(key);
    const i = this.table[at] - 1;
    if (i < 0) {
      if (this.size === this.keys.length) this.growColumns();
      const n = this.size++;
      this.table[at] = n + 1;
      this.keys[n] = key;
      this.dfs[n] = 1;
      this.weights[n] = weight;
      this.lastEntry[n] = entry;
      if (this.size * 2 > this.table.length) this.growTable();
    } else if (this.lastEntry[i] !== entry) {
      this.dfs[i]++;
      this.weights[i] += weight;
      this.lastEntry[i] = entry;
    }
  }

  /** The weight of `key`: 0 when it was never counted. */
  weight(key: number): number {
    const i = this.table[this.slot(key)] - 1;
    return i < 0 ? 0 : this.weights[i];
  }

  /** Calls `visit` with every counted key, its entry count and its weight, in the order they were first counted. */
  forEach(visit: (key: number, df: number, weight: number) => void): void {
    for (let i = 0; i < this.size; i++) visit(this.keys[i], this.dfs[i], this.weights[i]);
  }

  /** Where `key` sits, or the empty slot where it would go (linear probing). */
  private slot(key: number): number {
    const mask = this.table.length - 1;
    let at = Math.imul((key | 0) ^ ((key / 4294967296) | 0), 0x9e3779b1) & mask;
    for (let n = this.table[at]; n !== 0 && this.keys[n - 1] !== key; n = this.table[at]) at = (at + 1) & mask;
    return at;
  }

  private growTable(): void {
    this.table = new Int32Array(this.table.length * 2);
    for (let i = 0; i < this.size; i++) this.table[this.slot(this.keys[i])] = i + 1;
  }

  private growColumns(): void {
    const length = this.keys.length * 2;
    this.keys = grown(this.keys, length);
    this.dfs = grown(this.dfs, length);
    this.weights = grown(this.weights, length);
    this.lastEntry = grown(this.lastEntry, length);
  }
}
