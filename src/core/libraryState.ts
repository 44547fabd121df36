/**
 * The library kept up to date dump by dump: replacing or removing a dump re-merges only the
 * papers it touches (and the papers sharing a title or arXiv id with them) and re-keys only the
 * papers whose key group changed. The result always equals a full build of the same dumps.
 */
import type { Entry, Paper, ParsedDump, Problem } from './model';
import { baseKey, compareIdentity, DEFAULT_KEY_FORMAT, numbered, suffix } from './citeKeys';
import { unchangedEntries } from './entryReuse';
import { Groups } from './groups';
import { entryIds, mergeEntries, paperIdentity, sameCaseTopics, topicListsOf } from './paperMerge';
import { normalizeTitle } from './normalize';
import { STEP, type Steps } from './slices';
import { dumpTopic } from './topics';

/** What an update changed, for keeping a search index in line. */
export interface LibraryDelta {
  /** Keys that no longer name a paper. */
  removed: string[];
  /** New papers, and papers whose record or key changed. */
  upserted: Paper[];
}

/** A paper with what the incremental merge needs to know about it. */
interface Node {
  paper: Paper;
  members: Entry[];
  identity: string;
  base: string;
  /** The key after the collision suffix (`bert2019a`), before numbering clashes with other base keys. */
  suffixed: string;
}

/** Papers of a set of dumps, updated in place by {@link LibraryState.updateSteps}. */
export class LibraryState {
  private readonly dumps = new Map<string, ParsedDump>();
  private topicOf = new Map<string, string>();
  /** Entries by identity (normalised title, arXiv id; see `entryIds`). */
  private readonly byId = new Groups<string, Entry>();
  private readonly nodeOf = new Map<Entry, Node>();
  /**
   * Normalised titles of the entries in `byId`, computed once. A `Map` dropped with the entry, not
   * a `WeakMap`: 100k entries of a `WeakMap` are 100k ephemerons, which V8 may finish marking in one
   * pause (135–290 ms of it at 100k papers, in 3 of 10 traced cold builds).
   */
  private readonly titleOf = new Map<Entry, string>();
  private readonly normalized = (entry: Entry): string => {
    let title = this.titleOf.get(entry);
    if (title === undefined) this.titleOf.set(entry, (title = normalizeTitle(entry.title)));
    return title;
  };
  private readonly byBase = new Groups<string, Node>();
  private readonly bySuffixed = new Groups<string, Node>();
  /** Every paper by its key. */
  readonly byKey = new Map<string, Paper>();
  private papersCache: Paper[] | null = null;
  private problemsCache: Problem[] | null = null;

  constructor(readonly keyFormat: string = DEFAULT_KEY_FORMAT) {}

  /** Every paper: a full build lists them in the order their first entry appears (files by name). */
  get papers(): Paper[] {
    return (this.papersCache ??= [...this.byKey.values()]);
  }

  /** Problems of every dump, files by name. */
  get problems(): Problem[] {
    return (this.problemsCache ??= [...this.dumps.keys()].sort().flatMap((file) => this.dumps.get(file)!.problems));
  }

  /** Topic of each dump file that has entries. */
  get topics(): ReadonlyMap<string, string> {
    return this.topicOf;
  }

  /** The key of the paper an entry of a current dump belongs to. */
  keyOf(entry: Entry): string | undefined {
    return this.nodeOf.get(entry)?.paper.key;
  }

  /** The dumps now merged. */
  files(): IterableIterator<ParsedDump> {
    return this.dumps.values();
  }

  /** The merged dump of this file. */
  dump(file: string): ParsedDump | undefined {
    return this.dumps.get(file);
  }

  /**
   * Adds or replaces `changed` dumps (by file) and drops the `removed` files, in steps (see
   * slices.ts). Until the last step, `byKey` and `papers` still show the previous papers.
   */
  *updateSteps(changed: readonly ParsedDump[], removed: readonly string[] = []): Steps<LibraryDelta> {
    const dirty = new Set<Node>();
    const added: Entry[] = [];
    const gone = new Set([...removed, ...changed.map((d) => d.file)]);
    const next = new Map(changed.map((d) => [d.file, d]));
    // Entries a new version of a dump still has keep their papers (re-made only if they moved).
    const carried = new Set<Entry>();
    const moved = new Set<Node>();
    for (const file of gone) {
      const before = this.dumps.get(file)?.entries ?? [];
      const same = unchangedEntries(before, next.get(file)?.entries ?? []);
      for (const entry of before) {
        const after = same.get(entry);
        if (after && this.carry(entry, after, moved, dirty)) carried.add(after);
        else this.unlink(entry, dirty);
      }
      this.dumps.delete(file);
      yield;
    }
    for (const dump of changed) {
      this.dumps.set(dump.file, dump);
      for (const [i, entry] of dump.entries.entries()) {
        if (carried.has(entry)) continue;
        for (const id of this.idsOf(entry)) this.byId.add(id, entry);
        added.push(entry);
        if (i % STEP === STEP - 1) yield;
      }
      yield;
    }
    const topics = this.retopic(dirty);
    // With no papers yet (a first build) nothing else can join the new entries' groups.
    const affected = this.nodeOf.size === 0 ? added : yield* this.closure(added, dirty);
    const oldKeys = new Set<string>();
    const bases = new Set<string>();
    const suffixed = new Set<string>();
    for (const node of dirty) {
      this.byBase.remove(node.base, node);
      this.bySuffixed.remove(node.suffixed, node);
      oldKeys.add(node.paper.key);
      bases.add(node.base);
      suffixed.add(node.suffixed);
    }
    const topicsOf = topicListsOf(topics);
    const fresh = yield* this.mergeGroups(affected, topicsOf);
    for (const [i, node] of fresh.entries()) {
      bases.add(node.base);
      if (i % STEP === STEP - 1) yield;
    }
    const rekeyed = yield* this.assignKeys(bases, suffixed, fresh);
    for (const node of dirty) if (this.byKey.get(node.paper.key) === node.paper) this.byKey.delete(node.paper.key);
    for (const { node, key } of rekeyed) {
      if (this.byKey.get(node.paper.key) === node.paper) this.byKey.delete(node.paper.key);
      oldKeys.add(node.paper.key);
      node.paper = { ...node.paper, key };
    }
    const remade = new Set(rekeyed.map((r) => r.node));
    const relocated: Node[] = [];
    for (const node of moved) {
      // A moved paper merged again with others (dirty) is one of `fresh`; the others change only where they occur.
      if (this.nodeOf.get(node.members[0]) !== node) continue;
      node.paper = { ...mergeEntries(node.members, topicsOf), key: node.paper.key };
      if (!remade.has(node)) relocated.push(node);
    }
    const upserted: Paper[] = [];
    // Swapped in without a pause, unless there was nothing to show before (a first build).
    const first = this.byKey.size === 0;
    for (const node of [...fresh, ...remade, ...relocated]) {
      this.byKey.set(node.paper.key, node.paper);
      upserted.push(node.paper);
      if (first && upserted.length % STEP === 0) yield;
    }
    this.topicOf = topics;
    this.papersCache = null;
    this.problemsCache = null;
    return { removed: [...oldKeys].filter((key) => !this.byKey.has(key)), upserted };
  }

  /**
   * Puts `after`, the same record as `before` in a new version of its dump, in its place: same
   * paper, same ids. When the entry's lines changed, its paper goes to `moved` (to show them) or,
   * made of several entries, to `dirty`. False when `before` had no paper (then it is unlinked
   * and `after` added like a new entry).
   */
  private carry(before: Entry, after: Entry, moved: Set<Node>, dirty: Set<Node>): boolean {
    const node = this.nodeOf.get(before);
    if (!node) return false;
    if (before === after) return true;
    const title = this.titleOf.get(before);
    this.titleOf.delete(before);
    if (title !== undefined) this.titleOf.set(after, title);
    for (const id of this.idsOf(after)) this.byId.replace(id, before, after);
    this.nodeOf.delete(before);
    this.nodeOf.set(after, node);
    node.members[node.members.indexOf(before)] = after;
    // A paper of several entries may take other fields from them once they are in another order: merged again.
    if (before.line !== after.line || before.endLine !== after.endLine) (node.members.length > 1 ? dirty : moved).add(node);
    return true;
  }

  /** The identities of an entry (see `entryIds`). */
  private idsOf(entry: Entry): string[] {
    return entryIds(entry, this.normalized(entry));
  }

  /** Forgets an entry of a dropped dump; its paper must be merged again. */
  private unlink(entry: Entry, dirty: Set<Node>): void {
    for (const id of this.idsOf(entry)) this.byId.remove(id, entry);
    this.titleOf.delete(entry);
    const node = this.nodeOf.get(entry);
    this.nodeOf.delete(entry);
    if (node) dirty.add(node);
  }

  /** Dump topics after the update; papers in files whose topic changed are merged again. */
  private retopic(dirty: Set<Node>): Map<string, string> {
    const next = new Map<string, string>();
    for (const [file, dump] of this.dumps) if (dump.entries.length > 0) next.set(file, topicOfDump(dump));
    sameCaseTopics(next);
    for (const [file, dump] of this.dumps) {
      // A changed dump's entries that kept their paper (see `carry`) are merged again too.
      if (next.get(file) === this.topicOf.get(file)) continue;
      for (const entry of dump.entries) {
        const node = this.nodeOf.get(entry);
        if (node) dirty.add(node);
      }
    }
    return next;
  }

  /** Every entry that must be regrouped: new ones, those of dirty papers, and all they connect to. */
  private *closure(added: readonly Entry[], dirty: Set<Node>): Steps<Entry[]> {
    const seen = new Set<Entry>();
    const pending: Entry[] = [...added];
    const take = (node: Node): void => {
      for (const m of node.members) if (this.nodeOf.get(m) === node) pending.push(m);
    };
    for (const node of dirty) take(node);
    while (pending.length > 0) {
      const entry = pending.pop()!;
      if (seen.has(entry)) continue;
      seen.add(entry);
      for (const id of this.idsOf(entry)) {
        for (const other of this.byId.get(id)) {
          if (seen.has(other)) continue;
          pending.push(other);
          const node = this.nodeOf.get(other);
          if (node && !dirty.has(node)) {
            dirty.add(node);
            take(node);
          }
        }
      }
      if (seen.size % STEP === 0) yield;
    }
    return [...seen];
  }

  /** Groups entries (files by name, then file order) into papers sharing a title or arXiv id. */
  private *mergeGroups(entries: Entry[], topicsOf: (file: string) => string[]): Steps<Node[]> {
    // Within a file, entries follow each other: their first lines are in file order.
    const order = (a: Entry, b: Entry): number => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line);
    // A first build gets them in order already: skip a sort that would hold the thread at 100k entries.
    let sorted = true;
    for (let i = 1; i < entries.length && sorted; i++) {
      sorted = order(entries[i - 1], entries[i]) <= 0;
      if (i % STEP === 0) yield;
    }
    if (!sorted) entries.sort(order);
    const parent = entries.map((_, i) => i);
    const find = (i: number): number => {
      while (parent[i] !== i) i = parent[i] = parent[parent[i]];
      return i;
    };
    const firstBy = new Map<string, number>();
    for (let i = 0; i < entries.length; i++) {
      for (const id of this.idsOf(entries[i])) {
        const seen = firstBy.get(id);
        if (seen === undefined) firstBy.set(id, i);
        else parent[find(i)] = find(seen);
      }
      if (i % STEP === 0) yield;
    }
    const groups = new Map<number, Entry[]>();
    for (let i = 0; i < entries.length; i++) {
      add(groups, find(i), entries[i]);
      if (i % STEP === 0) yield;
    }
    const nodes: Node[] = [];
    for (const members of groups.values()) {
      const paper = mergeEntries(members, topicsOf);
      const node: Node = { paper, members, identity: paperIdentity(paper, members, this.normalized), base: baseKey(paper, this.keyFormat), suffixed: '' };
      for (const m of members) this.nodeOf.set(m, node);
      this.byBase.add(node.base, node);
      nodes.push(node);
      if (nodes.length % STEP === 0) yield;
    }
    return nodes;
  }

  /**
   * Re-keys the papers of the given base keys: within a base key, papers ordered by identity get
   * '', a, b …; a suffixed key held by several papers (`bert`+`a` = `berta`) is numbered `_2` ….
   * `suffixedKeys`: suffixed keys that lost a paper. New papers get their key set; returns the
   * other papers whose key changes, with the new key.
   */
  private *assignKeys(bases: ReadonlySet<string>, suffixedKeys: Set<string>, fresh: readonly Node[]): Steps<{ node: Node; key: string }[]> {
    let work = 0;
    for (const base of bases) {
      const group = this.byBase.sorted(base, byIdentity);
      group.forEach((node, rank) => {
        const next = base + suffix(rank);
        if (node.suffixed === next) return;
        if (node.suffixed) {
          this.bySuffixed.remove(node.suffixed, node);
          suffixedKeys.add(node.suffixed);
        }
        node.suffixed = next;
        this.bySuffixed.add(next, node);
        suffixedKeys.add(next);
      });
      if ((work += group.length) >= STEP) {
        work = 0;
        yield;
      }
    }
    const isFresh = new Set<Node>();
    for (const node of fresh) {
      suffixedKeys.add(node.suffixed);
      isFresh.add(node);
      if (isFresh.size % STEP === 0) yield;
    }
    const rekeyed: { node: Node; key: string }[] = [];
    for (const key of suffixedKeys) {
      const owners = this.bySuffixed.sorted(key, byIdentity);
      work += owners.length;
      owners.forEach((node, rank) => {
        const final = numbered(key, rank);
        if (isFresh.has(node)) node.paper.key = final;
        else if (node.paper.key !== final) rekeyed.push({ node, key: final });
      });
      if (work >= STEP) {
        work = 0;
        yield;
      }
    }
    return rekeyed;
  }
}

/** Topics computed per parsed dump (a content label reads every entry). */
const dumpTopics = new WeakMap<ParsedDump, string>();

function topicOfDump(dump: ParsedDump): string {
  let topic = dumpTopics.get(dump);
  if (topic === undefined) dumpTopics.set(dump, (topic = dumpTopic(dump)));
  return topic;
}

const byIdentity = (a: Node, b: Node): number => compareIdentity(a.identity, b.identity);

function add<K, T>(map: Map<K, T[]>, key: K, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}
