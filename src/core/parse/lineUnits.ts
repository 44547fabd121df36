import { collapse, DATE_SOURCE, orgName, parseAuthorsLine, parseDateLine, type DateParts } from './fields';
import { isChromeLine } from './chrome';

/** A non-blank line of a plain-text dump, classified. */
export type Unit =
  | { kind: 'chrome'; line: number }
  | { kind: 'dot'; line: number }
  | { kind: 'number'; line: number; value: number | null }
  | { kind: 'authors'; line: number; authors: number }
  | { kind: 'date'; line: number; date: DateParts; published: boolean }
  | { kind: 'meta'; line: number; authors: number | null; org: string | null; date: DateParts }
  | { kind: 'url'; line: number; url: string }
  | { kind: 'text'; line: number; text: string };

const INLINE_META = new RegExp(`^(.{0,80}?)\\s*·\\s*((?:Published on )?${DATE_SOURCE}(?:\\s+\\d+)?)$`);

/** Splits lines into classified units, skipping blank lines. `firstLine` is the 1-based number of lines[0]. */
export function toUnits(lines: readonly string[], firstLine: number): Unit[] {
  const units: Unit[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    if (raw.trim() === '') continue;
    units.push(classify(raw, firstLine + i));
  }
  return units;
}

/** Longer lines can only be titles or abstracts. */
const LONGEST_META = 200;

function classify(raw: string, line: number): Unit {
  if (raw.length > LONGEST_META) return { kind: 'text', line, text: collapse(raw) };
  // Exports that put every URL on its own line leave link brackets behind: `[`, `4 authors](url)`, `[-] 12`.
  const text = collapse(raw).replace(/^\[-\]\s+/, '').replace(/^\[(?=\S)/, '').replace(/\]\(https?:\/\/[^\s)]*\)$/, '');
  if (text === '·' || text === '•') return { kind: 'dot', line };
  if (/^https?:\/\/\S+$/.test(text)) return { kind: 'url', line, url: text };
  if (text === '[' || isChromeLine(text)) return { kind: 'chrome', line };
  if (/^(?:\d{1,3}(?:,\d{3})+|\d{1,6}|-)$/.test(text)) return { kind: 'number', line, value: text === '-' ? null : Number(text.replace(/,/g, '')) };
  const authors = parseAuthorsLine(text);
  if (authors !== null) return { kind: 'authors', line, authors };
  const date = parseDateLine(text);
  if (date) return { kind: 'date', line, date, published: /^(?:Published|Submitted) on /.test(text) };
  if (text.length <= 120) {
    const m = INLINE_META.exec(text);
    const inlineDate = m ? parseDateLine(m[2]) : null;
    if (m && inlineDate) {
      const left = m[1].replace(/^[•·-]\s*/, '').trim();
      const n = parseAuthorsLine(left);
      return { kind: 'meta', line, authors: n, org: n === null && left ? orgName(left) : null, date: inlineDate };
    }
  }
  return { kind: 'text', line, text };
}

/**
 * Word count (runs of anything but a space), cheap; stops counting at `atMost` (an abstract need
 * not be read to its end). Jumps from word to word with `indexOf`, which scans natively.
 */
export function wordCount(text: string, atMost = Infinity): number {
  let n = 0;
  for (let i = 0; i < text.length && n < atMost; ) {
    if (text.charCodeAt(i) === 32) {
      i++;
      continue;
    }
    n++;
    const space = text.indexOf(' ', i + 1);
    if (space < 0) break;
    i = space + 1;
  }
  return n;
}

/** True for a line that reads like an abstract (long, or several sentences). */
export function isAbstractLike(text: string): boolean {
  if (text.length > 600) return true; // 35 words never take more room than this
  if (text.length < 70) return false; // nor 15 words less
  const words = wordCount(text, 35);
  if (words >= 35) return true;
  return words >= 15 && /[.!?]["')\]]?\s+[A-Z]/.test(text) && /[.!?]["')\]]?$/.test(text);
}
