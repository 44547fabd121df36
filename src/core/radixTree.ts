/**
 * minisearch's radix tree built whole from a list of keys, for a restored index: inserting ~9k
 * terms one by one (`SearchableMap.set`, which splits edges as keys arrive) took 17–20 ms of a
 * 10k warm start in cold code; making each node once from its keys takes 10–14 ms.
 */
import SearchableMap from 'minisearch/SearchableMap';
import type { Steps } from './slices';

/** A node: edge labels to child nodes, and `LEAF` to the value of the key ending here (minisearch's layout). */
type Node<T> = Map<string, T | Node<T>>;

/** The key under which a node holds its value (minisearch's `LEAF`). */
const LEAF = '';

/** Keys placed between pauses. */
const KEYS_PER_STEP = 4096;

/**
 * A map of `keys[i]` to `values[i]`, in steps (pausing between the root's branches). `keys` must
 * list the keys below each node together, as iterating a `SearchableMap` gives them; the map
 * iterates them in the same order. Throws on a duplicate key, or when a branch's keys are not together.
 */
export function* radixTreeSteps<T>(keys: readonly string[], values: readonly T[]): Steps<SearchableMap<T>> {
  if (keys.length !== values.length) throw new Error('keys and values differ in number');
  const root: Node<T> = new Map();
  let work = 0;
  for (let end = keys.length; end > 0; ) {
    const start = placeLast(root, keys, values, 0, end, 0);
    if ((work += end - start) >= KEYS_PER_STEP) {
      work = 0;
      yield;
    }
    end = start;
  }
  // SearchableMap's constructor takes a tree: its documented use is a view of a map at a prefix.
  return new SearchableMap<T>(root as never);
}

/**
 * Sets in `node` the last of what `keys[from..end)` (sharing their first `depth` characters) put
 * there: the value of `keys[end - 1]` when it ends at `depth`, else its branch (the keys before it
 * sharing its next character, under an edge labelled with what they share, filled below); returns
 * where that starts. A node is filled last entry first, as a SearchableMap iterates a node's
 * entries from its last one.
 */
function placeLast<T>(node: Node<T>, keys: readonly string[], values: readonly T[], from: number, end: number, depth: number): number {
  const key = keys[end - 1];
  if (key.length === depth) {
    if (node.has(LEAF)) throw new Error(`duplicate key: ${key}`);
    node.set(LEAF, values[end - 1]);
    return end - 1;
  }
  const first = key.charCodeAt(depth);
  let start = end - 1;
  let common = key.length;
  for (; start > from; start--) {
    const other = keys[start - 1];
    if (other.length <= depth || other.charCodeAt(depth) !== first) break;
    let at = depth + 1;
    const limit = Math.min(common, other.length);
    while (at < limit && other.charCodeAt(at) === key.charCodeAt(at)) at++;
    common = at;
  }
  for (const label of node.keys()) {
    if (label !== LEAF && label.charCodeAt(0) === first) throw new Error(`keys out of order at: ${key}`);
  }
  const child: Node<T> = new Map();
  node.set(key.slice(depth, common), child);
  for (let at = end; at > start; ) at = placeLast(child, keys, values, start, at, common);
  return start;
}
