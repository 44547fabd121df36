/** Random line edits of a dump, for tests that compare reading a file again with reading it whole. */

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
