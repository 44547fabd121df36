import { strict as assert } from 'node:assert';
import { PhraseCounts } from '../../src/core/phraseCounts';

describe('PhraseCounts', () => {
  it('counts each key once per entry, adds weights, and keeps every key through growth', () => {
    const counts = new PhraseCounts();
    const keys = Array.from({ length: 20_000 }, (_, i) => (i + 1) * 2 ** 17 + (i % 7) + 1);
    // Keys that differ only above bit 32 must not be confused.
    keys.push(5, 5 + 2 ** 32, 5 + 2 ** 40);
    for (let entry = 0; entry < 3; entry++) {
      for (const key of keys) {
        counts.add(key, entry + 1, entry);
        counts.add(key, 100, entry); // the same entry again: not counted
      }
    }
    const seen = new Map<number, [number, number]>();
    counts.forEach((key, df, weight) => seen.set(key, [df, weight]));
    assert.equal(seen.size, keys.length);
    assert.deepEqual([...seen.keys()], keys, 'visited in the order first counted');
    for (const key of keys) {
      assert.deepEqual(seen.get(key), [3, 6], `key ${key}`);
      assert.equal(counts.weight(key), 6);
    }
    assert.equal(counts.weight(6), 0);
  });
});
