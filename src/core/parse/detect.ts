import type { Entry, Layout } from '../model';
import type { LayoutResult } from './layout';
import { hasRunTogetherTail } from './runTogether';
import { markdownCaptureScore } from './markdown';
import { wordCount } from './lineUnits';

/** A markdown construct at the start of a line: heading, list item, quote, fence, table, rule. */
const MARKDOWN_BLOCK = /^\s{0,3}(?:#{1,6}\s|[-*+]\s|\d{1,3}[.)]\s|>|```|~~~|\||---\s*$|\*\*\*\s*$)/;

/** Cheap structural signals of the body, computed once: counts of lines, so that a change of some lines updates them (see {@link statsAfter}). */
export interface BodyStats {
  nonBlank: number;
  markdownBlocks: number;
  /** Lines with a link, heading or list marker (see {@link isMarkdownSyntax}). */
  markdownSyntax: number;
  runTogether: number;
  longLines: number;
}

/** Counts the signals detection needs, in one pass. */
export function bodyStats(lines: readonly string[]): BodyStats {
  const stats: BodyStats = { nonBlank: 0, markdownBlocks: 0, markdownSyntax: 0, runTogether: 0, longLines: 0 };
  for (const line of lines) {
    if (!line.trim()) continue;
    stats.nonBlank++;
    const block = MARKDOWN_BLOCK.test(line);
    if (block) stats.markdownBlocks++;
    if (block || hasLinkSyntax(line)) stats.markdownSyntax++;
    if (line.length > 120) {
      stats.longLines++;
      if (hasRunTogetherTail(line)) stats.runTogether++;
    }
  }
  return stats;
}

/** `stats` with the lines `removed` counted out and the lines `added` counted in. */
export function statsAfter(stats: BodyStats, removed: readonly string[], added: readonly string[]): BodyStats {
  const next = { ...stats };
  addStats(next, bodyStats(added));
  addStats(next, bodyStats(removed), -1);
  return next;
}

/** Every statistic, in a fixed order (a saved chunk's numbers are stored in it). */
export const STAT_KEYS: readonly (keyof BodyStats)[] = ['nonBlank', 'markdownBlocks', 'markdownSyntax', 'runTogether', 'longLines'];

/** Adds `sign` times `more` to `stats`. */
export function addStats(stats: BodyStats, more: BodyStats, sign = 1): void {
  for (const key of STAT_KEYS) stats[key] += sign * more[key];
}

/** Whether most long lines end like run-together entries (`… N authors · date`). */
export function isRunTogether(stats: BodyStats): boolean {
  return stats.runTogether > 0 && stats.runTogether >= stats.longLines * 0.5;
}

/** Which parser to try first: run-together lines, a Markdown capture, or plain text. */
export function guessLayout(lines: readonly string[], stats: BodyStats): 'runTogether' | 'markdown' | 'text' {
  if (isRunTogether(stats)) return 'runTogether';
  // A cheap pre-check before the full Markdown analysis: any link, heading or list marker at all.
  if (stats.markdownSyntax > 0 && markdownCaptureScore(lines) >= 0.5) return 'markdown';
  return 'text';
}

/** A line with a link, heading or list marker: with none in a body, the body is not read as Markdown. */
export function isMarkdownSyntax(line: string): boolean {
  return hasLinkSyntax(line) || MARKDOWN_BLOCK.test(line);
}

/** An inline or reference link (`](`, `][`) on the line. */
const hasLinkSyntax = (line: string): boolean => line.includes('](') || line.includes('][');

/**
 * Decides whether a plain-text parse is really a paper dump, and names its layout.
 * Metadata (dates, author counts) proves it; without metadata the file must look
 * like titles and long abstracts and not like a Markdown note. `counts`: the entries'
 * counts when known (see {@link entryCounts}), else counted here when needed.
 */
export function judgeTextParse(result: LayoutResult, stats: BodyStats, hasBlankBetween: boolean, counts?: EntryCounts): Layout {
  const entries = result.entries;
  if (entries.length === 0) return 'none';
  if (provesBlocks(entries, stats, counts)) return 'blocks';
  const { longAbstracts, titleWords, capitalWords } = counts ?? entryCounts(entries);
  if (longAbstracts < 2 || longAbstracts < entries.length * 0.7 || markdownShare(stats) > 0.05) return 'none';
  if ((titleWords ? capitalWords / titleWords : 0) < 0.6) return 'none';
  return hasBlankBetween ? 'pairs' : 'alternating';
}

/** Entries that prove a plain-text body is blocks: one with metadata, one with a 35-word abstract, and hardly any Markdown. */
export function provesBlocks(entries: readonly Entry[], stats: BodyStats, counts?: EntryCounts): boolean {
  return markdownShare(stats) < 0.2 && entries.some((e) => e.date !== null || e.authors !== null || e.org !== null) && (counts ? counts.longAbstracts > 0 : entries.some(hasLongAbstract));
}

const hasLongAbstract = (e: Entry): boolean => wordCount(e.abstract, 35) >= 35;

/**
 * What judging plain text counts over its entries: those with a 35-word abstract, and the words
 * of their titles (not small words; starting with a letter) and those with a capital letter. Kept with a
 * parse, so that reading it again counts only the entries that changed (see {@link countsAfter}).
 */
export interface EntryCounts {
  longAbstracts: number;
  titleWords: number;
  capitalWords: number;
}

/** The counts of `entries`. */
export function entryCounts(entries: readonly Entry[]): EntryCounts {
  return countsAfter({ longAbstracts: 0, titleWords: 0, capitalWords: 0 }, [], entries);
}

/** `counts` with the entries `removed` counted out and the entries `added` counted in. */
export function countsAfter(counts: EntryCounts, removed: readonly Entry[], added: readonly Entry[]): EntryCounts {
  const next = { ...counts };
  const count = (e: Entry, sign: number): void => {
    if (hasLongAbstract(e)) next.longAbstracts += sign;
    const title = countTitleWords(e.title);
    next.titleWords += sign * title.total;
    next.capitalWords += sign * title.capital;
  };
  for (const e of removed) count(e, -1);
  for (const e of added) count(e, 1);
  return next;
}

/** The share of non-blank lines that are Markdown blocks (headings, list items, quotes, …). */
const markdownShare = (stats: BodyStats): number => (stats.nonBlank ? stats.markdownBlocks / stats.nonBlank : 0);

/** Title words that are not counted (`vs.` too): as a set for lower-case ASCII, as a case-insensitive expression for other words. */
const SMALL_LIST = ['a', 'an', 'the', 'and', 'or', 'of', 'in', 'on', 'at', 'to', 'by', 'for', 'with', 'from', 'via', 'vs', 'is', 'are', 'as', 'into', 'over', 'under', 'not', 'but'];
const SMALL_WORDS = new Set([...SMALL_LIST, 'vs.']);
const SMALL = new RegExp(`^(?:${SMALL_LIST.join('|')}|vs\\.)$`, 'i');

/** A title's words that count (not small words; starting with a letter), and those with a capital letter. */
function countTitleWords(title: string): { total: number; capital: number } {
  let total = 0;
  let capital = 0;
  for (let start = 0; start < title.length; ) {
    const space = title.indexOf(' ', start);
    const end = space < 0 ? title.length : space;
    const kind = end > start ? titleWord(title, start, end) : SKIPPED;
    if (kind !== SKIPPED) {
      total++;
      capital += kind;
    }
    start = end + 1;
  }
  return { total, capital };
}

const SKIPPED = -1;

/** A title word (`title` from `start` to `end`): 1 with a capital letter, 0 without, SKIPPED for a small word or one not starting with a letter. ASCII is read by character codes. */
function titleWord(title: string, start: number, end: number): number {
  const first = title.charCodeAt(start);
  const letter = (first >= 65 && first <= 90) || (first >= 97 && first <= 122);
  if (!letter && first < 128) return SKIPPED;
  let capital = first <= 90 ? 1 : 0;
  for (let i = start; i < end; i++) {
    const c = title.charCodeAt(i);
    if (c >= 128) return unicodeTitleWord(title.slice(start, end));
    if (c >= 65 && c <= 90) capital = 1;
  }
  return end - start <= 5 && SMALL_WORDS.has(title.slice(start, end).toLowerCase()) ? SKIPPED : capital;
}

function unicodeTitleWord(word: string): number {
  if (SMALL.test(word) || !/^\p{L}/u.test(word)) return SKIPPED;
  return /\p{Lu}/u.test(word) ? 1 : 0;
}

/** True when titles and abstracts are separated by blank lines (the `pairs` layout), for `lineCount` lines as `splitLines` gives them (blank ones empty) with these `stats`. */
export function hasBlankBetween(stats: BodyStats, lineCount: number): boolean {
  return lineCount - stats.nonBlank >= stats.nonBlank * 0.5;
}
