/**
 * A parse read in part, sent as what changed: the dump without its entries, the edits that make
 * its entries of the previous parse's (see `EntryEdit`), and the entries read anew, as one entry
 * block. For an edit in a 1,000-paper dump this is a few kilobytes instead of 1.5 MB to encode,
 * send and decode.
 */
import * as v8 from 'node:v8';
import type { ParsedDump } from '../core/model';
import { applyEdits, type EntryEdit } from '../core/parse/entryEdits';
import { decodeEntries, encodeEntries } from './entryBlocks';

export interface EncodedDelta {
  head: Uint8Array;
  /** `from, to, shift` for a run of the previous entries; `-1, n` for the next n entries read anew. */
  edits: number[];
  read: Uint8Array;
}

export function encodeDelta(parsed: ParsedDump, edits: readonly EntryEdit[]): EncodedDelta {
  const flat: number[] = [];
  for (const edit of edits) flat.push(...('read' in edit ? [-1, edit.read.length] : [edit.from, edit.to, edit.shift]));
  const read = edits.flatMap((edit) => ('read' in edit ? edit.read : []));
  return { head: v8.serialize({ ...parsed, entries: [] }), edits: flat, read: encodeEntries(read, parsed.file) };
}

/** The parse a delta makes of `before`, the parse it was read against; null when it does not fit `before`. */
export function decodeDelta(delta: EncodedDelta, before: ParsedDump): ParsedDump | null {
  try {
    const head = v8.deserialize(delta.head) as ParsedDump;
    const read = decodeEntries(delta.read, head.file);
    const edits: EntryEdit[] = [];
    let at = 0;
    for (let i = 0; i < delta.edits.length; ) {
      if (delta.edits[i] === -1) {
        edits.push({ read: read.slice(at, (at += delta.edits[i + 1])) });
        i += 2;
      } else {
        const [from, to, shift] = delta.edits.slice(i, (i += 3));
        if (!(from >= 0 && from < to && to <= before.entries.length)) return null;
        edits.push({ from, to, shift });
      }
    }
    if (at !== read.length) return null;
    head.entries = applyEdits(before.entries, edits);
    return head;
  } catch {
    return null;
  }
}
