import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseDump } from '../../src/core/parse/index';
import { buildLibrary } from '../../src/core/library';
import { rng, SEEDS, SEED_FILES } from './helpers';

function mutate(bytes: Uint8Array, random: () => number): Uint8Array {
  const out = Buffer.from(bytes);
  const kind = Math.floor(random() * 5);
  if (kind === 0) for (let i = 0; i < 50; i++) out[Math.floor(random() * out.length)] = Math.floor(random() * 256);
  if (kind === 1) return out.subarray(0, Math.floor(random() * out.length));
  if (kind === 2) {
    const lines = out.toString('utf8').split('\n');
    for (let i = 0; i < lines.length / 4; i++) lines.splice(Math.floor(random() * lines.length), 1);
    return Buffer.from(lines.join('\n'));
  }
  if (kind === 3) {
    const lines = out.toString('utf8').split('\n');
    lines.sort(() => random() - 0.5);
    return Buffer.from(lines.join(random() < 0.5 ? '\n' : '\r\n'));
  }
  if (kind === 4) return Buffer.from(out.toString('utf8').replace(/\n\n/g, () => (random() < 0.5 ? '\n' : '\n\n\n')));
  return out;
}

describe('fuzzing the parser', () => {
  const seeds = SEED_FILES.map((f) => readFileSync(path.join(SEEDS, f)));

  it('never throws on 200 mutated seeds and stays fast', () => {
    const random = rng(42);
    let slowest = 0;
    for (let i = 0; i < 200; i++) {
      const input = mutate(seeds[i % seeds.length], random);
      const started = process.hrtime.bigint();
      const dump = parseDump(input, `m${i}.txt`);
      slowest = Math.max(slowest, Number(process.hrtime.bigint() - started) / 1e6);
      assert.ok(Array.isArray(dump.entries) && Array.isArray(dump.problems));
      for (const e of dump.entries) assert.ok(e.line >= 1 && e.endLine >= e.line, `lines of ${e.title}`);
      // The library orders a file's entries by first line.
      dump.entries.forEach((e, j) => j === 0 || assert.ok(e.line > dump.entries[j - 1].line, `entry ${j} of m${i} in file order`));
      buildLibrary([dump]);
    }
    assert.ok(slowest < 1500, `slowest parse took ${slowest} ms`);
  });

  it('never throws on random bytes or pathological text', () => {
    const random = rng(7);
    const inputs: (string | Uint8Array)[] = [
      Uint8Array.from({ length: 100_000 }, () => Math.floor(random() * 256)),
      '['.repeat(200_000),
      '·\n'.repeat(50_000),
      '  • 3 authors\n'.repeat(20_000),
      'Jan 1, 2020 5\n'.repeat(20_000),
      ('A Title\n' + 'word '.repeat(60) + '\n').repeat(5000),
      '---\n' + 'a: b\n'.repeat(1000),
      '\u0000'.repeat(1000),
    ];
    for (const input of inputs) {
      const started = Date.now();
      const dump = parseDump(input, 'r.txt');
      assert.ok(Date.now() - started < 3000, 'linear time');
      assert.ok(Array.isArray(dump.entries));
    }
  });
});
