import { strict as assert } from 'node:assert';
import { bodyStats, entryCounts, isMarkdownSyntax, statsAfter } from '../../src/core/parse/detect';
import type { Entry } from '../../src/core/model';
import { wordCount } from '../../src/core/parse/lineUnits';
import { allSeeds, rng } from './helpers';

/** The share of capitalised title words among those the layout judgement counts, from `entryCounts`. */
function titleCaseShare(titles: readonly string[]): number {
  const entries = titles.map((title): Entry => ({ title, abstract: '', authors: null, org: null, date: null, year: null, upvotes: null, comments: null, links: [], github: null, arxiv: null, file: 'f', line: 1, endLine: 1 }));
  const { titleWords, capitalWords } = entryCounts(entries);
  return titleWords ? capitalWords / titleWords : 0;
}

/** What the two counts mean, written as plainly as possible: the faster code must agree with these. */
const SMALL = /^(?:a|an|the|and|or|of|in|on|at|to|by|for|with|from|via|vs\.?|is|are|as|into|over|under|not|but)$/i;

function plainTitleCaseShare(titles: readonly string[]): number {
  const words = titles.flatMap((t) => t.split(' ')).filter((w) => !SMALL.test(w) && /^\p{L}/u.test(w));
  return words.length ? words.filter((w) => /\p{Lu}/u.test(w)).length / words.length : 0;
}

const plainWordCount = (text: string, atMost = Infinity): number => Math.min(atMost, text.split(' ').filter((w) => w !== '').length);

/** Random text over characters that matter to both: spaces, ASCII letters of both cases, digits, punctuation, accented and astral letters, marks. */
function randomText(next: () => number, length: number): string {
  const pieces = [' ', ' ', ' ', 'a', 'b', 'Q', 'Z', 'x', '7', '.', '-', '(', 'é', 'É', 'ß', 'Ω', 'ω', 'ǅ', '\u{1D400}', '\u{1D41A}', '\u0301', '\t', 'the', 'VS.', 'Of', 'under', 'İ', '\u212A'];
  let s = '';
  while (s.length < length) s += pieces[Math.floor(next() * pieces.length)];
  return s;
}

describe('layout detection counts', () => {
  it('wordCount counts runs of non-spaces, stopping at its limit', () => {
    assert.equal(wordCount(''), 0);
    assert.equal(wordCount('   '), 0);
    assert.equal(wordCount(' one  two\tthree '), 2);
    assert.equal(wordCount('a b c d', 3), 3);
    const next = rng(7);
    for (let i = 0; i < 2000; i++) {
      const text = randomText(next, Math.floor(next() * 60));
      const limit = next() < 0.5 ? Infinity : Math.floor(next() * 8);
      assert.equal(wordCount(text, limit), plainWordCount(text, limit), JSON.stringify([text, limit]));
    }
  });

  it('entryCounts counts capitalised words among title words, skipping small words and non-letters', () => {
    assert.equal(titleCaseShare(['A Study of Things', 'the end']), 2 / 3);
    assert.equal(titleCaseShare(['VS. Under 42 vs']), 0);
    assert.equal(titleCaseShare(['éclair Éclair \u{1D400}x ǅemal']), 2 / 4); // ǅ is title case, not upper case
    assert.equal(titleCaseShare([]), 0);
    const next = rng(11);
    for (let i = 0; i < 2000; i++) {
      const titles = Array.from({ length: 1 + Math.floor(next() * 3) }, () => randomText(next, Math.floor(next() * 40)));
      assert.equal(titleCaseShare(titles), plainTitleCaseShare(titles), JSON.stringify(titles));
    }
  });

  it('bodyStats counts lines as the checks it stands for: Markdown syntax, blocks, non-blank lines', () => {
    const lines = ['', '# Heading', '## Sub', '- item', '1. first', '> quote', 'see [a](https://x.org)', 'see [a][1]', '[a]: https://x.org', 'plain text', '  ', '|a|b|', '---', '#hashtag'];
    const stats = bodyStats(lines);
    assert.equal(stats.markdownSyntax, lines.filter(isMarkdownSyntax).length);
    assert.equal(stats.markdownSyntax, 9);
    assert.equal(stats.nonBlank, 12);
    // A change of some lines updates the counts as counting again would.
    assert.deepStrictEqual(statsAfter(stats, ['see [a][1]', '# Heading'], ['plain', '']), bodyStats([...lines.filter((l) => l !== 'see [a][1]' && l !== '# Heading'), 'plain', '']));
  });

  it('entryCounts agrees with the plain reading of title words on the real seed titles', () => {
    const titles = allSeeds().flatMap((d) => d.entries.map((e) => e.title));
    assert.ok(titles.length > 300);
    assert.equal(titleCaseShare(titles), plainTitleCaseShare(titles));
  });
});
