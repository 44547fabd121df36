/** BibTeX export of papers (`@misc` entries, arXiv-style eprint fields). */
import { paperUrl } from './citation';
import type { Paper } from './model';

/** The fields of one entry, in output order; null fields are omitted. */
type Fields = [name: string, value: string | null][];

/** BibTeX for the papers, one `@misc` entry each, separated by blank lines. */
export function toBibtex(papers: readonly Paper[]): string {
  return papers.map(bibtexEntry).join('\n');
}

/** One `@misc{key, …}` entry, ending with a newline. */
export function bibtexEntry(paper: Paper): string {
  const note = [paper.authors !== null ? `${paper.authors} author${paper.authors === 1 ? '' : 's'}` : null, paper.org]
    .filter((part): part is string => !!part)
    .join(', ');
  const fields: Fields = [
    ['title', paper.title ? escapeText(paper.title, true) : null],
    ['year', paper.year !== null ? String(paper.year) : null],
    ['eprint', paper.arxiv ? escapeText(paper.arxiv) : null],
    ['archivePrefix', paper.arxiv ? 'arXiv' : null],
    ['url', escapeUrl(paperUrl(paper))],
    ['abstract', paper.abstract ? escapeText(paper.abstract) : null],
    ['note', note ? escapeText(note) : null],
  ];
  const body = fields
    .filter((f): f is [string, string] => f[1] !== null)
    .map(([name, value]) => `  ${name} = {${value}}`)
    .join(',\n');
  return `@misc{${bibtexKey(paper.key)}${body ? `,\n${body}` : ''}\n}\n`;
}

/** A key BibTeX accepts: no spaces, commas, braces, quotes, `#`, `%`, `=`, `\`. */
export function bibtexKey(key: string): string {
  return key.replace(/[\s,{}()"#%'=\\~]/g, '_') || 'paper';
}

const SPECIAL: Record<string, string> = {
  '&': '\\&', '%': '\\%', $: '\\$', '#': '\\#', _: '\\_', '{': '\\{', '}': '\\}',
  '~': '\\textasciitilde{}', '^': '\\textasciicircum{}', '\\': '\\textbackslash{}',
};

/**
 * Escapes text for a braced BibTeX field: `& % $ # _ { } ~ ^ \` become LaTeX escapes, but inline
 * math `$…$` with balanced braces is kept as is. In titles, words with inner capitals or several
 * capitals (`BERT`, `DeBERTaV3`, `3D`) are braced so that styles do not lower-case them.
 */
export function escapeText(text: string, title = false): string {
  let out = '';
  let last = 0;
  // Math: `$` not followed by a space, up to a `$` not preceded by a space nor followed by a digit.
  for (const m of text.matchAll(/\$(?=\S)([^$\n]*?[^\s$\\])\$(?!\d)/g)) {
    if (!balanced(m[1])) continue;
    out += escapePlain(text.slice(last, m.index), title) + m[0];
    last = (m.index ?? 0) + m[0].length;
  }
  return out + escapePlain(text.slice(last), title);
}

function escapePlain(text: string, title: boolean): string {
  const escaped = text.replace(/[&%$#_{}~^\\]/g, (ch) => SPECIAL[ch]);
  return title ? escaped.replace(/(?<![\\\p{L}\p{N}])[\p{L}\p{N}]+/gu, protectWord) : escaped;
}

function protectWord(word: string): string {
  const capitals = (word.match(/\p{Lu}/gu) ?? []).length;
  const inner = /.\p{Lu}/u.test(word);
  const mixedDigits = /\p{N}/u.test(word) && /\p{L}/u.test(word) && capitals > 0;
  return capitals >= 2 || inner || mixedDigits ? `{${word}}` : word;
}

function balanced(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

/** URLs go in verbatim (biblatex reads them so), except braces and backslashes, percent-encoded. */
function escapeUrl(url: string | null): string | null {
  return url ? url.replace(/[{}\\]/g, (ch) => encodeURIComponent(ch)) : null;
}
