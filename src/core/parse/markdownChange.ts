/**
 * Reading a Markdown capture again after an edit of its abstracts' prose only (a word changed, a
 * sentence added, the common edit), without reading the whole file: the result is always the one
 * `parseDump` gives (the unit tests check it after random edits). A capture's reading crosses the
 * file (reference links, link spans over several lines, upvotes matched by arXiv id anywhere,
 * duplicates merged across it, the capture score), so this reads in part only when each changed
 * line is shown to change nothing but its own abstract:
 * - the lines are as many as before, and each changed one (before and after) is a line of prose:
 *   no heading, list, quote, fence, reference definition, autolink or HTML, starting with no space,
 *   so reference definitions, headings and what looks like Markdown are unchanged, and it holds
 *   the same URLs, in order, as before;
 * - the link spans of the whole new text (one scan) are the old ones, none touching a changed line;
 * - before, the line was a logical line of its own, part of an abstract; after, it reads as text
 *   again, and the capture reading adds it to the same abstract (see `addedAlike`);
 * - duplicates merged take the longest abstract of theirs again, and a duplicate merged into the
 *   entry before it changes nothing unless that entry took its abstract;
 * - the capture score and the body's statistics, updated, still choose a capture.
 * Anything else is read whole.
 */
import type { Entry } from '../model';
import { isMarkdownSyntax, isRunTogether, statsAfter, type BodyStats } from './detect';
import type { EntryEdit } from './entryEdits';
import type { CaptureReading } from './index';
import { extractLinks } from './fields';
import { joinsAbstract, readsAsOrganisation, scoreOf } from './markdown';
import { auxOf, joinCollapsed, joinedLength, mergedAbstract } from './markdownEntries';
import type { Span } from './markdownInline';
import { rescanSpans, type ScannedSpans } from './markdownSpans';
import { classifyLine, isAtxHeading, joinLines, MAX_LINE, type Analysed, type LLine } from './markdownLines';

/** A capture read again in part: its entries, how they are made of the old ones, and its new reading. */
export interface CaptureChange {
  entries: Entry[];
  edits: EntryEdit[];
  capture: CaptureReading;
  stats: BodyStats;
}

/**
 * A line that cannot start a definition, heading, list item, quote, fence, image or table, nor hold
 * an autolink or HTML (`<`); links and spans are checked on the whole text.
 */
const PROSE = /^[^\s\[\]!\\<>`|#*+•~:-][^<]*$/;
const NOT_PROSE = /^\d{1,5}[.)]\s|^(?:References|Links:|Visible links)$/;

function isProse(line: string): boolean {
  return line.length <= MAX_LINE && PROSE.test(line) && !NOT_PROSE.test(line) && !isMarkdownSyntax(line) && !isAtxHeading(line);
}

/**
 * The capture read from `body` (its body lines) when `before` was read from the old ones and only
 * prose of abstracts changed; null when it must be read whole.
 */
export function readCaptureChange(before: CaptureReading, oldStats: BodyStats, oldBody: readonly string[], body: readonly string[], entries: readonly Entry[]): CaptureChange | null {
  if (body.length !== oldBody.length || body[0]?.charCodeAt(0) === 0xfeff) return null;
  const changed: number[] = [];
  for (let i = 0; i < body.length; i++) if (body[i] !== oldBody[i]) changed.push(i);
  if (changed.some((i) => !isProse(body[i]) || !isProse(oldBody[i]))) return null;
  const old = before.analysed;
  const at = changed.map((i) => logicalLine(old.lines, i));
  for (const k of at) {
    const ln = k >= 0 ? old.lines[k] : null;
    if (!ln || ln.kind !== 'text' || ln.annotated || !before.absAt.has(k)) return null;
  }

  const { text, starts } = joinLines(body);
  const scanned = spansAfter(old, text, starts, changed, oldBody, body);
  if (!scanned) return null;
  const { spans, quiet } = scanned;

  const lines = [...old.lines];
  const abstracts = [...before.abstracts];
  for (const [n, k] of at.entries()) {
    const ln: LLine = classifyLine(body, changed[n], text, starts, spans);
    if (ln.kind !== 'text' || ln.segs.some((g) => g.kind !== 'text') || !sameLinks(old.lines[k], ln) || !addedAlike(before, k, ln)) return null;
    lines[k] = ln;
    const { draft, pos } = before.absAt.get(k)!;
    abstracts[draft] = [...abstracts[draft]];
    abstracts[draft][pos] = ln.vis;
  }
  const remade = [...new Set(at.map((k) => before.absAt.get(k)!.draft))];
  const score = { ...before.score };
  for (const d of remade) score.longAbstracts += Number(joinedLength(abstracts[d]) >= 300) - Number(joinedLength(before.abstracts[d]) >= 300);
  const stats = statsAfter(oldStats, changed.map((i) => oldBody[i]), changed.map((i) => body[i]));
  if (scoreOf(score) < 0.6 || isRunTogether(stats)) return null;

  const next = [...entries];
  const read = new Map<number, Entry>();
  for (const g of new Set(remade.map((d) => before.groupOf[d]))) {
    const abstract = (list: readonly string[][]): string => mergedAbstract(before.groups[g].map((d) => joinCollapsed(list[d])));
    const index = before.at[g];
    if (index >= 0) read.set(index, (next[index] = { ...entries[index], abstract: abstract(abstracts) }));
    // Merged into the entry before it, whose abstract it gave only if that one had none: not when the abstracts differ.
    else if (entries[before.into[g]].abstract === abstract(before.abstracts)) return null;
  }
  const capture: CaptureReading = { ...before, analysed: { ...old, lines, spans, quiet }, abstracts, score };
  return { entries: next, edits: editsOf(entries.length, read), capture, stats };
}

/**
 * Whether the capture reading (`assemble`) adds `ln`, the new text of logical line `k`, to the
 * abstract the old text was part of, changing nothing else: as the old text, it follows no
 * "Submitted by" line, cannot be taken for an organisation (a short line before a `·` or a date),
 * and is added: the abstract's first line, a line right after the one before it, or 8 words or more.
 */
function addedAlike(before: CaptureReading, k: number, ln: LLine): boolean {
  const lines = before.analysed.lines;
  const { draft, pos } = before.absAt.get(k)!;
  const previous = before.absAt.get(k - 1);
  const contiguous = pos > 0 && previous?.draft === draft && previous.pos === pos - 1 && lines[k - 1].end + 1 === lines[k].start;
  let p = k - 1;
  while (p >= 0 && lines[p].kind === 'ignore') p--;
  if (p >= 0 && lines[p].kind === 'chrome') return false;
  let n = k + 1;
  while (n < lines.length && lines[n].kind === 'ignore') n++;
  const next = lines[n] ?? null;
  return !readsAsOrganisation(ln.vis, next, contiguous) && !readsAsOrganisation(lines[k].vis, next, contiguous) && joinsAbstract(ln.vis, pos, contiguous);
}

/** Whether two lines of an abstract give it the same links, in order (each line's text is read for links apart: see `finish`). */
function sameLinks(a: LLine, b: LLine): boolean {
  const links = (ln: LLine): string => JSON.stringify(extractLinks(auxOf(ln)));
  return links(a) === links(b);
}

/** The logical line that is physical line `i` alone (its index in `lines`), or -1. */
function logicalLine(lines: readonly LLine[], i: number): number {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (lines[mid].start < i) lo = mid + 1;
    else if (lines[mid].start > i) hi = mid - 1;
    else return lines[mid].end === i ? mid : -1;
  }
  return -1;
}

/**
 * The new text's link spans, scanned only around the changed lines (see `rescanSpans`), and the
 * lines where a scan could start; null unless they are the old ones moved with the changed lines'
 * lengths, none touching a changed line.
 */
function spansAfter(old: Analysed, text: string, starts: readonly number[], changed: readonly number[], oldBody: readonly string[], body: readonly string[]): ScannedSpans | null {
  let shift = 0;
  for (const i of changed) shift += body[i].length - oldBody[i].length;
  const { spans, quiet, read, replaced } = rescanSpans(old, text, old.defs, starts, old.marks, changed[0], changed[changed.length - 1], shift);
  return sameSpans(replaced, read, changed, oldBody, body) ? { spans, quiet } : null;
}

/** Whether the new text's spans are the old ones moved with the changed lines' lengths, none touching a changed line. */
function sameSpans(before: readonly Span[], after: readonly Span[], changed: readonly number[], oldBody: readonly string[], body: readonly string[]): boolean {
  if (before.length !== after.length) return false;
  // The changed lines' offsets, before and after, and how far the text after each moved.
  const oldStart: number[] = [];
  const newStart: number[] = [];
  let oldOffset = 0;
  let newOffset = 0;
  let c = 0;
  for (let i = 0; i < body.length && c < changed.length; i++) {
    if (i === changed[c]) {
      oldStart.push(oldOffset);
      newStart.push(newOffset);
      c++;
    }
    oldOffset += oldBody[i].length + 1;
    newOffset += body[i].length + 1;
  }
  const touches = (span: Span, starts: readonly number[], lines: readonly string[]): number => {
    // The changed lines before the span; -1 when one overlaps it.
    let n = 0;
    for (; n < changed.length && starts[n] + lines[changed[n]].length < span.open; n++);
    return n < changed.length && starts[n] <= span.end ? -1 : n;
  };
  for (let j = 0; j < before.length; j++) {
    const a = before[j];
    const b = after[j];
    const n = touches(a, oldStart, oldBody);
    if (n < 0 || touches(b, newStart, body) !== n) return false;
    const shift = n === 0 ? 0 : newStart[n - 1] + body[changed[n - 1]].length - (oldStart[n - 1] + oldBody[changed[n - 1]].length);
    if (b.open !== a.open + shift || b.textStart !== a.textStart + shift || b.textEnd !== a.textEnd + shift || b.end !== a.end + shift) return false;
    if (b.image !== a.image || b.url !== a.url || b.unresolved !== a.unresolved) return false;
  }
  return true;
}

/** The old entries kept, in runs, with the entries read anew at their places. */
function editsOf(count: number, read: ReadonlyMap<number, Entry>): EntryEdit[] {
  const edits: EntryEdit[] = [];
  let from = 0;
  for (const index of [...read.keys()].sort((a, b) => a - b)) {
    if (index > from) edits.push({ from, to: index, shift: 0 });
    edits.push({ read: [read.get(index)!] });
    from = index + 1;
  }
  if (count > from) edits.push({ from, to: count, shift: 0 });
  return edits;
}

