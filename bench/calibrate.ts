/**
 * The machine's speed at the moment: a fixed workload that uses none of the extension's code
 * (seeded text built, split with a regex, words counted in a `Map` and sorted, as parsing and
 * indexing do), timed in a new process. This VM's speed drifts by 20–50 % between hours: two runs
 * on the same Node whose calibrations differ that much differ by the hour, not only by the code.
 *
 * Child: `node out/bench/calibrate.js` prints the median of its repetitions in ms.
 */
import { execFileSync } from 'child_process';
import { now, stats } from './measure';
import { mulberry32 } from './random';

const REPETITIONS = 9;

/** One pass of the workload; returns something from its result so that nothing is optimized away. */
function workload(seed: number): number {
  const rng = mulberry32(seed);
  const words = Array.from({ length: 5000 }, (_, i) => (Math.imul(i + 1, 2654435761) >>> 0).toString(36));
  const parts: string[] = [];
  for (let i = 0; i < 150_000; i++) parts.push(words[Math.floor(rng() * words.length)], i % 17 === 16 ? '.\n' : ' ');
  const counts = new Map<string, number>();
  for (const line of parts.join('').split('\n')) {
    for (const word of line.split(/[^a-z0-9]+/)) if (word) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return sorted.length + sorted[0][1];
}

/** The workload's median time in ms, measured in a new Node process (the bench's runtime). */
export function calibrate(): number {
  return Number(execFileSync(process.execPath, [__filename], { encoding: 'utf8' }).trim());
}

if (require.main === module) {
  let check = 0;
  const times: number[] = [];
  for (let i = 0; i < REPETITIONS + 2; i++) {
    const start = now();
    check += workload(42 + i);
    if (i >= 2) times.push(now() - start); // the first two warm the code up
  }
  if (!(check > 0)) throw new Error('calibration workload gave nothing');
  process.stdout.write(`${Math.round(stats(times).median * 10) / 10}\n`);
}
