/**
 * The body statistics (see `bodyStats`) of each chunk of a saved reading, counted from the chunk's
 * bytes when the reading is made: a dump read again from it then counts only its changed lines,
 * adding up the statistics of the chunks found unchanged instead of counting every line again.
 */
import { stripBom } from './decode';
import { strictUtf8 } from './byteChange';
import { addStats, bodyStats, STAT_KEYS, type BodyStats } from './detect';

/**
 * The statistics of the body lines (from line `bodyStart` on) of each chunk of clean UTF-8 `bytes`
 * (chunk `k` from byte `starts[k]`, its first line `lines[k]`), `STAT_KEYS.length` numbers a chunk;
 * null unless they add up to `total`, the parse's own count, as they do when the lines read here
 * are the parse's.
 */
export function chunkStatsOf(bytes: Uint8Array, starts: readonly number[], lines: readonly number[], bodyStart: number, total: BodyStats): Int32Array | null {
  const out = new Int32Array(starts.length * STAT_KEYS.length);
  const sum = bodyStats([]);
  for (let k = 0; k < starts.length; k++) {
    const last = k === starts.length - 1;
    const text = strictUtf8.decode(bytes.subarray(starts[k], last ? bytes.length : starts[k + 1]));
    // The lines as `splitLines` gives them (ends trimmed, the file's byte-order mark stripped); a chunk but the last ends with a line end.
    const chunkLines = (k === 0 ? stripBom(text) : text).split('\n');
    if (!last) chunkLines.pop();
    const stats = bodyStats(chunkLines.slice(Math.max(0, bodyStart - lines[k])).map((line) => line.trimEnd()));
    STAT_KEYS.forEach((key, i) => (out[k * STAT_KEYS.length + i] = stats[key]));
    addStats(sum, stats);
  }
  return STAT_KEYS.every((key) => sum[key] === total[key]) ? out : null;
}

/** Adds the statistics of chunks `from` to `to` (excluded) to `stats`. */
export function addChunks(stats: BodyStats, chunkStats: Int32Array, from: number, to: number): void {
  for (let k = from; k < to; k++) STAT_KEYS.forEach((key, i) => (stats[key] += chunkStats[k * STAT_KEYS.length + i]));
}
