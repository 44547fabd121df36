/**
 * A plain-text body (blocks, pairs, alternating) read again around its changes; see `reparse.ts`
 * for why the result is the whole reading's.
 */
import type { Entry, Problem } from '../model';
import { normalizeTitle } from '../normalize';
import { toUnits } from './lineUnits';
import { finishEntries } from './passes';
import { shifted, type EntryEdit } from './entryEdits';
import type { Reparsable } from './reparse';
import { isKept, readUnits } from './textDump';

/** Lines read at first past the first changed one, looking for a title where the readings meet; four times as many at each further try. */
const MARGIN = 200;

/** Where the new lines run the same as the old ones: from `old` and `new` (0-based), where the reading is at the title of old entry `first`, or, when not `synced`, at the start. */
interface Run {
  old: number;
  new: number;
  first: number;
  synced: boolean;
}

/**
 * The new entries and body problems: the old ones (lines shifted) along runs of lines that did
 * not change, read again around each change.
 */
export class ChangeReader {
  private readonly old: readonly Entry[];
  private readonly entries: Entry[] = [];
  private readonly problems: Problem[] = [];
  private readonly edits: EntryEdit[] = [];
  /** Whether read entries were merged. */
  private merged = false;
  /** Old entries by the text of their title line, made when first needed. */
  private byTitleLine: Map<string, number[]> | undefined;

  constructor(
    private readonly before: Reparsable,
    private readonly lines: readonly string[],
  ) {
    this.old = before.entries;
  }

  /**
   * The old entries whose title line is new line `line`'s text: first the one as far from the
   * end of the old file as `line` is from the end of the new (after the last change, the right
   * one), then any.
   */
  private *titledAs(line: number): Generator<number> {
    const text = this.lines[line - 1];
    const guess = entryAt(this.old, line - (this.lines.length - this.before.lines.length));
    if (guess >= 0 && this.before.lines[this.old[guess].line - 1] === text) yield guess;
    if (!this.byTitleLine) {
      this.byTitleLine = new Map();
      this.old.forEach((e, i) => {
        const key = this.before.lines[e.line - 1];
        const list = this.byTitleLine!.get(key);
        if (list) list.push(i);
        else this.byTitleLine!.set(key, [i]);
      });
    }
    for (const at of this.byTitleLine.get(text) ?? []) if (at !== guess) yield at;
  }

  /** Null when a change cannot be shown to leave the rest as it was. */
  read(): { entries: Entry[]; problems: Problem[]; merged: boolean; edits: EntryEdit[] } | null {
    const { old, lines } = this;
    let run: Run = { old: 0, new: 0, first: 0, synced: false };
    for (;;) {
      const same = sameLength(this.before.lines, run.old, lines, run.new);
      const shift = run.new - run.old;
      if (run.old + same === this.before.lines.length && run.new + same === lines.length) {
        this.keep(run, old.length, shift);
        return this.result();
      }
      // The entries that end before the change: the reading is the same up to the title of the one before the last of them.
      let ended = run.first;
      while (ended < old.length && old[ended].endLine <= run.old + same) ended++;
      const resume = Math.max(ended - 2, run.synced ? run.first : -1);
      if (resume >= 0) this.keep(run, resume, shift);
      const from = resume >= 0 ? old[resume].line - 1 + shift : this.before.bodyStart;
      const piece = this.readFrom(from, resume >= 0 ? old[resume].upvotes : null, run.new + same, resume);
      const last = this.entries[this.entries.length - 1];
      if (last && piece.entries.length > 0 && normalizeTitle(last.title) === normalizeTitle(piece.entries[0].title)) return null;
      this.merged ||= piece.merged;
      if (piece.entries.length > 0) this.edits.push({ read: piece.entries });
      this.entries.push(...piece.entries);
      this.problems.push(...piece.problems);
      if (!piece.stop) return this.result();
      run = { old: old[piece.stop.at].line - 1, new: piece.stop.line - 1, first: piece.stop.at, synced: true };
    }
  }

  private result() {
    return { entries: this.entries, problems: this.problems, merged: this.merged, edits: this.edits };
  }

  /** Keeps the old entries of a run up to `end` (excluded), and their problems, with lines shifted. */
  private keep(run: Run, end: number, shift: number): void {
    const { old } = this;
    if (end > run.first) this.edits.push({ from: run.first, to: end, shift });
    for (let i = run.first; i < end; i++) this.entries.push(shifted(old[i], shift));
    const from = run.synced ? old[run.first].line : -Infinity;
    const to = end < old.length ? old[end].line : Infinity;
    for (const p of this.before.bodyProblems) if (p.line >= from && p.line < to) this.problems.push(shiftedProblem(p, shift));
  }

  /**
   * Reads the new lines from the title at `from` (0-based) to the first title at or after
   * `changed` where the old reading also started an entry after old entry `after` and both
   * readings go on the same (same upvotes, same lines as far as the reading looks ahead, no merge
   * with the entry before), or to the end.
   */
  private readFrom(from: number, upvotes: number | null, changed: number, after: number) {
    const { lines, old } = this;
    for (let end = Math.min(lines.length, changed + MARGIN); ; end = Math.min(lines.length, changed + (end - changed) * 4)) {
      const units = toUnits(lines.slice(from, end), from + 1);
      const toEnd = end === lines.length;
      let stop: { at: number; line: number } | null = null;
      const read = readUnits(units, this.before.file, upvotes, (i, pending, entries) => {
        const line = units[i].line;
        if (line - 1 < changed || (!toEnd && i + 2 >= units.length)) return false;
        const last = lastKept(entries) ?? this.entries[this.entries.length - 1];
        for (const at of this.titledAs(line)) {
          if (at <= after || old[at].upvotes !== pending) continue;
          // The lines after the title are the same as far as the reading looks ahead (or to the end of both files): an
          // alignment worth making. (A title merely repeated elsewhere would keep nothing, and end the search for a better one.)
          const span = i + 2 < units.length ? units[i + 2].line - line + 1 : lines.length - line + 1;
          const tailsDiffer = i + 2 >= units.length && this.before.lines.length - old[at].line !== lines.length - line;
          if (tailsDiffer || sameLength(this.before.lines, old[at].line - 1, lines, line - 1, span) < span) continue;
          if (last && normalizeTitle(last.title) === normalizeTitle(old[at].title)) return false;
          stop = { at, line };
          return true;
        }
        return false;
      });
      if (read.stoppedAt < 0 && !toEnd) continue;
      const entries = finishEntries(read.entries);
      return { entries, problems: read.problems, merged: entries.length !== read.entries.length, stop: stop as { at: number; line: number } | null };
    }
  }
}

/** The index of the entry starting at `line` (entries are in line order), or -1. */
function entryAt(entries: readonly Entry[], line: number): number {
  let [lo, hi] = [0, entries.length - 1];
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (entries[mid].line === line) return mid;
    if (entries[mid].line < line) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** A problem moved by `shift` lines (the problem itself when it did not move), as `shifted` moves an entry. */
export const shiftedProblem = (p: Problem, shift: number): Problem => (shift === 0 ? p : { ...p, line: p.line + shift });

/** How many lines from `a[i]` and `b[j]` on are the same (at most `most`). */
export function sameLength(a: readonly string[], i: number, b: readonly string[], j: number, most = Infinity): number {
  const n = Math.min(a.length - i, b.length - j, most);
  let k = 0;
  while (k < n && a[i + k] === b[j + k]) k++;
  return k;
}

function lastKept(entries: readonly Entry[]): Entry | undefined {
  for (let i = entries.length - 1; i >= 0; i--) if (isKept(entries[i])) return entries[i];
  return undefined;
}
