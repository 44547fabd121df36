import { strict as assert } from 'node:assert';
import { contentLabel, dumpTopic, fileLabel, queryFromUrl } from '../../src/core/topics';
import { parseDump } from '../../src/core/parse/index';
import { seed } from './helpers';

describe('topics', () => {
  it('derives a meaningful label from what the papers are about', () => {
    assert.equal(dumpTopic(seed('004')), 'Positional Encoding');
    assert.equal(dumpTopic(seed('001')), 'Masked Language Modeling');
    assert.equal(dumpTopic(seed('000')), 'MLMs');
  });

  it('prefers front matter, then the captured search query', () => {
    const body = seed('004').entries.map((e) => `${e.title}\n\n${e.abstract}\n`).join('\n');
    const withTopic = parseDump(`---\ntopic: Length Generalization\n---\n${body}`, 'a.md');
    assert.equal(dumpTopic(withTopic), 'Length Generalization');
    const withUrl = parseDump(`---\nurl: https://huggingface.co/papers?q=source%20citations\n---\n${body}`, 'b.md');
    assert.equal(dumpTopic(withUrl), 'source citations');
  });

  it('reads search queries and file names', () => {
    assert.equal(queryFromUrl('https://huggingface.co/papers?q=rotary+embeddings&x=1'), 'rotary embeddings');
    assert.equal(queryFromUrl('https://huggingface.co/papers/trending'), null);
    assert.equal(queryFromUrl('https://huggingface.co/papers?q=%E0%A4%A'), null);
    assert.equal(fileLabel('dumps/positional-encoding.papers.md'), 'positional encoding');
  });

  it('falls back to the file name when nothing is shared', () => {
    assert.equal(contentLabel([{ title: 'Alpha', abstract: 'one' }]), null);
    const dump = parseDump('Zebra Stripes Explained\n\n' + 'Zebras have stripes that confuse flies and cool the body, as field work shows in detail. '.repeat(3) + '\n', 'zoo/zebra_notes.txt');
    assert.equal(dumpTopic({ ...dump, entries: dump.entries.slice(0, 1) }), 'zebra notes');
  });
});
