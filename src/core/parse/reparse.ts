/**
 * Parsing a file again after an edit, reading only the part that changed. The result is always
 * the one `parseDump` gives for the new content (the unit tests check it against `parseDump` after
 * a thousand random edits); when that cannot be shown cheaply, the whole file is read.
 *
 * Dumps of run-together lines are read in part line by line (each line is an entry on its own;
 * see `lineChange.ts`); Markdown captures when only prose of their abstracts changed (see
 * `markdownChange.ts`); dumps read as plain text (blocks, pairs, alternating), without any
 * Markdown syntax, as follows. The reading of plain text
 * (`readUnits`) is a state machine over classified lines whose state at a title is only that
 * title and the upvotes before it, and whose decisions look at most two lines ahead. So around
 * each change, the new reading starts at a title two entries before it (where nothing it looked
 * at changed) and stops at the first title after it where the old reading also started an entry,
 * with the same upvotes and the same lines ahead: from there on both readings are the same, and
 * the old entries (their lines shifted) are the new ones, up to the next change. The layout is
 * then judged as the whole-file parse judges it, on the new line statistics and entries; when
 * entries were merged (duplicates back to back), that judgement would need entries the parse no
 * longer has, and only blocks, which the entries alone prove (metadata and a 35-word abstract),
 * are kept.
 *
 * What stays the same is not read again either: a kept parse holds its file's bytes, so only the
 * changed lines are decoded (`byteChange.ts`), and the body's statistics and, for plain text, the
 * counts the layout is judged on are updated by the changed lines and entries only.
 */
import type { Entry, Layout, ParsedDump, Problem } from '../model';
import type { LayoutResult } from './layout';
import { bodyStats, countsAfter, entryCounts, hasBlankBetween, isRunTogether, judgeTextParse, provesBlocks, statsAfter, type BodyStats, type EntryCounts } from './detect';
import { readFrontMatter } from './frontMatter';
import { REPARSED_FILES, type EntryEdit } from './entryEdits';
import { DEFAULT_MAX_LINE, decodeContent, parseWithTrail, sizeProblem, type ParseOptions, type BodyTrail } from './index';
import { readLineChange } from './lineChange';
import { findSourceUrl, splitLines } from './passes';
import { readCaptureChange } from './markdownChange';
import { ChangeReader } from './textChange';
import { byteLinesOf, linesAfterChange, type ByteLines, type LineChange } from './byteChange';

/** A parse read as plain text, kept to parse the same file again. */
export interface Reparsable extends BodyTrail {
  file: string;
  entries: readonly Entry[];
  /** For plain text, once the parse is kept: what judging its layout counts over its entries. */
  counts?: EntryCounts;
  /** The front matter read, and the options parsed with, as JSON: a parse with others is read whole. */
  metaJson: string;
  optionsKey: string;
}

/** A parse; when only the changed part was read, how its entries are made of the previous parse's; and what the next parse of the file may start from. */
export interface Reparse {
  parsed: ParsedDump;
  edits: EntryEdit[] | null;
  next: Reparsable | null;
}

/** The lines of new content, and the problems of decoding and splitting it; with `changed`, the runs of lines that changed (see `byteChange.ts`). */
export interface ReadLines {
  lines: string[];
  problems: Problem[];
  cleanText: boolean;
  byteLines?: ByteLines;
  changed?: LineChange[];
  /** The new body's statistics, when already counted. */
  stats?: BodyStats;
}

/** A previous parse of a file made again from what was saved of it (see `savedReading.ts`), with the new content's lines already read. */
export interface Restored {
  before: Reparsable;
  read: ReadLines;
}

/**
 * Parses `content` as `parseDump` does; with `before`, the previous parse of the same file, reads
 * only what changed when it can (`read`: the new content's lines, when already read).
 */
export function parseAgain(content: Uint8Array | string, file: string, options: ParseOptions = {}, before: Reparsable | null = null, read?: ReadLines): Reparse {
  if (before?.file === file && before.optionsKey === optionsKey(options)) {
    try {
      const again = readChange(content, file, options, before, read);
      if (again) return again;
    } catch {
      // Read the whole file: it reports what went wrong.
    }
  }
  const { parsed, trail } = parseWithTrail(content, file, options);
  return { parsed, edits: null, next: trail ? reparsable(parsed, trail, options) : null };
}

/**
 * A parse by {@link ReparseMemo}: numbered when it is kept to read the file again in part (null
 * when not, as for a Markdown capture); when read in part, the number of the parse `edits` were
 * read against.
 */
export interface NumberedParse {
  parsed: ParsedDump;
  token: number | null;
  base: number | null;
  edits: EntryEdit[] | null;
  /** What the file's next parse may start from (see {@link Reparse}). */
  next: Reparsable | null;
}

/** The largest file whose parse is kept: a parse kept holds about twice its file's size. */
const KEPT_BYTES = 8 * 1024 * 1024;

/**
 * The last parse of each of the last few files parsed, so that parsing one of them again reads
 * only what changed. Each holds its file's lines and bytes: about 4.5 MB for a 1.4 MB dump of 1,000
 * papers, and for a Markdown capture how its lines were read too: 14 MB for a 1.6 MB capture.
 * Files above `keptBytes` (8 MB), and captures above half of it, are not kept.
 */
export class ReparseMemo {
  /** Each file's kept parse; with `content` until `kept` completed it (see {@link finish}). */
  private readonly kept = new Map<string, { basis: Reparsable; token: number; read?: ReadLines; content?: Uint8Array | string }>();
  private count = 0;

  constructor(
    private readonly files = REPARSED_FILES,
    private readonly keptBytes = KEPT_BYTES,
  ) {}

  /**
   * The same as `parseDump(content, file, options)`, numbered when kept: with `keep` (the file is
   * being edited), this parse is kept to read the next one in part. Parses of a whole workspace
   * are not: holding them made a 10k cold build's parsing ~8 % slower (12 alternating builds).
   * With `restore`, a file with no parse kept is read in part from the parse it makes again (the
   * parse saved between sessions, see `savedReading.ts`), numbered {@link RESTORED}.
   */
  parse(content: Uint8Array | string, file: string, options: ParseOptions = {}, keep = true, restore?: (content: Uint8Array | string) => Restored | null): NumberedParse {
    this.finish();
    const before = this.kept.get(file) ?? restored(content, restore);
    const { parsed, edits, next } = parseAgain(content, file, options, before?.basis ?? null, before?.read);
    const size = typeof content === 'string' ? content.length : content.byteLength;
    const token = next && keep && size <= (next.capture ? this.keptBytes / 2 : this.keptBytes) ? ++this.count : null;
    this.kept.delete(file);
    if (next && token !== null) this.kept.set(file, { basis: next, token, content });
    if (this.kept.size > this.files) this.kept.delete(this.kept.keys().next().value!);
    return { parsed, token, base: edits && before ? before.token : null, edits, next };
  }

  /**
   * Completes the parses kept since (see {@link kept}: where their lines start in their bytes, and
   * their entries' counts), which `parse` does first: a caller may do it once it has answered,
   * while idle (for a 1,000-paper dump, 3–8 ms in code not yet warmed up).
   */
  finish(): void {
    for (const held of this.kept.values()) {
      if (held.content === undefined) continue;
      kept(held.basis, held.content);
      held.content = undefined;
    }
  }
}

/** The number of a parse made again from what was saved of it (see `ReparseMemo.parse`): kept parses are numbered from 1. */
export const RESTORED = 0;

/** The parse `restore` makes again, numbered {@link RESTORED}, or null (also when it fails: the file is then read whole). */
function restored(content: Uint8Array | string, restore?: (content: Uint8Array | string) => Restored | null): { basis: Reparsable; read: ReadLines; token: number } | null {
  try {
    const made = restore?.(content);
    return made ? { basis: made.before, read: made.read, token: RESTORED } : null;
  } catch {
    return null;
  }
}

/**
 * `next`, read from `content`, as it is kept for the file's next parse: with where its lines start
 * in its bytes and, for plain text, its entries' counts, so that the next parse decodes only the
 * changed lines (see `byteChange.ts`) and counts only the changed entries.
 */
export function kept(next: Reparsable, content: Uint8Array | string): Reparsable {
  if (next.cleanText && !next.byteLines && typeof content !== 'string') next.byteLines = byteLinesOf(content, next.lines.length) ?? undefined;
  if (next.reading === 'text') next.counts ??= entryCounts(next.entries);
  return next;
}

function reparsable(parsed: ParsedDump, trail: BodyTrail, options: ParseOptions): Reparsable {
  return { ...trail, file: parsed.file, entries: parsed.entries, metaJson: JSON.stringify(parsed.meta), optionsKey: optionsKey(options) };
}

const optionsKey = (options: ParseOptions): string => JSON.stringify([options.maxBytes, options.maxLineLength, options.expectDump]);

/** The new parse, reading only around the changed lines; null when the whole file must be read. */
function readChange(content: Uint8Array | string, file: string, options: ParseOptions, before: Reparsable, readBefore?: ReadLines): Reparse | null {
  if (sizeProblem(content, file, options.maxBytes)) return null;
  const read = readBefore ?? readLines(content, file, options, before);
  if (!read) return null;
  const { lines, cleanText, byteLines, changed } = read;
  const front = readFrontMatter(lines, file);
  const bodyStart = before.bodyStart;
  if (front.bodyStart !== bodyStart || JSON.stringify(front.meta) !== before.metaJson) return null;
  const body = lines.slice(bodyStart);
  const fromBytes = { cleanText, byteLines };
  if (before.reading === 'markdown') return readCaptureAgain(before, lines, body, front.meta, [...read.problems, ...front.problems], fromBytes);
  const stats = read.stats ?? (changed ? statsOfChange(before, lines, changed) : bodyStats(body));
  const runTogether = isRunTogether(stats);
  if (runTogether !== (before.reading === 'runTogether') || (!runTogether && stats.markdownSyntax > 0)) return null;

  const change = runTogether ? readLineChange(before, lines) : new ChangeReader(before, lines).read();
  if (!change) return null;
  const merged = before.merged || change.merged;
  const counts = before.counts && countsAfter(before.counts, removedBy(before.entries, change.edits), change.edits.flatMap((e) => ('read' in e ? e.read : [])));
  const layout = runTogether ? 'runTogether' : textLayout(change, merged, stats, body.length, counts);
  if (layout === 'none') return null;
  const meta = front.meta;
  const parsed: ParsedDump = {
    file,
    layout,
    entries: change.entries,
    problems: [...read.problems, ...front.problems, ...change.problems],
    meta,
    source: meta.url ?? findSourceUrl(body),
  };
  const next: Reparsable = { reading: before.reading, lines, bodyStart, bodyProblems: change.problems, merged, stats, counts, file, entries: change.entries, metaJson: before.metaJson, optionsKey: before.optionsKey, ...fromBytes };
  return { parsed, edits: change.edits, next };
}

/** The entries of `before` that `edits` do not keep. */
function removedBy(before: readonly Entry[], edits: readonly EntryEdit[]): Entry[] {
  const keptAt = new Uint8Array(before.length);
  for (const edit of edits) if (!('read' in edit)) keptAt.fill(1, edit.from, edit.to);
  return before.filter((_, i) => keptAt[i] === 0);
}

/** The body's statistics after the `changed` lines (see `linesAfterChange`) changed: only those counted again. */
function statsOfChange(before: Reparsable, lines: readonly string[], changed: readonly LineChange[]): BodyStats {
  let stats = before.stats;
  for (const { from, to, at, count } of changed) {
    // Lines of the front matter are not the body's (a change there starts at the same line in both).
    const skip = Math.max(0, before.bodyStart - from);
    stats = statsAfter(stats, before.lines.slice(from + skip, to), lines.slice(at + skip, at + count));
  }
  return stats;
}

/**
 * The new content's lines, and the problems of decoding and splitting it: from the old ones, only
 * the changed lines decoded, when the old ones were kept with their bytes (see `byteChange.ts`).
 */
function readLines(content: Uint8Array | string, file: string, options: ParseOptions, before: Reparsable): ReadLines | null {
  const maxLine = options.maxLineLength ?? DEFAULT_MAX_LINE;
  const after = typeof content !== 'string' && before.byteLines ? linesAfterChange(before.byteLines, before.lines, content, maxLine) : null;
  if (after) return { lines: after.lines, problems: [], cleanText: true, byteLines: after.byteLines, changed: after.changed };
  const whole = decodeLines(content, file, options);
  return whole && { lines: whole.lines, problems: whole.problems, cleanText: typeof content !== 'string' && whole.problems.length === 0 };
}

/** `content` decoded whole and split into lines, with the problems of doing so (and its text, for checks of its own); null when it is not text. */
export function decodeLines(content: Uint8Array | string, file: string, options: ParseOptions): { lines: string[]; problems: Problem[]; text: string } | null {
  const decoded = decodeContent(content, file);
  if (decoded.text === null) return null;
  const problems = [...decoded.problems];
  const lines = splitLines(decoded.text, file, options.maxLineLength ?? DEFAULT_MAX_LINE, problems);
  return { lines, problems, text: decoded.text };
}

/** A Markdown capture read again in part (see `markdownChange.ts`), or null; `body`: `lines` after the front matter; `problems`: those of decoding, splitting and the front matter. */
function readCaptureAgain(before: Reparsable, lines: string[], body: string[], meta: ParsedDump['meta'], problems: Problem[], fromBytes: Pick<BodyTrail, 'cleanText' | 'byteLines'>): Reparse | null {
  const change = before.capture ? readCaptureChange(before.capture, before.stats, before.lines.slice(before.bodyStart), body, before.entries) : null;
  if (!change) return null;
  const parsed: ParsedDump = {
    file: before.file,
    layout: 'markdown',
    entries: change.entries,
    problems: [...problems, ...before.bodyProblems],
    meta,
    source: meta.url ?? findSourceUrl(body),
  };
  return { parsed, edits: change.edits, next: { ...before, lines, entries: change.entries, capture: change.capture, stats: change.stats, ...fromBytes } };
}

/**
 * The layout the whole-file parse gives plain text read as these entries; once entries were
 * merged, it was judged on entries this parse no longer has: only blocks are certain then.
 */
function textLayout(read: LayoutResult, merged: boolean, stats: BodyStats, bodyLines: number, counts?: EntryCounts): Layout {
  if (!merged) return judgeTextParse(read, stats, hasBlankBetween(stats, bodyLines), counts);
  return provesBlocks(read.entries, stats, counts) ? 'blocks' : 'none';
}
