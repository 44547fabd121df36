/**
 * Parsing a file again after an edit, reading only the part that changed. The result is always
 * the one `parseDump` gives for the new content (the unit tests check it against `parseDump` on
 * thousands of random edits); when that cannot be shown cheaply, the whole file is read.
 *
 * Only dumps read as plain text (blocks, pairs, alternating), without any Markdown syntax, are
 * read in part. The reading of such a body (`readUnits`) is a state machine over classified lines
 * whose state at a title is only that title and the upvotes before it, and whose decisions look at
 * most two lines ahead. So around each change, the new reading starts at a title two entries
 * before it (where nothing it looked at changed) and stops at the first title after it where the
 * old reading also started an entry, with the same upvotes and the same lines ahead: from there on
 * both readings are the same, and the old entries (their lines shifted) are the new ones, up to
 * the next change. The layout is then judged as the whole-file parse judges it, on the new line
 * statistics and entries; when entries were merged (duplicates back to back), that judgement
 * would need entries the parse no longer has, and only blocks, which the entries alone prove
 * (metadata and a 35-word abstract), are kept.
 */
import type { Entry, ParsedDump, Problem } from '../model';
import { normalizeTitle } from '../normalize';
import { bodyStats, hasBlankBetween, isMarkdownSyntax, judgeTextParse, type BodyStats } from './detect';
import { readFrontMatter } from './frontMatter';
import { DEFAULT_MAX_LINE, decodeContent, parseWithTrail, sizeProblem, type ParseOptions, type TextTrail } from './index';
import { toUnits, wordCount } from './lineUnits';
import { finishEntries, findSourceUrl, splitLines } from './passes';
import { isKept, readUnits } from './textDump';

/** A parse read as plain text, kept to parse the same file again. */
export interface Reparsable extends TextTrail {
  file: string;
  entries: readonly Entry[];
  /** The front matter read, as JSON. */
  meta: string;
  options: string;
}

/** A parse, whether only the changed part was read, and what the next parse of the file may start from. */
export interface Reparse {
  parsed: ParsedDump;
  partial: boolean;
  next: Reparsable | null;
}

/** Lines read past the last changed one before the whole rest of the file is read instead. */
const MARGIN = 200;

/** Parses `content` as `parseDump` does; with `before`, the previous parse of the same file, reads only what changed when it can. */
export function parseAgain(content: Uint8Array | string, file: string, options: ParseOptions = {}, before: Reparsable | null = null): Reparse {
  if (before?.file === file && before.options === optionsKey(options)) {
    try {
      const again = readChange(content, file, options, before);
      if (again) return again;
    } catch {
      // Read the whole file: it reports what went wrong.
    }
  }
  const { parsed, trail } = parseWithTrail(content, file, options);
  return { parsed, partial: false, next: trail ? reparsable(parsed, trail, options) : null };
}

/**
 * The last parse of each of the last few files parsed, so that parsing one of them again reads
 * only what changed.
 */
export class ReparseMemo {
  private readonly kept = new Map<string, Reparsable>();

  constructor(private readonly files = 4) {}

  /** The same as `parseDump(content, file, options)`. */
  parse(content: Uint8Array | string, file: string, options: ParseOptions = {}): ParsedDump {
    const { parsed, next } = parseAgain(content, file, options, this.kept.get(file) ?? null);
    this.kept.delete(file);
    if (next) this.kept.set(file, next);
    if (this.kept.size > this.files) this.kept.delete(this.kept.keys().next().value!);
    return parsed;
  }
}

function reparsable(parsed: ParsedDump, trail: TextTrail, options: ParseOptions): Reparsable | null {
  // A Markdown link or list marker anywhere may make the body read as Markdown after an edit.
  for (let i = trail.bodyStart; i < trail.lines.length; i++) if (isMarkdownSyntax(trail.lines[i])) return null;
  return { ...trail, file: parsed.file, entries: parsed.entries, meta: JSON.stringify(parsed.meta), options: optionsKey(options) };
}

const optionsKey = (options: ParseOptions): string => JSON.stringify([options.maxBytes, options.maxLineLength, options.expectDump]);

/** The new parse, reading only around the changed lines; null when the whole file must be read. */
function readChange(content: Uint8Array | string, file: string, options: ParseOptions, before: Reparsable): Reparse | null {
  if (sizeProblem(content, file, options.maxBytes)) return null;
  const decoded = decodeContent(content, file);
  if (decoded.text === null) return null;
  const lineProblems: Problem[] = [];
  const lines = splitLines(decoded.text, file, options.maxLineLength ?? DEFAULT_MAX_LINE, lineProblems);
  const front = readFrontMatter(lines, file);
  const bodyStart = before.bodyStart;
  if (front.bodyStart !== bodyStart || JSON.stringify(front.meta) !== before.meta) return null;
  const body = lines.slice(bodyStart);
  if (body.some(isMarkdownSyntax)) return null;
  const stats = bodyStats(body);
  if (stats.runTogether > 0 && stats.runTogether >= stats.longLines * 0.5) return null;

  const read = new ChangeReader(before, lines).read();
  if (!read) return null;
  const merged = before.merged || read.merged;
  const layout = merged ? (provesBlocks(read.entries, stats) ? 'blocks' : 'none') : judgeTextParse(read, stats, hasBlankBetween(body));
  if (layout === 'none') return null;
  const meta = front.meta;
  const parsed: ParsedDump = {
    file,
    layout,
    entries: read.entries,
    problems: [...decoded.problems, ...lineProblems, ...front.problems, ...read.problems],
    meta,
    source: meta.url ?? findSourceUrl(body),
  };
  const next: Reparsable = { lines, bodyStart, bodyProblems: read.problems, merged, file, entries: read.entries, meta: before.meta, options: before.options };
  return { parsed, partial: true, next };
}

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
class ChangeReader {
  private readonly old: readonly Entry[];
  private readonly entries: Entry[] = [];
  private readonly problems: Problem[] = [];
  /** Whether read entries were merged. */
  private merged = false;
  /** Old entries by the text of their title line. */
  private readonly byTitleLine = new Map<string, number[]>();

  constructor(
    private readonly before: Reparsable,
    private readonly lines: readonly string[],
  ) {
    this.old = before.entries;
    this.old.forEach((e, i) => {
      const text = before.lines[e.line - 1];
      const list = this.byTitleLine.get(text);
      if (list) list.push(i);
      else this.byTitleLine.set(text, [i]);
    });
  }

  /** Null when a change cannot be shown to leave the rest as it was. */
  read(): { entries: Entry[]; problems: Problem[]; merged: boolean } | null {
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
      this.entries.push(...piece.entries);
      this.problems.push(...piece.problems);
      if (!piece.stop) return this.result();
      run = { old: old[piece.stop.at].line - 1, new: piece.stop.line - 1, first: piece.stop.at, synced: true };
    }
  }

  private result() {
    return { entries: this.entries, problems: this.problems, merged: this.merged };
  }

  /** Keeps the old entries of a run up to `end` (excluded), and their problems, with lines shifted. */
  private keep(run: Run, end: number, shift: number): void {
    const { old } = this;
    for (let i = run.first; i < end; i++) this.entries.push(shift === 0 ? old[i] : { ...old[i], line: old[i].line + shift, endLine: old[i].endLine + shift });
    const from = run.synced ? old[run.first].line : -Infinity;
    const to = end < old.length ? old[end].line : Infinity;
    for (const p of this.before.bodyProblems) if (p.line >= from && p.line < to) this.problems.push(shift === 0 ? p : { ...p, line: p.line + shift });
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
        for (const at of this.byTitleLine.get(lines[line - 1]) ?? []) {
          if (at <= after || old[at].upvotes !== pending) continue;
          // The lines after the title are the same as far as the reading looks ahead (or to the end of both files): an
          // alignment worth making. (A title merely repeated elsewhere would keep nothing, and end the search for a better one.)
          const span = i + 2 < units.length ? units[i + 2].line - line + 1 : lines.length - line + 1;
          const toBothEnds = i + 2 >= units.length && this.before.lines.length - old[at].line !== lines.length - line;
          if (toBothEnds || sameLength(this.before.lines, old[at].line - 1, lines, line - 1, span) < span) continue;
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

/** How many lines from `a[i]` and `b[j]` on are the same (at most `most`). */
function sameLength(a: readonly string[], i: number, b: readonly string[], j: number, most = Infinity): number {
  const n = Math.min(a.length - i, b.length - j, most);
  let k = 0;
  while (k < n && a[i + k] === b[j + k]) k++;
  return k;
}

function lastKept(entries: readonly Entry[]): Entry | undefined {
  for (let i = entries.length - 1; i >= 0; i--) if (isKept(entries[i])) return entries[i];
  return undefined;
}

/** Whether the whole-file parse reads these entries as blocks: metadata and a long abstract, and hardly any Markdown. */
function provesBlocks(entries: readonly Entry[], stats: BodyStats): boolean {
  const meta = entries.some((e) => e.date !== null || e.authors !== null || e.org !== null);
  const abstract = entries.some((e) => wordCount(e.abstract, 35) >= 35);
  return meta && abstract && (stats.nonBlank ? stats.markdownBlocks / stats.nonBlank : 0) < 0.2;
}
