import { isAscii, normalizeTitle } from './normalize';
import { runToEnd, STEP, type Steps } from './slices';

/**
 * Citation keys. The default format `{word}{year}` gives `electra2020`:
 * the first significant title word (lower-case ASCII, stop words skipped)
 * followed by the year. Placeholders: `{word}`, `{Word}`, `{words2}` (first two
 * significant words), `{year}`, `{yy}`, `{arxiv}`. Keys always match pandoc's
 * citation-key syntax (`[@key]`).
 *
 * Collisions: papers that produce the same key are ordered by their identity
 * (arXiv id, else normalised title) — never by file order — and the first keeps
 * the key while the others get `a`, `b`, … appended. So a key changes only when
 * a paper with the same key comes or goes, not when unrelated dumps change.
 */
export const DEFAULT_KEY_FORMAT = '{word}{year}';

/** What a key is made from. */
export interface KeySource {
  title: string;
  year: number | null;
  arxiv: string | null;
}

const STOP = new Set(
  ('a an the on of in for to and or with is are do does did what how why when where which who whom can could ' +
    'should would will towards toward beyond via from into by at as be not no yes your you we our us it its this that ' +
    'these those there than then about after before under over between through without within let lets make making ' +
    'more less most least rethinking revisiting understanding').split(' '),
);

/** Lower-case ASCII words of a title, LaTeX commands and accents removed. */
export function titleWords(title: string): string[] {
  // ASCII has nothing to decompose or strip: most titles skip both passes.
  if (isAscii(title)) return title.replace(/\\[a-zA-Z]+/g, ' ').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  return title
    .normalize('NFKD')
    .replace(/\\[a-zA-Z]+/g, ' ')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function significantWords(title: string): string[] {
  const words = titleWords(title);
  const significant = words.filter((w) => !STOP.has(w) && !/^\d+$/.test(w));
  return significant.length ? significant : words;
}

/** The key a paper would get before collisions are resolved. */
export function baseKey(source: KeySource, format: string = DEFAULT_KEY_FORMAT): string {
  const words = significantWords(source.title);
  const word = words[0] ?? 'paper';
  // The default format needs no template pass: a word is [a-z0-9]+, a year digits.
  if (format === DEFAULT_KEY_FORMAT) return word + (source.year === null ? '' : String(source.year));
  const values: Record<string, string> = {
    word,
    Word: word.charAt(0).toUpperCase() + word.slice(1),
    words2: words.slice(0, 2).join(''),
    year: source.year === null ? '' : String(source.year),
    yy: source.year === null ? '' : String(source.year % 100).padStart(2, '0'),
    arxiv: source.arxiv ?? '',
  };
  const raw = format.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
  return sanitizeKey(raw) || sanitizeKey(word + values.year) || 'paper';
}

/** Keeps only characters valid in a pandoc citation key; no leading/trailing punctuation. */
export function sanitizeKey(raw: string): string {
  return raw
    .replace(/[^A-Za-z0-9_:.#$%&+?<>~/-]+/g, '')
    .replace(/^[^A-Za-z0-9_]+/, '')
    .replace(/[^A-Za-z0-9_]+$/, '');
}

/**
 * A stable identity for ordering colliding papers: the arXiv id, else the normalised title.
 * Compare identities with {@link compareIdentity}.
 */
export function identityOf(source: KeySource): string {
  return source.arxiv ?? normalizeTitle(source.title);
}

/**
 * Orders identities: arXiv ids (they always contain `.` or `/`) before normalised titles (never
 * do), each group by code unit. No prefix is needed to tell them apart, so an identity can be
 * the very string the library already holds.
 */
export function compareIdentity(a: string, b: string): number {
  const ax = isArxivId(a), bx = isArxivId(b);
  if (ax !== bx) return ax ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function isArxivId(identity: string): boolean {
  return identity.includes('.') || identity.includes('/');
}

/**
 * Assigns unique keys to all sources; returns keys in the same order as the input.
 * Deterministic and independent of input order (see the module comment).
 */
export function assignKeys(sources: readonly KeySource[], format: string = DEFAULT_KEY_FORMAT): string[] {
  return runToEnd(assignKeySteps(sources, format));
}

/** {@link assignKeys} in steps (see slices.ts). */
export function* assignKeySteps(sources: readonly KeySource[], format: string = DEFAULT_KEY_FORMAT): Steps<string[]> {
  const groups = new Map<string, number[]>();
  for (let i = 0; i < sources.length; i++) {
    const key = baseKey(sources[i], format);
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
    if (i % STEP === 0) yield;
  }
  const keys = new Array<string>(sources.length);
  for (const [key, members] of groups) {
    if (members.length === 1) {
      keys[members[0]] = key;
      continue;
    }
    const ids = new Map(members.map((i) => [i, identityOf(sources[i])]));
    members.sort((a, b) => compareIdentity(ids.get(a)!, ids.get(b)!));
    members.forEach((index, rank) => (keys[index] = key + suffix(rank)));
  }
  return dedupeSuffixed(keys, sources);
}

/** A suffixed key can equal another paper's base key (`bert` + `a` = `berta`): number the later ones. */
function dedupeSuffixed(keys: string[], sources: readonly KeySource[]): string[] {
  const owners = new Map<string, number[]>();
  keys.forEach((key, i) => owners.set(key, [...(owners.get(key) ?? []), i]));
  for (const [key, members] of owners) {
    if (members.length < 2) continue;
    members.sort((a, b) => compareIdentity(identityOf(sources[a]), identityOf(sources[b])) || a - b);
    members.slice(1).forEach((index, n) => (keys[index] = numbered(key, n + 1)));
  }
  return keys;
}

/** The key of the `rank`-th (0-based) paper sharing a suffixed key: `key`, then `key_2`, `key_3` … */
export function numbered(key: string, rank: number): string {
  return rank === 0 ? key : `${key}_${rank + 1}`;
}

/** The suffix of the `rank`-th paper sharing a base key: '' for the first, then a … z, aa, ab … */
export function suffix(rank: number): string {
  if (rank === 0) return '';
  let n = rank - 1;
  let out = '';
  do {
    out = String.fromCharCode(97 + (n % 26)) + out;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return out;
}
