import type { Entry, Layout, ParsedDump, Problem } from '../model';
import { decodeBytes, stripBom } from './decode';
import { bodyStats, guessLayout, judgeTextParse } from './detect';
import { yearOfArxiv } from './fields';
import { readFrontMatter } from './frontMatter';
import type { LayoutInput, LayoutResult } from './layout';
import { markdownCaptureScore, parseMarkdownCapture } from './markdown';
import { parseRunTogether } from './runTogether';
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
const DEFAULT_MAX_LINE = 100_000;

/**
 * Parses one file into entries. Detects the layout per file, honours front
 * matter (`topic`, `litnotes: true|false`), and never throws: anything wrong
 * becomes a problem with file and line, and the rest of the file still parses.
 */
export function parseDump(content: Uint8Array | string, file: string, options: ParseOptions = {}): ParsedDump {
  try {
    return parseOrThrow(content, file, options);
  } catch (error) {
    const message = `Parser failed: ${(error as Error)?.message ?? String(error)}. Please report this file.`;
    return { file, layout: 'none', entries: [], problems: [{ file, line: 1, severity: 'error', message }], meta: {}, source: null };
  }
}

function parseOrThrow(content: Uint8Array | string, file: string, options: ParseOptions): ParsedDump {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const size = typeof content === 'string' ? content.length : content.byteLength;
  if (size > maxBytes) {
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    const message = `File is ${mb(size)} MB, above the ${mb(maxBytes)} MB limit (litnotes.dumps.maxFileSizeMB); skipped.`;
    return { file, layout: 'none', entries: [], problems: [{ file, line: 1, severity: 'error', message }], meta: {}, source: null };
  }
  const decoded = typeof content === 'string' ? { text: stripBom(content), problems: [] } : decodeBytes(content, file);
  const problems: Problem[] = [...decoded.problems];
  if (decoded.text === null) return { file, layout: 'none', entries: [], problems, meta: {}, source: null };

  const lines = splitLines(decoded.text, file, options.maxLineLength ?? DEFAULT_MAX_LINE, problems);
  const front = readFrontMatter(lines, file);
  problems.push(...front.problems);
  const meta = front.meta;
  if (meta.dump === false) return { file, layout: 'none', entries: [], problems, meta, source: null };

  const input: LayoutInput = { lines: lines.slice(front.bodyStart), file, firstLine: front.bodyStart + 1 };
  const { layout, result } = parseBody(input, meta.dump === true);
  problems.push(...result.problems);
  if (layout === 'none' && meta.dump === true) {
    problems.push({ file, line: 1, severity: 'error', message: 'Marked as a paper dump in front matter, but no paper entries were found.' });
  } else if (layout === 'none' && options.expectDump) {
    const message = 'No paper entries found: expected titles followed by abstracts (and optional "N authors · date" lines) or a Markdown capture of a papers page.';
    problems.push({ file, line: 1, severity: 'error', message });
  }
  const entries = layout === 'none' ? [] : mergeBackToBack(result.entries);
  for (const entry of entries) entry.year ??= yearOfArxiv(entry.arxiv);
  const kept = layout === 'none' && meta.dump !== true ? problems.filter((p) => p.severity !== 'info') : problems;
  return { file, layout, entries, problems: kept, meta, source: meta.url ?? findSourceUrl(input.lines) };
}

/** A Hugging Face Papers URL near the top of the body (clippers write `URL Source: …`). */
function findSourceUrl(lines: readonly string[]): string | null {
  for (const line of lines.slice(0, 40)) {
    const m = /https?:\/\/huggingface\.co\/papers[^\s)>\]"']*/.exec(line);
    if (m && /[?&]q=/.test(m[0])) return m[0];
  }
  return null;
}

function parseBody(input: LayoutInput, forced: boolean): { layout: Layout; result: LayoutResult } {
  const stats = bodyStats(input.lines);
  const guess = guessLayout(input.lines, stats);
  if (guess === 'runTogether') return { layout: 'runTogether', result: parseRunTogether(input) };
  const markdownScore = guess === 'markdown' ? markdownCaptureScore(input.lines) : 0;
  if (markdownScore >= 0.6) {
    const markdown = parseMarkdownCapture(input);
    if (markdown.entries.length > 0) return { layout: 'markdown', result: markdown };
  }
  const text = parseTextDump(input);
  let layout = judgeTextParse(text, stats, hasBlankBetween(input.lines));
  if (layout === 'none' && forced && text.entries.some((e) => e.abstract)) layout = 'blocks';
  if (guess === 'markdown' && markdownScore < 0.6) {
    // Some exports look like Markdown but read best as text (every URL on its own line): keep the richer reading.
    const markdown = parseMarkdownCapture(input);
    if (markdown.entries.length > 0 && (layout === 'none' || richness(markdown.entries) >= richness(text.entries))) {
      return { layout: 'markdown', result: markdown };
    }
  }
  return { layout, result: text };
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

function splitLines(text: string, file: string, maxLine: number, problems: Problem[]): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].length > maxLine) {
      problems.push({ file, line: i + 1, severity: 'warning', message: `Line is ${lines[i].length.toLocaleString('en-US')} characters long (limit ${maxLine.toLocaleString('en-US')}); skipped.` });
      lines[i] = '';
    } else {
      lines[i] = lines[i].trimEnd();
    }
  }
  return lines;
}

/** True when titles and abstracts are separated by blank lines (the `pairs` layout). */
function hasBlankBetween(lines: readonly string[]): boolean {
  let blanks = 0;
  let text = 0;
  for (const line of lines) {
    if (line === '') blanks++;
    else text++;
  }
  return blanks >= text * 0.5;
}

/** Trending captures repeat each entry back to back: keep one, with the richest fields. */
function mergeBackToBack(entries: Entry[]): Entry[] {
  const out: Entry[] = [];
  let prevTitle = '';
  for (const entry of entries) {
    const prev = out[out.length - 1];
    const title = normalizeTitle(entry.title);
    const same = prev !== undefined && title === prevTitle;
    prevTitle = title;
    if (same) {
      for (const key of ['abstract', 'authors', 'org', 'date', 'year', 'upvotes', 'comments', 'github', 'arxiv'] as const) {
        if (!prev[key] && entry[key]) (prev as unknown as Record<string, unknown>)[key] = entry[key];
      }
      if (entry.links.length > prev.links.length) prev.links = entry.links;
      prev.endLine = Math.max(prev.endLine, entry.endLine);
    } else {
      out.push(entry);
    }
  }
  return out;
}
