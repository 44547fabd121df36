import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseDump } from '../../src/core/parse/index';
import { parseAgain } from '../../src/core/parse/reparse';
import { allSeeds, FIXTURES, rng } from './helpers';
import { checkEditChains } from './randomEdits';

/**
 * The seeds' papers as a daily-page capture: linked titles, abstracts of plain lines (some wrapped
 * at 70 characters, as pandoc writes them), authors, `·` and dates; some papers shown twice, back
 * to back or apart, as trending pages and copied captures repeat them.
 */
function capture(): string {
  const entries = allSeeds().flatMap((d) => d.entries).filter((e) => e.abstract).slice(0, 120);
  const out = ['# Daily Papers', '', 'Get trending papers in your email inbox once a day!', ''];
  entries.forEach((e, i) => {
    const id = e.arxiv ?? `2401.${String(10000 + i)}`;
    const wrapped = i % 3 === 0 ? (e.abstract.match(/.{1,70}(?:\s|$)/g) ?? [e.abstract]).map((l) => l.trim()) : [e.abstract];
    const card = [`### [${e.title}](https://huggingface.co/papers/${id})`, '', ...wrapped, '', `- ${e.authors ?? 3} authors`, '·', e.date ?? 'Jan 2, 2025', ''];
    out.push(...card);
    if (i % 17 === 5) out.push(...card);
    if (i % 23 === 7) out.push(...card.map((l) => l.replace(/\.$/, '. Shown again.')));
  });
  return out.join('\n');
}

const read = (name: string): string => readFileSync(path.join(FIXTURES, 'markdown', name), 'utf8');
const CAPTURES = [
  { file: 'daily.papers.md', text: capture() },
  { file: 'jina-trending.md', text: read('jina-trending.md') },
  { file: 'trending-no-title-links.md', text: read('trending-no-title-links.md') },
  { file: 'trending-repeated.md', text: read('trending-repeated.md') },
];

/** What an edit of a line of prose may put into it: mostly words, sometimes Markdown, links, counts, dates or chrome. */
const INSERTS = [
  ' a', ' the new', 'We', ' results.', ' (see Table 2)', ' 74%', ' state-of-the-art', ' [1]', ' [a link](https://example.org/x)', ']', '[',
  ' ![](img.png)', ' \\_', ' \\', ' **bold**', ' `code`', ' <b>tag</b>', ' &lt;/models/x&gt;', ' https://github.com/org/repo', ' · ', ' | ',
  ' 12', 'Jan 2, 2025', 'Subscribe', '# ', '- ', '> ', '1. ', '[x]: https://example.org', '    ', '', ' upvote',
];

/** One random change to a random line of prose (or, now and then, to any line). */
function editProse(lines: string[], random: () => number): void {
  const prose = lines.map((l, i) => ({ l, i })).filter(({ l }) => l.length > 40 && /^[A-Za-z(]/.test(l));
  const { i } = random() < 0.9 && prose.length > 0 ? prose[Math.floor(random() * prose.length)] : { i: Math.floor(random() * lines.length) };
  const line = lines[i];
  const at = Math.floor(random() * (line.length + 1));
  const r = random();
  if (r < 0.5) lines[i] = line.replace(/ the | a | of | and /, [' a ', ' the ', ' of the ', ' '][Math.floor(random() * 4)]);
  else if (r < 0.85) lines[i] = line.slice(0, at) + INSERTS[Math.floor(random() * INSERTS.length)] + line.slice(at);
  else if (r < 0.95) lines[i] = line.slice(0, Math.floor(random() * 60));
  else lines[i] = `${line} ${line}`;
}

describe('parseAgain on Markdown captures (reading prose edits in part)', () => {
  it('gives what parseDump gives after chains of random edits of prose lines, and reads most of them in part', () => {
    const all = CAPTURES.map((dump, n) => {
      assert.equal(parseAgain(dump.text, dump.file).next?.reading, 'markdown', `${dump.file} is kept as a capture`);
      const random = rng(100 + n);
      return checkEditChains(dump, 80, 5, random, (lines) => editProse(lines, random));
    });
    const checked = all.reduce((n, c) => n + c.checked, 0);
    const partial = all.reduce((n, c) => n + c.partial, 0);
    assert.equal(checked, CAPTURES.length * 80);
    assert.ok(partial > checked * 0.3, `${partial} of ${checked} edits read in part`);
    assert.ok(partial < checked * 0.9, `${partial} of ${checked} edits read in part: the edits that need a whole reading are too few to test it`);
  });

  it('reads an edit of an abstract in part, with only its paper read anew', () => {
    const text = capture();
    const first = parseAgain(text, 'daily.papers.md');
    const lines = text.split('\n');
    const target = first.parsed.entries[40];
    const at = lines.findIndex((l, i) => i >= target.line && l.includes(' the '));
    lines[at] = lines[at].replace(' the ', ' a ');
    const again = parseAgain(lines.join('\n'), 'daily.papers.md', {}, first.next);
    assert.deepStrictEqual(again.parsed, parseDump(lines.join('\n'), 'daily.papers.md'));
    assert.deepEqual(again.edits?.map((e) => ('read' in e ? e.read.map((r) => r.title) : [e.from, e.to])), [[0, 40], [target.title], [41, first.parsed.entries.length]]);
  });

  it('reads the whole capture when an edit adds a link, a heading or a list item, or makes a line metadata', () => {
    const text = capture();
    const first = parseAgain(text, 'daily.papers.md');
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.length > 200 && l.includes(' the '));
    for (const change of [' see [this](https://example.org/a) too', '### ', '- ', 'https://github.com/org/repo']) {
      const edited = [...lines];
      edited[at] = change.endsWith(' ') ? change + edited[at] : edited[at].replace(' the ', ` the ${change} `);
      if (change.startsWith('https')) edited[at] = change;
      const again = parseAgain(edited.join('\n'), 'daily.papers.md', {}, first.next);
      assert.deepStrictEqual(again.parsed, parseDump(edited.join('\n'), 'daily.papers.md'), change);
      assert.equal(again.edits, null, change);
    }
  });
});

describe('parseAgain on Markdown captures: edits that change more than their line', () => {
  const LONG = 'We study how models learn from data at scale, and report results on many tasks with strong baselines and careful ablations.';
  const META = ['- 3 authors', '·', 'Jan 2, 2025'];
  /** A capture of cards, each a linked title and its lines. */
  const cards = (...lines: string[][]): string[] => [
    '# Daily Papers', '', 'Get trending papers in your email inbox once a day!', '',
    ...lines.flatMap((card, i) => [`### [Paper Number ${i} About Learning Things](https://huggingface.co/papers/2401.0${1000 + i})`, '', ...card, '']),
  ];
  /** Parses `old`, then `old` with line `at` changed: the same as `parseDump`; returns whether it was read in part. */
  const again = (old: string[], at: number, text: string): boolean => {
    const first = parseAgain(old.join('\n'), 'c.papers.md');
    assert.equal(first.next?.reading, 'markdown');
    const edited = [...old];
    edited[at] = text;
    const result = parseAgain(edited.join('\n'), 'c.papers.md', {}, first.next);
    assert.deepStrictEqual(result.parsed, parseDump(edited.join('\n'), 'c.papers.md'), text);
    return result.edits !== null;
  };

  it('a bracket closed by the edit, opened on the line before: a span across both lines', () => {
    const old = cards(['Open [a span that is long enough to be a line of an abstract with words', 'closing nothing here but many more words that follow it along', ...META], [LONG, ...META]);
    const at = old.indexOf('closing nothing here but many more words that follow it along');
    assert.ok(again(old, at, 'closing nothing here but many more words that follow it along today'), 'a word added: read in part');
    assert.equal(again(old, at, 'closing]{.smallcaps} here but many more words that follow it along'), false);
  });

  it('a line right after "Submitted by", made short: skipped as the submitter', () => {
    const old = cards(['Submitted by', LONG, ...META], [LONG, ...META], [LONG, ...META]);
    assert.equal(again(old, old.indexOf(LONG), 'Two words'), false);
  });

  it('an abstract of one line made short, right before `·` and a date: read as the organisation', () => {
    const old = cards([LONG, '·', 'Jan 2, 2025'], [LONG, ...META], [LONG, ...META]);
    assert.equal(again(old, old.indexOf(LONG), 'NAVER AI Lab'), false);
  });

  it('a second paragraph made short: no longer part of the abstract', () => {
    const second = 'A second paragraph that is long enough to count as part of the abstract.';
    const old = cards([LONG, '', second, ...META], [LONG, ...META], [LONG, ...META]);
    assert.ok(again(old, old.indexOf(second), `${second} Indeed.`), 'a word added: read in part');
    assert.equal(again(old, old.indexOf(second), 'Short one.'), false);
  });

  it('the abstract of a duplicate back to back that the paper before it took, having none', () => {
    const old = [
      '# Daily Papers', '', 'Get trending papers in your email inbox once a day!', '',
      '### [The Same Title Shown Twice](https://huggingface.co/papers/2401.01001)', '', ...META, '',
      '### [The Same Title Shown Twice](https://huggingface.co/papers/2401.09999)', '', LONG, ...META, '',
      ...cards([LONG, ...META], [LONG, ...META]).slice(4),
    ];
    assert.equal(parseDump(old.join('\n'), 'c.papers.md').entries[0].abstract, LONG);
    assert.equal(again(old, old.indexOf(LONG), LONG.replace('scale', 'large scale')), false);
  });
});
