import type { Entry, Layout, ParsedDump, Problem } from '../model';
import type { ByteLines } from './byteChange';
import { decodeBytes, stripBom, type Decoded } from './decode';
import { bodyStats, guessLayout, hasBlankBetween, judgeTextParse, type BodyStats } from './detect';
import { readFrontMatter } from './frontMatter';
import type { LayoutInput, LayoutResult } from './layout';
import { markdownCaptureScore, parseMarkdownCapture, readCapture, type CaptureTrail } from './markdown';
import { parseRunTogether } from './runTogether';
import { finishEntries, findSourceUrl, splitLines } from './passes';
import { parseTextDump } from './textDump';
import { normalizeTitle } from '../normalize';

/** Limits that keep hostile input cheap. */
export interface ParseOptions {
  /** Files larger than this are skipped with a problem. Default 50 MB. */
  maxBytes?: number;
  /** Longer lines are dropped with a problem. Default 100,000 characters. */
  maxLineLength?: number;
  /** The file is meant to be a dump (named `*.papers.*`, or given explicitly): finding nothing is an error. */
  expectDump?: boolean;
}

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
/**
 * The version of what parsing produces. Parses persisted between sessions are used only when
 * written by the same version: bump it whenever `parseDump`'s output (or the topic the parse
 * worker derives) changes for the same input.
 */
export const PARSER_VERSION = 2;
export const DEFAULT_MAX_LINE = 100_000;

/** A parse of plain text (blocks, pairs, alternating), of run-together lines or of a Markdown capture, and what reading the file again needs (see `reparse.ts`). */
export interface BodyTrail {
  reading: 'text' | 'runTogether' | 'markdown';
  /** Every line of the file, as `splitLines` gives them. */
  lines: string[];
  bodyStart: number;
  /** The problems of reading the body. */
  bodyProblems: Problem[];
  /** Whether entries were ever merged (duplicates back to back) in this parse or those it was read again from: the layout may then have been judged on more entries than the parse has. */
  merged: boolean;
  /** A Markdown capture's reading (see `markdownChange.ts`). */
  capture?: CaptureReading;
  /** The body's statistics (see `bodyStats`), updated line by line when it is read again. */
  stats: BodyStats;
  /** Whether the lines were read from bytes of clean UTF-8: no problem decoding them or splitting them into lines. */
  cleanText: boolean;
  /** The bytes the lines were read from and where each starts, once a parse is kept to be read again (see `byteChange.ts`). */
  byteLines?: ByteLines;
}

/** How a Markdown capture was read, for reading it again in part. */
export interface CaptureReading extends CaptureTrail {
  /**
   * By entry the capture read (see `groups`): its index among the parse's entries, or -1 when it
   * was merged into the entry before it (a duplicate back to back), whose index `into` then holds.
   */
  at: Int32Array;
  into: Int32Array;
}

/** A parse, with its trail when it read plain text, run-together lines or a Markdown capture. */
export interface TrailedParse {
  parsed: ParsedDump;
  trail: BodyTrail | null;
}

/**
 * Parses one file into entries. Detects the layout per file, honours front
 * matter (`topic`, `litnotes: true|false`), and never throws: anything wrong
 * becomes a problem with file and line, and the rest of the file still parses.
 */
export function parseDump(content: Uint8Array | string, file: string, options: ParseOptions = {}): ParsedDump {
  return parseWithTrail(content, file, options).parsed;
}

/** {@link parseDump}, with the trail a later parse of the same file may start from. */
export function parseWithTrail(content: Uint8Array | string, file: string, options: ParseOptions = {}): TrailedParse {
  try {
    return parseOrThrow(content, file, options);
  } catch (error) {
    const message = `Parser failed: ${(error as Error)?.message ?? String(error)}. Please report this file.`;
    return { parsed: { file, layout: 'none', entries: [], problems: [{ file, line: 1, severity: 'error', message }], meta: {}, source: null }, trail: null };
  }
}

/** Decodes a file's bytes (or takes its text) with the problems of doing so. */
export function decodeContent(content: Uint8Array | string, file: string): Decoded {
  return typeof content === 'string' ? { text: stripBom(content), problems: [] } : decodeBytes(content, file);
}

/** The problem of a file above `maxBytes`, or null. */
export function sizeProblem(content: Uint8Array | string, file: string, maxBytes = DEFAULT_MAX_BYTES): Problem | null {
  const size = typeof content === 'string' ? content.length : content.byteLength;
  if (size <= maxBytes) return null;
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  return { file, line: 1, severity: 'error', message: `File is ${mb(size)} MB, above the ${mb(maxBytes)} MB limit (litnotes.dumps.maxFileSizeMB); skipped.` };
}

function parseOrThrow(content: Uint8Array | string, file: string, options: ParseOptions): TrailedParse {
  const none = (problems: Problem[], meta: ParsedDump['meta'] = {}): TrailedParse => ({ parsed: { file, layout: 'none', entries: [], problems, meta, source: null }, trail: null });
  const tooLarge = sizeProblem(content, file, options.maxBytes);
  if (tooLarge) return none([tooLarge]);
  const decoded = decodeContent(content, file);
  const problems: Problem[] = [...decoded.problems];
  if (decoded.text === null) return none(problems);

  const lineProblems: Problem[] = [];
  const lines = splitLines(decoded.text, file, options.maxLineLength ?? DEFAULT_MAX_LINE, lineProblems);
  problems.push(...lineProblems);
  const front = readFrontMatter(lines, file);
  problems.push(...front.problems);
  const meta = front.meta;
  if (meta.dump === false) return none(problems, meta);

  const input: LayoutInput = { lines: lines.slice(front.bodyStart), file, firstLine: front.bodyStart + 1 };
  const { layout, result, guess, stats, capture } = parseBody(input, meta.dump === true);
  problems.push(...result.problems);
  if (layout === 'none' && meta.dump === true) {
    problems.push({ file, line: 1, severity: 'error', message: 'Marked as a paper dump in front matter, but no paper entries were found.' });
  } else if (layout === 'none' && options.expectDump) {
    const message = 'No paper entries found: expected titles followed by abstracts (and optional "N authors · date" lines) or a Markdown capture of a papers page.';
    problems.push({ file, line: 1, severity: 'error', message });
  }
  const entries = layout === 'none' ? [] : finishEntries(result.entries);
  const kept = layout === 'none' && meta.dump !== true ? problems.filter((p) => p.severity !== 'info') : problems;
  const parsed: ParsedDump = { file, layout, entries, problems: kept, meta, source: meta.url ?? findSourceUrl(input.lines) };
  const readAsText = guess === 'text' && (layout === 'blocks' || layout === 'pairs' || layout === 'alternating');
  const reading = guess === 'runTogether' ? 'runTogether' : readAsText ? 'text' : capture ? 'markdown' : null;
  const merged = result.entries.length !== entries.length;
  const cleanText = typeof content !== 'string' && decoded.problems.length === 0 && lineProblems.length === 0;
  const trail: BodyTrail | null = reading ? { reading, lines, bodyStart: front.bodyStart, bodyProblems: result.problems, merged, stats, cleanText } : null;
  if (trail && capture) trail.capture = { ...capture, ...placesOf(result.entries, entries) };
  return { parsed, trail };
}

/** Where each entry read is among `entries` (what `finishEntries` left of `read`): see `CaptureReading`. */
function placesOf(read: readonly Entry[], entries: readonly Entry[]): { at: Int32Array; into: Int32Array } {
  const index = new Map(entries.map((e, i) => [e, i]));
  const at = new Int32Array(read.length).fill(-1);
  const into = new Int32Array(read.length).fill(-1);
  let kept = -1;
  read.forEach((e, i) => {
    const found = index.get(e);
    if (found !== undefined) at[i] = kept = found;
    else into[i] = kept;
  });
  return { at, into };
}

type BodyRead = { layout: Layout; result: LayoutResult; guess: ReturnType<typeof guessLayout>; stats: BodyStats; capture?: CaptureTrail };

function parseBody(input: LayoutInput, forced: boolean): BodyRead {
  const stats = bodyStats(input.lines);
  const guess = guessLayout(input.lines, stats);
  const read = (layout: Layout, result: LayoutResult): BodyRead => ({ layout, result, guess, stats });
  if (guess === 'runTogether') return read('runTogether', parseRunTogether(input));
  const markdownScore = guess === 'markdown' ? markdownCaptureScore(input.lines) : 0;
  if (markdownScore >= 0.6) {
    const markdown = readCapture(input);
    if (markdown.result.entries.length > 0) return { ...read('markdown', markdown.result), capture: markdown.trail ?? undefined };
  }
  const text = parseTextDump(input);
  let layout = judgeTextParse(text, stats, hasBlankBetween(stats, input.lines.length));
  if (layout === 'none' && forced && text.entries.some((e) => e.abstract)) layout = 'blocks';
  if (guess === 'markdown' && markdownScore < 0.6) {
    // Some exports look like Markdown but read best as text (every URL on its own line): keep the richer reading.
    const markdown = parseMarkdownCapture(input);
    if (markdown.entries.length > 0 && (layout === 'none' || richness(markdown.entries) >= richness(text.entries))) {
      return read('markdown', markdown);
    }
  }
  return read(layout, text);
}

/** How much a reading found: distinct papers with abstracts, and their metadata. */
function richness(entries: readonly Entry[]): number {
  const best = new Map<string, number>();
  for (const e of entries) {
    const score = (e.abstract ? 3 : 0) + (e.date ? 1 : 0) + (e.authors !== null || e.org ? 1 : 0) + (e.arxiv ? 1 : 0) + (e.upvotes !== null ? 1 : 0);
    const title = normalizeTitle(e.title);
    best.set(title, Math.max(best.get(title) ?? 0, score));
  }
  let total = 0;
  for (const score of best.values()) total += score;
  return total;
}

