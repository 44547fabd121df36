/** The Papers tree's grouping and sorting, over plain papers (the library answers them; the view only shows them). */
import type { Paper } from './model';

export type GroupBy = 'topic' | 'file' | 'year';
export type SortBy = 'date' | 'title' | 'upvotes';

/** A group of the tree: a topic, a dump's file name or a year, and how many papers it holds. */
export interface PaperGroup {
  label: string;
  count: number;
}

/** What the tree shows of a paper (the rest, for its tooltip, is asked for when it is hovered). */
export type PaperRow = Pick<Paper, 'key' | 'title' | 'year' | 'date' | 'authors' | 'org' | 'upvotes' | 'topics'>;

export function rowOf({ key, title, year, date, authors, org, upvotes, topics }: Paper): PaperRow {
  return { key, title, year, date, authors, org, upvotes, topics };
}

/** The groups a paper belongs to: its topics, the dumps it occurs in, or its year. */
export function groupLabels(paper: Paper, by: GroupBy): string[] {
  if (by === 'topic') return paper.topics;
  if (by === 'year') return [paper.year === null ? 'Unknown year' : String(paper.year)];
  return [...new Set(paper.occurrences.map((o) => o.file))];
}

/**
 * Every group's papers, in display order: years newest first (unknown last), other groups by
 * label. `include` drops occurrences (by file name) the caller does not serve.
 */
export function groupPapers(papers: Iterable<Paper>, by: GroupBy, include: (file: string) => boolean = () => true): Map<string, Paper[]> {
  const groups = new Map<string, Paper[]>();
  for (const paper of papers) {
    for (const label of groupLabels(paper, by)) {
      if (by === 'file' && !include(label)) continue;
      const group = groups.get(label);
      if (group) group.push(paper);
      else groups.set(label, [paper]);
    }
  }
  const order = by === 'year' ? (a: string, b: string) => yearRank(b) - yearRank(a) : compareText;
  return new Map([...groups].sort(([a], [b]) => order(a, b)));
}

/** Papers newest first, by title, or most upvoted first (then newest). Each date is read once, not at every comparison. */
export function sortPapers(papers: readonly Paper[], by: SortBy): Paper[] {
  const keyed = papers.map((paper) => ({ paper, time: by === 'title' ? 0 : paperTime(paper) }));
  type Keyed = (typeof keyed)[number];
  const byDate = (a: Keyed, b: Keyed): number => compareDesc(a.time, b.time) || compareText(a.paper.title, b.paper.title);
  const compare =
    by === 'title' ? (a: Keyed, b: Keyed) => compareText(a.paper.title, b.paper.title)
    : by === 'upvotes' ? (a: Keyed, b: Keyed) => compareDesc(a.paper.upvotes ?? -1, b.paper.upvotes ?? -1) || byDate(a, b)
    : byDate;
  return keyed.sort(compare).map((k) => k.paper);
}

/** Milliseconds of the paper's date (its year when the date has none); -1 when unknown. */
function paperTime(paper: Paper): number {
  const date = paper.date && paper.year !== null && !/\b\d{4}\b/.test(paper.date) ? `${paper.date}, ${paper.year}` : paper.date;
  const time = date ? Date.parse(date) : NaN;
  if (!Number.isNaN(time)) return time;
  return paper.year !== null ? Date.UTC(paper.year, 0, 1) : -1;
}

function yearRank(label: string): number {
  return /^\d+$/.test(label) ? Number(label) : -1;
}

function compareDesc(a: number, b: number): number {
  return a === b ? 0 : a > b ? -1 : 1;
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

function compareText(a: string, b: string): number {
  return collator.compare(a, b);
}
