/**
 * Items grouped by key, where most groups hold one item: that item is stored as it is, and only
 * groups of two or more get an array (at 100k papers the library's three groupings held ~300k
 * one-element arrays, ~55 bytes each for the garbage collector to trace). Items must not be
 * arrays themselves.
 */
export class Groups<K, T extends object> {
  private readonly map = new Map<K, T | T[]>();

  /** The group of `key` (empty when there is none); a one-item group comes as a new array, so do not keep it to change. */
  get(key: K): readonly T[] {
    const value = this.map.get(key);
    return value === undefined ? [] : Array.isArray(value) ? value : [value];
  }

  /** The group of `key` sorted by `compare` (the stored group is sorted in place). */
  sorted(key: K, compare: (a: T, b: T) => number): readonly T[] {
    const value = this.map.get(key);
    return value === undefined ? [] : Array.isArray(value) ? value.sort(compare) : [value];
  }

  add(key: K, item: T): void {
    const value = this.map.get(key);
    if (value === undefined) this.map.set(key, item);
    else if (Array.isArray(value)) value.push(item);
    else this.map.set(key, [value, item]);
  }

  /** Removes one occurrence of `item` from the group of `key`; a group left empty is dropped. */
  remove(key: K, item: T): void {
    const value = this.map.get(key);
    if (value === item) this.map.delete(key);
    else if (Array.isArray(value)) {
      const at = value.indexOf(item);
      if (at >= 0) value.splice(at, 1);
      if (value.length === 1) this.map.set(key, value[0]);
      else if (value.length === 0) this.map.delete(key);
    }
  }

  /** Puts `after` where `before` is in the group of `key`. */
  replace(key: K, before: T, after: T): void {
    const value = this.map.get(key);
    if (value === before) this.map.set(key, after);
    else if (Array.isArray(value)) {
      const at = value.indexOf(before);
      if (at >= 0) value[at] = after;
    }
  }
}
