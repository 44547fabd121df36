/** The workspace's paper library as the extension host sees it: found here, kept in the library worker. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_KEY_FORMAT } from '../core/citeKeys';
import type { Paper, Problem } from '../core/model';
import type { GroupBy, PaperRow, SortBy } from '../core/paperGroups';
import type { SearchHit } from '../core/searchIndex';
import type { IndexUpdate, LibraryEvent, LibrarySummary } from '../indexer/libraryProtocol';
import { DumpReport } from './dumpReport';
import { candidateOf, changedCandidates, findCandidates, isCandidate, readScanSettings, type LocatedEntry } from './dumpScanner';
import { watchWorkspace } from './dumpWatcher';
import { LibraryWorkerLink } from './libraryWorkerLink';
import type { DumpInfo, IndexState, LocatedGroup, PaperLibrary } from './paperLibrary';

const keyFormatSetting = (): string => vscode.workspace.getConfiguration('litnotes.citation').get<string>('keyFormat') ?? DEFAULT_KEY_FORMAT;

/**
 * Implements {@link PaperLibrary}. The library itself (parses, papers, search index, the caches
 * persisted in `storage`) lives in the library worker, so the extension host's heap stays small
 * and its garbage collections short; this side searches the workspace, watches it, asks the
 * worker and shows what it reports (see libraryProtocol.ts). `start()` returns at once.
 * `onDidChange` also fires when a full scan starts, so views can show the indexing state.
 */
export class LibraryService implements PaperLibrary, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly updated = new vscode.EventEmitter<IndexUpdate>();
  /** Fires after every update (full scan or changed files) with what it read and dropped. */
  readonly onDidUpdate = this.updated.event;
  private readonly report: DumpReport;
  private readonly worker: LibraryWorkerLink;
  /** The parses persisted between sessions (for tests: where, and when written). */
  readonly store: { file: string | undefined; whenSaved(): Promise<void> };
  /** The library snapshot persisted between sessions (for tests). */
  readonly snapshots: { whenSaved(): Promise<void>; saveSoon(delayMs: number): void };
  private summary: LibrarySummary = { paperCount: 0, fromSnapshot: false, dumps: [], files: [] };
  private shown: { dumps: DumpInfo[]; problems: (Problem & { uri: vscode.Uri })[] } = { dumps: [], problems: [] };
  private settings = readScanSettings();
  private keyFormat = keyFormatSetting();
  /** Bumped by every full scan; only the latest one's end makes the library ready. */
  private generation = 0;
  private progress: vscode.Progress<{ message?: string }> | undefined;
  private resolveReady!: () => void;
  private readonly ready = new Promise<void>((resolve) => (this.resolveReady = resolve));
  private watcher: vscode.Disposable | undefined;
  private readonly subscriptions: vscode.Disposable[];
  private current: IndexState = 'indexing';
  /** Requests that change the library, sent in the order they were made (a scan's files are found first). */
  private sending: Promise<unknown> = Promise.resolve();

  /**
   * `storage`: the folder parses and the snapshot persist in (none, or not on disk: they do not);
   * `workerScript`: the library worker to start (tests give one that stops when told).
   */
  constructor(private readonly output: vscode.LogOutputChannel, storage?: vscode.Uri, workerScript?: string) {
    this.report = new DumpReport(output);
    const folder = storage?.scheme === 'file' ? storage.fsPath : undefined;
    this.worker = new LibraryWorkerLink(folder, output, {
      onEvent: (event) => this.onEvent(event),
      onRestarted: (reason) => this.restarted(reason),
      onStopped: (reason) => this.stopped(reason),
      judge: (uri) => (isCandidate(uri, this.settings) ? candidateOf(uri, this.settings) : null),
    }, workerScript);
    this.store = { file: folder && path.join(folder, 'parse-cache.bin'), whenSaved: () => this.worker.ask('whenParsesSaved') };
    this.snapshots = { whenSaved: () => this.worker.ask('whenSnapshotSaved'), saveSoon: (delayMs) => this.worker.tell('saveSnapshotSoon', delayMs) };
    this.subscriptions = [
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

  /** Starts watching, and the worker: restoring the snapshot, loading the persisted parses and the first scan. */
  start(): void {
    void vscode.commands.executeCommand('setContext', 'litnotes.state', this.state);
    void vscode.commands.executeCommand('setContext', 'litnotes.paperCount', 0);
    this.watch();
    this.worker.tell('start', this.keyFormat);
    void this.reindex(false);
  }

  /** Whether the papers served are the last session's snapshot, not yet checked against the dumps by a scan. */
  get fromSnapshot(): boolean {
    return this.summary.fromSnapshot;
  }

  get state(): IndexState {
    return this.current;
  }

  get paperCount(): number {
    return this.summary.paperCount;
  }

  /** Whether the library lives in its worker thread, apart from the extension host's heap. */
  get offThread(): boolean {
    return this.worker.offThread;
  }

  /** Whether dumps are parsed in parse worker threads (for tests and the output). */
  parsesOffThread(): Promise<boolean> {
    return this.worker.ask('parsesOffThread');
  }

  whenReady(): Promise<void> {
    return this.ready;
  }

  /** Whether a parse worker remembers the last parse of this file, so that a change is read again in part (for tests). */
  remembers(uri: vscode.Uri): Promise<boolean> {
    return this.worker.ask('remembers', uri.toString());
  }

  /** Warms up the parse workers' code for reading a changed dump again, in the background (see `warmUp.ts`). */
  warmUpParsers(): void {
    this.worker.tell('warmUpParsers');
  }

  /** The dump changed last: the likeliest to change next. */
  latestDump(): vscode.Uri | undefined {
    const dumps = this.summary.files.filter((f) => f.entries > 0);
    const latest = dumps.reduce<(typeof dumps)[number] | undefined>((a, f) => (!a || f.mtime > a.mtime ? f : a), undefined);
    return latest && vscode.Uri.parse(latest.uri);
  }

  /**
   * A dump about to be edited (opened in an editor): parsed in the background, so its next change
   * is read again in part (see `primeDump`). Returns whether `uri` is a dump.
   */
  prime(uri: vscode.Uri): boolean {
    if (!this.isDump(uri)) return false;
    this.worker.tell('prime', candidateOf(uri, this.settings));
    return true;
  }

  async get(key: string): Promise<Paper | undefined> {
    return this.worker.ask('get', key);
  }

  async unknownKeys(keys: readonly string[]): Promise<Set<string>> {
    return new Set(keys.length === 0 ? [] : await this.worker.ask('unknownKeys', [...keys]));
  }

  closestKey(key: string): Promise<string | undefined> {
    return this.worker.ask('closestKey', key);
  }

  search(query: string, limit: number): Promise<SearchHit[]> {
    return this.worker.ask('search', query, limit);
  }

  complete(typed: string, limit: number): Promise<SearchHit[]> {
    return this.worker.ask('complete', typed, limit);
  }

  async entriesOf(key: string): Promise<readonly LocatedEntry[]> {
    return (await this.worker.ask('entriesOf', key)).map((o) => ({ ...o, uri: vscode.Uri.parse(o.uri) }));
  }

  async groups(by: GroupBy): Promise<readonly LocatedGroup[]> {
    return (await this.worker.ask('groups', by)).map(({ uri, ...group }) => ({ ...group, uri: uri === undefined ? undefined : vscode.Uri.parse(uri) }));
  }

  rankIn(by: GroupBy, label: string, sort: SortBy, key: string): Promise<number> {
    return this.worker.ask('rankIn', by, label, sort, key);
  }

  papersIn(by: GroupBy, label: string, sort: SortBy, from: number, count: number): Promise<readonly PaperRow[]> {
    return this.worker.ask('papersIn', by, label, sort, from, count);
  }

  /** Every paper (for tests: with a large library this copies it whole into the host's heap, which features never do). */
  papers(): Promise<readonly Paper[]> {
    return this.worker.ask('papers');
  }

  dumps(): readonly DumpInfo[] {
    return this.shown.dumps;
  }

  problems(): readonly (Problem & { uri: vscode.Uri })[] {
    return this.shown.problems;
  }

  /** Re-scans the whole workspace; `force` (the default) re-reads files whose cached or persisted parse looks current. */
  reindex(force = true): Promise<void> {
    if (this.current === 'stopped') {
      this.worker.revive();
      this.worker.tell('start', this.keyFormat);
    }
    const generation = ++this.generation;
    this.setState('indexing');
    this.worker.tell('beginScan', generation);
    const sent = this.inOrder(async () => {
      const started = Date.now();
      let candidates = null;
      try {
        this.settings = readScanSettings();
        this.keyFormat = keyFormatSetting();
        candidates = (await findCandidates(this.settings)).map((uri) => candidateOf(uri, this.settings));
      } catch (error) {
        this.output.error(`Indexing failed: could not search the workspace for dumps: ${error instanceof Error ? error.message : String(error)}`);
      }
      return { done: this.worker.ask('scan', generation, candidates, force, this.keyFormat, Date.now() - started) };
    });
    const where = { location: vscode.ProgressLocation.Window, title: 'Indexing papers' };
    return Promise.resolve(vscode.window.withProgress(where, async (progress) => {
      this.progress = progress;
      try {
        if (await (await sent).done) this.resolveReady();
      } catch (error) {
        // The worker stopped during the scan: `restarted` scans again, or `stopped` says so.
        this.output.debug(`scan: ${String(error)}`);
      } finally {
        if (this.progress === progress) this.progress = undefined;
      }
    }));
  }

  /**
   * Sends what `prepare` makes after every request made before it was sent (their files found
   * first: a watcher batch must not overtake the scan asked before it); resolves once it is sent,
   * with its answer to wait for (wrapped, so that awaiting the sending does not wait for it).
   */
  private inOrder<T>(prepare: () => Promise<{ done: Promise<T> }>): Promise<{ done: Promise<T> }> {
    const next = this.sending.then(prepare);
    this.sending = next.catch(() => undefined);
    return next;
  }

  dispose(): void {
    this.generation++;
    this.watcher?.dispose();
    this.worker.dispose();
    for (const d of this.subscriptions) d.dispose();
  }

  /** A new worker runs: it restores the snapshot the last one saved, and scans. */
  private restarted(reason: string): void {
    this.output.error(`Indexing restarted: ${reason}.`);
    this.worker.tell('start', this.keyFormat);
    void this.reindex(false);
  }

  /** The worker stopped too often: indexing stops, and says so, until Re-index. */
  private stopped(reason: string): void {
    this.output.error(`Indexing stopped: ${reason}. Re-index Paper Dumps (or reload the window) to start it again.`);
    this.setState('stopped');
    void vscode.window.showErrorMessage(`Literature Notes stopped indexing: ${reason}.`, 'Re-index', 'Show Output').then((choice) => {
      if (choice === 'Re-index') void vscode.commands.executeCommand('litnotes.reindex');
      else if (choice === 'Show Output') this.output.show(true);
    });
  }

  private onEvent(event: LibraryEvent): void {
    if (event.type === 'log') this.output[event.level](event.message);
    else if (event.type === 'progress') this.progress?.report({ message: event.message });
    else if (event.type === 'restored') {
      this.show(event.summary);
      void vscode.commands.executeCommand('setContext', 'litnotes.paperCount', event.summary.paperCount);
      this.setState('ready', false);
      this.changed.fire();
    } else {
      const { update, reports, merged, scanned, summary } = event;
      this.show(summary);
      if (scanned === this.generation) this.setState('ready', false);
      this.report.logFiles(reports);
      this.report.logUpdate(update, summary.files.length, summary.files.reduce((n, f) => n + f.problems.length, 0));
      this.updated.fire(update);
      this.report.publish(summary.files);
      if (!merged) return;
      void vscode.commands.executeCommand('setContext', 'litnotes.paperCount', update.papers);
      this.changed.fire();
    }
  }

  private show(summary: LibrarySummary): void {
    this.summary = summary;
    this.shown = {
      dumps: summary.dumps.map((d) => ({ ...d, uri: vscode.Uri.parse(d.uri) })),
      problems: summary.files.flatMap((f) => f.problems.map((p) => ({ ...p, uri: vscode.Uri.parse(f.uri) }))),
    };
  }

  private isDump(uri: vscode.Uri): boolean {
    const id = uri.toString();
    return this.summary.files.some((f) => f.uri === id && f.entries > 0);
  }

  /** Re-scans when the scan settings of any folder really changed (VS Code also reports unchanged ones); re-keys on a new key format. */
  private onConfiguration(e: vscode.ConfigurationChangeEvent): void {
    if (!e.affectsConfiguration('litnotes') && !e.affectsConfiguration('files.exclude')) return;
    if (JSON.stringify(readScanSettings()) !== JSON.stringify(this.settings)) void this.reindex(false);
    else if (keyFormatSetting() !== this.keyFormat) {
      const keyFormat = (this.keyFormat = keyFormatSetting());
      void this.inOrder(async () => ({ done: this.worker.ask('rekey', keyFormat) })).then(({ done }) => done).catch((error) => this.output.debug(`rekey: ${String(error)}`));
    }
  }

  /** Re-reads the candidates among a watcher batch (and the worker drops the dumps of a folder gone); nothing else is read. */
  private async applyChanges(uris: readonly vscode.Uri[]): Promise<void> {
    if (this.current === 'stopped') return; // Re-index reads the workspace again
    const sent = await this.inOrder(async () => {
      const candidates = (await changedCandidates(uris, this.settings)).map((uri) => candidateOf(uri, this.settings));
      return { done: this.worker.ask('applyChanges', uris.map((uri) => uri.toString()), candidates, this.keyFormat) };
    });
    await sent.done;
  }

  private watch(): void {
    this.watcher?.dispose();
    this.watcher = watchWorkspace(
      (uris) => void this.applyChanges(uris).catch((error) => this.output.error(`Indexing failed: ${String(error)}`)),
      (uri) => this.isDump(uri) && this.worker.tell('readAhead', uri.toString()),
    );
  }

  private setState(state: IndexState, notify = true): void {
    if (this.current === state) return;
    this.current = state;
    void vscode.commands.executeCommand('setContext', 'litnotes.state', state);
    if (notify) this.changed.fire();
  }
}
