/** Citation text for a paper, in the formats the editor can insert. */
import type { Paper } from './model';

/** The citation formats. */
export type CitationFormat = 'pandoc' | 'bare' | 'link' | 'footnote' | 'template';

/** The formats, for validation and pickers. */
export const CITATION_FORMATS: readonly CitationFormat[] = ['pandoc', 'bare', 'link', 'footnote', 'template'];

/** Used by the `template` format when no template is given. */
export const DEFAULT_TEMPLATE = '[@{key}]';

/** Options of {@link formatCitation}. */
export interface CitationOptions {
  /** `pandoc`: the user already typed `[@`, so produce `@key` rather than `[@key]`. */
  insideBrackets?: boolean;
  /** `template`: placeholders `{key} {title} {year} {url} {arxiv} {github} {date}`; others stay as they are. */
  template?: string;
}

/** What to insert: `text` at the cursor and, for footnotes, a `definition` to append once to the note. */
export interface Citation {
  text: string;
  definition?: string;
}

/** The paper's canonical URL: arXiv abstract page when the id is known, else its first link, else null. */
export function paperUrl(paper: Pick<Paper, 'arxiv' | 'links'>): string | null {
  if (paper.arxiv) return `https://arxiv.org/abs/${paper.arxiv}`;
  return paper.links[0] ?? null;
}

/** Formats a citation of `paper`. */
export function formatCitation(paper: Paper, format: CitationFormat, options: CitationOptions = {}): Citation {
  switch (format) {
    case 'pandoc':
      return { text: options.insideBrackets ? pandocKey(paper.key) : `[${pandocKey(paper.key)}]` };
    case 'bare':
      return { text: pandocKey(paper.key) };
    case 'link': {
      const url = paperUrl(paper);
      const title = escapeBrackets(paper.title);
      return { text: url ? `[${title}](${markdownUrl(url)})` : title };
    }
    case 'footnote':
      return { text: `[^${paper.key}]`, definition: `[^${paper.key}]: ${footnoteBody(paper)}` };
    case 'template':
      return { text: fillTemplate(options.template ?? DEFAULT_TEMPLATE, paper) };
    default:
      throw new Error(`Unknown citation format: ${String(format)}`);
  }
}

/** True when `text` already defines footnote `[^key]:` (at the start of a line). */
export function footnoteDefinitionPresent(text: string, key: string): boolean {
  return new RegExp(`^ {0,3}\\[\\^${escapeRegExp(key)}\\]:`, 'm').test(text);
}

/**
 * Fills `{key} {title} {year} {url} {arxiv} {github} {date}` and any `extra` placeholders;
 * missing values become empty, unknown names stay.
 */
export function fillTemplate(template: string, paper: Paper, extra: Record<string, string> = {}): string {
  const values: Record<string, string | number | null> = {
    ...extra,
    key: paper.key,
    title: paper.title,
    year: paper.year,
    url: paperUrl(paper),
    arxiv: paper.arxiv,
    github: paper.github,
    date: paper.date,
  };
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(values, name) ? String(values[name] ?? '') : whole);
}

/** `@key`, or `@{key}` when the key has characters pandoc's bare syntax does not allow. */
function pandocKey(key: string): string {
  return /^[\p{L}\p{N}_](?:[\p{L}\p{N}_]|[:.#$%&+?<>~/-](?=[\p{L}\p{N}_]))*$/u.test(key) ? `@${key}` : `@{${key}}`;
}

function footnoteBody(paper: Paper): string {
  let body = paper.title.trim();
  if (paper.year !== null) body += ` (${paper.year})`;
  if (!/[.?!]$/.test(body)) body += '.';
  const url = paperUrl(paper);
  return url ? `${body} ${url}` : body;
}

function escapeBrackets(text: string): string {
  return text.replace(/([[\]\\])/g, '\\$1');
}

/** A URL usable as a Markdown link destination: in `<…>` when it has spaces or unbalanced parentheses. */
function markdownUrl(url: string): string {
  let depth = 0;
  for (const ch of url) {
    if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) break;
  }
  return depth !== 0 || /[\s<>]/.test(url) ? `<${url.replace(/[<>]/g, encodeURIComponent)}>` : url;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
