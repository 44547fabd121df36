import type * as vscode from 'vscode';
import type { LocatedEntry } from './dumpScanner';
import type { Paper, Problem } from '../core/model';
import type { GroupBy, PaperGroup, PaperRow, SortBy } from '../core/paperGroups';
import type { SearchHit } from '../core/searchIndex';

/** The indexing state shown in the status bar and the welcome views. */
/** `stopped`: the library worker stopped unasked more often than it is restarted; Re-index starts it again. */
export type IndexState = 'indexing' | 'ready' | 'stopped';

/** A dump file indexed, with its topic and entry count. */
export interface DumpInfo {
  uri: vscode.Uri;
  topic: string;
  layout: string;
  entries: number;
}

/** A group of the Papers tree; `uri` is the dump's when grouped by file. */
export type LocatedGroup = PaperGroup & { uri?: vscode.Uri };

/**
 * What every feature reads: the workspace's papers, kept current in the background
 * by `LibraryService` (libraryService.ts). Features never parse or scan themselves.
 *
 * Questions about papers are answered asynchronously and in the shape a view needs (a group's
 * papers, the keys a note lacks): the library lives apart from the extension host, in its
 * worker, and no feature holds the whole library; what is shown at a glance (state, counts,
 * dumps, problems) is at hand.
 */
export interface PaperLibrary {
  readonly state: IndexState;
  /** Fires after every (re-)index, including the first. */
  readonly onDidChange: vscode.Event<void>;
  /** Resolves when the first full index is done. */
  whenReady(): Promise<void>;
  /** How many papers are served. */
  readonly paperCount: number;
  get(key: string): Promise<Paper | undefined>;
  /** Those of `keys` no indexed paper has. */
  unknownKeys(keys: readonly string[]): Promise<Set<string>>;
  /** The indexed key most like `key` (a typo's fix); undefined when none is close. */
  closestKey(key: string): Promise<string | undefined>;
  /** Ranked by the core search index (title boosted, prefix on the last term). */
  search(query: string, limit: number): Promise<SearchHit[]>;
  /** Ranked for completion after `@` (empty text gives a sensible default list). */
  complete(typed: string, limit: number): Promise<SearchHit[]>;
  /** Every entry of a paper, with file URI and lines, for go-to-definition and "Open in Dump". */
  entriesOf(key: string): Promise<readonly LocatedEntry[]>;
  /** The Papers tree's groups, in display order. */
  groups(by: GroupBy): Promise<readonly LocatedGroup[]>;
  /** Rows `from` to `from + count` of one group's papers, sorted, as the tree shows them. */
  papersIn(by: GroupBy, label: string, sort: SortBy, from: number, count: number): Promise<readonly PaperRow[]>;
  /** Where the paper with `key` is among a group's rows, sorted as the tree shows them; -1 when it is not in the group. */
  rankIn(by: GroupBy, label: string, sort: SortBy, key: string): Promise<number>;
  /** Dump files indexed, with their topics and entry counts. */
  dumps(): readonly DumpInfo[];
  /** Problems of every scanned file (broken dumps, skipped files). */
  problems(): readonly (Problem & { uri: vscode.Uri })[];
  /** Re-scans the whole workspace. */
  reindex(): Promise<void>;
}
