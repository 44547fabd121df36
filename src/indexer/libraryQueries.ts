/** The questions the library worker answers about the papers it serves (see `LibraryCore.queries`). */
import { closestKey } from '../core/citationContext';
import type { Paper } from '../core/model';
import { groupPapers, rowOf, sortPapers, type GroupBy, type PaperGroup, type PaperRow, type SortBy } from '../core/paperGroups';
import { rankForCompletion, type PaperIndex, type SearchHit } from '../core/searchIndex';
import type { LocatedOccurrence } from './libraryProtocol';

/** The papers served now: the last session's snapshot, or the dumps as merged. */
export interface Served {
  papers: readonly Paper[];
  get(key: string): Paper | undefined;
  index: PaperIndex;
  /** The URI of each dump, by its `file` name. */
  uriOf: ReadonlyMap<string, string>;
}

/** Answers from what `served` gives when asked; the tree's grouping is kept until the papers or their dumps change. */
export class LibraryQueries {
  private grouping: { papers: readonly Paper[]; uriOf: ReadonlyMap<string, string>; by: GroupBy; groups: Map<string, Paper[]> } | undefined;
  /** The last group sorted (its pages are asked one after another), for the grouping it was sorted from. */
  private sorted: { groups: Map<string, Paper[]>; label: string; sort: SortBy; rows: PaperRow[] } | undefined;

  constructor(private readonly served: () => Served) {}

  get(key: string): Paper | undefined {
    return this.served().get(key);
  }

  /** Those of `keys` no paper has. */
  unknownKeys(keys: string[]): string[] {
    const { get } = this.served();
    return keys.filter((key) => !get(key));
  }

  closestKey(key: string): string | undefined {
    const { papers } = this.served();
    return closestKey(key, (function* () {
      for (const paper of papers) yield paper.key;
    })()) ?? undefined;
  }

  search(query: string, limit: number): SearchHit[] {
    return this.served().index.search(query, { limit });
  }

  complete(typed: string, limit: number): SearchHit[] {
    return rankForCompletion(this.served().index, typed, limit);
  }

  /** Where the paper occurs, in the dumps served. */
  entriesOf(key: string): LocatedOccurrence[] {
    const { get, uriOf } = this.served();
    return (get(key)?.occurrences ?? []).flatMap((o) => {
      const uri = uriOf.get(o.file);
      return uri ? [{ ...o, uri }] : [];
    });
  }

  groups(by: GroupBy): (PaperGroup & { uri?: string })[] {
    const { uriOf } = this.served();
    return [...this.grouped(by)].map(([label, papers]) => ({ label, count: papers.length, uri: by === 'file' ? uriOf.get(label) : undefined }));
  }

  /** The rows `from` to `from + count` of a group, sorted. */
  papersIn(by: GroupBy, label: string, sort: SortBy, from = 0, count = Infinity): PaperRow[] {
    return this.rows(by, label, sort).slice(from, from + count);
  }

  /** Where the paper with `key` is among a group's rows, sorted; -1 when it is not in the group. */
  rankIn(by: GroupBy, label: string, sort: SortBy, key: string): number {
    return this.rows(by, label, sort).findIndex((row) => row.key === key);
  }

  private rows(by: GroupBy, label: string, sort: SortBy): PaperRow[] {
    const groups = this.grouped(by);
    const last = this.sorted;
    const rows = last?.groups === groups && last.label === label && last.sort === sort ? last.rows : sortPapers(groups.get(label) ?? [], sort).map(rowOf);
    this.sorted = { groups, label, sort, rows };
    return rows;
  }

  private grouped(by: GroupBy): Map<string, Paper[]> {
    const { papers, uriOf } = this.served();
    const last = this.grouping;
    if (last?.papers === papers && last.uriOf === uriOf && last.by === by) return last.groups;
    const groups = groupPapers(papers, by, (file) => uriOf.has(file));
    this.grouping = { papers, uriOf, by, groups };
    return groups;
  }
}
