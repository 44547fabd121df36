/**
 * The passes over a whole file that `parseDump` makes around a layout parser, shared with
 * `reparse.ts`, which makes them again when a file changed.
 */
import type { Entry, Problem } from '../model';
import { yearOfArxiv } from './fields';
import { normalizeTitle } from '../normalize';

/** Splits text into lines with trailing whitespace removed; a line above `maxLine` characters becomes empty, with a warning in `problems`. */
export function splitLines(text: string, file: string, maxLine: number, problems: Problem[]): string[] {
  const lines = text.includes('\r') ? text.split(/\r\n|\r|\n/) : text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].length > maxLine) {
      problems.push({ file, line: i + 1, severity: 'warning', message: `Line is ${lines[i].length.toLocaleString('en-US')} characters long (limit ${maxLine.toLocaleString('en-US')}); skipped.` });
      lines[i] = '';
    } else {
      lines[i] = lines[i].trimEnd();
    }
  }
  return lines;
}

/** A Hugging Face Papers URL among the first 40 body lines (clippers write `URL Source: …`). */
export function findSourceUrl(lines: readonly string[]): string | null {
  for (const line of lines.slice(0, 40)) {
    const m = /https?:\/\/huggingface\.co\/papers[^\s)>\]"']*/.exec(line);
    if (m && /[?&]q=/.test(m[0])) return m[0];
  }
  return null;
}

/** The entries a layout parser read, as the dump's entries: duplicates back to back merged, years from arXiv ids filled in. */
export function finishEntries(entries: Entry[]): Entry[] {
  const out = mergeBackToBack(entries);
  for (const entry of out) entry.year ??= yearOfArxiv(entry.arxiv);
  return out;
}

/** Trending captures repeat each entry back to back: keep one, with the richest fields. */
function mergeBackToBack(entries: Entry[]): Entry[] {
  const out: Entry[] = [];
  let prevTitle = '';
  for (const entry of entries) {
    const prev = out[out.length - 1];
    const title = normalizeTitle(entry.title);
    const same = prev !== undefined && title === prevTitle;
    prevTitle = title;
    if (same) {
      for (const key of ['abstract', 'authors', 'org', 'date', 'year', 'upvotes', 'comments', 'github', 'arxiv'] as const) {
        if (!prev[key] && entry[key]) (prev as unknown as Record<string, unknown>)[key] = entry[key];
      }
      if (entry.links.length > prev.links.length) prev.links = entry.links;
      prev.endLine = Math.max(prev.endLine, entry.endLine);
    } else {
      out.push(entry);
    }
  }
  return out;
}
