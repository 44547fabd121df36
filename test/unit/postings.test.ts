import { strict as assert } from 'node:assert';
import { OccurrenceLog, PostingList } from '../../src/core/postings';
import { runToEnd } from '../../src/core/slices';

const pairs = (list: PostingList): [number, number][] => {
  const out: [number, number][] = [];
  list.forEach((tf, doc) => out.push([doc, tf]));
  return out;
};

/** One list from ascending document ids, one entry per occurrence. */
const fromOccurrences = (docs: readonly number[]): PostingList => {
  const log = new OccurrenceLog();
  for (const doc of docs) log.push(0, doc);
  const packed = runToEnd(log.packSteps(1));
  return PostingList.view(packed.ids, packed.tfs, packed.start[0], packed.size[0]);
};

describe('postings: packed posting lists', () => {
  it('counts occurrences per document and caps frequencies at 255', () => {
    const list = fromOccurrences([3, 3, 7, 9, 9, 9, ...Array<number>(300).fill(12)]);
    assert.equal(list.size, 4);
    assert.deepEqual(pairs(list), [[3, 2], [7, 1], [9, 3], [12, 255]]);
    assert.equal(fromOccurrences([]).size, 0);
  });

  it('appends in id order, grows, and finds documents by binary search', () => {
    const list = PostingList.empty();
    for (let doc = 0; doc < 1000; doc += 3) list.add(doc, (doc % 7) + 1);
    assert.equal(list.size, 334);
    assert.equal(list.get(999), (999 % 7) + 1);
    assert.equal(list.get(0), 1);
    assert.equal(list.get(1), undefined);
    assert.equal(list.get(1001), undefined);
    assert.throws(() => list.add(999, 1), /out of order/);
    assert.deepEqual(pairs(list).slice(0, 3).map(([doc]) => doc), [0, 3, 6]);
  });

  it('compacts away dead documents and keeps the rest in order', () => {
    const list = fromOccurrences([1, 2, 2, 3, 4]);
    const live = new Uint8Array([1, 1, 0, 1, 0]);
    list.compact(live);
    assert.deepEqual(pairs(list), [[1, 1], [3, 1]]);
    assert.equal(list.get(2), undefined);
    list.add(5, 4);
    assert.deepEqual(pairs(list), [[1, 1], [3, 1], [5, 4]]);
  });

  it('views a range of shared arrays and copies it before changing it', () => {
    const ids = new Uint32Array([2, 5, 9, 1, 4]), tfs = new Uint8Array([1, 3, 2, 7, 7]);
    const list = PostingList.view(ids, tfs, 1, 2);
    assert.deepEqual(pairs(list), [[5, 3], [9, 2]]);
    assert.equal(list.get(2), undefined, 'outside its range');
    assert.equal(list.get(9), 2);
    list.add(10, 1);
    assert.deepEqual(pairs(list), [[5, 3], [9, 2], [10, 1]]);
    assert.deepEqual([...ids], [2, 5, 9, 1, 4], 'the shared arrays are untouched');
    const other = PostingList.view(ids, tfs, 0, 3);
    other.compact(new Uint8Array([1, 1, 1, 1, 1, 0, 1, 1, 1, 1]));
    assert.deepEqual(pairs(other), [[2, 1], [9, 2]]);
    assert.deepEqual([...ids], [2, 5, 9, 1, 4]);
    assert.throws(() => PostingList.view(ids, tfs, 4, 2), /outside/);
  });

  it('packs logged occurrences into lists sharing two arrays', () => {
    const log = new OccurrenceLog();
    const occurrences: [number, number][] = [];
    for (let doc = 0; doc < 40_000; doc++) for (const list of [doc % 3, 3, 3, doc % 7 === 0 ? 4 : 0]) occurrences.push([list, doc]);
    for (const [list, doc] of occurrences) log.push(list, doc);
    const packed = runToEnd(log.packSteps(6));
    const lists = [0, 1, 2, 3, 4, 5].map((l) => PostingList.view(packed.ids, packed.tfs, packed.start[l], packed.size[l]));
    for (const [l, list] of lists.entries()) {
      const expected = new Map<number, number>();
      for (const [list2, doc] of occurrences) if (list2 === l) expected.set(doc, (expected.get(doc) ?? 0) + 1);
      assert.deepEqual(pairs(list), [...expected].map(([doc, tf]) => [doc, Math.min(tf, 255)]), `list ${l}`);
    }
    assert.equal(lists[5].size, 0);
    assert.equal(lists[3].get(39_999), 2);
  });
});
