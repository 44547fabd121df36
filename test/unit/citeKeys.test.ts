import { strict as assert } from 'node:assert';
import { assignKeys, baseKey, sanitizeKey } from '../../src/core/citeKeys';

describe('citation keys', () => {
  it('uses the first significant title word and the year', () => {
    assert.equal(baseKey({ title: 'ELECTRA: Pre-training Text Encoders', year: 2020, arxiv: null }), 'electra2020');
    assert.equal(baseKey({ title: 'The Impact of Positional Encoding', year: 2023, arxiv: null }), 'impact2023');
    assert.equal(baseKey({ title: 'Uni$\\textbf{F}^2$ace: Fine-grained Face', year: null, arxiv: null }), 'uni');
    assert.equal(baseKey({ title: 'Ünïcode Façade', year: 2021, arxiv: null }), 'unicode2021');
    assert.equal(baseKey({ title: '???', year: null, arxiv: null }), 'paper');
  });

  it('supports placeholders', () => {
    const source = { title: 'Masked Token Modeling', year: 2023, arxiv: '2312.01234' };
    assert.equal(baseKey(source, '{words2}{yy}'), 'maskedtoken23');
    assert.equal(baseKey(source, 'hf:{arxiv}'), 'hf:2312.01234');
    assert.equal(baseKey(source, '{Word}-{year}'), 'Masked-2023');
  });

  it('only produces characters pandoc accepts in [@key]', () => {
    assert.equal(sanitizeKey('--a b,c;d@e--'), 'abcde');
  });

  it('resolves collisions by identity, not input order', () => {
    const a = { title: 'Masking One', year: 2020, arxiv: '2001.00002' };
    const b = { title: 'Masking Two', year: 2020, arxiv: '2001.00001' };
    const c = { title: 'Masking Three', year: 2020, arxiv: null };
    assert.deepEqual(assignKeys([a, b, c]), ['masking2020a', 'masking2020', 'masking2020b']);
    assert.deepEqual(assignKeys([c, b, a]), ['masking2020b', 'masking2020', 'masking2020a']);
    // Old-style arXiv ids count as ids too, before any title, even one that sorts first.
    const d = { title: 'Masking Four', year: 2020, arxiv: 'cs/0112017' };
    const e = { title: '0 Masking', year: 2020, arxiv: null };
    assert.deepEqual(assignKeys([e, d, c, b, a]), ['masking2020c', 'masking2020b', 'masking2020d', 'masking2020', 'masking2020a']);
  });

  it('never lets a suffixed key equal another base key', () => {
    const keys = assignKeys([
      { title: 'Bert One', year: null, arxiv: null },
      { title: 'Bert Two', year: null, arxiv: null },
      { title: 'Berta', year: null, arxiv: null },
    ]);
    assert.equal(new Set(keys).size, 3);
  });
});
