import { strict as assert } from 'node:assert';
import { collapse } from '../../src/core/parse/fields';

describe('collapse', () => {
  /** What collapse promises: every run of whitespace (and zero-width spaces) one space, none at either end. */
  const defined = (text: string): string => text.replace(/[\s\u200b]+/g, ' ').trim();

  it('gives what its definition gives, on its fast path for clean text too', () => {
    const pieces = ['a', 'Bc', '.', ' ', '  ', '\t', '\n', '\u00a0', '\u1680', '\u2003', '\u200b', '\u202f', '\u205f', '\u3000', '\ufeff', 'é'];
    let seed = 11;
    const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
    for (let i = 0; i < 5000; i++) {
      let text = '';
      for (let k = Math.floor(next() * 8); k > 0; k--) text += pieces[Math.floor(next() * pieces.length)];
      assert.equal(collapse(text), defined(text), JSON.stringify(text));
    }
    assert.equal(collapse('narrow\u202fno-break'), 'narrow no-break');
    assert.equal(collapse('Clean text.'), 'Clean text.');
  });
});
