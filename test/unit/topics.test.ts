import { strict as assert } from 'node:assert';
import { contentLabel, dumpTopic, fileLabel, labelSample, queryFromUrl } from '../../src/core/topics';
import { TopicMemo } from '../../src/core/topicMemo';
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

  it('remembers labels by a digest of their sample, gives them back to be persisted, and takes them again', () => {
    const digested: string[] = [];
    const digest = (sample: string) => (digested.push(sample), `#${sample.length}:${sample.slice(-40)}`);
    const [a, b] = [seed('004'), { ...seed('001'), file: 'b.txt' }];
    const memo = new TopicMemo(8, digest);
    assert.equal(memo.topic(a), 'Positional Encoding');
    assert.equal(memo.topic(b), 'Masked Language Modeling');
    assert.deepEqual(digested, [labelSample(a.entries), labelSample(b.entries)]);
    const saved = memo.remembered();
    assert.deepEqual(saved.map((l) => [l.file, l.sample, l.label]), [[a.file, digest(labelSample(a.entries)), 'Positional Encoding'], [b.file, digest(labelSample(b.entries)), 'Masked Language Modeling']]);
    // A new memo given a label for a's sample uses it as it is (here a made-up one, to show it is not derived again) …
    const next = new TopicMemo(8, digest);
    next.remember(saved.map((l) => (l.file === a.file ? { ...l, label: 'Remembered Label' } : l)));
    assert.equal(next.topic(a), 'Remembered Label');
    // … and derives it again when the sample changed.
    const other = { ...a, entries: a.entries.slice(1) };
    assert.equal(next.topic(other), dumpTopic(other));
    assert.notEqual(next.topic(other), 'Remembered Label');
  });

  it('keeps labels remembered since over those it is given, and no more than its size', () => {
    const [a, b, c] = [seed('004'), { ...seed('001'), file: 'b.txt' }, { ...seed('000'), file: 'c.txt' }];
    const memo = new TopicMemo(2);
    memo.topic(a);
    memo.remember([{ file: a.file, sample: labelSample(a.entries), label: 'Older' }, { file: b.file, sample: labelSample(b.entries), label: 'Given' }]);
    assert.deepEqual(memo.remembered().map((l) => [l.file, l.label]), [[b.file, 'Given'], [a.file, 'Positional Encoding']]);
    memo.topic(c);
    assert.deepEqual(memo.remembered().map((l) => l.file), [a.file, c.file], 'the least recently used went first');
  });
});
