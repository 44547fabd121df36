import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { bodyStats, STAT_KEYS } from '../../src/core/parse/detect';
import { applyEdits } from '../../src/core/parse/entryEdits';
import { parseDump, type ParseOptions } from '../../src/core/parse/index';
import { parseAgain, ReparseMemo, RESTORED, type Reparsable } from '../../src/core/parse/reparse';
import { readingTrail, restoreReading, saveReading, type SavedReading } from '../../src/core/parse/savedReading';
import { FIXTURES, rng, SEEDS, SEED_FILES } from './helpers';
import { randomEdits } from './randomEdits';

const sha1 = (bytes: Uint8Array): Uint8Array => createHash('sha1').update(bytes).digest();
const read = (file: string): string => readFileSync(file, 'utf8');

/** A whole parse of `text`, and its reading saved in chunks of at least `chunk` bytes. */
function saved(text: string, file: string, options: ParseOptions = {}, chunk?: number): { entries: ReturnType<typeof parseDump>['entries']; reading: SavedReading | null; lines: string[] } {
  const bytes = Buffer.from(text);
  const { parsed, next } = parseAgain(bytes, file, options);
  return { entries: parsed.entries, reading: next && saveReading(readingTrail(next), bytes, sha1, chunk), lines: next?.lines ?? [] };
}

/** A blocks dump of 1,000 papers or so: the seeds of blocks, titles numbered per copy. */
function largeBlocks(): string {
  const seed = read(path.join(SEEDS, SEED_FILES[2]));
  return Array.from({ length: 12 }, (_, i) => seed.replace(/\n\n([A-Z][^\n]{10,150})\n\n/g, `\n\n$1 (${i})\n\n`)).join('\n\n');
}

describe('saved readings (reading a dump again in part after a warm start)', () => {
  it('gives what parseDump gives after random edits, read from the saved reading of the parse before, in part for most edits', () => {
    const dumps = [
      ...SEED_FILES.map((f) => ({ file: f, text: read(path.join(SEEDS, f)) })),
      { file: 'trending-repeated.md', text: read(path.join(FIXTURES, 'markdown', 'trending-repeated.md')) },
    ];
    let [checked, restored, partial] = [0, 0, 0];
    dumps.forEach((dump, n) => {
      const random = rng(100 + n);
      for (const chunk of [64, 512, 8192]) {
        for (let step = 0; step < 40; step++) {
          const before = saved(dump.text, dump.file, {}, chunk);
          const lines = dump.text.split('\n');
          randomEdits(lines, random);
          const bytes = Buffer.from(lines.join(random() < 0.9 ? '\n' : '\r\n'));
          const made = before.reading && restoreReading(before.reading, before.entries, bytes, dump.file, {}, sha1);
          const again = parseAgain(bytes, dump.file, {}, made?.before ?? null, made?.read);
          assert.deepStrictEqual(again.parsed, parseDump(bytes, dump.file), `${dump.file}, chunks of ${chunk}, step ${step}`);
          checked++;
          if (made) restored++;
          // Every old line found is the old file's line (the others unknown).
          made?.before.lines.forEach((line, i) => line === '\n' || assert.equal(line, before.lines[i], `${dump.file}, step ${step}, old line ${i + 1}`));
          // What the next parse starts from counts the body's lines as reading them whole would.
          if (again.next) assert.deepStrictEqual(again.next.stats, bodyStats(again.next.lines.slice(again.next.bodyStart)), `${dump.file}, step ${step}: body statistics`);
          if (again.edits) {
            partial++;
            assert.deepStrictEqual(applyEdits(before.entries, again.edits), again.parsed.entries, 'the edits make the new entries of the old');
          }
        }
      }
    });
    assert.equal(checked, 6 * 3 * 40);
    // Captures are not saved (their reading needs their text); plain text is, and most edits of it are read in part.
    assert.ok(restored >= 5 * 3 * 40 * 0.8, `${restored} restored`);
    assert.ok(partial > restored * 0.6, `${partial} of ${restored} restored read in part`);
  });

  it('finds the chunks after a word changed halfway down and a paper added at the end, and reads only around both', () => {
    const text = largeBlocks();
    const before = saved(text, 'large.txt');
    assert.ok(before.reading && before.reading.starts.length > 20, 'chunks of 8 KB');
    const changed = text.indexOf(' the ', text.length >> 1);
    const edited = `${text.slice(0, changed)} a ${text.slice(changed + 5)}\n\nAn Added Paper on Reading Again\n\n${'We read again only what changed, from digests of the old bytes. '.repeat(5)}\n  • 3 authors\n·\nJan 2, 2025\n`;
    const bytes = Buffer.from(edited);
    const made = restoreReading(before.reading, before.entries, bytes, 'large.txt', {}, sha1);
    assert.ok(made);
    // Only the two changed chunks' old lines are unknown.
    const unknown = made.before.lines.filter((l) => l === '\n').length;
    assert.ok(unknown > 0 && unknown < 200, `${unknown} unknown of ${made.before.lines.length}`);
    const again = parseAgain(bytes, 'large.txt', {}, made.before, made.read);
    assert.deepStrictEqual(again.parsed, parseDump(bytes, 'large.txt'));
    assert.ok(again.edits);
    const read = again.edits.flatMap((e) => ('read' in e ? e.read : []));
    // Around both changed chunks of ~8 KB (about 10 papers each), of 649 papers.
    assert.ok(read.length < 30, `${read.length} entries read of ${again.parsed.entries.length}`);
  });

  it('saves each chunk\'s body statistics when they add up to the parse\'s: front matter, CRLF and a byte-order mark too', () => {
    assert.deepEqual([...STAT_KEYS].sort(), Object.keys(bodyStats([])).sort(), 'every statistic');
    const seed = read(path.join(SEEDS, SEED_FILES[2]));
    for (const text of [seed, `\ufeff---\ntopic: masked\n---\n${seed}`.replace(/\n/g, '\r\n'), SEED_FILES.map((f) => read(path.join(SEEDS, f))).join('\n')]) {
      for (const chunk of [64, 8192]) {
        const { reading } = saved(text, 'b.txt', {}, chunk);
        assert.ok(reading?.chunkStats, `chunks of ${chunk}`);
        assert.equal(reading.chunkStats.length, reading.starts.length * STAT_KEYS.length);
      }
    }
  });

  it('is not saved for a Markdown capture or text that is not clean UTF-8, and not restored from content that is not', () => {
    assert.equal(saved(read(path.join(FIXTURES, 'markdown', 'trending-repeated.md')), 'c.md').reading, null);
    const latin1 = Buffer.from(read(path.join(SEEDS, SEED_FILES[2])).replace('the', 'thé'), 'latin1');
    const { next } = parseAgain(latin1, 'l.txt');
    assert.equal(next && saveReading(readingTrail(next), latin1, sha1), null);
    const text = read(path.join(SEEDS, SEED_FILES[2]));
    const before = saved(text, 'b.txt');
    assert.ok(before.reading);
    assert.equal(restoreReading(before.reading, before.entries, Buffer.from(text.replace('the', 'thé'), 'latin1'), 'b.txt', {}, sha1), null);
    assert.equal(restoreReading(before.reading, before.entries, Buffer.from(text.replace(/\n/g, '\r')), 'b.txt', {}, sha1), null);
  });

  it('is what a ReparseMemo reads a file from when it keeps no parse of it, numbered RESTORED, and then keeps the new parse', () => {
    const text = largeBlocks();
    const before = saved(text, 'large.txt');
    const memo = new ReparseMemo();
    let calls = 0;
    const restore = (content: Uint8Array | string): ReturnType<typeof restoreReading> => {
      calls++;
      return restoreReading(before.reading!, before.entries, content as Uint8Array, 'large.txt', {}, sha1);
    };
    const edited = Buffer.from(text.replace(/ the /, ' a '));
    const first = memo.parse(edited, 'large.txt', {}, true, restore);
    assert.equal(first.base, RESTORED);
    assert.ok(first.edits && first.token !== null && first.token > RESTORED);
    assert.deepStrictEqual(first.parsed, parseDump(edited, 'large.txt'));
    const next = Buffer.from(text.replace(/ the /, ' one '));
    const second = memo.parse(next, 'large.txt', {}, true, restore);
    assert.equal(calls, 1, 'read against the kept parse, not restored again');
    assert.equal(second.base, first.token);
    // A restore that fails leaves the file read whole.
    const failing = new ReparseMemo().parse(edited, 'large.txt', {}, true, () => {
      throw new Error('corrupt');
    });
    assert.equal(failing.edits, null);
    assert.deepStrictEqual(failing.parsed, first.parsed);
  });

  it('reads the file whole when a reading was saved with other options', () => {
    const text = read(path.join(SEEDS, SEED_FILES[2]));
    const before = saved(text, 'b.txt', { maxLineLength: 2000 });
    const edited = Buffer.from(text.replace(/ the /, ' a '));
    const made = restoreReading(before.reading!, before.entries, edited, 'b.txt', {}, sha1);
    const again = parseAgain(edited, 'b.txt', {}, made?.before as Reparsable, made?.read);
    assert.equal(again.edits, null);
    assert.deepStrictEqual(again.parsed, parseDump(edited, 'b.txt'));
  });
});
