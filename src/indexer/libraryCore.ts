/**
 * The workspace's paper library in the library worker: files read and parsed a few at a time
 * (two per parse worker), merged into papers and indexed in slices, persisted between sessions,
 * and every question about papers answered. The extension host only finds the files and shows
 * what it is told (see libraryProtocol.ts), so its heap never holds the library.
 */
import { LibraryState, type LibraryDelta } from '../core/libraryState';
import type { Paper } from '../core/model';
import { PaperIndex } from '../core/searchIndex';
import { runInLanes, runSliced, yieldToEventLoop } from '../core/slices';
import { primeDump, scanFile, type Candidate, type FileAccess, type ScannedFile } from './dumpFiles';
import type { FileReport, IndexUpdate, LibraryEvent, LibrarySummary, Log } from './libraryProtocol';
import { LibraryQueries } from './libraryQueries';
import { ParserPool } from './parserPool';
import { ParseStore } from './parseStore';
import { SavePostponed, sameDumps, snapshotDumps, SnapshotStore, type JudgeCandidates, type Restored } from './snapshotStore';

/** What the core needs of its host: the log, file access, the candidates' judge, and where events go. */
export interface CoreHost {
  log: Log;
  files: FileAccess;
  judge: JudgeCandidates;
  emit(event: LibraryEvent): void;
}

/** What an update read: files parsed, taken from the persisted parses, and dropped; a full scan's search time. */
type Scan = { full: boolean; parsed: ScannedFile[]; fromCache: ScannedFile[]; removed: string[]; searchMs?: number };

/** How long after a watcher update the library snapshot is saved (later updates push it back). */
const SNAPSHOT_DELAY_MS = 10_000;

export class LibraryCore {
  /** The questions about the papers served. */
  readonly queries = new LibraryQueries(() => ({
    papers: this.papers(),
    get: (key: string) => (this.restored ? this.index.get(key) : this.merged.byKey.get(key)),
    index: this.index,
    uriOf: this.uriOf,
  }));
  /** Parses in worker threads of their own. */
  readonly parser: ParserPool;
  /** The parses persisted between sessions (in the parse workers). */
  readonly store: ParseStore;
  /** The library as last built, persisted between sessions. */
  readonly snapshots: SnapshotStore;
  /** The last session's library, served until the first scan has merged the dumps again. */
  private restored: Restored | null = null;
  private readonly files = new Map<string, ScannedFile>();
  private keyFormat = '';
  private merged = new LibraryState();
  private index = new PaperIndex();
  /** The URI of each merged dump, by its `file` name. */
  private uriOf = new Map<string, string>();
  /** The latest full scan announced; an older scan stops when it sees a newer one. */
  private generation = 0;
  private queue: Promise<unknown> = Promise.resolve();
  /** Changes (scans announced, watcher batches) waiting in the queue: a snapshot save gives way to them. */
  private changesWaiting = 0;

  /** `storage`: the folder parses and the snapshot persist in (none: they do not). */
  constructor(private readonly host: CoreHost, storage: string | undefined, parserScript?: string) {
    this.parser = new ParserPool(undefined, parserScript, (reason) => host.log.warn(`${reason}; parsing in the library worker instead, without a parse cache.`));
    this.store = new ParseStore(this.parser, storage, host.log, () => void this.enqueue(async () => this.store.save(this.files.keys())));
    this.snapshots = new SnapshotStore(storage, host.log, () => void this.enqueue(() => this.saveSnapshot()));
  }

  /**
   * Restores the snapshot, then starts loading the persisted parses (in the parse workers, which
   * start then: the snapshot is served sooner without them), queued before any scan; true when
   * the snapshot is served.
   */
  async start(keyFormat: string): Promise<boolean> {
    this.keyFormat = keyFormat;
    this.merged = new LibraryState(keyFormat);
    return (await this.enqueue(async () => {
      const served = await this.restore();
      this.store.load();
      return served;
    })) ?? false;
  }

  /** A full scan is coming: older ones stop, and a snapshot save gives way to it ({@link scan} follows). */
  beginScan(generation: number): void {
    this.generation = generation;
    this.changesWaiting++;
  }

  /** Scans the workspace's candidates (after {@link beginScan}); `force` re-reads files whose cached or persisted parse looks current. */
  async scan(generation: number, candidates: Candidate[] | null, force: boolean, keyFormat: string, searchMs: number): Promise<boolean> {
    const started = Date.now() - searchMs;
    return (await this.enqueueChange(keyFormat, async () => !!candidates && this.scanAll(generation, candidates, force, started, searchMs), true)) ?? false;
  }

  /** Re-reads the files a watcher batch concerns: `candidates`, and the files scanned below any of `paths` (a folder deleted or moved). */
  async applyChanges(paths: string[], candidates: Candidate[], keyFormat: string): Promise<void> {
    await this.enqueueChange(keyFormat, () => this.readChanges(paths, candidates));
  }

  /** Merges again under a new key format. */
  async rekey(keyFormat: string): Promise<void> {
    await this.enqueueChange(keyFormat, () => this.update({ full: false, parsed: [], fromCache: [], removed: [] }, Date.now(), true));
  }

  /** The papers served: the last session's snapshot until the first scan merged the dumps. */
  papers(): Paper[] {
    return this.restored?.snapshot.papers ?? this.merged.papers;
  }

  /** Parses a dump opened in an editor in the background (see `primeDump`). */
  prime(candidate: Candidate): void {
    primeDump(this.host.files, candidate, this.parser).catch((error) => this.host.log.debug(`Could not prime ${candidate.file}: ${String(error)}`));
  }

  /** A dump a watcher reports changed: its parse worker reads what the change will be read against meanwhile (see `ParserPool.prefetch`). */
  readAhead(uri: string): void {
    const file = this.files.get(uri);
    if (!file?.parsed.entries.length || this.parser.remembers(file.parsed.file)) return;
    this.parser.prefetch(uri, file.stamp).catch((error) => this.host.log.debug(`Could not read ahead ${file.parsed.file}: ${String(error)}`));
  }

  /** Whether a parse worker remembers the last parse of this file, so that a change is read again in part. */
  remembers(uri: string): boolean {
    const file = this.files.get(uri);
    return file !== undefined && this.parser.remembers(file.parsed.file);
  }

  dispose(): void {
    this.generation = Infinity;
    this.store.dispose();
    this.snapshots.dispose();
    this.parser.dispose();
  }

  /** What the host shows at a glance. */
  private summary(): LibrarySummary {
    const restored = this.restored;
    const dumps = restored
      ? restored.snapshot.dumps.filter((d) => d.entries > 0).map(({ uri, topic, layout, entries }) => ({ uri, topic, layout, entries }))
      : [...this.files.values()].filter((f) => f.parsed.entries.length > 0).map((f) => ({ uri: f.uri, topic: this.merged.topics.get(f.parsed.file) ?? '', layout: f.parsed.layout, entries: f.parsed.entries.length }));
    return { paperCount: this.papers().length, fromSnapshot: restored !== null, dumps, files: [...this.files.values()].map((f) => this.report(f)) };
  }

  private report({ uri, parsed, stamp }: ScannedFile): FileReport {
    return { uri, file: parsed.file, layout: parsed.layout, entries: parsed.entries.length, problems: parsed.problems, topic: this.merged.topics.get(parsed.file) ?? '', mtime: stamp.mtime };
  }

  private async scanAll(generation: number, candidates: Candidate[], force: boolean, started: number, searchMs: number): Promise<boolean> {
    if (generation !== this.generation) return false;
    const results: Awaited<ReturnType<typeof scanFile>>[] = [];
    let done = 0;
    const scanOne = async (i: number): Promise<void> => {
      const reuse = force ? undefined : { cached: this.files.get(candidates[i].uri), store: this.store };
      results[i] = await scanFile(this.host.files, candidates[i], this.parser, reuse);
      this.host.emit({ type: 'progress', message: `${++done}/${candidates.length}` });
    };
    // Each worker gets two files at a time: it parses one while the next is read and the last decoded.
    await runInLanes(2 * this.parser.size, candidates.length, scanOne, yieldToEventLoop, () => generation !== this.generation);
    if (generation !== this.generation) return false;
    const next = new Map<string, ScannedFile>();
    const scan: Scan = { full: true, parsed: [], fromCache: [], removed: [], searchMs };
    for (const [i, scanned] of results.entries()) {
      if (scanned && scanned.source !== 'memory') (scanned.source === 'read' ? scan.parsed : scan.fromCache).push(scanned.file);
      if (scanned) next.set(candidates[i].uri, scanned.file);
    }
    scan.removed = [...this.files.values()].filter((f) => !next.has(f.uri)).map((f) => f.parsed.file);
    this.files.clear();
    for (const [key, file] of next) this.files.set(key, file);
    this.store.save(this.files.keys());
    await this.update(scan, started, true, generation);
    return true;
  }

  private async readChanges(paths: string[], candidates: Candidate[]): Promise<void> {
    const started = Date.now();
    const targets = new Map(candidates.map((c) => [c.uri, c]));
    for (const path of paths) {
      const prefix = `${path}/`;
      for (const f of this.files.values()) if (f.uri.startsWith(prefix)) targets.set(f.uri, { uri: f.uri, file: f.stamp.file, maxBytes: f.stamp.maxBytes });
    }
    const parsed: ScannedFile[] = [];
    const removed: ScannedFile[] = [];
    for (const target of targets.values()) {
      const old = this.files.get(target.uri);
      const scanned = (await scanFile(this.host.files, target, this.parser, undefined, true, old))?.file;
      if (scanned) {
        this.files.set(target.uri, scanned);
        parsed.push(scanned);
      } else if (old) {
        this.files.delete(target.uri);
        removed.push(old);
      }
      await yieldToEventLoop();
    }
    if (parsed.length + removed.length === 0) return;
    this.store.saveSoon();
    // Files that neither were nor are dumps change nothing but their problems. Until a full scan has
    // merged the dumps, the snapshot is served whole (merging now would drop the dumps not scanned yet).
    const touched = parsed.some((f) => f.parsed.entries.length > 0 || this.merged.topics.has(f.parsed.file)) || removed.some((f) => f.parsed.entries.length > 0);
    const merge = !this.restored && touched;
    await this.update({ full: false, parsed, fromCache: [], removed: removed.map((f) => f.parsed.file) }, started, merge);
  }

  /** Merges the cached parses into papers (when `merge`), syncs the search index, and tells the host; `generation`: a full scan's. */
  private async update(scan: Scan, started: number, merge: boolean, generation?: number): Promise<void> {
    const files = [...this.files.values()];
    if (merge && (await this.merge(files))) this.snapshots.saveSoon(scan.full ? 0 : SNAPSHOT_DELAY_MS);
    const dumps = files.filter((f) => f.parsed.entries.length > 0).length;
    const names = (list: ScannedFile[]) => list.map((f) => f.parsed.file);
    const update: IndexUpdate = { ...scan, parsed: names(scan.parsed), fromCache: names(scan.fromCache), papers: this.merged.papers.length, dumps, ms: Date.now() - started };
    const reports = [...scan.parsed, ...scan.fromCache].map((f) => this.report(f));
    this.host.emit({ type: 'updated', update, reports, merged: merge, scanned: generation, summary: this.summary() });
  }

  /**
   * Brings the library and the search index in line with the scanned files. A first build, a
   * new key format or a change touching many dumps builds a new library and index aside, in
   * slices, and swaps them in; otherwise only the changed dumps are merged again, in place.
   * A restored snapshot keeps its index when the dumps are the ones it was made from. Returns
   * whether the papers may have changed.
   */
  private async merge(files: readonly ScannedFile[]): Promise<boolean> {
    const format = this.keyFormat;
    const current = new Set(files.map((f) => f.parsed.file));
    const changed = files.map((f) => f.parsed).filter((d) => this.merged.dump(d.file) !== d);
    const removed = [...this.merged.files()].map((d) => d.file).filter((file) => !current.has(file));
    this.uriOf = new Map(files.map((f) => [f.parsed.file, f.uri]));
    const restored = this.restored;
    if (restored || format !== this.merged.keyFormat || this.index.size === 0 || changed.length + removed.length > Math.max(1, current.size / 4)) {
      const state = new LibraryState(format);
      await runSliced(state.updateSteps(files.map((f) => f.parsed)), yieldToEventLoop);
      const same = !!restored && restored.snapshot.keyFormat === format && sameDumps(restored.snapshot, files) && (await runSliced(this.index.adoptSteps(state.papers), yieldToEventLoop));
      if (!same) this.index = await PaperIndex.build(state.papers, { pause: yieldToEventLoop });
      this.merged = state;
      this.restored = null;
      return !same;
    }
    if (changed.length + removed.length === 0) return false;
    // Readers keep seeing the previous papers until the last step swaps the changed ones in.
    this.applyDelta(await runSliced(this.merged.updateSteps(changed, removed), yieldToEventLoop));
    if (this.index.needsVacuum) await runSliced(this.index.vacuumSteps(), yieldToEventLoop);
    return true;
  }

  /** Serves the last session's library from its snapshot while the first scan checks the dumps. */
  private async restore(): Promise<boolean> {
    const restored = await this.snapshots.restore(this.keyFormat, this.host.files, this.host.judge);
    if (!restored || this.index.size > 0) return false;
    this.restored = restored;
    this.index = restored.index;
    this.uriOf = restored.uriOf;
    this.host.emit({ type: 'restored', summary: this.summary() });
    return true;
  }

  /**
   * Persists the library and its index in slices (queued, so nothing changes them meanwhile),
   * giving way to a change that waits behind it (at 100k papers the save holds the queue for
   * ~0.6-1.7 s): postponed, it is due again once the library has been quiet for
   * {@link SNAPSHOT_DELAY_MS}.
   */
  private async saveSnapshot(): Promise<void> {
    const files = [...this.files.values()];
    const pause = async (): Promise<void> => {
      await yieldToEventLoop();
      if (this.changesWaiting > 0) throw new SavePostponed('the library is changing');
    };
    const saved = await this.snapshots.save(async () =>
      this.restored || files.length === 0
        ? null
        : {
            keyFormat: this.merged.keyFormat,
            dumps: snapshotDumps(files, this.merged.topics),
            papers: this.merged.papers,
            index: await runSliced(this.index.exportSteps(), pause),
          },
      pause,
    );
    if (!saved) this.snapshots.saveSoon(SNAPSHOT_DELAY_MS);
  }

  private applyDelta(delta: LibraryDelta): void {
    for (const key of delta.removed) this.index.remove(key);
    for (const paper of delta.upserted) this.index.upsert(paper);
  }

  /**
   * {@link enqueue} for a task that changes the library, under `keyFormat`: counted in
   * {@link changesWaiting} from now (or since {@link beginScan} `announced` it) until it starts.
   */
  private enqueueChange<T>(keyFormat: string, task: () => Promise<T>, announced = false): Promise<T | undefined> {
    if (!announced) this.changesWaiting++;
    return this.enqueue(() => {
      this.changesWaiting--;
      this.keyFormat = keyFormat;
      return task();
    });
  }

  /** Runs tasks one after another; a failing task is logged (its caller gets undefined) and does not stop later ones. */
  private enqueue<T>(task: () => Promise<T>): Promise<T | undefined> {
    const run = this.queue.then(task).then(undefined, (error: unknown) => {
      this.host.log.error(`Indexing failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return undefined;
    });
    this.queue = run;
    return run;
  }
}
