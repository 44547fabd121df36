import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseDump } from '../../src/core/parse/index';
import type { ParsedDump } from '../../src/core/model';

/** The repository's fixture folder. */
export const FIXTURES = path.resolve(__dirname, '../../../test/fixtures');
export const SEEDS = path.join(FIXTURES, 'seeds');

/** Seed file names in order: 000_… to 004_…. */
export const SEED_FILES = readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort();

/** Parses a seed by its three-digit prefix. */
export function seed(prefix: string): ParsedDump {
  const name = SEED_FILES.find((f) => f.startsWith(prefix))!;
  return parseDump(readFileSync(path.join(SEEDS, name)), name);
}

/** All five seeds parsed. */
export function allSeeds(): ParsedDump[] {
  return SEED_FILES.map((f) => parseDump(readFileSync(path.join(SEEDS, f)), f));
}

/** A small deterministic PRNG (mulberry32): a random test fails the same way from the same seed. */
export function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
