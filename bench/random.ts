/** Seeded randomness for the benchmark generator: mulberry32 and a Zipf-like picker. */

/** A deterministic generator of floats in [0, 1). */
export type Rng = () => number;

/** mulberry32: tiny, fast, good enough for test data, and identical on every machine. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [lo, hi]. */
export function int(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

export function pickUniform<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)];
}

/** Fisher–Yates on a copy. */
export function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * Picks items with probability ∝ 1 / rank^s over a seeded random ranking: a few items are
 * picked very often, most rarely — the shape of word and phrase frequencies in real text.
 */
export class Zipf<T> {
  private readonly ranked: T[];
  private readonly cdf: Float64Array;

  constructor(rng: Rng, items: readonly T[], s = 1) {
    if (items.length === 0) throw new Error('Zipf over an empty list');
    this.ranked = shuffled(rng, items);
    this.cdf = new Float64Array(items.length);
    let total = 0;
    for (let r = 0; r < items.length; r++) this.cdf[r] = total += 1 / Math.pow(r + 1, s);
    for (let r = 0; r < items.length; r++) this.cdf[r] /= total;
  }

  pick(rng: Rng): T {
    const x = rng();
    let lo = 0, hi = this.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cdf[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return this.ranked[lo];
  }
}
