/** The plain data shapes shared by the parser, the index, the CLI and the extension. */

/** A problem found while reading or parsing a dump: reported, never thrown. */
export interface Problem {
  file: string;
  /** 1-based line the problem refers to (1 when it concerns the whole file). */
  line: number;
  message: string;
  severity: 'error' | 'warning' | 'info';
}

/** The layouts the parser recognises; detected per file. */
export type Layout =
  | 'blocks' // blank-line separated blocks: title, abstract, metadata (HF daily/search pages)
  | 'alternating' // one title line, one abstract line, repeated
  | 'pairs' // title, blank line, abstract, blank line, no metadata
  | 'runTogether' // `[upvotes] Title Abstract N authors · Date [comments]` on one line
  | 'markdown' // Markdown captures made by web clippers and scrapers
  | 'none'; // not a dump

/** One paper entry as it appears in one dump. */
export interface Entry {
  /** Exactly as displayed: whitespace collapsed, chrome and Markdown escapes removed. */
  title: string;
  abstract: string;
  /** Number of authors when the listing shows `N authors`. */
  authors: number | null;
  /** Organisation shown instead of an author count (`NAVER AI Lab`). */
  org: string | null;
  /** The date as printed, without a trailing comment count. */
  date: string | null;
  year: number | null;
  upvotes: number | null;
  comments: number | null;
  /** Every URL in the abstract, trailing punctuation stripped. */
  links: string[];
  /** The first GitHub link (a button, or one in the abstract). */
  github: string | null;
  arxiv: string | null;
  file: string;
  /** 1-based first line of the entry. */
  line: number;
  /** 1-based last line of the entry (inclusive). */
  endLine: number;
}

/** Front matter keys a dump may carry. */
export interface DumpMeta {
  topic?: string;
  title?: string;
  url?: string;
  retrieved?: string;
  /** `litnotes: false` (or `dump: false`) forces a file out, `true` forces it in. */
  dump?: boolean;
}

/** The result of parsing one file. Never thrown: failures are problems. */
export interface ParsedDump {
  file: string;
  layout: Layout;
  entries: Entry[];
  problems: Problem[];
  meta: DumpMeta;
  /** The captured page's URL: front matter `url`, else a Hugging Face Papers URL near the top. */
  source: string | null;
}

/** Where a paper occurs. */
export interface Occurrence {
  file: string;
  line: number;
  endLine: number;
}

/** A deduplicated paper: the richest metadata of all its entries. */
export interface Paper {
  key: string;
  title: string;
  abstract: string;
  authors: number | null;
  org: string | null;
  date: string | null;
  year: number | null;
  upvotes: number | null;
  comments: number | null;
  links: string[];
  github: string | null;
  arxiv: string | null;
  topics: string[];
  occurrences: Occurrence[];
}

/**
 * The one empty list of links that entries and papers without links share, instead of a list
 * each (frozen: entries and papers are not changed once made).
 */
export const NO_LINKS = Object.freeze([]) as unknown as string[];
