/**
 * Inline Markdown for the capture parser: reference definitions, link and image
 * spans (found in one linear pass, allowed to span lines), rendering to visible
 * text, and unescaping. Everything here is linear in the input size.
 */

/** A reference definition table: normalised label → URL. */
export type RefDefs = Map<string, string>;

/** A link or image found in the text. Offsets index the whole joined text. */
export interface Span {
  open: number;
  textStart: number;
  textEnd: number;
  end: number;
  image: boolean;
  /** Resolved destination; null for an unresolved reference or a pandoc `[text]{.class}` span. */
  url: string | null;
  /** `[text][label]` whose label has no definition. */
  unresolved: boolean;
}

/** One piece of a rendered line: plain text, a link, or an image. */
export interface Seg {
  kind: 'text' | 'link' | 'image';
  /** Visible text (unescaped, images removed, nested links flattened). */
  text: string;
  url: string | null;
  unresolved: boolean;
  /** Destinations of links nested inside a link's text. */
  inner: string[];
  /** The visible text with each nested link's destination written after it as `<url>` (for link extraction). */
  aux?: string;
}

const MAX_LINK_TEXT = 20000;
const MAX_URL = 4096;
const MAX_LABEL = 999;
const REF_DEF = /^ {0,3}\[([^\]\n]{1,999})\]:[ \t]*<?([^\s<>]+)>?(?:[ \t]+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?[ \t]*$/;
const LYNX_REF = /^\s*(\d{1,5})\.\s+(https?:\/\/\S+)\s*$/;

/** Normalises a reference label (case-insensitive, whitespace collapsed). */
export function refLabel(label: string): string {
  return label.replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * Collects `[label]: url` definitions, and the numbered `References` list that
 * text browsers (lynx, w3m) append. Returns the table and the lines it used.
 */
export function collectRefDefs(lines: readonly string[]): { defs: RefDefs; used: Set<number> } {
  const defs: RefDefs = new Map();
  const used = new Set<number>();
  let lynx = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.length > 5000) continue;
    const t = line.trim();
    if (t === 'References' || t === 'Links:' || t === 'Visible links') { lynx = true; used.add(i); continue; }
    if (t.startsWith('[') && t.includes(']:')) {
      const m = REF_DEF.exec(line);
      if (m) {
        const key = refLabel(unescapeMarkdown(m[1]));
        if (!defs.has(key)) defs.set(key, m[2]);
        used.add(i);
        continue;
      }
    }
    if (lynx) {
      const m = LYNX_REF.exec(line);
      if (m) {
        if (!defs.has(m[1])) defs.set(m[1], m[2]);
        used.add(i);
      }
    }
  }
  return { defs, used };
}

/**
 * Characters that Markdown writers (turndown, pandoc, html2text…) escape. Other
 * punctuation after a backslash is left alone: converters never write `\%`, so
 * `71\%` or `\&` in a capture is LaTeX from the abstract itself.
 */
const ESCAPED = new Set('\\`*_{}[]()#+-.!<>$^~|\'"=@');

function isPunct(c: number): boolean {
  return ESCAPED.has(String.fromCharCode(c));
}

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

/**
 * Renders `text[from, to)` into segments, using the spans that start inside it.
 * `spans` must be sorted by `open`; `cursor` is an index hint into it.
 */
export function renderSegs(text: string, from: number, to: number, spans: readonly Span[]): Seg[] {
  const segs: Seg[] = [];
  let k = firstSpanAt(spans, from);
  let pos = from;
  while (pos < to) {
    while (k < spans.length && spans[k].open < pos) k++;
    const s = k < spans.length && spans[k].open < to && spans[k].end <= to ? spans[k] : null;
    const stop = s ? s.open : to;
    if (stop > pos) segs.push({ kind: 'text', text: unescapeMarkdown(text.slice(pos, stop)), url: null, unresolved: false, inner: [] });
    if (!s) break;
    const inner: string[] = [];
    const body = s.image ? { text: '', aux: '' } : renderInner(text, s.textStart, s.textEnd, spans, k + 1, inner, 0);
    segs.push({ kind: s.image ? 'image' : 'link', text: body.text, url: s.url, unresolved: s.unresolved, inner, aux: body.aux });
    pos = s.end;
    k++;
  }
  return segs;
}

function renderInner(text: string, from: number, to: number, spans: readonly Span[], k: number, inner: string[], depth: number): { text: string; aux: string } {
  let out = '';
  let aux = '';
  let pos = from;
  while (pos < to) {
    while (k < spans.length && spans[k].open < pos) k++;
    const s = depth < 8 && k < spans.length && spans[k].open < to ? spans[k] : null;
    const stop = s ? s.open : to;
    if (stop > pos) {
      const piece = unescapeMarkdown(text.slice(pos, stop));
      out += piece;
      aux += piece;
    }
    if (!s) break;
    if (!s.image) {
      const sub = renderInner(text, s.textStart, s.textEnd, spans, k + 1, inner, depth + 1);
      out += sub.text;
      aux += sub.aux;
      if (s.url) { inner.push(s.url); aux += ` <${s.url}> `; }
    }
    pos = Math.max(s.end, pos);
    k++;
  }
  return { text: out, aux };
}

function firstSpanAt(spans: readonly Span[], pos: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].open < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const NEEDS_UNESCAPE = /[\\*<&]/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };
/** Inline HTML that clippers leave behind. Never `<s>`, `<q>` or unknown tags: `<s>`, `<SEG>`, `<SR>` are tokens in abstracts. */
const INLINE_TAG = /<\/?(?:a|b|i|u|em|strong|span|sup|sub|code|div|p|small|mark|font|br|img|svg|path|button|li|ul|ol|h[1-6]|section|article|header|footer|nav|main|aside|time|figure|figcaption|picture|source|table|thead|tbody|tr|td|th|blockquote|hr|del|ins|kbd|abbr|cite|dl|dt|dd|details|summary)(?:\s[^<>\n]{0,300})?\/?>/gi;

/**
 * Markdown text → plain text: writers' backslash escapes removed (`\_` → `_`, `\\` → `\`),
 * backslash line breaks (`\` before a newline, `\` followed by spaces) made spaces,
 * `**strong**` markers, clippers' inline HTML tags and autolink brackets dropped, entities decoded.
 * A backslash before a letter is kept, so LaTeX such as `$\textbf{F}$` survives.
 */
export function unescapeMarkdown(raw: string): string {
  if (!raw || !NEEDS_UNESCAPE.test(raw)) return raw;
  const strong = strongMarkers(raw);
  let out = '';
  const n = raw.length;
  let last = 0;
  let i = 0;
  while (i < n) {
    const c = raw.charCodeAt(i);
    if (c === 92) {
      out += raw.slice(last, i);
      let j = i;
      while (j < n && raw.charCodeAt(j) === 92) j++;
      let k = j;
      while (k < n && (raw[k] === ' ' || raw[k] === '\t')) k++;
      if (k >= n || raw[k] === '\n' || k > j) {
        out += ' ';
        i = k;
      } else {
        const run = j - i;
        out += '\\'.repeat(run >> 1);
        if (run & 1) {
          if (isPunct(raw.charCodeAt(j))) { out += raw[j]; i = j + 1; } else { out += '\\'; i = j; }
        } else i = j;
      }
      last = i;
      continue;
    }
    if (strong && strong.has(i)) { out += raw.slice(last, i); i += 2; last = i; continue; }
    i++;
  }
  out += raw.slice(last);
  if (out.indexOf('<') >= 0) {
    out = out.replace(INLINE_TAG, (tag) => (/^<br/i.test(tag) ? ' ' : '')).replace(/<(https?:\/\/[^\s<>]*)>/g, '$1');
  }
  if (out.indexOf('&') >= 0) {
    out = out.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|[a-z]{2,6});/g, (m, e: string) => decodeEntity(e) ?? m);
  }
  return out;
}

function decodeEntity(e: string): string | undefined {
  if (ENTITIES[e]) return ENTITIES[e];
  if (e[0] !== '#') return undefined;
  const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
  return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : undefined;
}

/**
 * Offsets of paired, unescaped `**` strong markers (null when there are none).
 * `__` is left alone: extractors that do not escape would turn `__init__` into `init`.
 */
function strongMarkers(raw: string): Set<number> | null {
  if (raw.indexOf('**') < 0) return null;
  const found: number[] = [];
  for (let i = 0; i + 1 < raw.length; i++) {
    const c = raw[i];
    if (c === '\\') { i++; continue; }
    if (c === '*' && raw[i + 1] === '*' && raw[i + 2] !== '*') { found.push(i); i++; }
    else if (c === '*') while (raw[i + 1] === '*') i++;
  }
  const set = new Set<number>();
  let open = -1;
  for (const p of found) {
    if (open < 0) {
      if (p + 2 < raw.length && !/\s/.test(raw[p + 2])) open = p;
    } else if (!/\s/.test(raw[p - 1])) {
      set.add(open);
      set.add(p);
      open = -1;
    }
  }
  return set.size ? set : null;
}

/** Resolves a capture URL: relative Hugging Face paths become absolute. */
export function absoluteUrl(url: string | null): string | null {
  if (!url) return null;
  if (url.startsWith('//')) return 'https:' + url;
  if (url.startsWith('/')) return 'https://huggingface.co' + url;
  return url;
}
