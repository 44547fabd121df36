/** Random line edits of a dump, and chains of them, for tests that compare reading a file again with reading it whole. */
import { strict as assert } from 'node:assert';
import { bodyStats, entryCounts } from '../../src/core/parse/detect';
import { applyEdits } from '../../src/core/parse/entryEdits';
import { parseDump, type ParseOptions } from '../../src/core/parse/index';
import { parseAgain, kept, type Reparsable } from '../../src/core/parse/reparse';

/** Lines a dump may have, each a turn of the reading: metadata, counts, links, chrome, Markdown, front matter, an over-long line. */
const SPECIAL = [
  '', '', '', '·', '•', '  • 3 authors', '  • 1 authors', 'NAVER AI Lab', 'Jan 2, 2025', 'Published on Jan 2, 2025', 'Mar 3, 2024 4', '12', '1,234', '-', '7',
  'https://arxiv.org/abs/2401.01234', 'https://huggingface.co/papers/2401.01234#community', 'Subscribe', 'new', 'Daily Papers', 'A Short Title Line',
  'Learning to Read Dumps Again', 'We read only what changed. It is faster. The result is the same as reading the whole file, which the tests check.',
  'Large language models read papers, write notes and cite them in Markdown, and this abstract is long enough to count as one at all times: it has more than thirty-five words in it, which is what the detection asks for.',
  '## A heading', '- a list item', 'see [a link](https://example.org)', '---', 'topic: vision', 'x'.repeat(3000), 'trailing spaces   ', '\tindented',
];

type Edit = (lines: string[], random: () => number) => void;
const pick = <T>(list: readonly T[], random: () => number): T => list[Math.floor(random() * list.length)];
const at = (lines: readonly string[], random: () => number): number => Math.floor(random() * (lines.length + 1));

const EDITS: Edit[] = [
  (lines, r) => void lines.splice(at(lines, r), 1, pick(SPECIAL, r)),
  (lines, r) => void lines.splice(at(lines, r), 0, ...Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(SPECIAL, r))),
  (lines, r) => void lines.splice(at(lines, r), 1 + Math.floor(r() * 8)),
  (lines, r) => {
    // A block copied elsewhere, often right after itself (a duplicate back to back).
    const from = at(lines, r);
    const block = lines.slice(from, from + 3 + Math.floor(r() * 10));
    lines.splice(r() < 0.5 ? from + block.length : at(lines, r), 0, ...block);
  },
  (lines, r) => {
    const i = at(lines, r);
    if (i < lines.length) lines[i] = lines[i].replace(/ the | a | of /, pick([' a ', ' the ', ' '], r));
  },
  (lines, r) => void lines.splice(at(lines, r), 0, pick(lines, r) ?? ''),
  (lines, r) => void lines.splice(Math.max(0, lines.length - Math.floor(r() * 12))),
  (lines, r) => void lines.splice(Math.floor(r() * 4), r() < 0.5 ? 1 : 0, pick(['---', 'topic: a', 'new', '', 'url: https://huggingface.co/papers?q=x'], r)),
  (lines, r) => {
    const i = at(lines, r);
    lines.splice(i, 2, ...lines.slice(i, i + 2).reverse());
  },
];

/** Makes one to three random edits (most often one) to `lines`, in place. */
export function randomEdits(lines: string[], random: () => number): void {
  for (let k = 1 + Math.floor(random() * (random() < 0.8 ? 1 : 3)); k > 0; k--) pick(EDITS, random)(lines, random);
}

/** What a chain of edits read: each parse, and whether it was read again from a kept parse, and in part. */
export interface ChainCounts {
  checked: number;
  fromKept: number;
  partial: number;
}

/**
 * Chains of `chain` random edits of `text` (`edit` changes the lines in place), each parsed again
 * from the parse before it, then back to `text` as it was, `steps` parses in all: each must give
 * `parseDump`'s result, and a parse read in part must be made of the old entries by its edits.
 * What a parse is read again from is frozen first: it is shared with parses already handed out.
 */
export function checkEditChains(dump: { file: string; text: string; options?: ParseOptions }, steps: number, chain: number, random: () => number, edit: (lines: string[]) => void): ChainCounts {
  const { file, text, options = {} } = dump;
  const counts: ChainCounts = { checked: 0, fromKept: 0, partial: 0 };
  const original = text.split('\n');
  let lines = original;
  let before: Reparsable | null = null;
  for (let step = 0; step < steps; step++) {
    if (step % chain === 0) {
      lines = original;
      const bytes = Buffer.from(lines.join('\n'));
      const next = parseAgain(bytes, file, options).next;
      before = next && kept(next, bytes);
    }
    lines = [...lines];
    edit(lines);
    const bytes = Buffer.from(lines.join(random() < 0.95 ? '\n' : '\r\n'));
    if (before) freeze(before);
    const again = parseAgain(bytes, file, options, before);
    assert.deepStrictEqual(again.parsed, parseDump(bytes, file, options), `${file}, options ${JSON.stringify(options)}, step ${step}`);
    counts.checked++;
    // What the next parse starts from counts the body's lines as reading them whole would.
    if (again.next) assert.deepStrictEqual(again.next.stats, bodyStats(again.next.lines.slice(again.next.bodyStart)), `${file}, step ${step}: body statistics`);
    if (again.next?.counts) assert.deepStrictEqual(again.next.counts, entryCounts(again.next.entries), `${file}, step ${step}: entry counts`);
    if (before) counts.fromKept++;
    if (again.edits) {
      counts.partial++;
      assert.ok(before, 'only a parse kept is read again in part');
      assert.deepStrictEqual(applyEdits(before.entries, again.edits), again.parsed.entries, 'the edits make the new entries of the old');
    }
    // Kept as the parse worker keeps it (`ReparseMemo`): the next parse then decodes only its changed lines.
    before = again.next && kept(again.next, bytes);
  }
  return counts;
}

/** Freezes what a parse is read again from (its lists, and a capture's reading), so that reading again cannot change it. */
function freeze(before: Reparsable): void {
  const capture = before.capture;
  const lists: (readonly unknown[])[] = [before.entries, before.bodyProblems, before.lines];
  if (before.byteLines) Object.freeze(before.byteLines);
  if (capture) lists.push(capture.analysed.lines, capture.analysed.spans, capture.abstracts, capture.groups, ...capture.abstracts);
  for (const list of lists) Object.freeze(list).forEach((item) => typeof item === 'object' && item !== null && Object.freeze(item));
  if (capture) Object.freeze(capture.score);
}
