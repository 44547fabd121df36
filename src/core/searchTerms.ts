/** Tokenizer, stopwords and query-term parsing for the paper search index. */
import { isAscii } from './normalize';

/**
 * By default only the first this many characters of an abstract are indexed: about two sentences,
 * which name the problem and the method. Indexing all of it doubles memory and build time.
 */
export const ABSTRACT_CHARS = 300;

/** At most this many query terms are used (a bit mask per term). */
export const MAX_QUERY_TERMS = 12;

// Common English words: dropped from every field and from queries.
const STOPWORDS = new Set((
  'a an and are as at be been being but by can could did do does for from had has have how if in into is it its ' +
  'may might more most no not of on or our over such than that the their them then there these they this those ' +
  'through to under up upon via was we were what when where which while who whose why will with within without ' +
  'would you your also however both each further here many much other some thus very well yet all any ' +
  'only so same between about after against among before during us etc ie eg i e g'
).split(' '));

// Words in most abstracts: boilerplate and the commonest words of the field. Indexed in titles
// only (a quarter of all abstract postings otherwise); in queries they rank but never exclude.
const TITLE_ONLY = new Set((
  'paper propose proposed proposes present presents show shows shown results result approach approaches novel ' +
  'existing new based using use used uses work works demonstrate demonstrates demonstrated significant ' +
  'significantly furthermore moreover additionally introduce introduces introduced experiments experimental ' +
  'across state art first recent recently different research capabilities achieve achieves achieved achieving ' +
  'various effective effectively extensive often outperforms outperform specific available address better ' +
  'strong find found current like study studies original effectiveness able since even way ways known make ' +
  'makes made including include includes given provide provides provided key important therefore thereby ' +
  'whether remains remain still less enable enables enabling allows allow leading lead leads one two three ' +
  'due success remarkable despite typically ability challenges challenge high level number process information ' +
  'widely crucial critical superior competitive improve improves improved improving improvement improvements ' +
  'model models large language task tasks training trained performance method methods data learning'
).split(' '));

const SPLIT = /[^\p{L}\p{N}]+/u;
const HYPHENATED = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+/gu;
// The same for lower-case ASCII text (most titles and abstracts), without Unicode property lookups.
const ASCII_SPLIT = /[^a-z0-9]+/;
const ASCII_HYPHENATED = /[a-z0-9]+(?:-[a-z0-9]+)+/g;
const DIGITS = /^\d+$/;
/** All digits; the regex runs only for words starting with one. */
const isNumber = (t: string): boolean => t.charCodeAt(0) <= 57 && DIGITS.test(t);
const URL = /\bhttps?:\/\/\S+/g;

/** True for words that are never indexed nor searched for (`the`, `of`, …). */
export function isStopword(term: string): boolean {
  return STOPWORDS.has(term);
}

/** The text indexed as `abstract`: the title travels along so that its words are skipped. */
export function abstractField(title: string, abstract: string): string {
  return `${title}\0${abstract}`;
}

/**
 * The distinct index terms of one field, lower-cased. Titles keep short numbers (`GPT-4` → `gpt`,
 * `4`) and add joined hyphenated words (`pre-training` → `pretraining`). Abstracts (given as
 * {@link abstractField}) are cut to `abstractChars` at a space, lose URLs, numbers, boilerplate and
 * the title's words (the paper already matches those through its title).
 */
export function indexTerms(text: string, field?: string, abstractChars = ABSTRACT_CHARS): string[] {
  const out = new Set<string>();
  if (field === 'abstract') {
    const sep = text.indexOf('\0');
    const title = sep >= 0 ? new Set(titleTerms(text.slice(0, sep))) : undefined;
    const body = sep >= 0 ? text.slice(sep + 1) : text;
    // Cut before lower-casing: most of a long abstract is never looked at.
    let cut = body.length > abstractChars ? body.slice(0, abstractChars) : body;
    if (cut.length < body.length) cut = cut.slice(0, Math.max(0, cut.lastIndexOf(' ')));
    let lower = cut.toLowerCase();
    if (lower.includes('http')) lower = lower.replace(URL, ' ');
    for (const t of lower.split(isAscii(lower) ? ASCII_SPLIT : SPLIT)) {
      if (t.length >= 2 && !STOPWORDS.has(t) && !TITLE_ONLY.has(t) && !isNumber(t) && !title?.has(t)) out.add(t);
    }
    return [...out];
  }
  return titleTerms(text);
}

/** The last title tokenised: an index build asks for a paper's title terms twice in a row (title, then abstract field). */
let lastTitle: { text: string; terms: string[] } = { text: '', terms: [] };

function titleTerms(text: string): string[] {
  if (text === lastTitle.text) return [...lastTitle.terms];
  const lower = text.toLowerCase();
  const ascii = isAscii(lower);
  const out = new Set<string>();
  for (const t of lower.split(ascii ? ASCII_SPLIT : SPLIT)) if (t && (t.length >= 2 || isNumber(t)) && !STOPWORDS.has(t)) out.add(t);
  if (lower.includes('-')) for (const m of lower.match(ascii ? ASCII_HYPHENATED : HYPHENATED) ?? []) out.add(m.replace(/-/g, ''));
  lastTitle = { text, terms: [...out] };
  return [...out];
}

/** One term of a parsed query. */
export interface QueryTerm {
  term: string;
  /** Also match words starting with the term (the word being typed). */
  prefix: boolean;
  /** A word indexed in titles only: it ranks papers but does not exclude any (unless all terms are soft). */
  soft: boolean;
}

/**
 * Parses a query into lower-cased words: stopwords dropped (unless alone: then a prefix),
 * stray letters dropped (a trailing one waits for the next keystroke), the last word a
 * prefix unless `lastIsPrefix` is false, title-only words marked soft.
 */
export function parseQuery(text: string, lastIsPrefix: boolean): QueryTerm[] {
  const raw = text.toLowerCase().split(SPLIT).filter((t) => t.length > 0);
  const out: QueryTerm[] = [];
  raw.forEach((term, i) => {
    const prefix = lastIsPrefix && i === raw.length - 1;
    if (STOPWORDS.has(term) && !(prefix && raw.length === 1)) return;
    if (term.length < 2 && !DIGITS.test(term) && !prefix) return;
    if (!out.some((q) => q.term === term && q.prefix === prefix)) out.push({ term, prefix, soft: TITLE_ONLY.has(term) });
  });
  const last = out[out.length - 1];
  if (last?.prefix && last.term.length < 2 && !DIGITS.test(last.term)) out.pop(); // `vision t`: wait for more
  return out.slice(-MAX_QUERY_TERMS);
}
