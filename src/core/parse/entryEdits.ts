/**
 * How a parse read again in part (`reparse.ts`) is made of the parse before it: what the parse
 * worker sends instead of the whole parse, and what its client applies. Apart from the reading
 * itself, so that the bundle of the parse worker's client does not carry it.
 */
import type { Entry } from '../model';

/**
 * How a parse read in part is made of the parse before it, in order: runs of that parse's entries
 * (`from` to `to`, excluded, their lines shifted by `shift`) and entries read anew.
 */
export type EntryEdit = { from: number; to: number; shift: number } | { read: Entry[] };

/** How many files' last parse is kept to read them again in part: by the parse worker's `ReparseMemo`, and by its client, which applies the edits to the same parses (here, as both use it). */
export const REPARSED_FILES = 2;

/** The entries `edits` make of `before` (the entries of the parse they were read against, or equal ones). */
export function applyEdits(before: readonly Entry[], edits: readonly EntryEdit[]): Entry[] {
  const entries: Entry[] = [];
  for (const edit of edits) {
    if ('read' in edit) entries.push(...edit.read);
    else for (let i = edit.from; i < edit.to; i++) entries.push(shifted(before[i], edit.shift));
  }
  return entries;
}

/** An entry moved by `shift` lines (the entry itself when it did not move). */
export const shifted = (e: Entry, shift: number): Entry => (shift === 0 ? e : { ...e, line: e.line + shift, endLine: e.endLine + shift });
