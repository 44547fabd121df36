/**
 * Pandoc citations in Markdown notes, without the vscode API: the citation being typed at a
 * cursor, every cited key of a note, fenced code blocks and code spans (never citations), the
 * edit a completion makes, and the closest known key for a typo.
 */
import { formatCitation, footnoteDefinitionPresent, type CitationFormat } from './citation';
import type { Paper } from './model';

/** A complete pandoc key: starts with a letter, digit or `_`; punctuation only between them. */
const KEY = String.raw`[\p{L}\p{N}_](?:[\p{L}\p{N}_]|[:.#$%&\-+?<>~/](?=[\p{L}\p{N}_]))*`;
/** Every `@key` or `@{braced key}`. */
const CITATION = new RegExp(String.raw`@(?:\{([^{}\r\n]+)\}|(${KEY}))`, 'gu');
/** The `@` before the cursor and the key characters typed since (trailing punctuation allowed). */
const TYPING = /@([\p{L}\p{N}_:.#$%&\-+?<>~/]*)$/u;
/** The rest of the key after the cursor. */
const KEY_TAIL = new RegExp(String.raw`^(?:[\p{L}\p{N}_]|[:.#$%&\-+?<>~/](?=[\p{L}\p{N}_]))*`, 'u');
/** A character before `@` that makes it part of a word, e-mail, URL or escape: not a citation. */
const NOT_BEFORE_AT = /[\p{L}\p{N}_@\\/.:#$%&+?~=]$/u;
/** A list item's marker and the spaces after it (group 1: indentation, 2: marker, 3: spaces). */
const LIST_ITEM = /^( *)([*+-]|\d{1,9}[.)])( +|$)/;
/** An ATX heading: the line ends its block, so an indented line right after it is code. */
const HEADING = /^ {0,3}#{1,6}(?:\s|$)/;
/** An opening or closing code fence, also inside block quotes and list items. */
const FENCE = /^[\s>]*(?:(?:[*+-]|\d{1,9}[.)])\s+)?(`{3,}|~{3,})(.*)$/;

/** The citation being typed at a cursor. Columns are UTF-16 offsets into the line. */
export interface CitationContext {
  /** Key text between the `@` and the cursor. */
  typed: string;
  /** Column of the `@`. */
  start: number;
  /** Column after the key being typed, which may continue after the cursor (not after a bare `@`). */
  end: number;
  /** The `@` is inside a `[…]` citation group: `[@`, `[-@`, `[see @`, `; @`. */
  insideBrackets: boolean;
  /** Column of the `[` when `[@` or `[-@` directly precedes the key, else null. */
  bracketStart: number | null;
  /** Column after the `]` that closes the group on this line, else null. */
  groupEnd: number | null;
}

/** One cited key in a note (0-based line; `start`..`end` spans the key without `@` or braces). */
export interface CitedKey {
  key: string;
  line: number;
  start: number;
  end: number;
}

/** What a completion of a paper replaces on the cursor line, plus a footnote definition to append. */
export interface CitationEdit {
  start: number;
  end: number;
  text: string;
  definition?: string;
}

/** For each line, whether it belongs to a fenced code block (fence lines included; unclosed runs to the end). */
export function fencedLines(lines: readonly string[]): boolean[] {
  let open: string | null = null;
  return lines.map((line) => {
    const m = FENCE.exec(line);
    if (open !== null) {
      if (m && m[1][0] === open[0] && m[1].length >= open.length && m[2].trim() === '') open = null;
      return true;
    }
    if (!m || (m[1][0] === '`' && m[2].includes('`'))) return false;
    open = m[1];
    return true;
  });
}

/** Column ranges `[start, end)` of the code spans on a line (backtick runs of equal length). */
export function codeSpans(line: string): [number, number][] {
  const runs = [...line.matchAll(/`+/g)].map((m) => ({ start: m.index, len: m[0].length }));
  const spans: [number, number][] = [];
  for (let r = 0; r < runs.length; r++) {
    let { start, len } = runs[r];
    if (escaped(line, start)) {
      start++;
      len--;
    }
    const close = len === 0 ? -1 : runs.findIndex((run, j) => j > r && run.len === len);
    if (close < 0) continue;
    spans.push([start, runs[close].start + len]);
    r = close;
  }
  return spans;
}

/** The citation typed at `column`, or null (inside a fence or code span, after a word character…). */
export function citationContext(line: string, column: number, inFence = false): CitationContext | null {
  if (inFence) return null;
  const m = TYPING.exec(line.slice(0, column));
  if (!m || (m[1] !== '' && !/^[\p{L}\p{N}_]/u.test(m[1]))) return null;
  const start = m.index;
  if (!citesAt(line, start, codeSpans(line))) return null;
  const end = column + (m[1] === '' ? 0 : (KEY_TAIL.exec(line.slice(column)) as RegExpExecArray)[0].length);
  const open = groupOpen(line, start);
  const between = open === null ? '' : line.slice(open + 1, start);
  return {
    typed: m[1],
    start,
    end,
    insideBrackets: open !== null,
    bracketStart: open !== null && (between === '' || between === '-') ? open : null,
    groupEnd: open === null ? null : groupClose(line, end),
  };
}

/**
 * Every cited key of a note, in order; skips YAML front matter, fenced and indented code blocks,
 * code spans, HTML comments, e-mail addresses and escaped `\@`.
 */
export function findCitations(text: string): CitedKey[] {
  const lines = text.split(/\r\n|\r|\n/);
  const skip = nonProseLines(lines);
  const found: CitedKey[] = [];
  let inComment = false;
  lines.forEach((raw, n) => {
    if (skip[n] || (!inComment && !raw.includes('@') && !raw.includes('<!--'))) return;
    const blanked = blankComments(raw, inComment, inComment || !raw.includes('<!--') ? [] : codeSpans(raw));
    inComment = blanked.open;
    const line = blanked.line;
    if (!line.includes('@')) return;
    const spans = codeSpans(line);
    for (const m of line.matchAll(CITATION)) {
      if (!citesAt(line, m.index, spans)) continue;
      const key = m[1] ?? m[2];
      const start = m.index + (m[1] !== undefined ? 2 : 1);
      found.push({ key, line: n, start, end: start + key.length });
    }
  });
  return found;
}

/**
 * Line `last` of a note as text citations can be typed in: HTML comments blanked, columns kept;
 * null inside YAML front matter, fenced or indented code. `lines` must reach past `last` to the
 * end of any front matter (the first {@link FRONT_MATTER_LINES} lines suffice); later ones do not matter.
 */
export function proseLine(lines: readonly string[], last: number): string | null {
  const skip = nonProseLines(lines.slice(0, Math.max(last + 1, FRONT_MATTER_LINES)));
  if (last < 0 || last >= lines.length || skip[last]) return null;
  let open = false;
  let line = '';
  for (let n = 0; n <= last; n++) {
    if (skip[n] || (!open && !lines[n].includes('<!--') && n < last)) continue;
    ({ line, open } = blankComments(lines[n], open, open ? [] : codeSpans(lines[n])));
  }
  return line;
}

/** Lines of front matter, fenced and indented code: no citations there. */
function nonProseLines(lines: readonly string[]): boolean[] {
  const skip = fencedLines(lines);
  frontMatterLines(lines).forEach((inside, n) => (skip[n] ||= inside));
  indentedCodeLines(lines, skip).forEach((inside, n) => (skip[n] ||= inside));
  return skip;
}

/** Front matter longer than this many lines is not taken for front matter. */
export const FRONT_MATTER_LINES = 200;

/** Marks the lines of YAML front matter at the top of a note (`---` … `---` or `...`). */
export function frontMatterLines(lines: readonly string[]): boolean[] {
  const marks = lines.map(() => false);
  if (lines[0]?.trim() !== '---') return marks;
  for (let i = 1; i < Math.min(lines.length, FRONT_MATTER_LINES); i++) {
    if (lines[i].trim() === '---' || lines[i].trim() === '...') {
      for (let j = 0; j <= i; j++) marks[j] = true;
      break;
    }
  }
  return marks;
}

/**
 * Marks the lines of indented code blocks (4+ columns deeper than the enclosing list item's
 * content, after a blank line or a heading; a paragraph's continuation lines are never code).
 * Lines marked in `skip` (fences, front matter) are block boundaries.
 */
export function indentedCodeLines(lines: readonly string[], skip: readonly boolean[] = []): boolean[] {
  const marks = lines.map(() => false);
  /** Content columns of the open list items, innermost last. */
  const items: number[] = [];
  let afterBlock = true;
  let inCode = false;
  lines.forEach((raw, n) => {
    if (skip[n]) {
      afterBlock = true;
      inCode = false;
      return;
    }
    if (raw.trim() === '') {
      afterBlock = true;
      return;
    }
    const line = raw.includes('\t') ? expandTabs(raw) : raw;
    const indent = line.length - line.trimStart().length;
    // A new block (not a lazy paragraph line) less indented than an item's content closes the item.
    if (afterBlock || inCode) while (items.length && indent < items[items.length - 1]) items.pop();
    if ((afterBlock || inCode) && indent >= (items[items.length - 1] ?? 0) + 4) {
      marks[n] = true;
      inCode = true;
      return;
    }
    inCode = false;
    afterBlock = HEADING.test(line);
    const item = LIST_ITEM.exec(line);
    if (item) {
      while (items.length && indent < items[items.length - 1]) items.pop();
      const spaces = item[3].length === 0 || item[3].length > 4 ? 1 : item[3].length;
      items.push(item[1].length + item[2].length + spaces);
    }
  });
  return marks;
}

/** Tabs replaced by spaces up to the next multiple of 4 columns. */
function expandTabs(line: string): string {
  let out = '';
  for (const ch of line) out += ch === '\t' ? ' '.repeat(4 - (out.length % 4)) : ch;
  return out;
}

/**
 * The line with HTML comments (`<!-- … -->`, possibly open from earlier lines) blanked out, columns
 * kept. A `<!--` inside one of the code `spans` opens nothing.
 */
export function blankComments(line: string, open: boolean, spans: readonly [number, number][] = []): { line: string; open: boolean } {
  let out = '';
  let at = 0;
  for (;;) {
    if (open) {
      const end = line.indexOf('-->', at);
      if (end < 0) return { line: out + ' '.repeat(line.length - at), open: true };
      out += ' '.repeat(end + 3 - at);
      at = end + 3;
      open = false;
    }
    let start = line.indexOf('<!--', at);
    while (start >= 0 && spans.some(([s, e]) => start >= s && start < e)) start = line.indexOf('<!--', start + 4);
    if (start < 0) return { line: out + line.slice(at), open: false };
    out += line.slice(at, start);
    at = start;
    open = true;
  }
}

/** The citation whose key (or its `@`) is at `column` of `line`, if any. */
export function citationAt(citations: readonly CitedKey[], line: number, column: number): CitedKey | undefined {
  return citations.find((c) => c.line === line && column >= c.start - 1 && column <= c.end);
}

/**
 * The edit that completes the citation at `ctx` with `paper`. Pandoc inside a typed group gives
 * `@key` (plus `]` when the group is not closed); link, footnote and template replace a typed
 * `[@…` (and a `]` right after the key) as a whole.
 */
export function citationEdit(ctx: CitationContext, paper: Paper, format: CitationFormat, template?: string): CitationEdit {
  if (format === 'pandoc' || format === 'bare') {
    const inside = format === 'pandoc' && ctx.insideBrackets;
    const { text } = formatCitation(paper, format, { insideBrackets: inside });
    return { start: ctx.start, end: ctx.end, text: inside && ctx.groupEnd === null ? `${text}]` : text };
  }
  const bracketed = ctx.bracketStart !== null;
  const end = bracketed && ctx.groupEnd === ctx.end + 1 ? ctx.groupEnd : ctx.end;
  const { text, definition } = formatCitation(paper, format, { template });
  return { start: ctx.bracketStart ?? ctx.start, end, text, ...(definition ? { definition } : {}) };
}

/**
 * What to append to a note so that it ends with the footnote `definition` of `key`: null when
 * the note already defines it. Definitions follow each other; anything else gets a blank line.
 */
export function footnoteAppendix(text: string, key: string, definition: string, eol = '\n'): string | null {
  if (footnoteDefinitionPresent(text, key)) return null;
  const lines = text.split(/\r\n|\r|\n/);
  const endsWithNewline = lines.length > 1 && lines[lines.length - 1] === '';
  const last = lines[lines.length - (endsWithNewline ? 2 : 1)];
  const separated = last.trim() === '' || /^ {0,3}\[\^[^\]]+\]:/.test(last);
  const prefix = (endsWithNewline || text === '' ? '' : eol) + (separated ? '' : eol);
  return `${prefix}${definition}${eol}`;
}

/**
 * The known key closest to a mistyped one (case-insensitive): keys that extend it or that it
 * extends (3+ characters) first, then fewest edits (transpositions count one), then nearest
 * length, then code-point order. Null when nothing is within reach (2 edits, or 40% of the key).
 */
export function closestKey(key: string, keys: Iterable<string>): string | null {
  const want = key.toLowerCase();
  const reach = Math.max(2, Math.floor(want.length * 0.4));
  let best: { key: string; rank: number[] } | null = null;
  for (const candidate of keys) {
    const lower = candidate.toLowerCase();
    const related = Math.min(want.length, lower.length) >= 3 && (lower.startsWith(want) || want.startsWith(lower));
    const d = related ? Math.abs(lower.length - want.length) : editDistance(want, lower, reach);
    if (!related && d > reach) continue;
    const rank = [related ? 0 : 1, d, Math.abs(candidate.length - key.length)];
    if (!best || compareRanks(rank, best.rank) < 0 || (compareRanks(rank, best.rank) === 0 && candidate < best.key)) {
      best = { key: candidate, rank };
    }
  }
  return best?.key ?? null;
}

/** Whether the `@` at `at` starts a citation: not escaped, not after a word/URL character, not in code. */
function citesAt(line: string, at: number, spans: readonly [number, number][]): boolean {
  if (NOT_BEFORE_AT.test(line.slice(Math.max(0, at - 2), at))) return false;
  return !spans.some(([s, e]) => at >= s && at < e);
}

/** Column of the unclosed `[` (not `[^`, not escaped) that opens a citation group before `at`. */
function groupOpen(line: string, at: number): number | null {
  for (let i = at - 1; i >= 0; i--) {
    if (line[i] === ']' && !escaped(line, i)) return null;
    if (line[i] === '[' && !escaped(line, i)) return line[i + 1] === '^' ? null : i;
  }
  return null;
}

/** Column after the `]` that closes the group after `from`, or null when a `[` or the line end comes first. */
function groupClose(line: string, from: number): number | null {
  for (let i = from; i < line.length; i++) {
    if ((line[i] === '[' || line[i] === ']') && !escaped(line, i)) return line[i] === ']' ? i + 1 : null;
  }
  return null;
}

/** Whether the character at `i` is preceded by an odd number of backslashes. */
function escaped(line: string, i: number): boolean {
  let n = 0;
  while (i - n - 1 >= 0 && line[i - n - 1] === '\\') n++;
  return n % 2 === 1;
}

function compareRanks(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** Optimal-string-alignment distance, or `limit + 1` as soon as it must exceed `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      row.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > limit) return limit + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length];
}
