import { strict as assert } from 'node:assert';
import { Buffer } from 'node:buffer';
import { buildLibrary } from '../../src/core/library';
import { decodeSnapshot, encodeSnapshot, HEADER_PREFIX, headerArrived, headerLength, snapshotSource, type Arrival, type LibrarySnapshot } from '../../src/core/librarySnapshot';
import type { Paper } from '../../src/core/model';
import { PaperIndex } from '../../src/core/searchIndex';
import { runSliced, runToEnd } from '../../src/core/slices';
import { allSeeds } from './helpers';

function snapshotOf(papers: Paper[], index = new PaperIndex(papers)): LibrarySnapshot {
  const dumps = allSeeds().map((d, i) => ({ uri: `file:///w/${d.file}`, file: d.file, stamp: { size: i, mtime: 7 }, topic: `t${i}`, layout: d.layout, entries: d.entries.length }));
  return { keyFormat: '{word}{year}', dumps, papers, index: runToEnd(index.exportSteps()) };
}

const encode = (s: LibrarySnapshot): Buffer => Buffer.concat(runToEnd(encodeSnapshot(s)));
const decode = (bytes: Uint8Array): LibrarySnapshot | string => runToEnd(decodeSnapshot(bytes));
const ranked = (index: PaperIndex, q: string): string[] => index.search(q, { limit: 30 }).map((h) => `${h.key} ${h.score.toFixed(6)}`);

describe('library snapshot', () => {
  const papers = buildLibrary(allSeeds()).papers;

  it('gives back every paper, dump and the index exactly, in steps', () => {
    const snapshot = snapshotOf(papers);
    const steps = [...encodeSnapshot(snapshot)].length;
    assert.ok(steps >= 1);
    const back = decode(encode(snapshot));
    assert.ok(typeof back !== 'string', String(back));
    assert.deepEqual(back.papers, papers);
    assert.deepEqual(back.dumps, snapshot.dumps);
    assert.equal(back.keyFormat, '{word}{year}');
    assert.deepEqual(snapshotSource(encode(snapshot)), { keyFormat: '{word}{year}', dumps: snapshot.dumps }, 'the header alone tells what it was made from');
    const restored = runToEnd(PaperIndex.fromDataSteps(back.papers, back.index));
    const fresh = new PaperIndex(papers);
    for (const q of ['masked language model', 'electra', 'elctra', 'diffusion', 'deb', 'tokens graph']) assert.deepEqual(ranked(restored, q), ranked(fresh, q), q);
    assert.equal(restored.size, papers.length);
  });

  it('shares the lists many papers have alike (no links, the same topics), frozen', () => {
    const back = decode(encode(snapshotOf(papers)));
    assert.ok(typeof back !== 'string', String(back));
    const noLinks = back.papers.filter((p) => p.links.length === 0);
    assert.ok(noLinks.length > 1);
    assert.ok(noLinks.every((p) => p.links === noLinks[0].links && Object.isFrozen(p.links)));
    const byTopics = new Map<string, string[]>();
    for (const p of back.papers) {
      const seen = byTopics.get(p.topics.join('\n'));
      if (seen) assert.equal(p.topics, seen, `${p.key}: one list per set of topics`);
      else byTopics.set(p.topics.join('\n'), p.topics);
      assert.ok(Object.isFrozen(p.topics));
    }
    assert.ok(byTopics.size < back.papers.length / 10);
    assert.throws(() => back.papers[0].topics.push('changed'), TypeError, 'a shared list cannot be changed in place');
  });

  it('keeps wide characters, nulls and empty lists, and drops discarded postings', () => {
    const odd: Paper = { ...papers[0], key: 'odd2024', title: 'Ünïcödé — “quoted” 数学', abstract: '', authors: null, org: null, date: null, year: null, links: [], topics: [], github: null, arxiv: null };
    const index = new PaperIndex([...papers, odd]);
    index.remove(papers[1].key);
    const list = [...index.papers()];
    const back = decode(encode(snapshotOf(list, index)));
    assert.ok(typeof back !== 'string', String(back));
    assert.deepEqual(back.papers.at(-1), odd);
    const restored = runToEnd(PaperIndex.fromDataSteps(back.papers, back.index));
    assert.equal(restored.search('数学')[0]?.key, 'odd2024');
    assert.deepEqual(ranked(restored, papers[1].title), ranked(new PaperIndex(list), papers[1].title));
  });

  it('says why it cannot use damaged, truncated or foreign bytes, and never throws', () => {
    const bytes = encode(snapshotOf(papers));
    assert.equal(decode(Buffer.from('hello')), 'not a library snapshot');
    assert.match(String(decode(bytes.subarray(0, bytes.length - 3))), /damaged|truncated|end/);
    assert.match(String(decode(Buffer.concat([bytes, Buffer.from([0])]))), /unexpected bytes/);
    const text = bytes.toString('latin1');
    const other = Buffer.from(text.replace(/"version":"1\//, '"version":"0/'), 'latin1');
    assert.match(String(decode(other)), /another version/);
    assert.match(String(snapshotSource(other)), /another version/);
    assert.equal(snapshotSource(Buffer.from('hello')), 'not a library snapshot');
    for (let i = 0; i < 40; i++) {
      const copy = Buffer.from(bytes);
      const at = Math.floor((i / 40) * copy.length);
      copy[at] ^= 0x5a;
      const result = decode(copy); // damage anywhere: a reason, or a snapshot (text bytes carry no check)
      assert.ok(typeof result === 'string' || Array.isArray(result.papers));
    }
  });

  it('decodes bytes as they arrive, waiting for each block, to the same snapshot', async () => {
    const bytes = encode(snapshotOf(papers));
    assert.equal(headerLength(bytes.subarray(0, HEADER_PREFIX)), headerLength(bytes));
    assert.ok(headerLength(bytes) > HEADER_PREFIX && headerLength(bytes) < 20_000, 'the header is small: the stamps are checked before the rest is read');
    assert.equal(headerLength(Buffer.from('hello')), HEADER_PREFIX);
    // Bytes that arrive 4 KB at a time, each after a turn of the event loop; the buffer holds garbage beyond them.
    const buffer = Buffer.alloc(bytes.length, 0x5a);
    let arrived = 0;
    let waits = 0;
    const arrival: Arrival = {
      arrived: () => arrived,
      until: async (n) => {
        waits++;
        while (arrived < Math.min(n, bytes.length)) {
          await new Promise((resolve) => setImmediate(resolve));
          bytes.copy(buffer, arrived, arrived, Math.min(bytes.length, arrived + 4096));
          arrived = Math.min(bytes.length, arrived + 4096);
        }
      },
    };
    await headerArrived(buffer, arrival);
    assert.ok(arrived < bytes.length, 'the header arrives before the rest');
    assert.deepEqual(snapshotSource(buffer), snapshotSource(bytes));
    const back = await runSliced(decodeSnapshot(buffer, arrival), async () => undefined);
    assert.deepEqual(back, decode(bytes));
    assert.ok(waits >= 6, `${waits} waits: header, paper blocks, index parts`);
    assert.throws(() => runToEnd(decodeSnapshot(Buffer.alloc(bytes.length), { arrived: () => 0, until: async () => undefined })), /waits for something/);
  });

  it('rejects an index that does not belong to the papers', () => {
    const snapshot = snapshotOf(papers);
    assert.throws(() => runToEnd(PaperIndex.fromDataSteps(papers.slice(1), snapshot.index)), /does not match/);
    assert.throws(() => runToEnd(PaperIndex.fromDataSteps(papers, { ...snapshot.index, ids: snapshot.index.ids.slice(1), tfs: snapshot.index.tfs.slice(1) })));
  });
});

describe('adopting a rebuilt library', () => {
  it('swaps in equal records without re-indexing, and refuses different ones', () => {
    const papers = buildLibrary(allSeeds()).papers;
    const index = new PaperIndex(papers);
    const copies = papers.map((p) => ({ ...p }));
    assert.equal(runToEnd(index.adoptSteps(copies)), true);
    assert.equal(index.get(papers[3].key), copies[3]);
    const changed = copies.map((p, i) => (i === 7 ? { ...p, abstract: `${p.abstract} more` } : p));
    assert.equal(runToEnd(index.adoptSteps(changed)), false);
    assert.equal(index.get(papers[7].key), copies[7], 'nothing changed');
    assert.equal(runToEnd(index.adoptSteps(copies.slice(1))), false);
  });
});
