/** Parses persisted between sessions: the parse workers' cache, kept in the extension's storage folder (one file per worker). */
import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import type { ParsedDump } from '../core/model';
import type { Log } from './libraryProtocol';
import type { ParserPool } from './parserPool';
import type { Stamp } from './parseCache';

/** How long after a watcher update the cache is saved (later updates push it back). */
const SAVE_DELAY_MS = 2000;

/**
 * Loads, takes from and saves the parse workers' cache (all reading and writing happen in the
 * workers, each with its own shard file). Without a local storage folder nothing persists. A
 * failed save is logged; the next session then re-parses what it lacks.
 */
export class ParseStore {
  /** The cache file (of the first worker's shard; see `shardFile`), or undefined when parses do not persist. */
  readonly file: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private loading: Promise<void> = Promise.resolve();
  private saving: Promise<unknown> = Promise.resolve();

  /** `due` runs when a delayed save is due; it should call {@link save} when no scan is running. */
  constructor(
    private readonly parser: ParserPool,
    private readonly storage: string | undefined,
    private readonly output: Log,
    private readonly due: () => void,
  ) {
    this.file = storage && path.join(storage, 'parse-cache.bin');
  }

  /** Starts creating the storage folder and loading the cache into the workers; {@link take} waits for it. */
  load(): void {
    this.loading = this.loadNow();
  }

  /** The persisted parse of a file when it was made from `stamp`, else null. */
  async take(uri: string, stamp: Stamp): Promise<ParsedDump | null> {
    await this.loading;
    return this.file ? this.parser.take(uri, stamp) : null;
  }

  /** Saves the parses of the `keep` files now (in the workers; this returns at once). */
  save(keep: Iterable<string>): void {
    clearTimeout(this.timer);
    if (!this.file) return;
    this.saving = this.parser.save(this.file, keep).catch((error: unknown) => {
      this.output.warn(`Parse cache not saved: ${(error as Error)?.message ?? String(error)}`);
    });
  }

  /** Calls `due` in {@link SAVE_DELAY_MS} unless called again meanwhile. */
  saveSoon(): void {
    clearTimeout(this.timer);
    if (this.file) this.timer = setTimeout(this.due, SAVE_DELAY_MS);
  }

  /** Resolves when the last save has been written (or skipped). */
  whenSaved(): Promise<void> {
    return this.saving.then(() => undefined);
  }

  dispose(): void {
    clearTimeout(this.timer);
  }

  private async loadNow(): Promise<void> {
    if (!this.storage || !this.file) return;
    const started = Date.now();
    try {
      await mkdir(this.storage, { recursive: true });
      const count = await this.parser.load(this.file);
      this.output.info(`Parse cache: ${count} ${count === 1 ? 'file' : 'files'} loaded in ${Date.now() - started} ms`);
    } catch (error) {
      this.output.warn(`Parse cache not loaded: ${(error as Error)?.message ?? String(error)}`);
    }
  }
}
