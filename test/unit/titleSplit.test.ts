import { strict as assert } from 'node:assert';
import { splitTitleAbstract } from '../../src/core/parse/titleSplit';
import { allSeeds } from './helpers';
import { splitTitleAbstractBefore } from './oracles/titleSplitBefore';

describe('splitTitleAbstract', () => {
  it('splits every seed paper as the version before it did', () => {
    let n = 0;
    for (const dump of allSeeds()) {
      for (const e of dump.entries) {
        for (const text of [`${e.title} ${e.abstract}`, `${e.title}: ${e.abstract}`, `${e.title} The ${e.abstract}`, `${e.title} ${e.abstract.toLowerCase()}`]) {
          assert.deepEqual(splitTitleAbstract(text), splitTitleAbstractBefore(text), text.slice(0, 120));
          n++;
        }
      }
    }
    assert.ok(n > 1000, `${n} texts`);
    assert.deepEqual(splitTitleAbstract('Masked Language Models Masked Language Models (MLMs) have shown strong results.'), {
      title: 'Masked Language Models',
      abstract: 'Masked Language Models (MLMs) have shown strong results.',
    });
  });

  it('agrees with the version before it on random words: small words, articles, punctuation, quotes, digits, non-ASCII, empty words', () => {
    const vocabulary = [
      'We', 'we', 'The', 'the', 'A', 'a', 'An', 'THE', 'of', 'Of', 'in', 'and', 'Models', 'models', 'Language', 'language', 'Learning:', 'Towards',
      'Why?', 'Really!', 'fast,', 'deep-', 'Ünïcode', 'über', 'Élan', 'ß', '“Quoted', '‘single', '"plain', "'apos", '3D', '2024', '(MLMs)', '',
      'Large', 'Recent', 'However', 'this', 'This', 'Transformer', 'transformers.', 'ÅNGSTRÖM', 'ǅ', '𝐀lpha', '😀', 'x', 'is', 'vs.',
    ];
    let seed = 5;
    const next = (): number => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296;
    for (let i = 0; i < 3000; i++) {
      const words: string[] = [];
      for (let k = 1 + Math.floor(next() * 70); k > 0; k--) words.push(vocabulary[Math.floor(next() * vocabulary.length)]);
      const text = words.join(' ');
      assert.deepEqual(splitTitleAbstract(text), splitTitleAbstractBefore(text), JSON.stringify(text));
    }
  });
});
