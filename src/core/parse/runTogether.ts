import type { Entry, Problem } from '../model';
import { collapse, DATE_SOURCE, extractLinks, firstGithub, orgName, parseDateLine } from './fields';
import { stripGluedChrome } from './chrome';
import { blankEntry, type LayoutInput, type LayoutResult } from './layout';
import { splitTitleAbstract } from './titleSplit';

const TAIL = new RegExp(`\\s·\\s*((?:Published on )?${DATE_SOURCE})(?:\\s+(\\d+))?\\s*$`);
const AUTHORS_TAIL = /\s(\d+) authors?\s*$/;
const TAIL_WINDOW = 240;

/** True when a line ends like a run-together entry: `… N authors · Sep 13, 2023 [comments]`. */
export function hasRunTogetherTail(line: string): boolean {
  return line.length > 120 && TAIL.test(line.slice(-TAIL_WINDOW));
}

/**
 * Parses one-entry-per-line dumps: `[upvotes|-] Title Abstract N authors · Date [comments]`.
 * The unmarked title/abstract boundary is found by `splitTitleAbstract`.
 */
export function parseRunTogether(input: LayoutInput): LayoutResult {
  const entries: Entry[] = [];
  const problems: Problem[] = [];
  input.lines.forEach((raw, i) => {
    const line = collapse(raw);
    if (!line) return;
    const lineNo = input.firstLine + i;
    if (!hasRunTogetherTail(line)) {
      if (line.length > 120) problems.push({ file: input.file, line: lineNo, severity: 'warning', message: 'Line looks like a paper but has no "· date" ending; skipped.' });
      return;
    }
    entries.push(parseLine(stripGluedChrome(line), input.file, lineNo));
  });
  return { entries, problems };
}

function parseLine(line: string, file: string, lineNo: number): Entry {
  const entry = blankEntry(file, lineNo);
  const cut = line.length - Math.min(line.length, TAIL_WINDOW);
  const tail = TAIL.exec(line.slice(cut))!;
  let body = line.slice(0, cut + tail.index);
  const date = parseDateLine(tail[1]);
  entry.date = date?.date ?? null;
  entry.year = date?.year ?? null;
  entry.comments = tail[2] === undefined ? null : Number(tail[2]);

  const authors = AUTHORS_TAIL.exec(body);
  if (authors) {
    entry.authors = Number(authors[1]);
    body = body.slice(0, authors.index);
  } else {
    const org = /[.!?)\]]\s+([^.!?]{1,80})$/.exec(body);
    if (org) {
      entry.org = orgName(org[1].trim());
      body = body.slice(0, org.index + 1);
    }
  }

  const upvotes = /^(\d{1,6}|-)\s+/.exec(body);
  if (upvotes) {
    entry.upvotes = upvotes[1] === '-' ? null : Number(upvotes[1]);
    body = body.slice(upvotes[0].length);
  }
  const { title, abstract } = splitTitleAbstract(body);
  entry.title = title;
  entry.abstract = abstract;
  entry.links = extractLinks(abstract);
  entry.github = firstGithub(entry.links);
  return entry;
}
