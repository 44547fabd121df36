/**
 * Markdown captures of Hugging Face Papers listings (daily, search and trending
 * pages) saved by web clippers and scrapers: MarkDownload, Obsidian Web Clipper,
 * Jina Reader, Firecrawl, pandoc, text browsers, "copy as Markdown"…
 *
 * An entry opens at a paper title: a heading or a lone link pointing at
 * `huggingface.co/papers/ID` (or `arxiv.org/abs/ID`), or — in captures without
 * such links — a heading followed by paper metadata. The lines after it give the
 * abstract (text before the first metadata line) and the metadata (authors or
 * organisation, `·`, date, comment count, upvotes, GitHub and arXiv buttons).
 */
import type { Problem } from '../model';
import { blankEntry, type LayoutInput, type LayoutResult } from './layout';
import { collapse, yearOf } from './fields';
import { auxOf, finish, joinedLength, norm, type Draft } from './markdownEntries';
import { analyseLines, titleish, titleLink, type Analysed, type LLine, type TitleLink } from './markdownLines';
import type { Meta } from './markdownMeta';

/** A list item or blockquote: notes' material, never the start of a capture's abstract. */
const BLOCK_ITEM = /^\s*(?:[-*+•]\s|\d{1,3}[.)]\s|>)/;

interface Assembled {
  drafts: Draft[];
  lines: LLine[];
  unresolved: number;
  chrome: number;
  analysed: Analysed;
}

/** What the capture score counts (see {@link markdownCaptureScore}). */
export interface ScoreParts {
  drafts: number;
  structured: number;
  longAbstracts: number;
  ids: number;
  covered: number;
  total: number;
  chrome: number;
}

/**
 * What reading a capture again in part needs (see `markdownChange.ts`): how its lines were read,
 * which logical lines made which abstract, and which drafts made each entry.
 */
export interface CaptureTrail {
  analysed: Analysed;
  /** By logical line: the draft whose abstract it is part of, and its place there. */
  absAt: Map<number, { draft: number; pos: number }>;
  /** Each draft's abstract, line by line. */
  abstracts: string[][];
  /** By entry the capture read (duplicates merged): its drafts, in order; and each draft's entry. */
  groups: number[][];
  groupOf: Int32Array;
  score: ScoreParts;
}

/**
 * Parses the body lines of a Markdown capture into entries, one per distinct
 * paper (entries repeated back to back, as on trending pages, are merged).
 * Never throws; a failure becomes a problem.
 */
export function parseMarkdownCapture(input: LayoutInput): LayoutResult {
  return readCapture(input).result;
}

/** {@link parseMarkdownCapture}, with what reading it again in part needs (null when it failed). */
export function readCapture(input: LayoutInput): { result: LayoutResult; trail: CaptureTrail | null } {
  const problems: Problem[] = [];
  try {
    const a = analyse(input.lines);
    const { entries, groups } = finish(a.drafts, input);
    if (a.unresolved > 0 && entries.length > 0) {
      problems.push({
        file: input.file, line: input.firstLine, severity: 'warning',
        message: `${a.unresolved} reference-style link(s) have no definition; the capture may be truncated, so some upvotes or links may be missing.`,
      });
    }
    const absAt = new Map<number, { draft: number; pos: number }>();
    a.drafts.forEach((d, draft) => d.absLines.forEach((k, pos) => absAt.set(k, { draft, pos })));
    const groupOf = new Int32Array(a.drafts.length);
    groups.forEach((members, g) => members.forEach((d) => (groupOf[d] = g)));
    const trail: CaptureTrail = { analysed: a.analysed, absAt, abstracts: a.drafts.map((d) => d.abs), groups, groupOf, score: scoreParts(a) };
    return { result: { entries, problems }, trail };
  } catch (error) {
    problems.push({ file: input.file, line: input.firstLine, severity: 'error', message: `Could not parse the Markdown capture: ${String((error as Error)?.message ?? error)}` });
    return { result: { entries: [], problems }, trail: null };
  }
}

/**
 * How confident we are (0..1) that these body lines are a Markdown capture of
 * a paper listing: titles linked to paper pages, metadata lines under them,
 * Hugging Face page chrome, and how much of the file the entries cover.
 * Ordinary notes score low even when they cite a paper page or two.
 */
export function markdownCaptureScore(lines: readonly string[]): number {
  try {
    return scoreOf(scoreParts(analyse(lines)));
  } catch {
    return 0;
  }
}

function scoreParts(a: Assembled): ScoreParts {
  const parts: ScoreParts = { drafts: a.drafts.length, structured: 0, longAbstracts: 0, ids: 0, covered: 0, total: 0, chrome: a.chrome };
  for (const d of a.drafts) {
    if (d.structured) parts.structured++;
    if (joinedLength(d.abs) >= 300) parts.longAbstracts++;
    if (d.id) parts.ids++;
    for (let k = d.k; k < a.lines.length && a.lines[k].start <= d.e.endLine; k++) if (a.lines[k].kind !== 'blank') parts.covered++;
  }
  for (const l of a.lines) if (l.kind !== 'blank') parts.total++;
  return parts;
}

/** The capture score of these counts. */
export function scoreOf(parts: ScoreParts): number {
  const n = parts.drafts;
  if (n === 0) return 0;
  // Hugging Face chrome ("Get trending papers…", "Submitted by") plus paper-linked titles is a capture even without metadata.
  const chrome = parts.chrome > 0 ? 1 : 0;
  const richness = Math.min(1, parts.structured / n + 0.25 * (parts.longAbstracts / n) + (0.2 + 0.4 * chrome) * (parts.ids / n));
  const coverage = parts.total ? Math.min(1, parts.covered / parts.total) : 0;
  const count = Math.min(1, n / 3);
  const score = richness * (0.45 + 0.25 * coverage + 0.15 * count + 0.15 * chrome);
  return Math.round(Math.max(0, Math.min(1, score)) * 1000) / 1000;
}

/**
 * The last analysis, so that scoring and then parsing the same lines costs one
 * pass. A shallow copy of the lines guards against callers that edit the array.
 */
let memo: { lines: readonly string[]; copy: string[]; a: Assembled } | null = null;

function analyse(lines: readonly string[]): Assembled {
  if (memo && memo.lines === lines && sameLines(memo.copy, lines)) return memo.a;
  const a = assemble(lines);
  memo = { lines, copy: lines.slice(), a };
  return a;
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function assemble(input: readonly string[]): Assembled {
  const analysed = analyseLines(input);
  const { lines: L, unresolved, chrome } = analysed;
  const anchors = findAnchors(L);
  const nextSig = new Int32Array(L.length + 1).fill(-1);
  for (let k = L.length - 1, next = -1; k >= 0; k--) {
    nextSig[k] = next;
    if (L[k].kind !== 'blank' && L[k].kind !== 'ignore') next = k;
  }
  const isAnchorAt = (k: number): boolean => k >= 0 && (anchors.has(k) || (titleLink(L[k]) !== null && L[k].kind !== 'heading'));
  const drafts: Draft[] = [];
  /** Drafts by arXiv id that still lack an upvote count. */
  const waiting = new Map<string, Draft>();
  const pendingById = new Map<string, number | null>();
  let pending: { value: number | null; id: string | null; k: number } | null = null;
  let pendingArxiv: string | null = null;
  let cur: Draft | null = null;
  let skipSubmitter = false;
  let lastSig = -1;

  const extend = (d: Draft, k: number): void => { d.e.endLine = Math.max(d.e.endLine, L[k].end); };
  const setUpvote = (d: Draft, v: number | null): void => { if (!d.upvoteSet) { d.e.upvotes = v; d.upvoteSet = true; d.structured = true; } };
  const open = (k: number, title: string, id: string | null): Draft => {
    const e = blankEntry('', L[k].start);
    e.title = title;
    e.endLine = L[k].end;
    const d: Draft = { e, id, k, state: 'abstract', abs: [], aux: [], absLines: [], lastAbs: -1, upvoteSet: false, githubButton: null, structured: false, sawDate: false };
    if (id && pendingById.has(id)) { setUpvote(d, pendingById.get(id)!); pendingById.delete(id); }
    else if (pending && (!id || !pending.id || pending.id === id) && nextSig[pending.k] === k) {
      setUpvote(d, pending.value);
      if (!id && pending.id) d.id = pending.id;
    }
    if (!d.id && pendingArxiv) d.id = pendingArxiv;
    pending = null;
    pendingArxiv = null;
    drafts.push(d);
    if (d.id && !d.upvoteSet && !waiting.has(d.id)) waiting.set(d.id, d);
    return d;
  };

  for (let k = 0; k < L.length; k++) {
    const ln = L[k];
    if (ln.kind === 'blank' || ln.kind === 'ignore') continue;
    const prevSig = lastSig;
    lastSig = k;
    const a = anchors.get(k);
    if (a) { cur = open(k, a.title, a.id); skipSubmitter = false; continue; }
    if (ln.kind === 'heading') {
      if (cur && /^abstract:?$/i.test(ln.vis) && cur.abs.length === 0) { cur.state = 'abstract'; continue; }
      cur = null;
      continue;
    }
    const tl = titleLink(ln);
    if (tl) {
      if (cur && cur.id === tl.id) {
        const same = norm(tl.title) === norm(cur.e.title);
        if (!same && cur.state === 'abstract' && cur.abs.length === 0) { addAbstract(cur, ln, k); extend(cur, k); continue; }
        if (same && cur.abs.length === 0 && !cur.structured) { extend(cur, k); continue; }
      }
      if (!cur || cur.id !== tl.id || cur.abs.length > 0 || cur.structured) { cur = open(k, tl.title, tl.id); skipSubmitter = false; continue; }
    }
    if (ln.kind === 'chrome') {
      if (/^(?:[·•]\s*)?submitted by$/i.test(ln.vis)) skipSubmitter = true;
      if (cur && cur.state === 'abstract' && (cur.abs.length > 0 || cur.structured)) cur.state = 'tail';
      continue;
    }
    if (skipSubmitter) {
      skipSubmitter = false;
      if ((ln.kind === 'text' && ln.vis.split(' ').length <= 3) || (ln.kind === 'meta' && ln.meta!.org !== undefined && !ln.meta!.date)) continue;
    }
    if (ln.kind === 'sep') { if (cur) extend(cur, k); continue; }
    if (ln.kind === 'meta') {
      const m = ln.meta!;
      const upNext = isAnchorAt(nextSig[k]);
      if (m.upvote) {
        const u = m.upvote;
        if (cur && u.id && (cur.id === u.id || (!cur.id && !upNext))) {
          setUpvote(cur, u.value);
          cur.id ??= u.id;
          extend(cur, k);
        } else if (u.id && !upNext && waiting.get(u.id) && !waiting.get(u.id)!.upvoteSet) {
          setUpvote(waiting.get(u.id)!, u.value);
        } else if (u.id) {
          pendingById.set(u.id, u.value);
          pending = { value: u.value, id: u.id, k };
        } else if (cur && (u.label || !upNext) && !cur.upvoteSet) {
          setUpvote(cur, u.value);
          extend(cur, k);
        } else pending = { value: u.value, id: null, k };
      }
      if (m.count !== undefined) {
        if (upNext || !cur) pending = { value: m.count, id: null, k };
        else if (cur.sawDate && cur.e.comments === null && prevSig >= 0 && L[prevSig].meta?.date) { cur.e.comments = m.count; extend(cur, k); }
        else if (!cur.upvoteSet) { setUpvote(cur, m.count); extend(cur, k); }
      }
      if (!cur) { if (m.arxiv) pendingArxiv = m.arxiv; continue; }
      if (applyMeta(cur, m)) { cur.state = cur.state === 'abstract' ? 'meta' : cur.state; extend(cur, k); }
      continue;
    }
    // Plain text.
    if (!cur || cur.state !== 'abstract') continue;
    const nk = nextSig[k];
    const next = nk >= 0 ? L[nk] : null;
    const contiguous = cur.lastAbs >= 0 && ln.start === L[cur.lastAbs].end + 1;
    if (readsAsOrganisation(ln.vis, next, contiguous) && cur.e.org === null) {
      cur.e.org = ln.vis.replace(/^\s*\[[^[\]]{0,80}\]\s*/, '');
      cur.structured = true;
      cur.state = 'meta';
      extend(cur, k);
      continue;
    }
    if (!contiguous && BLOCK_ITEM.test(ln.raw)) { if (cur.abs.length > 0) cur.state = 'tail'; continue; }
    if (joinsAbstract(ln.vis, cur.abs.length, contiguous)) { addAbstract(cur, ln, k); extend(cur, k); }
  }
  for (const [id, v] of pendingById) {
    const d = waiting.get(id);
    if (d && !d.upvoteSet) setUpvote(d, v);
  }
  return { drafts, lines: L, unresolved, chrome, analysed };
}

/**
 * Whether a line of text in an abstract's place reads as the paper's organisation: short (80
 * characters, 8 words), ending no sentence, not right after the abstract's last line (`contiguous`),
 * and followed (`next`: the next line that is neither blank nor ignored) by `·` or a `· date` line.
 */
export function readsAsOrganisation(vis: string, next: LLine | null, contiguous: boolean): boolean {
  const m = next?.meta;
  return !!next && (next.kind === 'sep' || (next.kind === 'meta' && !!m?.sep && !!m.date && !m.org && m.authors === undefined))
    && !contiguous && vis.length <= 80 && vis.split(' ').length <= 8 && !/[.!?:;]$|:\/\//.test(vis);
}

/** Whether a line of text (no organisation, no list item) joins an abstract of `lines` lines: its first, right after its last, or 8 words or more. */
export function joinsAbstract(vis: string, lines: number, contiguous: boolean): boolean {
  return lines === 0 || contiguous || vis.split(' ').length >= 8;
}

/** Headings that open entries: linked to a paper, or (in captures without paper links) followed by metadata. */
function findAnchors(L: readonly LLine[]): Map<number, TitleLink> {
  const anchors = new Map<number, TitleLink>();
  let linked = false;
  for (let k = 0; k < L.length; k++) {
    const t = titleLink(L[k]);
    if (!t) continue;
    if (t.weak) {
      // A list item `- [Title](…/papers/ID)` opens an entry only if paper metadata follows it.
      let j = k + 1;
      let evidence = false;
      for (; j < L.length && L[j].kind !== 'heading' && !titleLink(L[j]); j++) evidence ||= strongMeta(L[j]);
      if (!evidence) { L[k].tl = null; continue; }
      t.weak = false;
    }
    linked = true;
    if (L[k].kind === 'heading') anchors.set(k, t);
  }
  if (linked) return anchors;
  for (let k = 0; k < L.length; k++) {
    const h = L[k];
    if (h.kind !== 'heading' || /^abstract:?$/i.test(h.vis) || h.vis.length > 400 || !titleish(h.vis)) continue;
    let title = h.vis;
    let j = k + 1;
    // A title the capture wrapped: `### First part` ⏎ `  second part`.
    if (j < L.length && L[j].kind === 'text' && L[j].start === h.end + 1 && /^\s/.test(L[j].raw) && L[j].vis.length < 200) {
      title = `${title} ${L[j].vis}`;
      j++;
    }
    let evidence = false;
    for (; j < L.length && L[j].kind !== 'heading'; j++) evidence ||= strongMeta(L[j]);
    if (evidence) {
      anchors.set(k, { title: collapse(title), id: null });
      if (title !== h.vis) (L[k + 1] as LLine).kind = 'ignore';
    }
  }
  return anchors;
}

/** Metadata that only a paper card has: authors, organisation, buttons, comments, `Published on`, `· date`. */
function strongMeta(ln: LLine): boolean {
  if (ln.kind === 'sep') return true;
  const m = ln.meta;
  return ln.kind === 'meta' && m !== null && (m.authors !== undefined || m.org !== undefined || !!m.github || !!m.arxiv
    || m.comments !== undefined || !!m.publishedOn || (!!m.sep && !!m.date) || !!(m.upvote && m.upvote.id));
}

function applyMeta(d: Draft, m: Meta): boolean {
  const e = d.e;
  let used = false;
  if (m.authors !== undefined) { if (e.authors === null) e.authors = m.authors; used = true; }
  if (m.org !== undefined) { if (e.org === null && e.authors === null) e.org = m.org; used = true; }
  if (m.date) {
    if (e.date === null || (yearOf(e.date) === null && yearOf(m.date) !== null)) e.date = m.date;
    d.sawDate = true;
    used = true;
  }
  if (m.comments !== undefined) { if (e.comments === null) e.comments = m.comments; used = true; }
  if (m.github) { d.githubButton ??= m.github; used = true; }
  if (m.arxiv) { d.id ??= m.arxiv; used = true; }
  if (used) d.structured = true;
  return used;
}

function addAbstract(d: Draft, ln: LLine, k: number): void {
  d.abs.push(ln.vis);
  d.aux.push(auxOf(ln));
  d.absLines.push(k);
  d.lastAbs = k;
}
