/** How entries of the same paper are recognised and merged into one paper record. */
import { NO_LINKS, type Entry, type Paper } from './model';
import { normalizeTitle } from './normalize';

/**
 * What makes two entries the same paper: the same normalised title (`title`, see
 * `normalizeTitle`) or the same arXiv id (an id always has `.` or `/`, a normalised title never,
 * so the two cannot be confused).
 */
export function entryIds(entry: Entry, title: string): string[] {
  return entry.arxiv ? [title, entry.arxiv] : [title];
}

/**
 * `identityOf(paper)` from citeKeys (arXiv id, else normalised title) without normalising the
 * title again: the paper's title is one of its entries' titles (`titleOf` gives theirs normalised).
 */
export function paperIdentity(paper: Paper, members: readonly Entry[], titleOf: (entry: Entry) => string): string {
  if (paper.arxiv) return paper.arxiv;
  const source = members.find((m) => m.title === paper.title);
  return source ? titleOf(source) : normalizeTitle(paper.title);
}

/**
 * For {@link mergeEntries}: each file's topic as a one-element list (or none), made once per file
 * and frozen, so that the papers of a dump share it instead of holding a list each.
 */
export function topicListsOf(topics: ReadonlyMap<string, string>): (file: string) => string[] {
  const lists = new Map<string, string[]>();
  return (file) => {
    let list = lists.get(file);
    if (!list) {
      const topic = topics.get(file);
      lists.set(file, (list = Object.freeze(topic ? [topic] : []) as string[]));
    }
    return list;
  };
}

function richness(e: Entry): number {
  return [e.authors, e.org, e.date, e.upvotes, e.comments, e.github, e.arxiv].filter((v) => v !== null).length + (e.year ? 1 : 0);
}

/**
 * One paper from its entries (in file order): the richest entry's text, every known field, all
 * links, the topics of the files it occurs in (`topicsOf`, see {@link topicListsOf}), and an empty
 * key (assigned later).
 */
export function mergeEntries(members: readonly Entry[], topicsOf: (file: string) => string[]): Paper {
  if (members.length === 1) return paperOf(members[0], topicsOf(members[0].file));
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
    topics: [...new Set(members.flatMap((m) => topicsOf(m.file)))].sort(),
    occurrences: members.map((m) => ({ file: m.file, line: m.line, endLine: m.endLine })),
  };
}

/** What {@link mergeEntries} makes of a single entry (most papers), without its bookkeeping; `topics` is shared. */
function paperOf(e: Entry, topics: string[]): Paper {
  return {
    key: '',
    title: e.title,
    abstract: e.abstract,
    authors: e.authors,
    org: e.org,
    date: e.date,
    year: e.year,
    upvotes: e.upvotes,
    comments: e.comments,
    links: e.links.length === 0 ? NO_LINKS : [...new Set(e.links)],
    github: e.github,
    arxiv: e.arxiv,
    topics,
    occurrences: [{ file: e.file, line: e.line, endLine: e.endLine }],
  };
}

/** Topics that differ only in case are one topic, spelled as in the first file (by name) that has it. */
export function sameCaseTopics(topics: Map<string, string>): Map<string, string> {
  const spelling = new Map<string, string>();
  for (const file of [...topics.keys()].sort()) {
    const topic = topics.get(file)!;
    const lower = topic.toLowerCase();
    if (!spelling.has(lower)) spelling.set(lower, topic);
    topics.set(file, spelling.get(lower)!);
  }
  return topics;
}
