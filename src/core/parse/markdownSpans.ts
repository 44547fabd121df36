/**
 * Link and image spans of a Markdown capture's text, found with a bracket stack in one pass, and
 * found again only around a change (see `rescanSpans`).
 */
import { firstSpanAt, refLabel, unescapeMarkdown, type RefDefs, type Span } from './markdownInline';

const MAX_LINK_TEXT = 20000;
const MAX_URL = 4096;
const MAX_LABEL = 999;

const SPECIAL = /[\n\\![\]]/g;

/**
 * One past the furthest character a read of a link's destination or title looked at (see
 * {@link scanLines}): the only reads that look past the end of a line. The scan's own look at the
 * next character, attributes and URLs stop at a line end, and a label read that fails leaves its
 * bracket open.
 */
let looked = 0;

/**
 * Finds every link and image span in `text` with a bracket stack, in one pass.
 * `lineStarts` are the offsets of the lines; `marks[i]` is 1 when line i closes
 * all open brackets (a heading) and 2 when it is skipped (a definition). With
 * `quiet`, marks the lines a scan may start at (see {@link scanLines}).
 */
export function scanSpans(text: string, defs: RefDefs, lineStarts: readonly number[], marks: Uint8Array, quiet?: Uint8Array): Span[] {
  return scanLines(text, defs, lineStarts, marks, 0, null, quiet).spans;
}

/**
 * {@link scanSpans} from the start of line `from`, stopping at the start of the first quiet line
 * for which `stop` holds; `stoppedAt`: that line, or the line count. A line is quiet when the scan
 * reaches its start with no bracket open and nothing read at or after it, so that the scan from
 * there depends only on the text from there: a scan of a changed text started at a quiet line of
 * the old text before the change finds what a scan of the whole new text finds from there; and
 * once both reach a line after the change that is quiet in both, they go on alike. With `quiet`,
 * sets its element for every line the scan passes: 1 when quiet, else 0.
 */
export function scanLines(text: string, defs: RefDefs, lineStarts: readonly number[], marks: Uint8Array, from: number, stop: ((line: number) => boolean) | null, quiet?: Uint8Array): { spans: Span[]; stoppedAt: number } {
  const spans: Span[] = [];
  const stack: number[] = []; // opener offset * 2 + (image ? 1 : 0)
  const n = text.length;
  let li = from;
  let atLineStart = true;
  looked = 0;
  // Only line starts and the characters below do anything: the loop jumps from one to the next.
  const next = (from: number): number => {
    SPECIAL.lastIndex = from;
    return SPECIAL.exec(text)?.index ?? n;
  };
  for (let i = lineStarts[from] ?? n; i < n; i = atLineStart ? i + 1 : next(i + 1)) {
    if (atLineStart) {
      atLineStart = false;
      while (li + 1 < lineStarts.length && lineStarts[li + 1] <= i) {
        li++;
        if (quiet) quiet[li] = 0;
      }
      if (lineStarts[li] === i) {
        if (marks[li]) stack.length = 0;
        if (stack.length === 0 && looked <= i) {
          if (quiet) quiet[li] = 1;
          if (stop?.(li)) return { spans: spans.sort(byOpen), stoppedAt: li };
        }
        if (marks[li] === 2) {
          const nl = text.indexOf('\n', i);
          if (nl < 0) break;
          i = nl;
          atLineStart = true;
          continue;
        }
      }
    }
    const c = text.charCodeAt(i);
    if (c === 10) { atLineStart = true; continue; }
    if (c === 92) { // backslash: skip the escaped character (but never a newline)
      if (i + 1 < n && text.charCodeAt(i + 1) !== 10) i++;
      continue;
    }
    if (c === 33 && text.charCodeAt(i + 1) === 91) { stack.push(i * 2 + 1); i++; continue; }
    if (c === 91) { stack.push(i * 2); continue; }
    if (c !== 93) continue;
    const top = stack.pop();
    if (top === undefined) continue;
    const o = { pos: Math.floor(top / 2), image: top % 2 === 1 };
    const textStart = o.pos + (o.image ? 2 : 1);
    if (i - o.pos > MAX_LINK_TEXT) continue;
    const next = text.charCodeAt(i + 1);
    if (next === 40) { // (
      const d = destination(text, i + 2);
      if (!d) continue;
      const end = attributes(text, d.end);
      spans.push({ open: o.pos, textStart, textEnd: i, end, image: o.image, url: unescapeMarkdown(d.url), unresolved: false });
      i = end - 1;
    } else if (next === 91) { // [label]
      let j = i + 2;
      while (j < n && j - i <= MAX_LABEL + 2) {
        const cj = text.charCodeAt(j);
        if (cj === 93 || cj === 91) break;
        if (cj === 92) j++;
        j++;
      }
      // A label read that fails leaves its `[` open up to where it stopped: no line start before that is quiet.
      if (j >= n || text.charCodeAt(j) !== 93) continue;
      const raw = text.slice(i + 2, j);
      const label = refLabel(unescapeMarkdown(raw.trim() ? raw : text.slice(textStart, i)));
      const url = defs.get(label) ?? null;
      spans.push({ open: o.pos, textStart, textEnd: i, end: j + 1, image: o.image, url, unresolved: url === null });
      i = j;
    } else if (next === 123) { // pandoc bracketed span [text]{.class}
      const end = attributes(text, i + 1);
      if (end === i + 1) continue;
      spans.push({ open: o.pos, textStart, textEnd: i, end, image: false, url: null, unresolved: false });
      i = end - 1;
    } else if (defs.size > 0 && i - textStart <= MAX_LABEL) { // shortcut reference
      const url = defs.get(refLabel(unescapeMarkdown(text.slice(textStart, i))));
      if (url) spans.push({ open: o.pos, textStart, textEnd: i, end: i + 1, image: o.image, url, unresolved: false });
    }
  }
  if (quiet) quiet.fill(0, li + 1);
  return { spans: spans.sort(byOpen), stoppedAt: lineStarts.length };
}

const byOpen = (a: Span, b: Span): number => a.open - b.open;

/** A scan's result: the spans, and the quiet lines (see {@link scanLines}). */
export interface ScannedSpans {
  spans: Span[];
  quiet: Uint8Array;
}

/**
 * The spans of `text` after lines `first` to `last` changed (no line added or removed), from
 * `before`, the scan of the text before: scanned only from the last quiet line at or before
 * `first` to the first line after `last` that is quiet in both scans; the other spans are the old
 * ones, moved by `shift` (how much longer the text got). `replaced`: the old spans in place of
 * `read`, the spans scanned.
 */
export function rescanSpans(before: ScannedSpans, text: string, defs: RefDefs, lineStarts: readonly number[], marks: Uint8Array, first: number, last: number, shift: number): ScannedSpans & { read: Span[]; replaced: Span[] } {
  let from = first;
  while (from > 0 && !before.quiet[from]) from--;
  const quiet = before.quiet.slice();
  const { spans: read, stoppedAt } = scanLines(text, defs, lineStarts, marks, from, (line) => line > last && before.quiet[line] === 1, quiet);
  const a = firstSpanAt(before.spans, lineStarts[from]);
  const b = stoppedAt < lineStarts.length ? firstSpanAt(before.spans, lineStarts[stoppedAt] - shift) : before.spans.length;
  const moved = (s: Span): Span => ({ ...s, open: s.open + shift, textStart: s.textStart + shift, textEnd: s.textEnd + shift, end: s.end + shift });
  const after = before.spans.slice(b);
  const spans = before.spans.slice(0, a).concat(read, shift === 0 ? after : after.map(moved));
  return { spans, quiet, read, replaced: before.spans.slice(a, b) };
}

/** Parses `(url "title")` starting just after the `(`; null when it is not one. */
function destination(text: string, start: number): { url: string; end: number } | null {
  const n = text.length;
  let i = start;
  while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
  let url: string;
  if (text[i] === '<') {
    const close = findWithin(text, '>', i + 1, MAX_URL);
    if (close < 0) return null;
    url = text.slice(i + 1, close);
    i = close + 1;
  } else {
    const from = i;
    let depth = 0;
    for (; i < n && i - from <= MAX_URL; i++) {
      const c = text.charCodeAt(i);
      if (c <= 32 || c === 91 || c === 93 || c === 60) break;
      if (c === 92) { i++; continue; }
      if (c === 40) depth++;
      else if (c === 41) { if (depth === 0) break; depth--; }
    }
    url = text.slice(from, i);
  }
  while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n')) i++;
  const q = text[i];
  if (q === '"' || q === "'" || (q === '(' && url)) {
    const closeCh = q === '(' ? ')' : q;
    const close = findWithin(text, closeCh, i + 1, 1000);
    if (close < 0) return null;
    i = close + 1;
    while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
  }
  looked = Math.max(looked, i + 1);
  if (text[i] !== ')') return null;
  return { url, end: i + 1 };
}

/** Index of `ch` within `limit` characters from `from`, not crossing a blank line; -1 if none. */
function findWithin(text: string, ch: string, from: number, limit: number): number {
  const stop = Math.min(text.length, from + limit);
  looked = Math.max(looked, stop + 1); // at most: the last character may be looked at with the one after it
  for (let j = from; j < stop; j++) {
    const c = text[j];
    if (c === ch) return j;
    if (c === '\n' && text[j + 1] === '\n') return -1;
  }
  return -1;
}

/** Skips a pandoc attribute block `{#id .class}` at `i`, if any; returns the new end. */
function attributes(text: string, i: number): number {
  if (text[i] !== '{') return i;
  for (let j = i + 1; j < text.length && j - i < 300; j++) {
    const c = text[j];
    if (c === '}') return j + 1;
    if (c === '\n' || c === '{') break;
  }
  return i;
}
