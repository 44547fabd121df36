import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ParsedDump } from '../core/model';
import type { ParseOptions } from '../core/parse/index';
import { yieldToEventLoop } from '../core/slices';
import { decodeParsed, type EncodedParse, type Stamp } from './parseCache';
import { decodeDelta } from './parseDelta';
import { REPARSED_FILES } from '../core/parse/entryEdits';
import { RESTORED } from '../core/parse/reparse';
import { parseWithTopic, type CacheKey, type ParseAnswer, type WorkerTask } from './parseJob';

/** A parse the caller holds of a file, and the stamp it was made from. */
export interface HeldParse {
  parsed: ParsedDump;
  stamp: Stamp;
}

type Answer = { id: number; result?: unknown; error?: string };

/**
 * The worker's young generation: parsing allocates many short-lived strings, and a larger one
 * lets more of them die young instead of being copied and promoted (10k cold build: 12 % less
 * worker CPU, 1.41 instead of 1.60 s, 6 alternating runs; the default here is 48 MB).
 */
export const YOUNG_GENERATION_MB = 64;

/**
 * Parses dumps in a worker thread so a large file never blocks the caller's thread; the worker
 * also keeps the parse cache (`load`, `take`, `save`), so persisted parses are read and written
 * off this thread too. Answers arrive in parts, decoded here with pauses in between. Falls back to
 * parsing in-process if the worker cannot run (then nothing is cached). The worker script is
 * `parseWorker.js` next to this module (both in `dist/` once bundled).
 */
export class DumpParser {
  private worker: Worker | null = null;
  private failed = false;
  private disposed = false;
  private nextId = 0;
  private readonly pending = new Map<number, { answer: (a: Answer) => void; fallback: () => void }>();
  /** The parses answered that the worker keeps to read their files again in part (the last of each of its last files): a parse of one of them again may be answered as what changed. */
  private readonly recent = new Map<string, { token: number; parsed: ParsedDump }>();

  constructor(
    private readonly script = path.join(__dirname, 'parseWorker.js'),
    private readonly onFallback: (reason: string) => void = () => undefined,
  ) {}

  /**
   * Parses off-thread; resolves with the same result `parseDump` gives, topic included. With
   * `cacheAs`, the worker caches it. An `edited` file's parse (one that just changed, or is open
   * in an editor) is kept, and the file's next parse answered as what changed since (the worker
   * reads it again only there); its unchanged entries are then the same objects. So is a file's
   * parse `held` by the caller, when the worker has none kept but cached it under `cacheAs.key`
   * from `held.stamp` with its reading (as the previous session did): see `savedReading.ts`.
   */
  parse(bytes: Uint8Array, file: string, options: ParseOptions, cacheAs?: CacheKey, edited = false, held?: HeldParse): Promise<ParsedDump> {
    const local = (): ParsedDump => parseWithTopic(bytes, file, options);
    const kept = this.recent.get(file);
    this.recent.delete(file);
    const fromCache = !kept && cacheAs && held && held.stamp.file === file ? { token: RESTORED, parsed: held.parsed } : undefined;
    const before = kept ?? fromCache;
    // Bytes are copied, not transferred: a few MB copy in well under a millisecond, and a fallback can still read them.
    return this.request({ type: 'parse', bytes, file, options, cacheAs, have: before?.token, held: fromCache && held?.stamp, edited }, local, async (result) => {
      const answer = result as ParseAnswer;
      const parsed = 'delta' in answer ? before && decodeDelta(answer.delta, before.parsed) : await decodeParsed(answer.parts, yieldToEventLoop);
      if (!parsed) return local();
      // Only a parse the worker keeps, and not one overtaken by a later answer (decoding pauses between parts).
      const kept = this.recent.get(file);
      if (answer.token !== null && !(kept && kept.token > answer.token)) {
        this.recent.delete(file);
        this.recent.set(file, { token: answer.token, parsed });
        if (this.recent.size > REPARSED_FILES) this.recent.delete(this.recent.keys().next().value!);
      }
      return parsed;
    });
  }

  /** Whether this parser answered the last parse of `file` among its last few files (a new parse of it may then be read in part). */
  remembers(file: string): boolean {
    return this.recent.has(file);
  }

  /** Loads the worker's cache from a file (see `ParseCache.load`); resolves with the keys of the parses it holds. */
  load(path: string): Promise<string[]> {
    return this.request({ type: 'load', path }, () => [], (keys) => keys as string[]);
  }

  /** The cached parse of `key` if it was made from `stamp`, else null. */
  take(key: string, stamp: Stamp): Promise<ParsedDump | null> {
    return this.request({ type: 'take', key, stamp }, () => null, (parts) => (parts ? decodeParsed(parts as EncodedParse, yieldToEventLoop) : null));
  }

  /** Keeps the cached parses of `keep` only and writes them to a file if anything changed; resolves with whether it wrote. */
  save(path: string, keep: Iterable<string>): Promise<boolean> {
    return this.request({ type: 'save', path, keep: [...keep] }, () => false, (written) => written as boolean);
  }

  /**
   * Warms up a running worker's code for reading a changed dump again (see `warmUp.ts`); resolves
   * with how many of its made-up changes it read in part (2), or 0 when no worker runs (none is started for this).
   */
  warmUp(): Promise<number> {
    return this.worker ? this.request({ type: 'warm' }, () => 0, (read) => read as number) : Promise.resolve(0);
  }

  /**
   * Has a running worker read the parse it cached under `key` from `stamp`, and its saved reading,
   * ahead of the file's next parse (see `ParserPool.prefetch`); resolves with whether it has them.
   */
  prefetch(key: string, stamp: Stamp): Promise<boolean> {
    return this.worker ? this.request({ type: 'prefetch', key, stamp }, () => false, (found) => found as boolean) : Promise.resolve(false);
  }

  /** How long the worker's event loop has been busy, in ms (0 when none runs). */
  get busyMs(): number {
    return this.worker?.performance.eventLoopUtilization().active ?? 0;
  }

  /** How many requests await an answer. */
  get inFlight(): number {
    return this.pending.size;
  }

  /** True once the worker failed: parses then run in-process, on the caller's thread. */
  get fellBack(): boolean {
    return this.failed;
  }

  /** True once a worker is parsing (false before the first parse and after a fallback). */
  get offThread(): boolean {
    return this.worker !== null;
  }

  /** Stops the worker once it has answered what was asked (a save finishes), at the latest after 5 s. */
  dispose(): void {
    this.disposed = true;
    if (this.pending.size === 0) this.stop();
    else setTimeout(() => this.stop(), 5000).unref();
  }

  private request<T>(task: WorkerTask, fallback: () => T, decode: (result: unknown) => T | Promise<T>): Promise<T> {
    const worker = this.ensureWorker();
    if (!worker) return Promise.resolve(fallback());
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const answer = (a: Answer) => (a.error === undefined ? resolve(decode(a.result)) : reject(new Error(a.error)));
      this.pending.set(id, { answer, fallback: () => resolve(fallback()) });
      worker.postMessage({ ...task, id });
    });
  }

  private ensureWorker(): Worker | null {
    if (this.worker || this.failed || this.disposed) return this.worker;
    try {
      const worker = new Worker(this.script, { resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
      worker.on('message', (answer: Answer) => {
        this.pending.get(answer.id)?.answer(answer);
        this.pending.delete(answer.id);
        if (this.disposed && this.pending.size === 0) this.stop();
      });
      worker.on('error', (error) => this.fail(`parse worker failed: ${error.message}`));
      worker.on('exit', (code) => this.worker === worker && this.fail(`parse worker exited (code ${code})`));
      this.worker = worker;
    } catch (error) {
      this.fail(`parse worker could not start: ${(error as Error).message}`);
    }
    return this.worker;
  }

  private stop(): void {
    const worker = this.worker;
    this.worker = null;
    void worker?.terminate();
  }

  /** Stops using the worker and answers whatever was waiting in-process (parses) or as a cache miss. */
  private fail(reason: string): void {
    this.failed = true;
    this.stop();
    this.onFallback(reason);
    for (const { fallback } of this.pending.values()) fallback();
    this.pending.clear();
  }
}
