import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ParsedDump } from '../core/model';
import type { ParseOptions } from '../core/parse/index';
import { parseWithTopic, type ParseRequest } from './parseJob';

/**
 * Parses dumps in a worker thread so a large file never blocks the caller's
 * thread; falls back to parsing in-process if the worker cannot run. The worker
 * script is `parseWorker.js` next to this module (both in `dist/` once bundled).
 */
export class DumpParser {
  private worker: Worker | null = null;
  private failed = false;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (p: ParsedDump) => void; request: ParseRequest }>();

  constructor(
    private readonly script = path.join(__dirname, 'parseWorker.js'),
    private readonly onFallback: (reason: string) => void = () => undefined,
  ) {}

  /** Parses off-thread; resolves with the same result `parseDump` gives, topic included. */
  parse(bytes: Uint8Array, file: string, options: ParseOptions): Promise<ParsedDump> {
    const worker = this.ensureWorker();
    if (!worker) return Promise.resolve(parseWithTopic(bytes, file, options));
    const request: ParseRequest = { id: this.nextId++, bytes, file, options };
    return new Promise((resolve) => {
      this.pending.set(request.id, { resolve, request });
      // Copied, not transferred: a few MB copy in well under a millisecond, and a fallback can still read them.
      worker.postMessage(request);
    });
  }

  /** True once a worker is parsing (false before the first parse and after a fallback). */
  get offThread(): boolean {
    return this.worker !== null;
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = null;
  }

  private ensureWorker(): Worker | null {
    if (this.worker || this.failed) return this.worker;
    try {
      const worker = new Worker(this.script);
      worker.on('message', (answer: { id: number; parsed: ParsedDump }) => {
        this.pending.get(answer.id)?.resolve(answer.parsed);
        this.pending.delete(answer.id);
      });
      worker.on('error', (error) => this.fail(`parse worker failed: ${error.message}`));
      this.worker = worker;
    } catch (error) {
      this.fail(`parse worker could not start: ${(error as Error).message}`);
    }
    return this.worker;
  }

  /** Stops using the worker and parses whatever was waiting in-process. */
  private fail(reason: string): void {
    this.failed = true;
    void this.worker?.terminate();
    this.worker = null;
    this.onFallback(reason);
    for (const { resolve, request } of this.pending.values()) resolve(parseWithTopic(request.bytes, request.file, request.options));
    this.pending.clear();
  }
}
