/**
 * Markdown captures, entries: the drafts a capture's reading made (a title, its abstract's
 * lines, its metadata) finished into entries, duplicates merged into their first occurrence.
 */
import type { Entry } from '../model';
import type { LayoutInput } from './layout';
import { collapse, extractLinks, firstGithub, yearOf, yearOfArxiv } from './fields';
import { isAscii } from '../normalize';
import { absoluteUrl } from './markdownInline';
import type { LLine } from './markdownLines';
import { isPageUrl } from './markdownMeta';

/** An entry as a capture's reading assembles it, line by line. */
export interface Draft {
  e: Entry;
  id: string | null;
  k: number;
  state: 'abstract' | 'meta' | 'tail';
  abs: string[];
  aux: string[];
  /** The logical line of each piece of `abs`. */
  absLines: number[];
  lastAbs: number;
  upvoteSet: boolean;
  githubButton: string | null;
  structured: boolean;
  sawDate: boolean;
}

/** What a line of an abstract adds to the text its links are read from: its text, with the destinations of links worth listing. */
export function auxOf(ln: LLine): string {
  let aux = '';
  for (const g of ln.segs) {
    if (g.kind === 'image') continue;
    // Nested link destinations sit right after their text in `g.aux`; page links are filtered out below.
    aux += ` ${(g.aux ?? g.text).replace(/<([^<>\s]+)>/g, (_m, u: string) => keep(u) ? ` <${absoluteUrl(u)}> ` : ' ')} `;
    if (g.kind === 'link' && keep(g.url)) aux += ` <${absoluteUrl(g.url)}> `;
  }
  return aux;
}

/** A link destination worth listing: absolute http(s), not the paper page, login or avatar. */
function keep(url: string | null): boolean {
  const abs = absoluteUrl(url);
  return !!abs && /^https?:\/\//i.test(abs) && !isPageUrl(abs);
}

/** A title as duplicates are matched: lower case, letters and digits only. */
export function norm(t: string): string {
  const lower = t.toLowerCase();
  return isAscii(lower) ? lower.replace(/[^a-z0-9]+/g, '') : lower.replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The length of `parts` joined with spaces. */
export function joinedLength(parts: readonly string[]): number {
  let n = parts.length - 1;
  for (const p of parts) n += p.length;
  return Math.max(0, n);
}

/**
 * `collapse(parts.join(' '))` for parts that are `collapse` results (visible line texts): joined
 * as they are unless one is empty (that would leave two spaces).
 */
export function joinCollapsed(parts: readonly string[]): string {
  return parts.every((p) => p.length > 0) ? parts.join(' ') : collapse(parts.join(' '));
}

/** The drafts' entries, duplicates merged; `groups`: by entry, the drafts merged into it (see {@link mergedAbstract}). */
export function finish(drafts: readonly Draft[], input: LayoutInput): { entries: Entry[]; groups: number[][] } {
  const out: Entry[] = [];
  const byId = new Map<string, Entry>();
  const byTitle = new Map<string, Entry>();
  const groups: number[][] = [];
  const groupOf = new Map<Entry, number[]>();
  for (const [i, d] of drafts.entries()) {
    const e: Entry = { ...d.e, file: input.file, line: d.e.line + input.firstLine, endLine: d.e.endLine + input.firstLine };
    e.title = collapse(d.e.title);
    e.abstract = joinCollapsed(d.abs);
    e.links = extractLinks(d.aux.join(' '));
    e.arxiv = d.id;
    e.github = d.githubButton ?? firstGithub(e.links);
    const key = norm(e.title);
    const twin = (e.arxiv ? byId.get(e.arxiv) : undefined) ?? (key ? byTitle.get(key) : undefined);
    if (twin && (!twin.arxiv || !e.arxiv || twin.arxiv === e.arxiv)) {
      merge(twin, e, out[out.length - 1] === twin);
      if (twin.arxiv) byId.set(twin.arxiv, twin);
      groupOf.get(twin)!.push(i);
      continue;
    }
    groups.push([i]);
    groupOf.set(e, groups[groups.length - 1]);
    out.push(e);
    if (e.arxiv) byId.set(e.arxiv, e);
    if (key) byTitle.set(key, e);
  }
  for (const e of out) e.year = yearOf(e.date) ?? yearOfArxiv(e.arxiv);
  return { entries: out, groups };
}

/** The abstract of duplicates merged (see {@link merge}): the longest, the first of those. */
export function mergedAbstract(abstracts: readonly string[]): string {
  return abstracts.reduce((a, b) => (b.length > a.length ? b : a));
}

/** Folds a later duplicate into the first occurrence, keeping the richest fields. */
function merge(a: Entry, b: Entry, adjacent: boolean): void {
  if (!a.title) a.title = b.title;
  a.abstract = mergedAbstract([a.abstract, b.abstract]);
  a.authors ??= b.authors;
  a.org ??= b.org;
  if (a.date === null || (yearOf(a.date) === null && yearOf(b.date) !== null)) a.date = b.date ?? a.date;
  a.upvotes ??= b.upvotes;
  a.comments ??= b.comments;
  a.github ??= b.github;
  a.arxiv ??= b.arxiv;
  for (const u of b.links) if (!a.links.includes(u)) a.links.push(u);
  if (adjacent) a.endLine = Math.max(a.endLine, b.endLine);
}
