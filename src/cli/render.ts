/** Text output of the CLI: aligned tables, JSON shapes, key suggestions. */
import { paperUrl } from '../core/citation';
import type { Paper, Problem } from '../core/model';

/** One table row: a paper and where it was first seen. */
export interface Row {
  key: string;
  year: number | null;
  title: string;
  where: string;
}

/** A row for a paper: key, year, title, `file:line` of its first occurrence. */
export function paperRow(paper: Paper): Row {
  const first = paper.occurrences[0];
  return { key: paper.key, year: paper.year, title: paper.title, where: first ? `${first.file}:${first.line}` : '' };
}

/** An aligned table (KEY, YEAR, TITLE, FILE:LINE), titles cut with `…` to fit `columns` (at least 36 wide). */
export function table(rows: readonly Row[], columns = 100): string {
  const keyWidth = Math.max(3, ...rows.map((r) => r.key.length));
  const whereWidth = Math.max(9, ...rows.map((r) => r.where.length));
  const titleWidth = Math.max(36, columns - keyWidth - whereWidth - 4 - 3 * 2);
  const line = (key: string, year: string, title: string, where: string): string =>
    `${key.padEnd(keyWidth)}  ${year.padEnd(4)}  ${truncate(title, titleWidth).padEnd(titleWidth)}  ${where}`.trimEnd();
  return [line('KEY', 'YEAR', 'TITLE', 'FILE:LINE'), ...rows.map((r) => line(r.key, r.year === null ? '' : String(r.year), r.title, r.where))]
    .join('\n') + '\n';
}

/** Cuts text to `width` characters, ending with `…` when cut. */
export function truncate(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}

/** `file:line: severity: message`, one problem a line. */
export function problemLines(problems: readonly Problem[]): string {
  return problems.map((p) => `${p.file}:${p.line}: ${p.severity}: ${p.message}\n`).join('');
}

/** A search hit as printed by `search --json`. */
export function hitJson(paper: Paper, score: number): Record<string, unknown> {
  const first = paper.occurrences[0];
  return {
    key: paper.key,
    score: Math.round(score * 1000) / 1000,
    title: paper.title,
    year: paper.year,
    arxiv: paper.arxiv,
    url: paperUrl(paper),
    topics: paper.topics,
    file: first?.file ?? null,
    line: first?.line ?? null,
  };
}

/** The key closest to `wanted` (edit distance, case-insensitive), or null when none is near. */
export function closestKey(wanted: string, keys: Iterable<string>): string | null {
  const target = wanted.toLowerCase();
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const key of keys) {
    const d = distance(target, key.toLowerCase(), bestDistance);
    if (d < bestDistance || (d === bestDistance && best !== null && key < best)) [best, bestDistance] = [key, d];
  }
  return best !== null && bestDistance <= Math.max(2, Math.ceil(target.length / 3)) ? best : null;
}

/** Levenshtein distance, giving up (returning more than `cap`) once every path exceeds `cap`. */
function distance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      rowMin = Math.min(rowMin, current[j]);
    }
    if (rowMin > cap) return cap + 1;
    previous = current;
  }
  return previous[b.length];
}
