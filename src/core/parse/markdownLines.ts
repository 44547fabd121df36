/**
 * Markdown captures, line level: joins physical lines into logical lines (a link
 * may span several), renders them, attaches URLs that exports put on their own
 * line, and classifies each line (heading, text, metadata, chrome…).
 */
import { collapse, parseDateLine } from './fields';
import { isChromeLine } from './chrome';
import { absoluteUrl, collectRefDefs, renderSegs, type RefDefs, type Seg, type Span } from './markdownInline';
import { ARXIV_URL, authorsCount, COMMUNITY_URL, paperId, parseCount, parseMeta, type Meta } from './markdownMeta';
import { scanSpans } from './markdownSpans';

export type Kind = 'blank' | 'ignore' | 'heading' | 'text' | 'meta' | 'sep' | 'chrome' | 'url';

/** A logical line: one or more physical lines (0-based `start`..`end`). */
export interface LLine {
  start: number;
  end: number;
  kind: Kind;
  level: number;
  segs: Seg[];
  /** Visible text, whitespace collapsed. */
  vis: string;
  meta: Meta | null;
  /** Raw first physical line (for list-marker and indentation checks). */
  raw: string;
  annotated: boolean;
  /** Cached result of `titleLink` (undefined until computed). */
  tl?: TitleLink | null;
}

export interface Analysed {
  lines: LLine[];
  unresolved: number;
  chrome: number;
  /** What the lines were read with: reference definitions, each line's mark (see `scanSpans`) and the link spans found. */
  defs: RefDefs;
  marks: Uint8Array;
  spans: Span[];
  /** By physical line, whether the link scan could start there (see `scanLines`). */
  quiet: Uint8Array;
}

const ATX = /^ {0,3}(#{1,6})(?:[ \t]+|$)/;
/** Longer physical lines (data URIs, minified blobs) cannot be capture content (abstracts are a few thousand characters): skipped. */
export const MAX_LINE = 30_000;
const FENCE = /^ {0,3}(?:`{3,}|~{3,}|:{3,})/;
const HR = /^ {0,3}([-*_=])[ \t]*(?:\1[ \t]*){2,}$/;
const SETEXT = /^ {0,3}(?:=+|-+)[ \t]*$/;
const URL_ONLY = /^<?(https?:\/\/[^\s<>]+)>?$/i;
const LIST = /^\s*(?:[-*+•]|\d{1,3}[.)])\s/;
/** Text without links can only be metadata if it has a digit, a dash, `·`, `upvote` or `arxiv:`. */
const META_HINT = /[\d·\-–—*+•|]|upvote|arxiv/i;

/** Hugging Face page URLs (paper pages, login, profiles, navigation) — not deep model or dataset URLs an abstract may cite. */
const HF_PAGE_URL = /^https?:\/\/(?:www\.)?huggingface\.co(?:\/(?:papers(?:\/\S*)?|login\S*|[^/\s?#]+\/?)?)?(?:[?#]\S*)?$/i;

const EXTRA_CHROME = new Set(['trending papers ranked by github stars activity', 'system theme', 'company', 'website', 'tos',
  'privacy', 'about', 'careers', 'jobs', 'status', 'view arxiv page', 'view pdf', 'add to collection', 'community',
  'markdown content:', '[content truncated]', 'content truncated', 'join the discussion on this paper page',
  'get this paper in your agent:', 'authors:', 'copied', 'copy link', 'paper page']);
/** Chrome that only Hugging Face Papers pages have (evidence for the score). */
const HF_CHROME = /^(?:[·•]\s*)?(?:get trending papers|submitted by|by\s*ak and the research community|daily papers|trending papers|upvote$)/i;
const CHROME_PREFIX = /^(?:[·•]\s*)?(?:submitted by\b|title:\s|url source:\s|published time:\s|markdown content:|get trending papers in your email inbox)/i;

/** True for page chrome: navigation, subscribe boxes, footers, "Submitted by". */
export function isChromeText(vis: string): boolean {
  if (vis.length > 120) return false;
  const t = vis.toLowerCase();
  return isChromeLine(vis) || EXTRA_CHROME.has(t) || CHROME_PREFIX.test(vis);
}

/** The lines as one text (joined with `\n`, as spans index it) and where each starts in it. */
export function joinLines(lines: readonly string[]): { text: string; starts: number[] } {
  const starts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    starts.push(offset);
    offset += line.length + 1;
  }
  return { text: lines.join('\n'), starts };
}

/** Splits the body into logical lines and classifies them. Linear in the input. */
export function analyseLines(input: readonly string[]): Analysed {
  const lines = input.map((l, i) => {
    const s = l.indexOf('\r') >= 0 ? l.replace(/\r/g, '') : l;
    return i === 0 && s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
  });
  const { defs, used } = collectRefDefs(lines);
  const { text, starts } = joinLines(lines);
  const marks = new Uint8Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    if (used.has(i) || lines[i].length > MAX_LINE) marks[i] = 2;
    else if (ATX.test(lines[i])) marks[i] = 1;
  }
  const quiet = new Uint8Array(lines.length);
  const spans = scanSpans(text, defs, starts, marks, quiet);
  // Merge physical lines that a top-level span crosses.
  const reach = new Int32Array(lines.length);
  for (let i = 0; i < reach.length; i++) reach[i] = i;
  let topEnd = -1;
  let unresolved = 0;
  for (const s of spans) {
    if (s.unresolved) unresolved++;
    if (s.open < topEnd) continue;
    topEnd = s.end;
    const a = lineOf(starts, s.open);
    const b = lineOf(starts, s.end - 1);
    if (b > reach[a]) reach[a] = b;
  }
  const out: LLine[] = [];
  let chrome = 0;
  for (let i = 0; i < lines.length;) {
    let e = i;
    let r = reach[i];
    while (e < r) { e++; if (reach[e] > r) r = reach[e]; }
    if (e === i && (marks[i] === 2 || isBlank(lines[i]))) { i++; continue; }
    const ln = classify(lines, i, e, text, starts, spans);
    if (ln.kind === 'chrome' && HF_CHROME.test(ln.vis)) chrome++;
    if (ln.kind !== 'blank') out.push(ln);
    i = e + 1;
  }
  setext(out, lines);
  annotate(out);
  return { lines: out, unresolved, chrome, defs, marks, spans, quiet };
}

/**
 * Physical line `i` alone as a logical line, classified as `analyseLines` classifies it when no
 * span crosses it (`text`, `starts` and `spans` of the whole body; no setext or URL annotation).
 */
export function classifyLine(lines: readonly string[], i: number, text: string, starts: readonly number[], spans: readonly Span[]): LLine {
  return classify(lines, i, i, text, starts, spans);
}

/** Whether `analyseLines` would read physical line `i` as a heading marker line (`#`), which closes every open bracket. */
export const isAtxHeading = (line: string): boolean => ATX.test(line);

function lineOf(starts: readonly number[], pos: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function isBlank(line: string): boolean {
  return line.length === 0 || !/\S/.test(line);
}

function classify(lines: readonly string[], i: number, e: number, text: string, starts: readonly number[], spans: readonly Span[]): LLine {
  const raw = lines[i];
  const ln: LLine = { start: i, end: e, kind: 'text', level: 0, segs: [], vis: '', meta: null, raw, annotated: false };
  let blank = true;
  for (let k = i; k <= e && blank; k++) if (!isBlank(lines[k])) blank = false;
  if (blank) { ln.kind = 'blank'; return ln; }
  if (i === e && raw.length < 300 && (FENCE.test(raw) || HR.test(raw))) { ln.kind = 'ignore'; return ln; }
  let from = starts[i];
  const h = ATX.exec(raw);
  if (h) { ln.kind = 'heading'; ln.level = h[1].length; from += h[0].length; }
  ln.segs = renderSegs(text, from, starts[e] + lines[e].length, spans);
  ln.vis = visible(ln.segs);
  if (h) {
    ln.vis = ln.vis.replace(/\s+#+$/, '').replace(/\s*\{[#.][^{}]{0,200}\}$/, '').replace(/^#+$/, '');
    if (!ln.vis) ln.kind = 'ignore';
    return ln;
  }
  reclassify(ln);
  return ln;
}

/** Visible text of segments: images dropped, link text kept. */
export function visible(segs: readonly Seg[]): string {
  let s = '';
  for (const g of segs) if (g.kind !== 'image') s += g.text;
  return collapse(s);
}

function reclassify(ln: LLine): void {
  const vis = ln.vis;
  ln.meta = null;
  ln.tl = undefined;
  if (!vis || /^[-*+•]$/.test(vis)) { ln.kind = 'ignore'; return; }
  const links = ln.segs.filter((g) => g.kind === 'link');
  if (links.length === 0 && URL_ONLY.test(vis)) { ln.kind = 'url'; return; }
  if (vis === '·' || vis === '•' || vis === '|') { ln.kind = 'sep'; return; }
  if (isChromeText(vis) && !(links.length === 1 && /^https?:\/\/(?:www\.)?huggingface\.co\/login\?next=(?:%2F|\/)papers(?:%2F|\/)\d/i.test(absoluteUrl(links[0].url) ?? ''))) {
    ln.kind = 'chrome';
    return;
  }
  const meta = vis.length <= 600 && (links.length > 0 || META_HINT.test(vis)) ? parseMeta(ln.segs) : null;
  if (meta) { ln.kind = 'meta'; ln.meta = meta; return; }
  ln.kind = 'text';
}

/** `Title` + `=====` (or `-----`) → a heading. */
function setext(out: LLine[], lines: readonly string[]): void {
  for (let k = 0; k + 1 < out.length; k++) {
    const a = out[k];
    const b = out[k + 1];
    if (a.kind !== 'text' || b.start !== a.end + 1 || b.start !== b.end || LIST.test(a.raw)) continue;
    const u = lines[b.start];
    if (u.length < 400 && SETEXT.test(u)) {
      a.kind = 'heading';
      a.level = u.trim()[0] === '=' ? 1 : 2;
      b.kind = 'ignore';
    }
  }
}

/**
 * Exports that put every URL on its own line: `Title` ⏎ `https://…/papers/ID`.
 * A Hugging Face page URL line, or any URL line after a blank line, becomes
 * the destination of the text line before it; other URL lines are text.
 */
function annotate(out: LLine[]): void {
  let prev = -1;
  for (let k = 0; k < out.length; k++) {
    const ln = out[k];
    if (ln.kind === 'blank') continue;
    if (ln.kind === 'url') {
      const url = URL_ONLY.exec(ln.vis)![1];
      const p = prev >= 0 ? out[prev] : null;
      const gap = p ? ln.start - p.end - 1 : 0;
      const hf = HF_PAGE_URL.test(url);
      // A `#community` link only annotates a comment count (`2`), never the date line before it.
      const strayCommunity = COMMUNITY_URL.test(url) && p !== null && parseCount(p.vis) === undefined;
      if (p && !p.annotated && !strayCommunity && (p.kind === 'text' || p.kind === 'meta' || p.kind === 'chrome') && !p.segs.some((g) => g.kind === 'link')
        && (hf || gap > 0)) {
        p.segs = [{ kind: 'link', text: p.vis, url, unresolved: false, inner: [] }];
        p.end = ln.end;
        p.annotated = true;
        if (p.kind !== 'chrome') reclassify(p);
        ln.kind = 'ignore';
      } else {
        ln.kind = hf ? 'ignore' : 'text';
        if (!hf) ln.segs = [{ kind: 'text', text: url, url: null, unresolved: false, inner: [] }];
      }
    }
    prev = ln.kind === 'ignore' ? -1 : k;
  }
}

/** A title found on a line; `weak` for a list item, which needs metadata after it to count. */
export interface TitleLink {
  title: string;
  id: string | null;
  weak?: boolean;
}

/** The title a heading or link-only line offers: a paper page or arXiv link with title-like text. */
export function titleLink(ln: LLine): TitleLink | null {
  if (ln.tl === undefined) ln.tl = computeTitleLink(ln);
  return ln.tl;
}

function computeTitleLink(ln: LLine): TitleLink | null {
  if (ln.kind === 'heading') {
    for (const g of ln.segs) {
      if (g.kind !== 'link') continue;
      const id = paperId(absoluteUrl(g.url));
      const t = collapse(g.text);
      if (id && titleish(t)) return { title: t, id };
    }
    return null;
  }
  if (ln.kind !== 'text' && ln.kind !== 'meta') return null;
  const weak = LIST.test(ln.raw) && !ln.annotated;
  const links = ln.segs.filter((g) => g.kind === 'link');
  if (links.length !== 1) return null;
  let first = true;
  for (const g of ln.segs) {
    // Only emphasis markers (`**[Title](…)**`) or, in a list item, its marker may surround the link.
    if (g.kind === 'text' && !/^[\s*_]*$/.test(g.text) && !(weak && first && /^\s*(?:[-*+•]|\d{1,3}[.)])[\s*_]*$/.test(g.text))) return null;
    first = false;
  }
  const url = absoluteUrl(links[0].url);
  const id = paperId(url);
  const t = collapse(links[0].text);
  if (!id || !titleish(t) || t.length > 400) return null;
  if (ARXIV_URL.test(url ?? '') && /^(?:link:\s*)?(?:view\s+)?(?:arxiv|pdf|abs|paper)\b/i.test(t) && t.split(' ').length <= 4) return null;
  return weak ? { title: t, id, weak } : { title: t, id };
}

/** Text that can be a paper title: has letters, is not a count, author line, date or chrome. */
export function titleish(t: string): boolean {
  if (t.length > 1000 || !/\p{L}/u.test(t)) return false;
  if (parseCount(t) !== undefined || authorsCount(t) !== null || parseDateLine(t) || isChromeText(t)) return false;
  return !/^\[[^\]]*\]$/.test(t);
}
