import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { ParsedDump } from '../core/model';
import type { ParseOptions } from '../core/parse/index';
import { DumpParser, type HeldParse } from './dumpParser';
import type { Stamp } from './parseCache';
import type { CacheKey } from './parseJob';

/** How many files' last worker the pool remembers: more than the workers' topic memos hold together. */
const REMEMBERED_FILES = 64;

/** Parse workers by default: two where two cores can run them, else one. */
export const defaultPoolSize = (): number => Math.max(1, Math.min(2, availableParallelism()));

/**
 * Bytes given to the pool before a worker beyond the first parses: each worker's first parses run
 * in cold code (its own JIT warm-up, ~0.3–0.4 s of CPU), which only a large library repays. On two
 * cores, 10k papers (15 MB) parsed in 697–933 ms by one worker and in 697–902 ms by two (medians
 * 782 and 874 ms; CPU 1.13 s against 1.45 s); 100k papers (150 MB) in 4.0 s by one and 3.1–3.2 s by two.
 */
export const SPREAD_AFTER_BYTES = 32 * 1024 * 1024;

/**
 * Several {@link DumpParser}s used as one: a parse goes to the worker with the fewest requests in
 * flight, so no worker idles while another has a queue. Each worker keeps the parses it made in
 * its own shard of the parse cache, in its own file (shard 0 in `path` itself, shard i in `path`
 * with `.i` before the extension); the pool remembers which worker holds each key, learning it
 * from `load` and from every cached parse, and a save keeps each key in that worker's shard only.
 * Parses of different files run in parallel when the caller keeps more than one in flight. A shard
 * beyond the pool's size (the pool shrank between sessions) is not loaded: its files are re-parsed.
 */
export class ParserPool {
  private readonly parsers: DumpParser[];
  /** The worker holding each key's cached parse. */
  private readonly holder = new Map<string, number>();
  /** The worker that parsed each file last, for the files parsed most recently (a worker's topic memo holds 8). */
  private readonly parsedBy = new Map<string, number>();
  /** Bytes given to parse so far. */
  private submitted = 0;

  /** `spreadAfterBytes`: see {@link SPREAD_AFTER_BYTES}. */
  constructor(size = defaultPoolSize(), script?: string, onFallback: (reason: string) => void = () => undefined, private readonly spreadAfterBytes = SPREAD_AFTER_BYTES) {
    let told = false;
    const fallback = (reason: string) => {
      if (!told) onFallback(reason);
      told = true;
    };
    this.parsers = Array.from({ length: Math.max(1, size) }, () => new DumpParser(script, fallback));
  }

  /** How many workers parse. */
  get size(): number {
    return this.parsers.length;
  }

  /** True once a worker is parsing (see {@link DumpParser.offThread}). */
  get offThread(): boolean {
    return this.parsers.some((p) => p.offThread);
  }

  /**
   * See {@link DumpParser.parse}; the least busy working worker parses, the one that parsed
   * `file` before if it is as free (and, with `cacheAs`, now holds the key). A worker that failed
   * gets nothing while another still runs: it would parse on the caller's thread. Workers beyond
   * the first working one wait to be started until the pool was given `spreadAfterBytes`. `held`:
   * the caller's parse of the file, which the worker holding its cached parse may read again from.
   */
  parse(bytes: Uint8Array, file: string, options: ParseOptions, cacheAs?: CacheKey, edited = false, held?: HeldParse): Promise<ParsedDump> {
    this.submitted += bytes.byteLength;
    const busy = (i: number): number => (this.parsers[i].fellBack || !this.mayUse(i) ? Infinity : this.parsers[i].inFlight);
    // Between equally busy workers, the one that parsed the file last (else the one holding its cached parse): it remembers the
    // file's topic, and may remember its parse (or hold its saved reading, for a `held` parse) to read it again in part, which
    // makes it the one to take even with one more in flight.
    let worker = this.parsedBy.get(file) ?? (cacheAs && this.holder.get(cacheAs.key)) ?? 0;
    const readsAgain = (i: number): boolean => this.parsers[i].remembers(file) || (!!held && !!cacheAs && this.holder.get(cacheAs.key) === i);
    const ahead = (i: number): number => busy(i) - (i === worker && readsAgain(i) ? 1 : 0);
    for (let i = 0; i < this.parsers.length; i++) if (ahead(i) < ahead(worker)) worker = i;
    this.parsedBy.delete(file);
    this.parsedBy.set(file, worker);
    if (this.parsedBy.size > REMEMBERED_FILES) this.parsedBy.delete(this.parsedBy.keys().next().value!);
    if (cacheAs) this.holder.set(cacheAs.key, worker);
    return this.parsers[worker].parse(bytes, file, options, cacheAs, edited, held);
  }

  /** Whether the worker that parsed `file` last remembers that parse (see {@link DumpParser.remembers}). */
  remembers(file: string): boolean {
    const worker = this.parsedBy.get(file);
    return worker !== undefined && this.parsers[worker].remembers(file);
  }

  /** Whether worker `i` may parse: the first working one always; others once running (after `load` found a shard of theirs) or once the pool was given enough to parse. */
  private mayUse(i: number): boolean {
    return this.submitted >= this.spreadAfterBytes || this.parsers[i].offThread || i === this.parsers.findIndex((p) => !p.fellBack);
  }

  /**
   * Loads every worker's shard of the cache; resolves with how many parses they hold. The first
   * worker is started even without a shard (at a first start), so that it is up before the first
   * parse; the others only for a shard of theirs.
   */
  async load(path: string): Promise<number> {
    const shardOf = async (i: number): Promise<string[]> => {
      const shard = shardFile(path, i);
      const found = i === 0 || (await stat(shard).then(() => true, () => false));
      return found ? this.parsers[i].load(shard) : [];
    };
    const shards = await Promise.all(this.parsers.map((_, i) => shardOf(i)));
    this.holder.clear();
    shards.forEach((keys, i) => keys.forEach((key) => this.holder.has(key) || this.holder.set(key, i)));
    return this.holder.size;
  }

  /** Warms up every running worker (see {@link DumpParser.warmUp}); resolves with what each answered. */
  warmUp(): Promise<number[]> {
    return Promise.all(this.parsers.map((p) => p.warmUp()));
  }

  /**
   * Has the worker holding `key`'s cached parse read it and its saved reading ahead, so that the
   * file's next parse, given that parse as `held`, does not wait for them (~4 ms for 1,000 papers):
   * the service asks when a watcher first reports the file, 300 ms before it parses it.
   */
  prefetch(key: string, stamp: Stamp): Promise<boolean> {
    const worker = this.holder.get(key);
    return worker === undefined ? Promise.resolve(false) : this.parsers[worker].prefetch(key, stamp);
  }

  /** The cached parse of `key` if it was made from `stamp`, else null. */
  take(key: string, stamp: Stamp): Promise<ParsedDump | null> {
    const worker = this.holder.get(key);
    return worker === undefined ? Promise.resolve(null) : this.parsers[worker].take(key, stamp);
  }

  /** Each worker keeps those of `keep` it holds and writes its shard if anything changed; resolves with whether any wrote. */
  async save(path: string, keep: Iterable<string>): Promise<boolean> {
    const shards = this.parsers.map((): string[] => []);
    const kept = new Map<string, number>();
    for (const key of keep) {
      const worker = this.holder.get(key);
      if (worker === undefined) continue;
      shards[worker].push(key);
      kept.set(key, worker);
    }
    // The workers drop every other key (in order, after any parse already asked of them): so does the pool.
    this.holder.clear();
    for (const [key, worker] of kept) this.holder.set(key, worker);
    // A worker never started has nothing to save (and no shard: `load` would have started it).
    const written = await Promise.all(this.parsers.map((p, i) => (p.offThread ? p.save(shardFile(path, i), shards[i]) : false)));
    return written.some(Boolean);
  }

  dispose(): void {
    for (const p of this.parsers) p.dispose();
  }
}

/** The file of shard `i`: `path` itself for shard 0, else `.i` inserted before the extension. */
export function shardFile(path: string, i: number): string {
  return i === 0 ? path : path.replace(/(\.[^./\\]*)?$/, (ext) => `.${i}${ext}`);
}
