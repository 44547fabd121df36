/**
 * Inline Markdown for the capture parser: reference definitions, link and image
 * spans (found by `markdownSpans.ts`, allowed to span lines), rendering to visible
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

/** The index of the first of `spans` (sorted by `open`) that opens at or after `pos`. */
export function firstSpanAt(spans: readonly Span[], pos: number): number {
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
