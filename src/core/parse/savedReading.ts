/**
 * What reading a dump again in part needs, saved with its parse between sessions without its
 * text: digests of its bytes in chunks of whole lines (~8 KB each) instead of its lines and bytes.
 *
 * After a warm start (or a scan, whose parses workers do not keep) no parse worker holds a dump's
 * lines, so its first change would be read whole. From a saved reading it is read in part (see `reparse.ts`): each chunk whose bytes are
 * found unchanged in the new content (the same digest, at the start, at the end, or moved by a
 * change before it) gives the old lines there, which are the new lines read from the same bytes.
 * The old lines of the other chunks are unknown and stand as a line no file has (`'\n'`), which
 * the reading again takes as changed; the old entries are the saved parse's. So every old line it
 * compares is the old file's, and the result is `parseDump`'s (the unit tests check it after
 * random edits). Only clean UTF-8 with `\n` or `\r\n` line ends is saved and restored, as
 * `byteChange.ts` requires: equal bytes between line starts then decode to equal lines.
 */
import type { Entry, Problem } from '../model';
import { addChunks, chunkStatsOf } from './chunkStats';
import { addStats, bodyStats, type BodyStats } from './detect';
import type { ParseOptions } from './index';
import { decodeLines, type Reparsable, type Restored } from './reparse';

/** A parse's reading of plain text or run-together lines, saved without its text (see above). */
export interface SavedReading {
  reading: 'text' | 'runTogether';
  bodyStart: number;
  bodyProblems: Problem[];
  merged: boolean;
  stats: BodyStats;
  metaJson: string;
  optionsKey: string;
  /** The file's size in bytes and its number of lines. */
  size: number;
  lineCount: number;
  /** Where each chunk starts: its byte offset, and its first line (0-based). */
  starts: Int32Array;
  lines: Int32Array;
  /** Each chunk's digest, all of the same length. */
  digests: Uint8Array;
  /** Each chunk's first {@link HEAD} bytes (zeros after a shorter chunk): looked for to find a chunk a change before it moved. */
  heads: Uint8Array;
  /** Each chunk's body statistics (see `chunkStats.ts`), when they add up to the parse's. */
  chunkStats?: Int32Array;
}

/** A digest of bytes (the parse worker's: SHA-1); the same function must save and restore a reading. */
export type Digest = (bytes: Uint8Array) => Uint8Array;

/** Bytes per chunk at least: a chunk ends at the first line end after them. */
export const CHUNK_BYTES = 8192;
const HEAD = 16;
/** How far (bytes) around its old offset a chunk is looked for after a change before it. */
const MOVED = 16384;
/** Chunks tried in a row, after a change, for one found moved before the rest counts as changed. */
const TRIES = 4;
const NEWLINE = 10;
/** An old line not known: no line of a file contains a line end. */
const UNKNOWN = '\n';

/** What of a parse's trail a reading saves: all but its lines, and how many there are. */
export type ReadingTrail = Pick<Reparsable, 'reading' | 'bodyStart' | 'bodyProblems' | 'merged' | 'stats' | 'metaJson' | 'optionsKey' | 'cleanText'> & { lineCount: number };

/** What of `trail` {@link saveReading} needs: it does not hold the lines. */
export function readingTrail(trail: Reparsable): ReadingTrail {
  const { reading, bodyStart, bodyProblems, merged, stats, metaJson, optionsKey, cleanText } = trail;
  return { reading, bodyStart, bodyProblems, merged, stats, metaJson, optionsKey, cleanText, lineCount: trail.lines.length };
}

/**
 * The reading of a parse of `bytes` (see {@link readingTrail}) to save; null when it cannot be
 * restored (a Markdown capture, or not clean UTF-8 text). `withStats`: with each chunk's body
 * statistics (counting them takes about as long as the rest).
 */
export function saveReading(trail: ReadingTrail, bytes: Uint8Array, digest: Digest, chunkBytes = CHUNK_BYTES, withStats = true): SavedReading | null {
  if (!trail.cleanText || trail.reading === 'markdown') return null;
  const starts = [0];
  const lines = [0];
  let line = 0;
  for (let at = bytes.indexOf(NEWLINE); at >= 0; at = bytes.indexOf(NEWLINE, at + 1)) {
    line++;
    if (at + 1 - starts[starts.length - 1] >= chunkBytes && at + 1 < bytes.length) {
      starts.push(at + 1);
      lines.push(line);
    }
  }
  if (line + 1 !== trail.lineCount) return null;
  const ends = [...starts.slice(1), bytes.length];
  const sums = starts.map((from, k) => digest(bytes.subarray(from, ends[k])));
  const digests = new Uint8Array(sums.length * sums[0].length);
  sums.forEach((sum, k) => digests.set(sum, k * sum.length));
  const heads = new Uint8Array(starts.length * HEAD);
  starts.forEach((from, k) => heads.set(bytes.subarray(from, Math.min(ends[k], from + HEAD)), k * HEAD));
  const { reading, bodyStart, bodyProblems, merged, stats, metaJson, optionsKey } = trail;
  const chunkStats = (withStats && chunkStatsOf(bytes, starts, lines, bodyStart, stats)) || undefined;
  return { reading, bodyStart, bodyProblems, merged, stats, metaJson, optionsKey, size: bytes.length, lineCount: line + 1, starts: Int32Array.from(starts), lines: Int32Array.from(lines), digests, heads, chunkStats };
}

/**
 * What reading `content` again needs, from the saved reading of the file's previous content and
 * that parse's `entries`: the old lines found unchanged (the others unknown), and the new lines.
 * Null when the new content is not clean UTF-8 text with `\n` or `\r\n` line ends, or nothing was found unchanged.
 */
export function restoreReading(saved: SavedReading, entries: readonly Entry[], content: Uint8Array, file: string, options: ParseOptions, digest: Digest): Restored | null {
  const whole = decodeLines(content, file, options);
  if (!whole || whole.problems.length > 0 || (whole.text.includes('\r') && /\r(?!\n)/.test(whole.text))) return null;
  const { lines } = whole;
  const runs = new ChunkFinder(saved, content, lines.length, digest).runs();
  const old = oldLines(saved, runs, lines);
  if (!old) return null;
  // Without the entries' counts, which reading again then counts only if the layout needs them (not for blocks).
  const { reading, bodyStart, bodyProblems, merged, stats, metaJson, optionsKey } = saved;
  const before: Reparsable = { reading, lines: old, bodyStart, bodyProblems, merged, stats, cleanText: true, file, entries, metaJson, optionsKey };
  return { before, read: { lines, problems: [], cleanText: true, stats: saved.chunkStats && newStats(saved, saved.chunkStats, runs, lines) } };
}

/** Old chunks `from` to `to` (excluded), found `shift` bytes further in the new content, where they start at new line `line`. */
interface Run {
  from: number;
  to: number;
  shift: number;
  line: number;
}

/** The old file's lines: those of the `runs` of chunks found unchanged taken from `lines`, the others unknown; null when no chunk was found. */
function oldLines(saved: SavedReading, runs: readonly Run[], lines: readonly string[]): string[] | null {
  if (runs.length === 0) return null;
  const old = new Array<string>(saved.lineCount).fill(UNKNOWN);
  for (const { from, to, line } of runs) {
    const first = saved.lines[from];
    const end = lineOf(saved, to);
    if (line < 0 || line + end - first > lines.length) return null;
    for (let i = first; i < end; i++) old[i] = lines[line + i - first];
  }
  return old;
}

/** The first line of chunk `k` (the line count for the chunk after the last). */
const lineOf = (saved: SavedReading, k: number): number => (k < saved.starts.length ? saved.lines[k] : saved.lineCount);

/** The new body's statistics: the saved ones of the chunks found unchanged, the lines between them counted. */
function newStats(saved: SavedReading, chunkStats: Int32Array, runs: readonly Run[], lines: readonly string[]): BodyStats {
  const stats = bodyStats([]);
  const count = (from: number, to: number): void => {
    if (to > from) addStats(stats, bodyStats(lines.slice(from, to)));
  };
  let at = saved.bodyStart;
  for (const { from, to, line } of runs) {
    addChunks(stats, chunkStats, from, to);
    count(at, line);
    at = Math.max(at, line + lineOf(saved, to) - saved.lines[from]);
  }
  count(at, lines.length);
  return stats;
}

/**
 * Finds the saved chunks in new bytes: from the start, from the end, and between changes. Only
 * the line ends between the chunks found are counted (to know at which new line each run starts):
 * equal bytes have equal line ends.
 */
class ChunkFinder {
  private readonly count: number;
  private readonly width: number;

  constructor(
    private readonly saved: SavedReading,
    private readonly bytes: Uint8Array,
    private readonly lineCount: number,
    private readonly digest: Digest,
  ) {
    this.count = saved.starts.length;
    this.width = saved.digests.length / this.count;
  }

  runs(): Run[] {
    const { count, saved, bytes } = this;
    let first = 0;
    while (first < count && this.found(first, 0)) first++;
    const runs: Run[] = first > 0 ? [{ from: 0, to: first, shift: 0, line: 0 }] : [];
    if (first === count) return runs;
    const tailShift = bytes.length - saved.size;
    let last = count;
    while (last > first && this.found(last - 1, tailShift)) last--;
    // Between the changes at both ends, chunks a change before them moved; `at` and `line`: where the last run found ends.
    let [at, line] = [saved.starts[first], saved.lines[first]];
    const ceiling = last < count ? saved.starts[last] + tailShift : bytes.length;
    for (let k = first + 1, tries = 0; k < last && tries < TRIES; ) {
      const shift = this.movedBy(k, at, ceiling);
      if (shift === null) {
        k++;
        tries++;
        continue;
      }
      let to = k + 1;
      while (to < last && this.end(to) + shift <= ceiling && this.found(to, shift)) to++;
      line += lineEnds(bytes, at, saved.starts[k] + shift);
      runs.push({ from: k, to, shift, line });
      line += saved.lines[to] - saved.lines[k];
      at = saved.starts[to] + shift;
      k = to + 1;
      tries = 0;
    }
    if (last < count) runs.push({ from: last, to: count, shift: tailShift, line: this.lineCount - (saved.lineCount - saved.lines[last]) });
    return runs;
  }

  private end(k: number): number {
    return k + 1 < this.count ? this.saved.starts[k + 1] : this.saved.size;
  }

  /** Whether chunk `k`'s bytes are the new ones `shift` bytes further, there from a line start (and, for the last, to the end). */
  private found(k: number, shift: number): boolean {
    const from = this.saved.starts[k] + shift;
    const to = this.end(k) + shift;
    if (from < 0 || to > this.bytes.length || (from > 0 && this.bytes[from - 1] !== NEWLINE)) return false;
    if (k === this.count - 1 && to !== this.bytes.length) return false;
    const sum = this.digest(this.bytes.subarray(from, to));
    if (sum.length !== this.width) return false;
    const at = k * this.width;
    for (let i = 0; i < sum.length; i++) if (sum[i] !== this.saved.digests[at + i]) return false;
    return true;
  }

  /** How far chunk `k` moved: looked for at the new line starts near its old offset, from `floor` on and ending by `ceiling`; null when not found. */
  private movedBy(k: number, floor: number, ceiling: number): number | null {
    const { bytes } = this;
    const old = this.saved.starts[k];
    const length = this.end(k) - old;
    const head = Math.min(HEAD, length);
    const lo = Math.max(floor, old - MOVED);
    const hi = Math.min(ceiling - length, old + MOVED);
    // The line starts from `lo` on: 0, and just after each line end.
    let at = lo <= 0 ? 0 : bytes.indexOf(NEWLINE, lo - 1) + 1;
    if (lo > 0 && at === 0) return null;
    while (at <= hi) {
      let same = true;
      for (let j = 0; j < head && same; j++) same = bytes[at + j] === this.saved.heads[k * HEAD + j];
      if (same && this.found(k, at - old)) return at - old;
      const end = bytes.indexOf(NEWLINE, at);
      if (end < 0) break;
      at = end + 1;
    }
    return null;
  }
}

/** How many line ends `bytes` has from `from` to `to` (excluded). */
function lineEnds(bytes: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let at = bytes.indexOf(NEWLINE, from); at >= 0 && at < to; at = bytes.indexOf(NEWLINE, at + 1)) n++;
  return n;
}
