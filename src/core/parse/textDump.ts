import type { Entry, Problem } from '../model';
import { extractLinks, firstGithub, orgName } from './fields';
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
  const units = toUnits(input.lines, input.firstLine);
  const entries: Entry[] = [];
  const problems: Problem[] = [];
  let draft: Draft | null = null;
  let pendingUpvotes: number | null = null;

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
      case 'number':
        if (d && d.closed) finish();
        pendingUpvotes = unit.value;
        break;
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
        if (d && d.expectDate && !d.closed) {
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
        if (d && !d.closed && d.entry.abstract && isOrgLine(unit.text, next)) {
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
          const entry = blankEntry(input.file, unit.line);
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
  return { entries: entries.filter((e) => e.title), problems };
}

function isOrgLine(text: string, next: Unit | undefined): boolean {
  return next?.kind === 'dot' && text.length <= 80 && !isAbstractLike(text);
}

/** A text line after a title is its abstract unless it is a title itself (the next line being an abstract). */
function isAbstractFor(text: string, next: Unit | undefined): boolean {
  if (isAbstractLike(text)) return true;
  return !(next?.kind === 'text' && isAbstractLike(next.text));
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
  if (!entry.abstract) {
    problems.push({ file: entry.file, line: entry.line, severity: 'info', message: `"${entry.title.slice(0, 60)}" has no abstract.` });
  }
  return entry;
}
