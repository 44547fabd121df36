/** Small field extractors shared by every layout parser. */

const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\\.?';

/** A date as HF prints it: `Jul 17, 2024`, `Sep 10`, optionally `Published on …`. */
export const DATE_SOURCE = `${MONTH} \\d{1,2}(?:, \\d{4})?`;

const DATE_LINE = new RegExp(`^(?:Published on |Submitted on )?(${DATE_SOURCE})(?:\\s+(\\d+))?$`);

/** Collapses runs of whitespace (any Unicode space, NBSP, the zero-width space) into one space and trims. */
export function collapse(text: string): string {
  // Most lines are already clean: test first, so they cost no new string. The test finds
  // everything the replacement changes inside a line: `\s` but a single space, and U+200B.
  if (!/[\t\n\v\f\r\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]| {2}/.test(text)) return text.trim();
  return text.replace(/[\s\u200b]+/g, ' ').trim();
}

/** The parts of a date line: `Jul 17, 2024 2` → date, year and a trailing comment count. */
export interface DateParts {
  date: string;
  year: number | null;
  comments: number | null;
}

/** Parses a whole date line, or returns null when the line is not one. */
export function parseDateLine(line: string): DateParts | null {
  if (line.length > 60) return null;
  const m = DATE_LINE.exec(collapse(line));
  if (!m) return null;
  return { date: m[1], year: yearOf(m[1]), comments: m[2] === undefined ? null : Number(m[2]) };
}

/** The four-digit year in a printed date, or null. */
export function yearOf(date: string | null): number | null {
  const m = date ? /\b(19|20)\d{2}\b/.exec(date) : null;
  return m ? Number(m[0]) : null;
}

/** `  • 5 authors`, `- 5 authors`, `5 authors` → 5; anything else → null. */
export function parseAuthorsLine(line: string): number | null {
  if (line.length > 40) return null;
  const m = /^\s*(?:[•·*-]\s*)?(\d+)\s+authors?\s*$/i.exec(line);
  return m ? Number(m[1]) : null;
}

const URL_RE = /\bhttps?:\/\/[^\s<>"'`\\]+/gi;

/** Every http(s) URL in the text, in order, deduplicated, trailing punctuation stripped. */
export function extractLinks(text: string): string[] {
  const seen = new Set<string>();
  for (const raw of text.match(URL_RE) ?? []) {
    const url = trimUrl(raw);
    if (url.length > 'https://'.length + 2) seen.add(url);
  }
  return [...seen];
}

/** Strips trailing punctuation and unbalanced closing brackets from a URL. */
export function trimUrl(raw: string): string {
  let url = raw;
  for (;;) {
    const last = url[url.length - 1];
    if ('.,;:!?*_~'.includes(last)) url = url.slice(0, -1);
    else if (last === ')' && count(url, '(') < count(url, ')')) url = url.slice(0, -1);
    else if (last === ']' && count(url, '[') < count(url, ']')) url = url.slice(0, -1);
    else if (last === '}' && count(url, '{') < count(url, '}')) url = url.slice(0, -1);
    else return url;
  }
}

function count(text: string, ch: string): number {
  let n = 0;
  for (const c of text) if (c === ch) n++;
  return n;
}

/** The first github.com link in the list, or null. */
export function firstGithub(links: readonly string[]): string | null {
  return links.find((url) => /^https?:\/\/(?:www\.)?github\.com\/[^/\s]+\/[^/\s]+/i.test(url)) ?? null;
}

const ARXIV_URL = /(?:huggingface\.co\/papers|arxiv\.org\/(?:abs|pdf|html))\/(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?/i;

/** The arXiv id in a Hugging Face papers or arXiv URL (`2410.05434`), version stripped. */
export function arxivFromUrl(url: string): string | null {
  const m = ARXIV_URL.exec(url);
  return m ? m[1] : null;
}

/** The year an arXiv id was submitted (`2410.05434` → 2024), or null. */
export function yearOfArxiv(id: string | null): number | null {
  const m = id ? /^(\d{2})(\d{2})\.\d{4,5}$/.exec(id) : null;
  return m ? 2000 + Number(m[1]) : null;
}

/**
 * An org line repeats the organisation's handle before its name
 * (`naver-ai NAVER AI Lab`, `inclusionAI inclusionAI`): keep the name.
 */
export function orgName(line: string): string {
  const space = line.indexOf(' ');
  if (space < 0) return line;
  const handle = line.slice(0, space).toLowerCase().replace(/[^a-z0-9]/g, '');
  const name = line.slice(space + 1).trim();
  const squashed = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return handle.length >= 2 && squashed.includes(handle) ? name : line;
}
