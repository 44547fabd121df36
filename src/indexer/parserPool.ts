import { availableParallelism } from 'node:os';
import type { ParsedDump } from '../core/model';
import type { ParseOptions } from '../core/parse/index';
import { DumpParser } from './dumpParser';
import type { Stamp } from './parseCache';
import type { CacheKey } from './parseJob';

/** Parse workers by default: two where two cores can run them, else one. */
export const defaultPoolSize = (): number => Math.max(1, Math.min(2, availableParallelism()));

/**
 * Several {@link DumpParser}s used as one: a file always goes to the worker its key (its URI)
 * hashes to, and each worker keeps its own shard of the parse cache, in its own file (shard 0 in
 * `path` itself, shard i in `path` with `.i` before the extension). Parses of different files
 * run in parallel when the caller keeps more than one in flight. A key found in another shard
 * (the pool size changed between sessions) is a cache miss and is re-parsed; the next save drops it.
 */
export class ParserPool {
  private readonly parsers: DumpParser[];

  constructor(size = defaultPoolSize(), script?: string, onFallback: (reason: string) => void = () => undefined) {
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

  /** See {@link DumpParser.parse}; the worker is chosen by `cacheAs.key`, else by `file`. */
  parse(bytes: Uint8Array, file: string, options: ParseOptions, cacheAs?: CacheKey): Promise<ParsedDump> {
    return this.parserOf(cacheAs?.key ?? file).parse(bytes, file, options, cacheAs);
  }

  /** Loads every worker's shard of the cache; resolves with how many parses they hold. */
  async load(path: string): Promise<number> {
    const counts = await Promise.all(this.parsers.map((p, i) => p.load(shardFile(path, i))));
    return counts.reduce((a, b) => a + b, 0);
  }

  /** The cached parse of `key` if it was made from `stamp`, else null. */
  take(key: string, stamp: Stamp): Promise<ParsedDump | null> {
    return this.parserOf(key).take(key, stamp);
  }

  /** Each worker keeps its shard of `keep` and writes it if anything changed; resolves with whether any wrote. */
  async save(path: string, keep: Iterable<string>): Promise<boolean> {
    const shards = this.parsers.map((): string[] => []);
    for (const key of keep) shards[this.shardOf(key)].push(key);
    const written = await Promise.all(this.parsers.map((p, i) => p.save(shardFile(path, i), shards[i])));
    return written.some(Boolean);
  }

  dispose(): void {
    for (const p of this.parsers) p.dispose();
  }

  private parserOf(key: string): DumpParser {
    return this.parsers[this.shardOf(key)];
  }

  /** FNV-1a over the key's UTF-16 code units: stable across sessions and processes. */
  private shardOf(key: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    return (h >>> 0) % this.parsers.length;
  }
}

/** The file of shard `i`: `path` itself for shard 0, else `.i` inserted before the extension. */
export function shardFile(path: string, i: number): string {
  return i === 0 ? path : path.replace(/(\.[^./\\]*)?$/, (ext) => `.${i}${ext}`);
}
