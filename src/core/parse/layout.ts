import type { Entry, Problem } from '../model';

/** What a layout parser is given: the body lines (front matter removed) and where they start. */
export interface LayoutInput {
  lines: readonly string[];
  file: string;
  /** 1-based line number of lines[0] in the file. */
  firstLine: number;
}

/** What a layout parser returns. Never thrown: bad spots become problems. */
export interface LayoutResult {
  entries: Entry[];
  problems: Problem[];
}

/** An entry with every field empty, to be filled by a layout parser. */
export function blankEntry(file: string, line: number): Entry {
  return {
    title: '', abstract: '', authors: null, org: null, date: null, year: null, upvotes: null,
    comments: null, links: [], github: null, arxiv: null, file, line, endLine: line,
  };
}
