/** Which entries of a re-parsed dump are the same as before, so their papers need not be merged again. */
import type { Entry } from './model';

/**
 * True when two entries show the same paper record: every field but the lines they sit on (an
 * edit above an entry moves it without changing it).
 */
export function sameRecord(a: Entry, b: Entry): boolean {
  return (
    a === b ||
    (a.title === b.title &&
      a.abstract === b.abstract &&
      a.arxiv === b.arxiv &&
      a.authors === b.authors &&
      a.org === b.org &&
      a.date === b.date &&
      a.year === b.year &&
      a.upvotes === b.upvotes &&
      a.comments === b.comments &&
      a.github === b.github &&
      a.file === b.file &&
      a.links.length === b.links.length &&
      a.links.every((link, i) => link === b.links[i]))
  );
}

/**
 * The entries a new version of a dump shares with the old one, paired old → new: each new entry
 * with the first unpaired old entry of the same record, wherever either sits. Unpaired entries
 * are the ones that changed, came or went.
 */
export function unchangedEntries(before: readonly Entry[], after: readonly Entry[]): Map<Entry, Entry> {
  const pairs = new Map<Entry, Entry>();
  if (before.length === 0 || after.length === 0) return pairs; // a new dump, or one removed
  const byTitle = new Map<string, Entry[]>();
  for (const entry of before) {
    const list = byTitle.get(entry.title);
    if (list) list.push(entry);
    else byTitle.set(entry.title, [entry]);
  }
  for (const entry of after) {
    const candidates = byTitle.get(entry.title);
    const at = candidates?.findIndex((old) => sameRecord(old, entry)) ?? -1;
    if (at < 0) continue;
    pairs.set(candidates![at], entry);
    candidates!.splice(at, 1);
  }
  return pairs;
}
