import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { byteLinesOf, linesAfterChange, type ByteLines, type LinesAfterChange } from '../../src/core/parse/byteChange';
import { decodeBytes } from '../../src/core/parse/decode';
import { splitLines } from '../../src/core/parse/passes';
import type { Problem } from '../../src/core/model';
import { rng, SEED_FILES, SEEDS } from './helpers';

const MAX_LINE = 2000;

/** What decoding and splitting the whole file give: the lines, and whether that was clean. */
function whole(bytes: Uint8Array, maxLine = MAX_LINE): { lines: string[]; clean: boolean } {
  const decoded = decodeBytes(bytes, 'f');
  const problems: Problem[] = [...decoded.problems];
  const lines = decoded.text === null ? [] : splitLines(decoded.text, 'f', maxLine, problems);
  return { lines, clean: decoded.text !== null && problems.length === 0 };
}

function kept(bytes: Uint8Array, maxLine: number): { old: ByteLines; lines: string[] } | null {
  const { lines, clean } = whole(bytes, maxLine);
  if (!clean) return null; // the parse worker keeps no line starts then: the next parse decodes whole
  const old = byteLinesOf(bytes, lines.length);
  assert.ok(old, 'line starts of clean text');
  return { old, lines };
}

/**
 * The changed file's lines from the old ones, checked against reading it whole: null, or the same
 * lines and line starts, from clean text, and the changed runs of lines, which make the new lines
 * of the old ones.
 */
function checked(before: Uint8Array, after: Uint8Array, maxLine = MAX_LINE): LinesAfterChange | null {
  const read = kept(before, maxLine);
  if (!read) return null;
  const result = linesAfterChange(read.old, read.lines, after, maxLine);
  if (!result) return null;
  const expected = whole(after, maxLine);
  assert.ok(expected.clean, 'read in part only when the whole reading would have no problem');
  assert.deepStrictEqual(result.lines, expected.lines);
  assert.deepStrictEqual([...result.byteLines.starts], [...byteLinesOf(after, expected.lines.length)!.starts]);
  const rebuilt: string[] = [];
  let from = 0;
  for (const change of result.changed) {
    assert.equal(rebuilt.length + change.from - from, change.at, 'runs in order, the unchanged lines between them');
    rebuilt.push(...read.lines.slice(from, change.from), ...result.lines.slice(change.at, change.at + change.count));
    from = change.to;
  }
  assert.deepStrictEqual([...rebuilt, ...read.lines.slice(from)], result.lines);
  return result;
}

const check = (before: Uint8Array, after: Uint8Array, maxLine = MAX_LINE): boolean => checked(before, after, maxLine) !== null;

const seedText = readFileSync(path.join(SEEDS, SEED_FILES[1]), 'utf8');
const bytesOf = (text: string): Buffer => Buffer.from(text, 'utf8');
const edit = (text: string, at: number, remove: number, insert: string): string => text.slice(0, at) + insert + text.slice(at + remove);

describe('byteChange: the lines of a changed file, decoding only the changed ones', () => {
  const mid = seedText.indexOf(' the ', seedText.length >> 1);

  it('gives the whole reading for a word changed, lines added or removed, text appended or cut, and no change', () => {
    assert.ok(seedText.length > 50_000);
    const nextLine = seedText.indexOf('\n', mid);
    for (const after of [edit(seedText, mid, 5, ' a '), edit(seedText, nextLine, 0, '\nA New Line\n\nAnother — ünïcode ✓ 😀'), edit(seedText, nextLine, 400, ''), seedText + '\nappended', seedText.slice(0, -300), seedText]) {
      assert.equal(check(bytesOf(seedText), bytesOf(after)), true);
    }
  });

  it('reads CRLF files in part, and decodes whole when a lone CR, bad UTF-8, an over-long line or a change in the first 8 KB appears', () => {
    const crlf = seedText.replace(/\n/g, '\r\n');
    assert.equal(check(bytesOf(crlf), bytesOf(edit(crlf, crlf.indexOf(' the ', crlf.length >> 1), 5, ' a '))), true);
    assert.equal(check(bytesOf(seedText), bytesOf(edit(seedText, mid, 0, 'x\ry'))), false);
    const bad = Buffer.concat([bytesOf(seedText.slice(0, mid)), Buffer.from([0xff]), bytesOf(seedText.slice(mid))]);
    assert.equal(check(bytesOf(seedText), bad), false);
    assert.equal(check(bytesOf(seedText), bytesOf(edit(seedText, mid, 0, 'y'.repeat(MAX_LINE)))), false);
    assert.equal(check(bytesOf(seedText), bytesOf(edit(seedText, 100, 0, 'z'))), false);
    // A line starting with a byte-order mark keeps it; a file's own one is stripped (here in a first line of 9 KB, changed).
    assert.equal(check(bytesOf(seedText), bytesOf(edit(seedText, seedText.indexOf('\n', mid) + 1, 0, '\ufeffZero width'))), true);
    const bom = `\ufeff${'w'.repeat(9000)}\n${seedText}`;
    assert.equal(check(bytesOf(bom), bytesOf(edit(bom, 8500, 1, 'v')), 20_000), false);
    // Old text with a lone CR has line starts that bytes alone do not give.
    assert.equal(byteLinesOf(bytesOf('a\rb\nc'), 3), null);
  });

  it('agrees with the whole reading after random byte edits (line ends, CR, multi-byte and invalid bytes)', () => {
    const random = rng(5);
    const pieces = ['\n', '\n', '\r\n', '\r', ' ', 'the', 'É', '😀', '\u2028', '\t', '\ufeff', 'word ', '  ', '\n\n'];
    const base = bytesOf(seedText);
    let read = 0;
    for (let i = 0; i < 400; i++) {
      const at = Math.floor(random() * base.length);
      const insert = random() < 0.1 ? Buffer.from([0x80 + Math.floor(random() * 0x80)]) : bytesOf(Array.from({ length: Math.floor(random() * 4) }, () => pieces[Math.floor(random() * pieces.length)]).join(''));
      const after = Buffer.concat([base.subarray(0, at), insert, base.subarray(Math.min(base.length, at + Math.floor(random() * 40)))]);
      if (check(base, after, random() < 0.8 ? MAX_LINE : 400)) read++;
    }
    assert.ok(read > 200, `most edits read in part (${read} of 400)`);
  });

  it('decodes only the lines of two edits far apart, keeping the lines between them, also where the text repeats', () => {
    // Four copies of a seed, their titles numbered: the abstracts repeat, so a line looked for after the first change is also found elsewhere.
    const large = Array.from({ length: 4 }, (_, i) => seedText.replace(/\n\n([A-Z][^\n]{10,150})\n\n/g, `\n\n$1 (${i})\n\n`)).join('\n\n');
    const early = large.indexOf(' the ', large.length >> 2);
    const late = large.indexOf(' the ', (large.length >> 2) * 3);
    const lateLine = large.indexOf('\n', late);
    const both = (first: (t: string) => string, second: (t: string) => string): string => first(large.slice(0, lateLine - 2000)) + second(large.slice(lateLine - 2000));
    const cases = [
      both((t) => edit(t, early, 5, ' a '), (t) => `${t}\nAn Added Paper at the End\n\nIts abstract, on one line.\n`),
      both((t) => edit(t, early, 5, ' a '), (t) => edit(t, 2000 - (lateLine - late), 5, ' an ')),
      both((t) => edit(t, t.indexOf('\n', early) + 1, 0, 'An inserted line\n\n'), (t) => edit(t, 2001, t.indexOf('\n', 2001) + 1 - 2001, '')), // a line inserted, a line removed
      both((t) => edit(t, early, 5, ' ünïcode 😀 '), (t) => t.slice(0, -500)),
    ];
    for (const [i, after] of cases.entries()) {
      const result = checked(bytesOf(large), bytesOf(after));
      assert.equal(result?.changed.length, 2, `case ${i}: two runs of changed lines`);
      assert.ok(result.changed[1].from - result.changed[0].to > 100, `case ${i}: the lines between kept`);
    }
    const crlf = large.replace(/\n/g, '\r\n');
    assert.equal(checked(bytesOf(crlf), bytesOf(edit(edit(crlf, crlf.length - 3000, 5, ' a '), crlf.indexOf(' the ', crlf.length >> 2), 5, ' a ')))?.changed.length, 2, 'CRLF');
    // Edits close together, or the whole middle changed: one run.
    assert.equal(checked(bytesOf(large), bytesOf(edit(edit(large, early + 3000, 5, ' a '), early, 5, ' a ')))?.changed.length, 1);
    // Random pairs of edits (each as in the test of single edits) agree with the whole reading; most far apart are read as two runs.
    const random = rng(9);
    const pieces = ['\n', '\r\n', '\r', ' ', 'the', 'É', '😀', 'word ', '\n\n'];
    const base = bytesOf(large);
    let two = 0;
    for (let i = 0; i < 150; i++) {
      const [x, y] = [random(), random()].map((r) => Math.floor(r * base.length)).sort((m, n) => m - n);
      const insert = () => bytesOf(Array.from({ length: Math.floor(random() * 4) }, () => pieces[Math.floor(random() * pieces.length)]).join(''));
      const cut = () => Math.floor(random() * 40);
      const yCut = Math.min(base.length, y + cut());
      const after = Buffer.concat([base.subarray(0, x), insert(), base.subarray(Math.min(yCut, x + cut()), y), insert(), base.subarray(yCut)]);
      if ((checked(base, after)?.changed.length ?? 0) === 2) two++;
    }
    assert.ok(two > 50, `${two} of 150 pairs read as two runs`);
  });
});
