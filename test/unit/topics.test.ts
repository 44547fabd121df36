import { strict as assert } from 'node:assert';
import { contentLabel, dumpTopic, fileLabel, queryFromUrl, TopicMemo } from '../../src/core/topics';
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

  it('remembers a file\'s label while its first titles and abstract openings stay the same, and only then', () => {
    const memo = new TopicMemo(2);
    const [a, b] = [seed('004'), seed('001')];
    const as = (entries: typeof a.entries) => ({ ...a, entries });
    assert.equal(memo.topic(a), 'Positional Encoding');
    // Entries past the sample, and abstracts past their opening, are not read: the label stays.
    const longer = as([...a.entries, ...b.entries]);
    assert.equal(memo.topic(longer), dumpTopic(longer));
    const tails = as(a.entries.map((e) => ({ ...e, abstract: `${e.abstract.padEnd(600)} and a tail about masked language modeling` })));
    assert.equal(memo.topic(tails), dumpTopic(tails));
    // Anything in the sample changes it: other titles, other abstracts, fewer entries.
    const otherAbstracts = as(a.entries.map((e, i) => ({ ...e, abstract: b.entries[i].abstract })));
    for (const other of [as(b.entries), otherAbstracts, as(a.entries.slice(0, 1))]) {
      assert.equal(memo.topic(a), 'Positional Encoding');
      assert.equal(memo.topic(other), dumpTopic(other));
      assert.notEqual(memo.topic(other), 'Positional Encoding');
    }
    // Front matter and captured queries come first, as in dumpTopic.
    assert.equal(memo.topic({ ...a, meta: { topic: 'Set By Hand' } }), 'Set By Hand');
    // Three files through a memo of two: each still gets its own label.
    for (const d of [a, b, seed('000'), a]) assert.equal(memo.topic(d), dumpTopic(d));
  });
});
