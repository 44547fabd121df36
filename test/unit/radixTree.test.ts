import { strict as assert } from 'node:assert';
import SearchableMap from 'minisearch/SearchableMap';
import { radixTreeSteps } from '../../src/core/radixTree';
import { runToEnd } from '../../src/core/slices';
import { allSeeds, rng } from './helpers';

/** A tree's shape with every node's entries sorted: equal for two trees holding the same keys the same way, whatever their order. */
function shape(node: unknown): unknown {
  if (!(node instanceof Map)) return node;
  return [...node].map(([label, child]) => [label, shape(child)]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

const treeOf = (map: SearchableMap<number>): unknown => shape((map as unknown as { _tree: unknown })._tree);

/** The same keys set one by one in `order`, and the list that map iterates. */
function inserted(keys: readonly string[]): { map: SearchableMap<number>; listed: string[] } {
  const map = new SearchableMap<number>();
  keys.forEach((key, i) => map.set(key, i));
  return { map, listed: [...map.keys()] };
}

describe('radixTree', () => {
  const random = rng(11);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const randomKeys = (n: number): string[] => {
    const alphabet = ['a', 'b', 'ab', 'ba', 'c', 'é', '数', 'ta', 'tion', 'x'];
    const keys = new Set<string>();
    while (keys.size < n) keys.add(Array.from({ length: 1 + Math.floor(random() * 5) }, () => pick(alphabet)).join(''));
    return [...keys];
  };
  const seedTerms = [...new Set(allSeeds().flatMap((d) => d.entries.flatMap((e) => `${e.title} ${e.abstract}`.toLowerCase().split(/[^\p{L}\p{N}]+/u))))].filter(Boolean);

  it('builds the tree setting keys one by one builds, iterating in the order it was given, from the seeds\' words and random keys', () => {
    const sets = [seedTerms, ...Array.from({ length: 40 }, () => randomKeys(1 + Math.floor(random() * 60)))];
    assert.ok(seedTerms.length > 5000, `${seedTerms.length} seed words`);
    for (const keys of sets) {
      const { map, listed } = inserted(keys);
      const values = listed.map((key) => map.get(key)!);
      const built = runToEnd(radixTreeSteps(listed, values));
      assert.deepEqual(treeOf(built), treeOf(map));
      assert.deepEqual([...built.keys()], listed, 'iterates as the list was given: a restored index exports the same terms again');
      assert.equal(built.size, keys.length);
      for (const key of keys.slice(0, 200)) {
        assert.equal(built.get(key), map.get(key));
        for (const prefix of [key.slice(0, 1), key.slice(0, 3)]) assert.deepEqual([...built.atPrefix(prefix)].sort(), [...map.atPrefix(prefix)].sort(), prefix);
        assert.deepEqual([...built.fuzzyGet(key, 1)].sort(), [...map.fuzzyGet(key, 1)].sort(), key);
      }
      // Still a SearchableMap that can change: a key added and one removed, as the index does after an edit.
      built.set(`${listed[0]}zz`, -1);
      built.delete(listed[listed.length - 1]);
      map.set(`${listed[0]}zz`, -1);
      map.delete(listed[listed.length - 1]);
      assert.deepEqual(treeOf(built), treeOf(map));
    }
  });

  it('pauses between the root\'s branches', () => {
    const { map, listed } = inserted(seedTerms);
    const steps = radixTreeSteps(listed, listed.map((key) => map.get(key)!));
    let pauses = 0;
    while (steps.next().done !== true) pauses++;
    assert.ok(pauses >= Math.floor(seedTerms.length / 4096) - 1 && pauses > 0, `${pauses} pauses`);
  });

  it('refuses a duplicate key, a branch whose keys are not together, and values that do not match the keys', () => {
    assert.throws(() => runToEnd(radixTreeSteps(['ab', 'b', 'ab'], [1, 2, 3])), /out of order|duplicate/);
    assert.throws(() => runToEnd(radixTreeSteps(['b', 'b'], [1, 2])), /duplicate key: b/);
    assert.throws(() => runToEnd(radixTreeSteps(['abc', 'x', 'abd'], [1, 2, 3])), /keys out of order at: abc/);
    assert.throws(() => runToEnd(radixTreeSteps(['ab', 'ac', 'x', 'ad'], [1, 2, 3, 4])), /keys out of order/);
    assert.throws(() => runToEnd(radixTreeSteps(['a'], [])), /differ in number/);
    assert.equal(runToEnd(radixTreeSteps([], [])).size, 0);
  });
});
