import { strict as assert } from 'node:assert';
import { PostingList } from '../../src/core/postings';

const pairs = (list: PostingList): [number, number][] => {
  const out: [number, number][] = [];
  list.forEach((tf, doc) => out.push([doc, tf]));
  return out;
};

describe('postings: packed posting lists', () => {
  it('counts occurrences per document and caps frequencies at 255', () => {
    const list = PostingList.fromOccurrences([3, 3, 7, 9, 9, 9, ...Array<number>(300).fill(12)]);
    assert.equal(list.size, 4);
    assert.deepEqual(pairs(list), [[3, 2], [7, 1], [9, 3], [12, 255]]);
    assert.equal(PostingList.fromOccurrences([]).size, 0);
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
    assert.deepEqual([...list.docIds().slice(0, 3)], [0, 3, 6]);
  });

  it('compacts away dead documents and keeps the rest in order', () => {
    const list = PostingList.fromOccurrences([1, 2, 2, 3, 4]);
    const live = new Uint8Array([1, 1, 0, 1, 0]);
    list.compact(live);
    assert.deepEqual(pairs(list), [[1, 1], [3, 1]]);
    assert.equal(list.get(2), undefined);
    list.add(5, 4);
    assert.deepEqual(pairs(list), [[1, 1], [3, 1], [5, 4]]);
  });

  it('takes over arrays of equal length only', () => {
    const list = PostingList.of(new Uint32Array([2, 5]), new Uint8Array([1, 3]));
    assert.deepEqual(pairs(list), [[2, 1], [5, 3]]);
    assert.throws(() => PostingList.of(new Uint32Array([1]), new Uint8Array(2)), /differ/);
  });
});
