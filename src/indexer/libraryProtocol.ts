/**
 * What the extension host (`LibraryService`) and the library worker (`LibraryCore`) say to each
 * other: the host finds the files and shows the library; the worker reads, parses (in its parse
 * workers), merges, indexes, persists and answers questions about papers.
 */
import type { Occurrence, Paper, Problem } from '../core/model';
import type { GroupBy, PaperGroup, PaperRow, SortBy } from '../core/paperGroups';
import type { SearchHit } from '../core/searchIndex';
import type { Candidate } from './dumpFiles';

/** Where the worker's lines go: the host's output channel. */
export interface Log {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** What one (re-)index did, for the output and for tests. */
export interface IndexUpdate {
  /** True for a scan of the whole workspace. */
  full: boolean;
  /** Files (re-)read and parsed by this update. */
  parsed: string[];
  /** Files whose parse was persisted by an earlier session and is still current (not read). */
  fromCache: string[];
  /** Files dropped because they were deleted, renamed or are no longer candidates. */
  removed: string[];
  papers: number;
  dumps: number;
  ms: number;
  /** A full scan: how long VS Code's search for candidate files took, of `ms`. */
  searchMs?: number;
}

/** One scanned file as the host reports it (output, Problems panel, the dumps' list). */
export interface FileReport {
  uri: string;
  file: string;
  layout: string;
  entries: number;
  problems: Problem[];
  topic: string;
  mtime: number;
}

/** A dump served, with its topic and entry count. */
export interface DumpSummary {
  uri: string;
  topic: string;
  layout: string;
  entries: number;
}

/** The library at a glance, sent with every change. */
export interface LibrarySummary {
  paperCount: number;
  /** The papers served are the last session's snapshot, not yet checked by a scan. */
  fromSnapshot: boolean;
  dumps: DumpSummary[];
  /** Every file scanned. */
  files: FileReport[];
}

/** What the worker tells the host unasked. */
export type LibraryEvent =
  | { type: 'log'; level: keyof Log; message: string }
  | { type: 'progress'; message: string }
  | { type: 'restored'; summary: LibrarySummary }
  /** `reports`: the files read or taken from the parse cache by this update; `scanned`: the generation of a full scan that finished. */
  | { type: 'updated'; update: IndexUpdate; reports: FileReport[]; merged: boolean; scanned?: number; summary: LibrarySummary };

/** A place in a dump, with the dump's URI. */
export type LocatedOccurrence = Occurrence & { uri: string };

/** What the host asks the worker. */
export type LibraryRequests = {
  /** Starts the parse workers, loads the persisted parses and restores the snapshot (false when none was served). */
  start(keyFormat: string): boolean;
  /** Announces a full scan (its files follow in {@link scan}): older scans stop, a snapshot save gives way. */
  beginScan(generation: number): void;
  /** Scans these files (the workspace's candidates; null: the search for them failed); false when a newer scan superseded it. */
  scan(generation: number, candidates: Candidate[] | null, force: boolean, keyFormat: string, searchMs: number): boolean;
  /** Re-reads the candidates a watcher batch reported, and the files scanned below any of `paths` (a folder deleted or moved). */
  applyChanges(paths: string[], candidates: Candidate[], keyFormat: string): void;
  /** Merges again under a new citation key format. */
  rekey(keyFormat: string): void;
  get(key: string): Paper | undefined;
  unknownKeys(keys: string[]): string[];
  closestKey(key: string): string | undefined;
  search(query: string, limit: number): SearchHit[];
  complete(typed: string, limit: number): SearchHit[];
  entriesOf(key: string): LocatedOccurrence[];
  groups(by: GroupBy): (PaperGroup & { uri?: string })[];
  /** The rows `from` to `from + count` of a group, sorted. */
  papersIn(by: GroupBy, label: string, sort: SortBy, from: number, count: number): PaperRow[];
  /** Where the paper with `key` is among a group's rows, sorted; -1 when it is not in the group. */
  rankIn(by: GroupBy, label: string, sort: SortBy, key: string): number;
  papers(): Paper[];
  /** Parses a dump opened in an editor in the background, so its next change is read in part. */
  prime(candidate: Candidate): void;
  /** A dump a watcher reports changed: its parse worker reads what the change will be read against. */
  readAhead(uri: string): void;
  warmUpParsers(): void;
  remembers(uri: string): boolean;
  parsesOffThread(): boolean;
  whenParsesSaved(): void;
  whenSnapshotSaved(): void;
  saveSnapshotSoon(delayMs: number): void;
  dispose(): void;
};

/** What the worker asks the host. */
export type HostRequests = {
  stat(uri: string): { size: number; mtime: number } | null;
  read(uri: string): Uint8Array;
  /** Which of these URIs are candidates now, with their names and size limits. */
  judge(uris: string[]): (Candidate | null)[];
};
