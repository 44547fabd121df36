import type * as vscode from 'vscode';
import type { LocatedEntry } from './dumpScanner';
import type { Paper, Problem } from '../core/model';
import type { SearchHit } from '../core/searchIndex';

/** The indexing state shown in the status bar and the welcome views. */
export type IndexState = 'indexing' | 'ready';

/**
 * What every feature reads: the workspace's papers, kept current in the background
 * by `LibraryService` (libraryService.ts). Features never parse or scan themselves.
 */
export interface PaperLibrary {
  readonly state: IndexState;
  /** Fires after every (re-)index, including the first. */
  readonly onDidChange: vscode.Event<void>;
  /** Resolves when the first full index is done. */
  whenReady(): Promise<void>;
  papers(): readonly Paper[];
  get(key: string): Paper | undefined;
  /** Ranked by the core search index (title boosted, prefix on the last term). */
  search(query: string, limit: number): SearchHit[];
  /** Ranked for completion after `@` (empty text gives a sensible default list). */
  complete(typed: string, limit: number): SearchHit[];
  /** Every entry of a paper, with file URI and lines, for go-to-definition and "Open in Dump". */
  entriesOf(key: string): readonly LocatedEntry[];
  /** Dump files indexed, with their topics and entry counts. */
  dumps(): readonly { uri: vscode.Uri; topic: string; layout: string; entries: number }[];
  /** Problems of every scanned file (broken dumps, skipped files). */
  problems(): readonly (Problem & { uri: vscode.Uri })[];
  /** Re-scans the whole workspace. */
  reindex(): Promise<void>;
}
