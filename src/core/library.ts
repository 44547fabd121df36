import type { Entry, Paper, ParsedDump, Problem } from './model';
import { normalizeTitle } from './normalize';
import { assignKeySteps, DEFAULT_KEY_FORMAT } from './citeKeys';
import { runToEnd, STEP, type Steps } from './slices';
import { dumpTopic } from './topics';

/** An entry with the key of the paper it belongs to. */
export interface KeyedEntry extends Entry {
  key: string;
}

/** Every paper of a set of dumps, deduplicated, with stable keys. */
export interface Library {
  papers: Paper[];
  entries: KeyedEntry[];
  problems: Problem[];
  byKey: Map<string, Paper>;
  /** Topic of each dump file. */
  topics: Map<string, string>;
}

/** How a library is built. */
export interface LibraryOptions {
  /** Citation-key format, see `citeKeys.ts`. */
  keyFormat?: string;
}

/**
 * Merges parsed dumps into papers: entries with the same arXiv id or the same
 * normalised title are one paper, which takes the richest metadata of its
 * entries and the topics of every dump it appears in. The result does not
 * depend on the order of `dumps`.
 */
export function buildLibrary(dumps: readonly ParsedDump[], options: LibraryOptions = {}): Library {
  return runToEnd(buildLibrarySteps(dumps, options));
}

/** {@link buildLibrary} in steps, to run in time slices with `runSliced` (see slices.ts). */
export function* buildLibrarySteps(dumps: readonly ParsedDump[], options: LibraryOptions = {}): Steps<Library> {
  const sorted = [...dumps].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const topics = sameCaseTopics(new Map(sorted.filter((d) => d.entries.length > 0).map((d) => [d.file, dumpTopic(d)] as const)));
  const entries = sorted.flatMap((d) => d.entries);
  const groups = yield* groupEntries(entries);
  const papers: Paper[] = [];
  for (const members of groups) {
    papers.push(mergeEntries(members, topics));
    if (papers.length % STEP === 0) yield;
  }
  const keys = yield* assignKeySteps(papers, options.keyFormat ?? DEFAULT_KEY_FORMAT);
  const keyOf = new Map<Entry, string>();
  for (let i = 0; i < papers.length; i++) {
    papers[i].key = keys[i];
    for (const entry of groups[i]) keyOf.set(entry, keys[i]);
    if (i % STEP === 0) yield;
  }
  const keyed: KeyedEntry[] = [];
  for (const entry of entries) {
    keyed.push({ ...entry, key: keyOf.get(entry)! });
    if (keyed.length % STEP === 0) yield;
  }
  return {
    papers,
    entries: keyed,
    problems: sorted.flatMap((d) => d.problems),
    byKey: new Map(papers.map((p) => [p.key, p])),
    topics,
  };
}

/** Topics that differ only in case are one topic, spelled as in the first file that has it. */
function sameCaseTopics(topics: Map<string, string>): Map<string, string> {
  const spelling = new Map<string, string>();
  for (const [file, topic] of topics) {
    const lower = topic.toLowerCase();
    if (!spelling.has(lower)) spelling.set(lower, topic);
    topics.set(file, spelling.get(lower)!);
  }
  return topics;
}

/** Normalised titles of entries, kept while the entry objects live (parsed dumps are cached per file). */
const normalizedTitles = new WeakMap<Entry, string>();

function normalizedTitle(entry: Entry): string {
  let title = normalizedTitles.get(entry);
  if (title === undefined) normalizedTitles.set(entry, (title = normalizeTitle(entry.title)));
  return title;
}

/** Union of entries sharing an arXiv id or a normalised title; groups in first-occurrence order. */
function* groupEntries(entries: readonly Entry[]): Steps<Entry[][]> {
  const parent = entries.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const firstBy = new Map<string, number>();
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    const ids = [`t:${normalizedTitle(entry)}`];
    if (entry.arxiv) ids.push(`a:${entry.arxiv}`);
    for (const id of ids) {
      const seen = firstBy.get(id);
      if (seen === undefined) firstBy.set(id, i);
      else parent[find(i)] = find(seen);
    }
    if (i % STEP === 0) yield;
  }
  const groups = new Map<number, Entry[]>();
  entries.forEach((entry, i) => {
    const root = find(i);
    const group = groups.get(root);
    if (group) group.push(entry);
    else groups.set(root, [entry]);
  });
  // Map order is the order in which each group's first entry was met.
  return [...groups.values()];
}

function richness(e: Entry): number {
  return [e.authors, e.org, e.date, e.upvotes, e.comments, e.github, e.arxiv].filter((v) => v !== null).length + (e.year ? 1 : 0);
}

/** One paper from its entries: the richest entry's text, every known field, all links and topics. */
function mergeEntries(members: readonly Entry[], topics: Map<string, string>): Paper {
  const richest = [...members].sort((a, b) => richness(b) - richness(a))[0];
  const pick = <K extends keyof Entry>(key: K): Entry[K] => richest[key] ?? members.find((m) => m[key] !== null)?.[key] ?? richest[key];
  const dated = members.find((m) => m.year !== null && m.date !== null) ?? members.find((m) => m.date !== null);
  const longestAbstract = members.reduce((a, b) => (b.abstract.length > a.abstract.length ? b : a));
  const max = (key: 'upvotes' | 'comments') => {
    const values = members.map((m) => m[key]).filter((v): v is number => v !== null);
    return values.length ? Math.max(...values) : null;
  };
  return {
    key: '',
    title: richest.title,
    abstract: longestAbstract.abstract,
    authors: pick('authors'),
    org: pick('org'),
    date: dated?.date ?? null,
    year: dated?.year ?? members.find((m) => m.year !== null)?.year ?? null,
    upvotes: max('upvotes'),
    comments: max('comments'),
    links: [...new Set(members.flatMap((m) => m.links))],
    github: pick('github'),
    arxiv: pick('arxiv'),
    topics: [...new Set(members.map((m) => topics.get(m.file)).filter((t): t is string => !!t))].sort(),
    occurrences: members.map((m) => ({ file: m.file, line: m.line, endLine: m.endLine })),
  };
}
