/**
 * The library snapshot in the extension's storage folder: the papers and the search index as last
 * built, restored at start when every file it was made from is as it was (same sizes, mtimes, size
 * limits, still a candidate; same key format and parser), so search, completion and the tree
 * answer before the scan has run; the scan then adds files that are new since.
 * A missing, stale or damaged snapshot is skipped (the reason logged) and rewritten after the scan.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeSnapshot, encodeSnapshot, headerArrived, snapshotSource, type LibrarySnapshot, type SnapshotDump, type SnapshotSource } from '../core/librarySnapshot';
import { PaperIndex } from '../core/searchIndex';
import { runSliced, yieldToEventLoop } from '../core/slices';
import { ArrivingFile } from './arrivingFile';
import { stampOf, type Candidate, type FileAccess, type ScannedFile } from './dumpFiles';
import type { Log } from './libraryProtocol';
import { sameStamp, type Stamp } from './parseCache';

/** Thrown by a save's `pause` to give the save up (see `SnapshotStore.save`): something more urgent waits. */
export class SavePostponed extends Error {}

/** A snapshot restored, ready to serve. */
export interface Restored {
  snapshot: LibrarySnapshot;
  index: PaperIndex;
  /** The URI of each dump, by its `file` name. */
  uriOf: Map<string, string>;
}

/** Which of these URIs are dump candidates now: each one's name and size limit, or null (the extension host knows the settings). */
export type JudgeCandidates = (uris: string[]) => Promise<(Candidate | null)[]>;

export class SnapshotStore {
  /** The snapshot file, or undefined when nothing persists (no local storage folder). */
  readonly file: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** A save is due or running. */
  private requested = false;
  private disposed = false;
  /** The snapshot files being written, one after another. */
  private writing: Promise<void> = Promise.resolve();

  /** `due` runs when a delayed save is due; it should call {@link save} when no update is running. */
  constructor(
    private readonly storage: string | undefined,
    private readonly output: Log,
    private readonly due: () => void,
  ) {
    this.file = storage && path.join(storage, 'library-snapshot.bin');
  }

  /** The snapshot, decoded and indexed in slices, when it is current for the workspace; else null. */
  async restore(keyFormat: string, files: FileAccess, judge: JudgeCandidates): Promise<Restored | null> {
    if (!this.file) return null;
    const started = Date.now();
    let file: ArrivingFile;
    try {
      file = await ArrivingFile.open(this.file);
    } catch {
      return null; // none yet
    }
    try {
      // The stamps first, from the header: a stale snapshot is not worth reading on.
      await headerArrived(file.bytes, file);
      const source = snapshotSource(file.bytes);
      const stale = typeof source === 'string' ? source : await this.staleness(source, keyFormat, files, judge);
      if (stale) file.stop();
      // Decoded as it arrives: the rest of the file is read meanwhile.
      const snapshot = stale ? stale : await runSliced(decodeSnapshot(file.bytes, file), yieldToEventLoop);
      if (typeof snapshot === 'string') throw new Error(snapshot);
      const index = await runSliced(PaperIndex.fromDataSteps(snapshot.papers, snapshot.index), yieldToEventLoop);
      const uriOf = new Map(snapshot.dumps.map((d) => [d.file, d.uri]));
      this.output.info(`Library snapshot: ${snapshot.papers.length} papers restored in ${Date.now() - started} ms (${(file.bytes.length / 1048576).toFixed(1)} MB)`);
      return { snapshot, index, uriOf };
    } catch (error) {
      file.stop();
      this.output.info(`Library snapshot not used: ${(error as Error).message}; indexing from the dumps`);
      return null;
    }
  }

  /**
   * Saves the snapshot `make` gives (none: nothing to save), encoded in slices with `pause`
   * between them (also once before `make` starts, which should pause with it too), then written to a temporary file and
   * renamed in the background ({@link whenSaved} waits for it). A `pause` that throws
   * {@link SavePostponed} gives the save up, writing nothing: then this resolves false.
   */
  async save(make: () => Promise<LibrarySnapshot | null>, pause: () => Promise<void> = yieldToEventLoop): Promise<boolean> {
    clearTimeout(this.timer);
    const started = Date.now();
    try {
      if (!this.file || !this.storage) return true;
      await pause();
      const snapshot = await make();
      if (snapshot) this.writeLater(this.file, this.storage, await runSliced(encodeSnapshot(snapshot), pause), started);
      return true;
    } catch (error) {
      if (!(error instanceof SavePostponed)) this.output.warn(`Library snapshot not saved: ${(error as Error)?.message ?? String(error)}`);
      else this.output.info(`Library snapshot postponed after ${Date.now() - started} ms: ${error.message}`);
      return !(error instanceof SavePostponed);
    } finally {
      this.requested = false;
    }
  }

  /** Writes the encoded snapshot after any write still running, without holding the caller. */
  private writeLater(file: string, storage: string, parts: Uint8Array[], started: number): void {
    this.writing = this.writing.then(async () => {
      if (this.disposed) return;
      try {
        const temporary = `${file}.${process.pid}.tmp`;
        await mkdir(storage, { recursive: true });
        await writeFile(temporary, parts);
        await rename(temporary, file);
        this.output.info(`Library snapshot saved in ${Date.now() - started} ms`);
      } catch (error) {
        this.output.warn(`Library snapshot not saved: ${(error as Error)?.message ?? String(error)}`);
      }
    });
  }

  /** Calls `due` in `delayMs` unless called again meanwhile. */
  saveSoon(delayMs: number): void {
    clearTimeout(this.timer);
    if (!this.file || this.disposed) return;
    this.requested = true;
    this.timer = setTimeout(this.due, delayMs);
  }

  /** Resolves once no save is due or running, and every snapshot saved is written. */
  async whenSaved(): Promise<void> {
    while (this.requested) await new Promise((resolve) => setTimeout(resolve, 25));
    await this.writing;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.requested = false;
    this.disposed = true;
  }

  /**
   * Why the snapshot does not describe its files now, or '' when it does: each must still be a
   * candidate with the same stamp. Files that became candidates since are not looked for here (a
   * workspace search takes VS Code long while it starts); the scan that follows adds them.
   */
  private async staleness(snapshot: SnapshotSource, keyFormat: string, files: FileAccess, judge: JudgeCandidates): Promise<string> {
    if (snapshot.keyFormat !== keyFormat) return 'the citation key format changed';
    const uris = snapshot.dumps.map((d) => d.uri);
    const candidates = await judge(uris);
    const excluded = uris.find((_, i) => !candidates[i]);
    if (excluded) return `${shown(excluded)} is no longer a dump candidate`;
    const stamps = await Promise.all(candidates.map((c) => stampOf(files, c as Candidate)));
    const changed = uris.find((_, i) => !stamps[i] || !sameStamp(snapshot.dumps[i].stamp as unknown as Stamp, stamps[i]));
    return changed ? `${shown(changed)} changed` : '';
  }
}

/** What the snapshot records of the scanned files. */
export function snapshotDumps(files: readonly ScannedFile[], topics: ReadonlyMap<string, string>): SnapshotDump[] {
  return files.map((f) => ({
    uri: f.uri,
    file: f.parsed.file,
    stamp: { ...f.stamp },
    topic: topics.get(f.parsed.file) ?? '',
    layout: f.parsed.layout,
    entries: f.parsed.entries.length,
  }));
}

/** Whether the scanned files are exactly the snapshot's dumps, each with the same stamp. */
export function sameDumps(snapshot: LibrarySnapshot, files: readonly ScannedFile[]): boolean {
  const saved = new Map(snapshot.dumps.map((d) => [d.uri, d.stamp as unknown as Stamp]));
  return files.length === saved.size && files.every((f) => {
    const old = saved.get(f.uri);
    return old !== undefined && sameStamp(old, f.stamp);
  });
}

/** A URI as the log shows it: the path of a `file:` URI, else the URI. */
function shown(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
}
