import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseDump, type ParseOptions } from '../../src/core/parse/index';
import { parseAgain, ReparseMemo, kept } from '../../src/core/parse/reparse';
import { bodyStats } from '../../src/core/parse/detect';
import { FIXTURES, rng, SEEDS, SEED_FILES } from './helpers';
import { checkEditChains, randomEdits, type ChainCounts } from './randomEdits';

/** The seeds' papers written one per line, run together as trending pages are copied (the seed of that layout has four). */
function runTogether(): string {
  const entries = [2, 3].flatMap((i) => parseDump(readFileSync(path.join(SEEDS, SEED_FILES[i])), SEED_FILES[i]).entries);
  return entries.map((e, i) => `${i % 7 === 0 ? '-' : (e.upvotes ?? i)} ${e.title} ${e.abstract} ${e.authors ?? 1 + (i % 9)} authors · ${e.date ?? 'Jan 2, 2025'}${i % 5 === 0 ? ` ${i % 13}` : ''}`).join('\n');
}

const read = (file: string): string => readFileSync(file, 'utf8');
const DUMPS = [
  ...SEED_FILES.map((f) => ({ file: f, text: read(path.join(SEEDS, f)) })),
  { file: 'trending-repeated.md', text: read(path.join(FIXTURES, 'markdown', 'trending-repeated.md')) },
  { file: 'run-together.txt', text: runTogether() },
];
const OPTIONS: ParseOptions[] = [{}, { maxLineLength: 2000 }, { expectDump: true }];

describe('parseAgain (reading only what changed)', () => {
  it('gives what parseDump gives after every edit of chains of random edits to every seed, and reads only the changed part of plain text, run-together lines and prose of captures', () => {
    // Every dump with default options; those read as plain text or run-together lines also with a line limit and as expected dumps.
    const runs = [...DUMPS.map((dump) => ({ ...dump, options: OPTIONS[0] })), ...[1, 2, 3, 4, 6].flatMap((i) => OPTIONS.slice(1).map((options) => ({ ...DUMPS[i], options })))];
    const all = runs.map((dump, n) => {
      const random = rng(n);
      // Chains of four edits, each from the previous parse, then back to the file as it was.
      return checkEditChains(dump, 60, 4, random, (lines) => randomEdits(lines, random));
    });
    const sum = (key: keyof ChainCounts): number => all.reduce((total, counts) => total + counts[key], 0);
    assert.equal(sum('checked'), runs.length * 60);
    // Edits that add Markdown or front matter, or make the text something else, are read whole: most others are read in part.
    assert.ok(sum('fromKept') > 600, `${sum('fromKept')} edits of a parse kept`);
    assert.ok(sum('partial') > sum('fromKept') * 0.6, `${sum('partial')} of ${sum('fromKept')} edits of a parse kept read in part`);
  });

  it('reads an edit in the middle of a large dump in part, with the entries after it shifted', () => {
    const seed = readFileSync(path.join(SEEDS, SEED_FILES[2]), 'utf8');
    const large = Array.from({ length: 8 }, (_, i) => seed.replace(/^(Nov \d+)$/m, `$1`).replace(/\n\n([A-Z][^\n]{10,150})\n\n/g, `\n\n$1 (${i})\n\n`)).join('\n\n');
    const first = parseAgain(large, 'large.txt');
    assert.equal(first.parsed.layout, 'blocks');
    const lines = large.split('\n');
    const middle = first.parsed.entries[Math.floor(first.parsed.entries.length / 2)];
    const edited = [...lines.slice(0, middle.line), 'An inserted line of the abstract that does not end it', ...lines.slice(middle.line)].join('\n');
    const again = parseAgain(edited, 'large.txt', {}, first.next);
    assert.ok(again.edits);
    assert.deepStrictEqual(again.parsed, parseDump(edited, 'large.txt'));
    const last = again.parsed.entries[again.parsed.entries.length - 1];
    assert.equal(last.line, first.parsed.entries[first.parsed.entries.length - 1].line + 1);
  });

  it('reads only the changed lines of run-together lines, keeping the problems of the lines around them', () => {
    const lines = runTogether().split('\n');
    lines.splice(10, 0, `${'A line as long as a paper but without its date at the end, '.repeat(3)}so it is reported.`);
    const first = parseAgain(lines.join('\n'), 'rt.txt');
    assert.equal(first.parsed.layout, 'runTogether');
    assert.deepEqual(first.parsed.problems.map((p) => p.line), [11]);
    lines[11] = lines[11].replace(/ the /, ' a ');
    const again = parseAgain(lines.join('\n'), 'rt.txt', {}, first.next);
    assert.ok(again.edits);
    assert.deepStrictEqual(again.parsed, parseDump(lines.join('\n'), 'rt.txt'));
  });

  it('reads the whole file when a paper read again turns out to repeat the one before it, back to back', () => {
    const long = (name: string) => `${name} is studied here at length. ${'We report on results across many settings and tasks, and compare with strong baselines. '.repeat(4)}`;
    const entry = (title: string, ...rest: string[]) => [title, ...rest, ''];
    const old = [
      'Daily Papers', '',
      ...entry('Title Zero Entry', long('Zero'), '·', 'Jan 1, 2025'),
      ...entry('Title One Entry', long('One'), '·', 'Jan 1, 2025'),
      ...entry('Title A Paper', long('A'), '·', 'Jan 1, 2025'),
      ...entry('Title B Paper', 'https://arxiv.org/abs/2401.01234', 'Short text line', '  • 3 authors', '·', 'Jan 2, 2025'),
      ...entry('Title C Paper', long('C'), '·', 'Jan 3, 2025'),
    ];
    // A's abstract edited, and after B's first lines, A again: B is no paper any more, and the second A merges into the first.
    const b = old.indexOf('Title B Paper');
    const edited = [...old.slice(0, b + 3), ...entry('Title A Paper', long('A'), '·', 'Jan 1, 2025'), ...old.slice(b + 6)];
    edited[old.indexOf(long('A'))] = long('A').replace('length', 'some length');
    const first = parseAgain(old.join('\n'), 'ab.txt');
    const again = parseAgain(edited.join('\n'), 'ab.txt', {}, first.next);
    assert.deepStrictEqual(again.parsed, parseDump(edited.join('\n'), 'ab.txt'));
    assert.deepEqual(again.parsed.entries.map((e) => e.title), ['Title Zero Entry', 'Title One Entry', 'Title A Paper', 'Title C Paper']);
    assert.equal(again.edits, null);
  });

  it('reads again around a paper merged from a duplicate back to back whose upvotes only the duplicate shows', () => {
    const long = (name: string) => `${name} is studied here at length. ${'We report on results across many settings and tasks, and compare with strong baselines. '.repeat(4)}`;
    const entry = (title: string, ...before: string[]) => [...before, title, long(title), '·', 'Jan 1, 2025', ''];
    const old = [
      'Daily Papers', '',
      ...entry('Title Zero Entry'), ...entry('Title One Entry'),
      // The merged paper has the duplicate's 5 upvotes; the reading had none at its first title.
      ...entry('Title A Paper'), ...entry('Title A Paper', '5'),
      ...entry('Title Three Entry'), ...entry('Title Four Entry'), ...entry('Title Five Entry'),
    ];
    const first = parseAgain(old.join('\n'), 'dup.txt');
    assert.deepEqual(first.parsed.entries.map((e) => [e.title, e.upvotes]).slice(2, 4), [['Title A Paper', 5], ['Title Three Entry', null]]);
    // Read again from the merged paper (two papers before an edit of paper four), and with upvotes before paper one.
    const four = old.indexOf(long('Title Four Entry'));
    const edits = [(lines: string[]) => (lines[four] = lines[four].replace('length', 'some length')), (lines: string[]) => lines.splice(old.indexOf('Title One Entry'), 0, '7')];
    for (const change of edits) {
      const lines = [...old];
      change(lines);
      const again = parseAgain(lines.join('\n'), 'dup.txt', {}, first.next);
      assert.ok(again.edits);
      assert.deepStrictEqual(again.parsed, parseDump(lines.join('\n'), 'dup.txt'));
    }
  });

  it('judges pairs as the whole parse does when duplicates back to back were merged, which only the raw entries count', () => {
    // Pairs are judged on the share of entries with a long abstract: a merged duplicate with a shorter one counts before the merge, not after.
    const long = (i: number) => `Paper ${i} studies a question at length. ${'We report results across many settings and tasks and compare with strong baselines. '.repeat(4)}`.trim();
    const short = 'This abstract is shorter than most. It has fewer than thirty-five words, yet it reads as sentences of prose.';
    const pair = (i: number, abstract = long(i)) => [`Learning Paper Number ${i} With Care`, '', abstract, ''];
    const check = (before: string[], after: string[]) => {
      const first = parseAgain(before.join('\n'), 'pairs.txt');
      assert.equal(first.parsed.layout, 'pairs');
      const again = parseAgain(after.join('\n'), 'pairs.txt', {}, first.next);
      assert.deepStrictEqual(again.parsed, parseDump(after.join('\n'), 'pairs.txt'));
      assert.equal(again.parsed.layout, 'none');
    };
    const papers = (n: number, shortFrom = n) => Array.from({ length: n }, (_, i) => pair(i, i >= shortFrom ? short : long(i))).flat();
    // A duplicate at the start, kept from the parse before: 7 of 8 raw entries long, then 5 of 8 (none; after the merge 5 of 7 would be pairs).
    const duplicate = [...pair(0), ...pair(0, short)];
    check([...duplicate, ...papers(7).slice(4)], [...duplicate, ...papers(7, 5).slice(4)]);
    // A duplicate made by the edit itself, with two abstracts made short: 6 of 9 raw entries long (none; after the merge 6 of 8).
    check(papers(8), [...papers(8, 6), ...pair(7, short)]);
  });

  it('counts only body lines when a change beyond the first 8 KB is in front matter', () => {
    // Front matter of 9 KB whose comment lines would count as Markdown headings in a body: a change of one keeps the body's statistics.
    const front = ['---', 'topic: long notes', ...Array.from({ length: 150 }, (_, i) => `# note ${i} ${'x'.repeat(50)}`), '---'];
    const text = [...front, read(path.join(SEEDS, SEED_FILES[2]))].join('\n');
    const edited = Buffer.from(text.replace('# note 149 ', '#note 149 ')); // still a comment, no longer a heading
    assert.ok(text.indexOf('# note 149') > 8192);
    const first = parseAgain(Buffer.from(text), 'long-front.txt');
    assert.equal(first.parsed.meta.topic, 'long notes');
    const again = parseAgain(edited, 'long-front.txt', {}, kept(first.next!, Buffer.from(text)));
    assert.ok(again.edits, 'read in part');
    assert.deepStrictEqual(again.parsed, parseDump(edited, 'long-front.txt'));
    assert.deepStrictEqual(again.next?.stats, bodyStats(again.next!.lines.slice(again.next!.bodyStart)));
  });

  it('reads the whole file when there is no previous parse of it, or it was parsed with other options or under another name', () => {
    const text = readFileSync(path.join(SEEDS, SEED_FILES[3]), 'utf8');
    const first = parseAgain(text, 'a.txt');
    assert.ok(first.next && first.edits === null);
    assert.ok(parseAgain(text, 'a.txt', {}, first.next).edits);
    assert.equal(parseAgain(text, 'a.txt', { maxLineLength: 10 }, first.next).edits, null);
    assert.equal(parseAgain(text, 'b.txt', {}, first.next).edits, null);
  });
});

describe('ReparseMemo', () => {
  it('numbers its parses, reads a file again against its last parse, and keeps the last parse of the last few files only', () => {
    const memo = new ReparseMemo(2);
    const [a, b] = [2, 3].map((i) => readFileSync(path.join(SEEDS, SEED_FILES[i]), 'utf8'));
    const edited = a.replace(' the ', ' a ');
    const first = memo.parse(a, 'a');
    assert.deepStrictEqual(first.parsed, parseDump(a, 'a'));
    assert.deepEqual([first.base, first.edits], [null, null]);
    const again = memo.parse(edited, 'a');
    assert.deepStrictEqual(again.parsed, parseDump(edited, 'a'));
    assert.ok(again.edits && first.token !== null && again.base === first.token && again.token !== null && again.token > first.token);
    memo.parse(b, 'b');
    memo.parse(b, 'c');
    const late = memo.parse(a, 'a');
    assert.deepEqual([late.base, late.edits], [null, null], 'forgotten after two other files');
    const markdown = readFileSync(path.join(FIXTURES, 'markdown', 'trending-no-title-links.md'), 'utf8');
    const capture = memo.parse(markdown, 'm.md');
    assert.notEqual(capture.token, null, 'a Markdown capture is kept too');
    const prose = markdown.replace('remarkable advancements', 'some advancements');
    const captureAgain = memo.parse(prose, 'm.md');
    assert.deepStrictEqual(captureAgain.parsed, parseDump(prose, 'm.md'));
    assert.ok(captureAgain.edits && captureAgain.base === capture.token, 'an edit of its prose read in part');
    const kept = (memo as unknown as { kept: Map<string, unknown> }).kept;
    assert.deepEqual([...kept.keys()], ['a', 'm.md']);
    const small = new ReparseMemo(2, a.length - 1);
    assert.equal(small.parse(a, 'a').token, null, 'a file above the size kept');
    assert.notEqual(small.parse(a.slice(0, a.length >> 1), 'half').token, null);
  });
});
