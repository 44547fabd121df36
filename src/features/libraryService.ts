/** The workspace's paper library, kept current in the background: scan, parse, merge, index. */
import * as vscode from 'vscode';
import { LibraryState, type LibraryDelta } from '../core/libraryState';
import { runInLanes, runSliced, yieldToEventLoop } from '../core/slices';
import { closestKey } from '../core/citationContext';
import { DEFAULT_KEY_FORMAT } from '../core/citeKeys';
import type { Paper, Problem } from '../core/model';
import { groupPapers, sortPapers, type GroupBy, type SortBy } from '../core/paperGroups';
import { PaperIndex, rankForCompletion, type SearchHit } from '../core/searchIndex';
import { DumpReport, type IndexUpdate } from './dumpReport';
import { ParserPool } from '../indexer/parserPool';
import { changedCandidates, findCandidates, isCandidate, maxBytesOf, primeDump, readScanSettings, scanFile, type LocatedEntry, type ScannedFile } from './dumpScanner';
import { watchWorkspace } from './dumpWatcher';
import type { DumpInfo, IndexState, LocatedGroup, PaperLibrary } from './paperLibrary';
import { ParseStore } from './parseStore';
import { SavePostponed, sameDumps, snapshotDumps, SnapshotStore, type Restored } from './snapshotStore';

/** What an update read: files parsed, taken from the persisted parses, and dropped; a full scan's search time. */
type Scan = { full: boolean; parsed: ScannedFile[]; fromCache: ScannedFile[]; removed: string[]; searchMs?: number };

const citationKeyFormat = (): string | undefined => vscode.workspace.getConfiguration('litnotes.citation').get<string>('keyFormat');

/** How long after a watcher update the library snapshot is saved (later updates push it back). */
const SNAPSHOT_DELAY_MS = 10_000;

/**
 * Implements {@link PaperLibrary}. `start()` returns at once; files are read and parsed a few at a
 * time (two per parse worker), one per event-loop turn. Unless forced, a full scan keeps unchanged files (same stamp: size, mtime, size
 * limit, name) from its cache, or else takes them from the parses persisted in `storage` by an
 * earlier session; watcher batches re-read only the files that changed. `onDidChange` also fires
 * when a full scan starts, so views can show the indexing state.
 */
export class LibraryService implements PaperLibrary, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly updated = new vscode.EventEmitter<IndexUpdate>();
  /** Fires after every update (full scan or changed files) with what it read and dropped. */
  readonly onDidUpdate = this.updated.event;
  private readonly report: DumpReport;
  /** Parses in worker threads, so large dumps never block the extension host. */
  private readonly parser: ParserPool;
  /** The parses persisted between sessions (in the parse workers). */
  readonly store: ParseStore;
  /** The library as last built, persisted between sessions. */
  readonly snapshots: SnapshotStore;
  /** The last session's library, served until the first scan has merged the dumps again. */
  private restored: Restored | null = null;
  private readonly files = new Map<string, ScannedFile>();
  private merged = new LibraryState(citationKeyFormat());
  private index = new PaperIndex();
  /** The URI of each merged dump, by its `file` name. */
  private uriOf = new Map<string, vscode.Uri>();
  private settings = readScanSettings();
  /** Bumped by every full scan; an older scan stops when it sees a newer one. */
  private generation = 0;
  private queue: Promise<void> = Promise.resolve();
  /** Changes (rescans, watcher batches) waiting in the queue: a snapshot save gives way to them. */
  private changesWaiting = 0;
  private resolveReady!: () => void;
  private readonly ready = new Promise<void>((resolve) => (this.resolveReady = resolve));
  private watcher: vscode.Disposable | undefined;
  private readonly subscriptions: vscode.Disposable[];
  private current: IndexState = 'indexing';
  private grouping: { papers: readonly Paper[]; uriOf: ReadonlyMap<string, vscode.Uri>; by: GroupBy; groups: Map<string, Paper[]> } | undefined;

  /** `storage`: the folder parses persist in (none: they do not). */
  constructor(private readonly output: vscode.LogOutputChannel, storage?: vscode.Uri) {
    this.report = new DumpReport(output);
    this.parser = new ParserPool(undefined, undefined, (reason) => output.warn(`${reason}; parsing on the extension host instead, without a parse cache.`));
    this.store = new ParseStore(this.parser, storage, output, () => void this.enqueue(async () => this.store.save(this.files.keys())));
    this.snapshots = new SnapshotStore(storage, output, () => void this.enqueue(() => this.saveSnapshot()));
    this.subscriptions = [
      this.store,
      this.snapshots,
      { dispose: () => this.parser.dispose() },
      this.changed,
      this.updated,
      this.report,
      vscode.workspace.onDidChangeConfiguration((e) => this.onConfiguration(e)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.watch();
        void this.reindex(false);
      }),
    ];
  }

  /** Starts watching, restoring the library snapshot, loading the persisted parses and the first scan in the background. */
  start(): void {
    void vscode.commands.executeCommand('setContext', 'litnotes.state', this.state);
    void vscode.commands.executeCommand('setContext', 'litnotes.paperCount', 0);
    this.watch();
    this.store.load();
    void this.enqueue(() => this.restore());
    void this.reindex(false);
  }

  /** Whether the papers served are the last session's snapshot, not yet checked against the dumps by a scan. */
  get fromSnapshot(): boolean {
    return this.restored !== null;
  }

  get state(): IndexState {
    return this.current;
  }

  /** Whether dumps are parsed in the worker thread (for tests and the output). */
  get parsesOffThread(): boolean {
    return this.parser.offThread;
  }

  whenReady(): Promise<void> {
    return this.ready;
  }

  /** Whether a parse worker remembers the last parse of this file, so that a change is read again in part (for tests). */
  remembers(uri: vscode.Uri): boolean {
    const file = this.files.get(uri.toString());
    return file !== undefined && this.parser.remembers(file.parsed.file);
  }

  /** Warms up the parse workers' code for reading a changed dump again, in the background (see `warmUp.ts`). */
  warmUpParsers(): void {
    this.parser.warmUp().catch((error) => this.output.debug(`Could not warm up the parse workers: ${String(error)}`));
  }

  /** The dump changed last: the likeliest to change next. */
  latestDump(): vscode.Uri | undefined {
    let latest: ScannedFile | undefined;
    for (const f of this.files.values()) if (f.parsed.entries.length > 0 && (!latest || f.stamp.mtime > latest.stamp.mtime)) latest = f;
    return latest?.uri;
  }

  /**
   * A dump about to be edited (opened in an editor): parsed in the background, so its next change
   * is read again in part (see `primeDump`). Returns whether `uri` is a dump.
   */
  prime(uri: vscode.Uri): boolean {
    if (!this.files.get(uri.toString())?.parsed.entries.length) return false;
    primeDump(uri, maxBytesOf(uri, this.settings), this.parser).catch((error) => this.output.debug(`Could not prime ${uri.fsPath}: ${String(error)}`));
    return true;
  }

  get paperCount(): number {
    return this.served().length;
  }

  async papers(): Promise<readonly Paper[]> {
    return this.served();
  }

  async get(key: string): Promise<Paper | undefined> {
    return this.paper(key);
  }

  async unknownKeys(keys: readonly string[]): Promise<Set<string>> {
    return new Set(keys.filter((key) => !this.paper(key)));
  }

  async closestKey(key: string): Promise<string | undefined> {
    const papers = this.served();
    return closestKey(key, (function* () {
      for (const paper of papers) yield paper.key;
    })()) ?? undefined;
  }

  async search(query: string, limit: number): Promise<SearchHit[]> {
    return this.index.search(query, { limit });
  }

  async complete(typed: string, limit: number): Promise<SearchHit[]> {
    return rankForCompletion(this.index, typed, limit);
  }

  async entriesOf(key: string): Promise<readonly LocatedEntry[]> {
    const paper = this.paper(key);
    if (!paper) return [];
    return paper.occurrences.flatMap((o) => {
      const uri = this.uriOf.get(o.file);
      return uri ? [{ ...o, uri }] : [];
    });
  }

  async groups(by: GroupBy): Promise<readonly LocatedGroup[]> {
    return [...this.grouped(by)].map(([label, papers]) => ({ label, count: papers.length, uri: by === 'file' ? this.uriOf.get(label) : undefined }));
  }

  async papersIn(by: GroupBy, label: string, sort: SortBy): Promise<readonly Paper[]> {
    return sortPapers(this.grouped(by).get(label) ?? [], sort);
  }

  dumps(): readonly DumpInfo[] {
    const restored = this.restored;
    if (restored) return restored.snapshot.dumps.filter((d) => d.entries > 0).map((d) => ({ ...d, uri: restored.uriOf.get(d.file) as vscode.Uri }));
    return [...this.files.values()]
      .filter((f) => f.parsed.entries.length > 0)
      .map((f) => ({ uri: f.uri, topic: this.merged.topics.get(f.parsed.file) ?? '', layout: f.parsed.layout, entries: f.parsed.entries.length }));
  }

  problems(): readonly (Problem & { uri: vscode.Uri })[] {
    return [...this.files.values()].flatMap((f) => f.parsed.problems.map((p) => ({ ...p, uri: f.uri })));
  }

  /** Re-scans the whole workspace; `force` (the default) re-reads files whose cached or persisted parse looks current. */
  reindex(force = true): Promise<void> {
    const generation = ++this.generation;
    this.setState('indexing');
    const where = { location: vscode.ProgressLocation.Window, title: 'Indexing papers' };
    return this.enqueueChange(() => vscode.window.withProgress(where, (progress) => this.scanAll(generation, force, progress)));
  }

  dispose(): void {
    this.generation++;
    this.watcher?.dispose();
    for (const d of this.subscriptions) d.dispose();
  }

  /** The papers served: the last session's snapshot until the first scan merged the dumps. */
  private served(): readonly Paper[] {
    return this.restored?.snapshot.papers ?? this.merged.papers;
  }

  private paper(key: string): Paper | undefined {
    return this.restored ? this.index.get(key) : this.merged.byKey.get(key);
  }

  /** The papers grouped for the tree, kept until the papers or their dumps change. */
  private grouped(by: GroupBy): Map<string, Paper[]> {
    const papers = this.served();
    const uriOf = this.uriOf;
    const last = this.grouping;
    if (last?.papers === papers && last.uriOf === uriOf && last.by === by) return last.groups;
    const groups = groupPapers(papers, by, (file) => uriOf.has(file));
    this.grouping = { papers, uriOf, by, groups };
    return groups;
  }

  private async scanAll(generation: number, force: boolean, progress: vscode.Progress<{ message?: string }>): Promise<void> {
    const started = Date.now();
    this.settings = readScanSettings();
    const uris = await findCandidates(this.settings);
    const searchMs = Date.now() - started;
    const results: Awaited<ReturnType<typeof scanFile>>[] = [];
    let done = 0;
    const scanOne = async (i: number): Promise<void> => {
      const reuse = force ? undefined : { cached: this.files.get(uris[i].toString()), store: this.store };
      results[i] = await scanFile(uris[i], maxBytesOf(uris[i], this.settings), this.parser, reuse);
      progress.report({ message: `${++done}/${uris.length}` });
    };
    // Each worker gets two files at a time: it parses one while the next is read and the last decoded.
    await runInLanes(2 * this.parser.size, uris.length, scanOne, yieldToEventLoop, () => generation !== this.generation);
    if (generation !== this.generation) return;
    const next = new Map<string, ScannedFile>();
    const scan: Scan = { full: true, parsed: [], fromCache: [], removed: [], searchMs };
    for (const [i, scanned] of results.entries()) {
      if (scanned && scanned.source !== 'memory') (scanned.source === 'read' ? scan.parsed : scan.fromCache).push(scanned.file);
      if (scanned) next.set(uris[i].toString(), scanned.file);
    }
    scan.removed = [...this.files.values()].filter((f) => !next.has(f.uri.toString())).map((f) => f.parsed.file);
    this.files.clear();
    for (const [key, file] of next) this.files.set(key, file);
    this.store.save(this.files.keys());
    this.setState('ready', false);
    await this.update(scan, started, true);
    this.resolveReady();
  }

  /** Re-reads the candidate files among a watcher batch; nothing else is read. */
  private async applyChanges(uris: readonly vscode.Uri[]): Promise<void> {
    const started = Date.now();
    const parsed: ScannedFile[] = [];
    const removed: ScannedFile[] = [];
    const targets = await changedCandidates(uris, [...this.files.values()].map((f) => f.uri), this.settings);
    for (const uri of targets.values()) {
      const key = uri.toString();
      const old = this.files.get(key);
      const scanned = isCandidate(uri, this.settings) ? (await scanFile(uri, maxBytesOf(uri, this.settings), this.parser, undefined, true, old))?.file : null;
      if (scanned) {
        this.files.set(key, scanned);
        parsed.push(scanned);
      } else if (old) {
        this.files.delete(key);
        removed.push(old);
      }
      await yieldToEventLoop();
    }
    if (parsed.length + removed.length === 0) return;
    this.store.saveSoon();
    // Files that neither were nor are dumps change nothing but their problems.
    const merge = parsed.some((f) => f.parsed.entries.length > 0 || this.merged.topics.has(f.parsed.file)) || removed.some((f) => f.parsed.entries.length > 0);
    await this.update({ full: false, parsed, fromCache: [], removed: removed.map((f) => f.parsed.file) }, started, merge);
  }

  /** Merges the cached parses into papers (when `merge`), syncs the search index, reports, and notifies. */
  private async update(scan: Scan, started: number, merge: boolean): Promise<void> {
    const files = [...this.files.values()];
    if (merge && (await this.merge(files))) this.snapshots.saveSoon(scan.full ? 0 : SNAPSHOT_DELAY_MS);
    const dumps = files.filter((f) => f.parsed.entries.length > 0).length;
    const problems = files.reduce((n, f) => n + f.parsed.problems.length, 0);
    const names = (list: ScannedFile[]) => list.map((f) => f.parsed.file);
    const update = { ...scan, parsed: names(scan.parsed), fromCache: names(scan.fromCache), papers: this.merged.papers.length, dumps, ms: Date.now() - started };
    this.report.logFiles([...scan.parsed, ...scan.fromCache], this.merged.topics);
    this.report.logUpdate(update, files.length, problems);
    this.updated.fire(update);
    this.report.publish(files);
    if (!merge) return;
    void vscode.commands.executeCommand('setContext', 'litnotes.paperCount', update.papers);
    this.changed.fire();
  }

  /**
   * Brings the library and the search index in line with the scanned files. A first build, a
   * new key format or a change touching many dumps builds a new library and index aside, in
   * slices, and swaps them in; otherwise only the changed dumps are merged again, in place.
   * A restored snapshot keeps its index when the dumps are the ones it was made from. Returns
   * whether the papers may have changed.
   */
  private async merge(files: readonly ScannedFile[]): Promise<boolean> {
    const format = citationKeyFormat() ?? DEFAULT_KEY_FORMAT;
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
  private async restore(): Promise<void> {
    const restored = await this.snapshots.restore(citationKeyFormat() ?? DEFAULT_KEY_FORMAT, this.settings);
    if (!restored || this.index.size > 0) return;
    this.restored = restored;
    this.index = restored.index;
    this.uriOf = restored.uriOf;
    void vscode.commands.executeCommand('setContext', 'litnotes.paperCount', restored.snapshot.papers.length);
    this.setState('ready', false);
    this.changed.fire();
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

  /** Re-scans when the scan settings of any folder really changed (VS Code also reports unchanged ones); re-keys on a new key format. */
  private onConfiguration(e: vscode.ConfigurationChangeEvent): void {
    if (!e.affectsConfiguration('litnotes') && !e.affectsConfiguration('files.exclude')) return;
    if (JSON.stringify(readScanSettings()) !== JSON.stringify(this.settings)) void this.reindex(false);
    else if ((citationKeyFormat() ?? DEFAULT_KEY_FORMAT) !== this.merged.keyFormat) void this.enqueueChange(async () => this.update({ full: false, parsed: [], fromCache: [], removed: [] }, Date.now(), true));
  }

  /** A dump a watcher reports changed: its parse worker reads what the change will be read against meanwhile (see `ParserPool.prefetch`). */
  private readAhead(uri: vscode.Uri): void {
    const file = this.files.get(uri.toString());
    if (!file?.parsed.entries.length || this.parser.remembers(file.parsed.file)) return;
    this.parser.prefetch(uri.toString(), file.stamp).catch((error) => this.output.debug(`Could not read ahead ${uri.fsPath}: ${String(error)}`));
  }

  private watch(): void {
    this.watcher?.dispose();
    this.watcher = watchWorkspace(
      (uris) => void this.enqueueChange(() => this.applyChanges(uris)),
      (uri) => this.readAhead(uri),
    );
  }

  private setState(state: IndexState, notify = true): void {
    if (this.current === state) return;
    this.current = state;
    void vscode.commands.executeCommand('setContext', 'litnotes.state', state);
    if (notify) this.changed.fire();
  }

  /** {@link enqueue} for a task that changes the library: counted in {@link changesWaiting} until it starts. */
  private enqueueChange(task: () => Thenable<void>): Promise<void> {
    this.changesWaiting++;
    return this.enqueue(() => {
      this.changesWaiting--;
      return task();
    });
  }

  /** Runs tasks one after another; a failing task is logged and does not stop later ones. */
  private enqueue(task: () => Thenable<void>): Promise<void> {
    this.queue = this.queue.then(task).then(undefined, (error: unknown) => {
      this.output.error(`Indexing failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    });
    return this.queue;
  }
}
