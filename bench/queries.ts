/** The fixed query sets: search queries, completion prefixes, and known-target relevance queries. */
import type { GenPaper } from './layouts';
import { mulberry32, shuffled } from './random';

export type QueryKind = 'words' | 'prefix' | 'typo' | 'name';

/** ~30 queries a user types into the search picker: seed-title words, half-typed words, typos. */
export const SEARCH_QUERIES: readonly { q: string; kind: QueryKind }[] = [
  ...['masked language modeling', 'positional encoding', 'vision-language models', 'knowledge distillation',
    'speech recognition', 'mixture-of-experts', 'semantic segmentation', 'contrastive learning', 'diffusion models',
    'multimodal large language models', 'zero-shot', 'tokenization', 'retrieval augmented generation',
    'sparse attention', 'length generalization transformers', 'efficient attention for long sequences',
    'bert pre-training'].map((q) => ({ q, kind: 'words' as const })),
  ...['electra', 'deberta'].map((q) => ({ q, kind: 'name' as const })),
  ...['posit', 'mask', 'retriev', 'segm', 'self-superv', 'masked image mod', 'knowledge dis']
    .map((q) => ({ q, kind: 'prefix' as const })),
  ...['trasnformer', 'atention mechanism', 'difusion', 'embeding', 'clasification', 'multimodla', 'tokenizaton']
    .map((q) => ({ q, kind: 'typo' as const })),
];

/** What follows `@` while a citation is typed; '' asks for the top papers. */
export const COMPLETION_PREFIXES: readonly string[] = [
  '', 'e', 'el', 'elec', 'electra', 'ma', 'mask', 'masked', 'masked2023', 'deb', 'pos', 'positional', 'trans',
  'token', 'vision', 'speech', 'diff', 'retr', 'multimodal', 'zero',
];

/** A query whose right answer is known: the paper it was written from. */
export interface TargetQuery {
  q: string;
  typo: boolean;
  target: GenPaper;
  /** The query's words, lower-cased, for "is this hit relevant" (title contains them all). */
  words: string[];
}

const IGNORE = new Set(
  ('with from into using through towards toward beyond without via for and the of in on to by a an is are ' +
    'what your that this how when can does').split(' '),
);

const wordsOf = (s: string): string[] => s.toLowerCase().split(/[^\p{L}\p{N}-]+/u).filter(Boolean);

/** The descriptive title words (the coined `Name:` dropped), as a user remembers them. */
function descriptiveWords(title: string): string[] {
  const colon = title.indexOf(': ');
  const body = colon > 0 && colon < 24 && !title.slice(0, colon).includes(' ') ? title.slice(colon + 2) : title;
  return wordsOf(body).filter((w) => w.length >= 4 && !IGNORE.has(w) && !/\d/.test(w));
}

/** Swaps two neighbouring letters in the middle of the longest word: the commonest typo. */
function withTypo(words: string[]): string[] {
  let longest = 0;
  words.forEach((w, i) => (w.length > words[longest].length ? (longest = i) : 0));
  const w = words[longest];
  if (w.length < 5) return words;
  const i = Math.floor(w.length / 2);
  const typo = w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
  return words.map((x, j) => (j === longest ? typo : x));
}

/**
 * `count` papers picked with a fixed seed (among `eligible`, e.g. those whose title the parser
 * recovered), each queried with its three least common descriptive title words in title order,
 * once as typed correctly and once with a typo.
 */
export function targetQueries(papers: readonly GenPaper[], eligible: (p: GenPaper) => boolean, count = 30, seed = 7): TargetQuery[] {
  const df = new Map<string, number>();
  for (const p of papers) for (const w of new Set(descriptiveWords(p.title))) df.set(w, (df.get(w) ?? 0) + 1);
  const out: TargetQuery[] = [];
  for (const p of shuffled(mulberry32(seed), papers)) {
    if (out.length >= 2 * count) break;
    const words = [...new Set(descriptiveWords(p.title))];
    if (words.length < 3 || !eligible(p)) continue;
    const rare = new Set([...words].sort((a, b) => (df.get(a) ?? 0) - (df.get(b) ?? 0) || (a < b ? -1 : 1)).slice(0, 3));
    const picked = words.filter((w) => rare.has(w));
    out.push({ q: picked.join(' '), typo: false, target: p, words: picked });
    out.push({ q: withTypo(picked).join(' '), typo: true, target: p, words: picked });
  }
  return out;
}

/** True when every query word occurs in the title (hyphenated words count as their parts too). */
export function titleHasAll(title: string, words: readonly string[]): boolean {
  const have = new Set(wordsOf(title).flatMap((w) => [w, ...w.split('-')]));
  return words.every((w) => have.has(w));
}
