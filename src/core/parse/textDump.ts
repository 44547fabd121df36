import type { Entry, Problem } from '../model';
import { arxivFromUrl, extractLinks, firstGithub, orgName } from './fields';
import { stripGluedChrome } from './chrome';
import { blankEntry, type LayoutInput, type LayoutResult } from './layout';
import { isAbstractLike, toUnits, type Unit } from './lineUnits';

interface Draft {
  entry: Entry;
  /** A `·` or author/org line was seen, so the next date belongs to this entry. */
  expectDate: boolean;
  /** The date was read: the entry is complete. */
  closed: boolean;
}

/**
 * Parses plain-text dumps made of title lines, abstract lines and optional HF
 * metadata (`• N authors` or an organisation, `·`, a date with an optional
 * comment count), with or without blank lines between them. Covers the
 * blank-line block layout, alternating title/abstract lines and title/abstract
 * pairs. Page chrome and the page's own date header are skipped.
 */
export function parseTextDump(input: LayoutInput): LayoutResult {
  const { entries, problems } = readUnits(toUnits(input.lines, input.firstLine), input.file);
  return { entries, problems };
}

/** Asked at each new title, after the entry before it is finished: stop reading there? */
export type StopAtTitle = (index: number, upvotes: number | null, read: readonly Entry[]) => boolean;

/** What {@link readUnits} read: the kept entries, their problems, and the unit it stopped at (-1 when it read to the end). */
export interface UnitsRead extends LayoutResult {
  stoppedAt: number;
}

/**
 * The reading behind {@link parseTextDump}, over classified units: a title starts an entry, and
 * what follows fills it in. `upvotes` are the upvotes read before the first unit; `stop`, when
 * given, may end the reading at any title, so a part of a file can be read again
 * (see `reparse.ts`): at a title, the reading's state is that title and the upvotes before it.
 */
export function readUnits(units: readonly Unit[], file: string, upvotes: number | null = null, stop?: StopAtTitle): UnitsRead {
  const entries: Entry[] = [];
  const problems: Problem[] = [];
  let draft: Draft | null = null;
  let pendingUpvotes = upvotes;

  const finish = () => {
    if (draft) entries.push(complete(draft.entry, problems));
    draft = null;
  };

  for (let i = 0; i < units.length; i++) {
    const unit = units[i];
    const d = draft as Draft | null;
    switch (unit.kind) {
      case 'chrome':
        break;
      case 'number': {
        // `2` followed by the paper's `#community` link is a comment count, not the next upvotes.
        const last = d?.entry ?? entries[entries.length - 1];
        const next = units[i + 1];
        if (last && next?.kind === 'url' && next.url.includes('#community')) {
          last.comments = unit.value;
          last.endLine = unit.line;
          break;
        }
        if (d && d.closed) finish();
        pendingUpvotes = unit.value;
        break;
      }
      case 'url': {
        const arxiv = arxivFromUrl(unit.url);
        if (d && !d.closed && arxiv && !unit.url.includes('#')) d.entry.arxiv ??= arxiv;
        break;
      }
      case 'dot':
        if (d && !d.closed) d.expectDate = true;
        break;
      case 'authors':
        if (d && !d.closed) {
          d.entry.authors = unit.authors;
          d.expectDate = true;
          d.entry.endLine = unit.line;
        }
        break;
      case 'date':
        if (d && (d.expectDate || unit.published) && !d.closed) {
          setDate(d.entry, unit.date);
          d.entry.endLine = unit.line;
          d.closed = true;
        }
        break;
      case 'meta':
        if (d && !d.closed) {
          d.entry.authors = unit.authors;
          d.entry.org = unit.org;
          setDate(d.entry, unit.date);
          d.entry.endLine = unit.line;
          d.closed = true;
        }
        break;
      case 'text': {
        const next = units[i + 1];
        if (d && !d.closed && d.entry.abstract && isOrgLine(unit.text, next, units[i + 2])) {
          d.entry.org = orgName(unit.text);
          d.entry.endLine = unit.line;
        } else if (d && !d.closed && !d.entry.abstract && isAbstractFor(unit.text, next)) {
          d.entry.abstract = unit.text;
          d.entry.endLine = unit.line;
        } else if (d && !d.closed && d.entry.abstract && !d.expectDate && isAbstractLike(unit.text) && !isLikelyTitle(unit.text, next)) {
          d.entry.abstract += ' ' + unit.text;
          d.entry.endLine = unit.line;
        } else {
          finish();
          if (stop?.(i, pendingUpvotes, entries)) return { entries: entries.filter(isKept), problems, stoppedAt: i };
          const entry = blankEntry(file, unit.line);
          entry.title = stripGluedChrome(unit.text);
          entry.upvotes = pendingUpvotes;
          pendingUpvotes = null;
          draft = { entry, expectDate: false, closed: false };
        }
        break;
      }
    }
  }
  finish();
  return { entries: entries.filter(isKept), problems, stoppedAt: -1 };
}

/** Whether a read entry is kept: a title, and an abstract or a date (a lone short line is page chrome). */
export const isKept = (e: Entry): boolean => Boolean(e.title && (e.abstract || e.date));

function isOrgLine(text: string, next: Unit | undefined, afterNext: Unit | undefined): boolean {
  const dot = next?.kind === 'url' ? afterNext : next;
  return dot?.kind === 'dot' && text.length <= 80 && !isAbstractLike(text);
}

/** A text line after a title is its abstract when it reads like one, or when paper metadata follows it. */
function isAbstractFor(text: string, next: Unit | undefined): boolean {
  if (isAbstractLike(text)) return true;
  return next !== undefined && ['authors', 'dot', 'meta'].includes(next.kind) && !/^#/.test(text);
}

function isLikelyTitle(text: string, next: Unit | undefined): boolean {
  return next?.kind === 'text' && isAbstractLike(next.text) && !/[.!]$/.test(text);
}

function setDate(entry: Entry, date: { date: string; year: number | null; comments: number | null }): void {
  entry.date = date.date;
  entry.year = date.year;
  entry.comments = date.comments;
}

function complete(entry: Entry, problems: Problem[]): Entry {
  entry.links = extractLinks(entry.abstract);
  entry.github = firstGithub(entry.links);
  // A lone short line without abstract or metadata is page chrome, dropped silently by the caller.
  if (!entry.abstract && entry.date) {
    problems.push({ file: entry.file, line: entry.line, severity: 'info', message: `"${entry.title.slice(0, 60)}" has no abstract.` });
  }
  return entry;
}
