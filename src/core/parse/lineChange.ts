/**
 * A run-together body read again where it changed: each line is an entry (or a problem, or
 * nothing) on its own, so only the changed lines are read, and the other entries are the old ones
 * with their lines shifted.
 */
import type { Entry, Problem } from '../model';
import { normalizeTitle } from '../normalize';
import { finishEntries } from './passes';
import { applyEdits, type EntryEdit } from './entryEdits';
import type { Reparsable } from './reparse';
import { parseRunTogether } from './runTogether';
import { sameLength, shiftedProblem } from './textChange';

/**
 * The new entries and body problems; null when the old parse merged duplicates back to back, or
 * the new one would (then entries are not one per line, and the whole file is read).
 */
export function readLineChange(before: Reparsable, lines: readonly string[]): { entries: Entry[]; problems: Problem[]; merged: false; edits: EntryEdit[] } | null {
  if (before.merged) return null;
  const was = before.lines;
  const start = sameLength(was, 0, lines, 0);
  const same = Math.min(was.length, lines.length) - start;
  let end = 0;
  while (end < same && was[was.length - 1 - end] === lines[lines.length - 1 - end]) end++;
  const [oldEnd, newEnd] = [was.length - end, lines.length - end];
  if (start < before.bodyStart) return null;

  // Lines are 1-based: the changed ones are start + 1 to oldEnd (old) and newEnd (new).
  const shift = newEnd - oldEnd;
  const read = parseRunTogether({ lines: lines.slice(start, newEnd), file: before.file, firstLine: start + 1 });
  const old = before.entries;
  let [headEnd, tailStart] = [0, old.length];
  while (headEnd < old.length && old[headEnd].line <= start) headEnd++;
  while (tailStart > headEnd && old[tailStart - 1].line > oldEnd) tailStart--;
  // Lines move, titles do not: the kept entries on either side of the read ones, as they were.
  const titles = [old[headEnd - 1], ...read.entries, old[tailStart]].filter((e) => e !== undefined).map((e) => normalizeTitle(e.title));
  if (titles.some((title, i) => i > 0 && title === titles[i - 1])) return null;
  const problems = [
    ...before.bodyProblems.filter((p) => p.line <= start),
    ...read.problems,
    ...before.bodyProblems.filter((p) => p.line > oldEnd).map((p) => shiftedProblem(p, shift)),
  ];
  const entries = finishEntries(read.entries);
  const edits = ([{ from: 0, to: headEnd, shift: 0 }, { read: entries }, { from: tailStart, to: old.length, shift }] as EntryEdit[]).filter((e) => ('read' in e ? e.read.length > 0 : e.to > e.from));
  return { entries: applyEdits(old, edits), problems, merged: false, edits };
}
