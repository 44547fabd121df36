import { strict as assert } from 'node:assert';
import type { RefDefs, Span } from '../../src/core/parse/markdownInline';
import { rescanSpans, scanLines, scanSpans } from '../../src/core/parse/markdownSpans';
import { rng } from './helpers';

/** Lines built from what the link scan reacts to: brackets, parentheses, quotes, escapes, images, braces, blank lines, long runs of spaces. */
function randomLines(next: () => number, count: number): string[] {
  const pieces = ['[', ']', '(', ')', '![', '](', '][', '\\', '"', "'", '<', '>', '{.c}', '{', '}', 'https://x.org/a', 'ref', 'word', ' ', '   ', '\t', '"t"'];
  return Array.from({ length: count }, () => (next() < 0.2 ? '' : Array.from({ length: Math.floor(next() * 8) }, () => pieces[Math.floor(next() * pieces.length)]).join('')));
}

function layout(lines: readonly string[]): { text: string; starts: number[]; marks: Uint8Array } {
  const starts: number[] = [];
  let at = 0;
  for (const line of lines) {
    starts.push(at);
    at += line.length + 1;
  }
  const marks = new Uint8Array(lines.length).map((_, i) => (lines[i].startsWith('#') ? 1 : 0));
  return { text: lines.join('\n'), starts, marks };
}

const DEFS: RefDefs = new Map([['ref', 'https://example.org/ref']]);

describe('link scan from a quiet line', () => {
  it('finds, from any quiet line, what the whole scan finds from there', () => {
    const next = rng(3);
    let quietLines = 0;
    for (let t = 0; t < 150; t++) {
      const lines = randomLines(next, 30);
      const { text, starts, marks } = layout(lines);
      const quiet = new Uint8Array(lines.length);
      const all = scanSpans(text, DEFS, starts, marks, quiet);
      for (let q = 0; q < lines.length; q++) {
        if (!quiet[q]) continue;
        quietLines++;
        const tail = new Uint8Array(lines.length);
        const { spans, stoppedAt } = scanLines(text, DEFS, starts, marks, q, null, tail);
        assert.equal(stoppedAt, lines.length);
        assert.deepStrictEqual(spans, all.filter((s) => s.open >= starts[q]), `line ${q} of ${JSON.stringify(lines)}`);
        assert.deepStrictEqual([...tail.subarray(q)], [...quiet.subarray(q)]);
      }
    }
    assert.ok(quietLines > 1000, `quiet lines: ${quietLines}`);
  });

  /** Checks `rescanSpans` after `oldLines` became `lines` (same count; `first`–`last` changed) against scanning the new text whole; whether it stopped before the end. */
  function checkRescan(oldLines: readonly string[], lines: readonly string[], first: number, last: number): boolean {
    const old = layout(oldLines);
    const before = { spans: [] as Span[], quiet: new Uint8Array(oldLines.length) };
    before.spans = scanSpans(old.text, DEFS, old.starts, old.marks, before.quiet);
    const now = layout(lines);
    const wholeQuiet = new Uint8Array(lines.length);
    const whole = scanSpans(now.text, DEFS, now.starts, now.marks, wholeQuiet);
    const result = rescanSpans(before, now.text, DEFS, now.starts, now.marks, first, last, now.text.length - old.text.length);
    assert.deepStrictEqual(result.spans, whole, JSON.stringify([oldLines, lines]));
    assert.deepStrictEqual([...result.quiet], [...wholeQuiet]);
    return result.spans.length - result.read.length > 0;
  }

  it('rescans changed lines from the quiet line before them to where both scans meet, as a whole scan would', () => {
    const next = rng(4);
    let kept = 0;
    for (let t = 0; t < 600; t++) {
      const oldLines = randomLines(next, 30);
      const lines = [...oldLines];
      const first = Math.floor(next() * lines.length);
      const last = Math.min(lines.length - 1, first + (next() < 0.7 ? 0 : Math.floor(next() * 4)));
      for (let i = first; i <= last; i++) lines[i] = next() < 0.5 ? randomLines(next, 1)[0] : `${lines[i]}${randomLines(next, 1)[0]}`;
      if (checkRescan(oldLines, lines, first, last)) kept++;
    }
    assert.ok(kept > 100, `rescans that kept old spans: ${kept}`);
  });

  it('rescans from before a read that looked into a changed line, and on past one that looks beyond it', () => {
    // A destination, a title and a label that a changed line completes or breaks.
    const cases: [string[], string[]][] = [
      [['see [a](https://x.org/a', 'word', 'more [b](u) text'], ['see [a](https://x.org/a', '"t")', 'more [b](u) text']],
      [['see [a](https://x.org/a "a', 'title', 'next'], ['see [a](https://x.org/a "a', 'title")', 'next']],
      [['a [b][la', 'bel', 'c'], ['a [b][la', 'bel]', 'c']],
      [['a [b', 'c', 'd](u)'], ['a [b', 'c]', 'd](u)']],
      [['x', 'y', 'z'], ['x', '[a](', '"t")']],
      [['x', 'y', '"t")'], ['x', '[a](', '"t")']],
    ];
    for (const [oldLines, lines] of cases) {
      const changed = lines.map((l, i) => (l !== oldLines[i] ? i : -1)).filter((i) => i >= 0);
      checkRescan(oldLines, lines, changed[0], changed[changed.length - 1]);
      checkRescan(lines, oldLines, changed[0], changed[changed.length - 1]);
    }
  });
});
