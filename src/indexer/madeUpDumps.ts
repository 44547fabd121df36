/**
 * Made-up paper dumps, one in each layout the parser reads, for warming up a parse worker's code
 * (see `warmUp.ts`). Words come from a made-up vocabulary of a few hundred words drawn with a
 * Zipf-like spread, so that splitting, the topic label's phrase counts and the title checks run on
 * text shaped like real abstracts, not on a handful of repeated words.
 */
import type { Layout } from '../core/model';

const SYLLABLES = ['ka', 'ren', 'to', 'mi', 'sal', 'vo', 'ne', 'dra', 'lu', 'pe', 'tor', 'si', 'gan', 'ber', 'fi', 'mo', 'qua', 'zel'];
const COMMON = ['the', 'of', 'and', 'to', 'a', 'in', 'for', 'we', 'is', 'on', 'with', 'that', 'by', 'our', 'this', 'model', 'models', 'language', 'learning', 'data'];
/** Distinct made-up words: with `COMMON`, about as many as a 25-paper dump's abstracts use. */
const RARE = 400;

/** A small deterministic generator (the same text in every worker). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function vocabulary(): string[] {
  const words = [...COMMON];
  for (let i = 0; words.length < COMMON.length + RARE; i++) {
    const a = SYLLABLES[i % SYLLABLES.length];
    const b = SYLLABLES[Math.floor(i / SYLLABLES.length) % SYLLABLES.length];
    const c = i >= SYLLABLES.length ** 2 ? SYLLABLES[(i * 7) % SYLLABLES.length] : '';
    words.push(a + b + c);
  }
  return words;
}

interface MadeUpPaper {
  id: string;
  title: string;
  abstract: string;
  authors: number;
  date: string;
  upvotes: number;
}

/** `count` papers: titles of 5–9 words, abstracts of 120–200 words in sentences. */
function papers(count: number, seed: number): MadeUpPaper[] {
  const words = vocabulary();
  const next = random(seed);
  // Zipf-like: the k-th word about 1/k as likely as the first.
  const word = (): string => words[Math.min(words.length - 1, Math.floor(Math.exp(next() * Math.log(words.length + 1))) - 1)];
  const capital = (w: string): string => w[0].toUpperCase() + w.slice(1);
  return Array.from({ length: count }, (_, i) => {
    const title = Array.from({ length: 5 + (i % 5) }, () => capital(word())).join(' ');
    const sentences: string[] = [];
    for (let n = 0; n < 120 + (i * 13) % 80; ) {
      const length = 12 + Math.floor(next() * 14);
      sentences.push(capital(Array.from({ length }, word).join(' ')) + '.');
      n += length;
    }
    const day = 1 + (i % 28);
    return { id: `2501.${String(10000 + seed * 100 + i)}`, title, abstract: sentences.join(' '), authors: 1 + (i % 12), date: `Jan ${day}, 2025`, upvotes: 3 + ((i * 37) % 90) };
  });
}

/** The text of a made-up dump of `count` papers in `layout`, shaped like the seeds and the pages users copy. */
export function madeUpDump(layout: Exclude<Layout, 'none'>, count: number, seed = 1): string {
  const list = papers(count, seed);
  switch (layout) {
    case 'blocks':
      return ['Daily Papers', '', ...list.flatMap((p) => [p.title, '', p.abstract, '', `  • ${p.authors} authors`, '·', p.date, ''])].join('\n');
    case 'alternating':
      return ['Get trending papers in your email inbox!', ...list.flatMap((p) => [p.title, p.abstract])].join('\n') + '\n';
    case 'pairs':
      return ['byAK and the research community', '', ...list.flatMap((p) => [p.title, '', p.abstract, ''])].join('\n');
    case 'runTogether':
      return list.map((p) => `${p.upvotes} ${p.title} ${p.abstract} ${p.authors} authors · ${p.date}`).join('\n') + '\n';
    case 'markdown':
      return ['# Daily Papers - Hugging Face', '', ...list.flatMap((p) => [
        `[${p.upvotes}](https://huggingface.co/login?next=%2Fpapers%2F${p.id})`,
        `### [${p.title}](https://huggingface.co/papers/${p.id})`,
        p.abstract,
        `- ${p.authors} authors · Published on ${p.date}`,
        `[arXiv Page](https://arxiv.org/abs/${p.id})`,
        '',
      ])].join('\n');
  }
}
