import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseDump } from '../../src/core/parse/index';
import { parseTextDump } from '../../src/core/parse/textDump';
import { FIXTURES, seed } from './helpers';

function parseFixture(name: string) {
  return parseDump(readFileSync(path.join(FIXTURES, name)), name);
}

describe('parsing the seed dumps', () => {
  it('detects each layout and counts every entry (4/200/54/64/46)', () => {
    const expected: [string, string, number][] = [
      ['000', 'runTogether', 4], ['001', 'alternating', 200], ['002', 'blocks', 54], ['003', 'blocks', 64], ['004', 'pairs', 46],
    ];
    for (const [prefix, layout, count] of expected) {
      const dump = seed(prefix);
      assert.equal(dump.layout, layout, prefix);
      assert.equal(dump.entries.length, count, prefix);
      assert.deepEqual(dump.problems.filter((p) => p.severity !== 'info'), [], prefix);
    }
  });

  it('finds the exact titles in run-together lines, with their metadata', () => {
    const entries = seed('000').entries;
    assert.deepEqual(entries.map((e) => e.title), [
      'Sudden Drops in the Loss: Syntax Acquisition, Phase Transitions, and Simplicity Bias in MLMs',
      'ExLM: Rethinking the Impact of [MASK] Tokens in Masked Language Models',
      'A Simple Aerial Detection Baseline of Multimodal Language Models',
      'Perception Tokens Enhance Visual Reasoning in Multimodal Language Models',
    ]);
    assert.deepEqual(entries.map((e) => e.upvotes), [4, null, null, 17]);
    assert.deepEqual(entries.map((e) => e.authors), [5, 8, 7, 7]);
    assert.deepEqual(entries.map((e) => e.date), ['Sep 13, 2023', 'Jan 23', 'Jan 16', 'Dec 4, 2024']);
    assert.deepEqual(entries.map((e) => e.year), [2023, null, null, 2024]);
    assert.deepEqual(entries.map((e) => e.comments), [null, null, null, 2]);
    assert.ok(entries[0].abstract.startsWith('Most interpretability research in NLP'));
    assert.ok(entries[1].abstract.startsWith('Masked Language Models (MLMs) have achieved'));
    assert.ok(entries[3].abstract.endsWith('paving the way for more effective visual reasoning capabilities.'));
    assert.deepEqual(entries[2].links, ['https://github.com/Li-Qingyun/mllm-mmrotate']);
    assert.equal(entries[2].github, 'https://github.com/Li-Qingyun/mllm-mmrotate');
    assert.deepEqual(entries.map((e) => e.line), [1, 2, 3, 4]);
  });

  it('strips chrome glued to the first title and keeps hard titles exact', () => {
    const entries = seed('001').entries;
    assert.equal(entries[0].title, 'DeBERTaV3: Improving DeBERTa using ELECTRA-Style Pre-Training with Gradient-Disentangled Embedding Sharing');
    assert.equal(entries[0].line, 3);
    assert.equal(entries[0].github, 'https://github.com/microsoft/DeBERTa');
    const titles = entries.map((e) => e.title);
    for (const t of [
      'MH-MoE:Multi-Head Mixture-of-Experts',
      'Should You Mask 15% in Masked Language Modeling?',
      'GPT or BERT: why not both?',
      'Do Vision and Language Models Share Concepts? A Vector Space Alignment Study',
      'ELECTRA: Pre-training Text Encoders as Discriminators Rather Than Generators',
    ]) assert.ok(titles.includes(t), t);
    assert.ok(entries.every((e) => e.abstract.length > 300 && e.date === null && e.authors === null));
    assert.equal(entries[199].line, 401);
  });

  it('reads author counts, organisations, dates and comment counts in blocks', () => {
    const entries = seed('002').entries;
    assert.equal(entries[0].title, 'SeiT++: Masked Token Modeling Improves Storage-efficient Training');
    assert.deepEqual([entries[0].line, entries[0].endLine], [13, 19]);
    assert.equal(entries[0].authors, 5);
    assert.equal(entries[0].date, 'Dec 14, 2023');
    assert.equal(entries[0].github, 'https://github.com/naver-ai/seit');
    const lut = entries.find((e) => e.title.startsWith('Learning with Unmasked Tokens'))!;
    assert.deepEqual([lut.org, lut.authors, lut.date, lut.year], ['NAVER AI Lab', null, 'Oct 20, 2023', 2023]);
    const color = entries.find((e) => e.title.startsWith('ColorMAE'))!;
    assert.deepEqual([color.date, color.year, color.comments], ['Jul 17, 2024', 2024, 2]);
    const sep10 = entries.find((e) => e.date === 'Sep 10')!;
    assert.deepEqual([sep10.year, sep10.comments], [null, 2]);
    const bare = entries.find((e) => e.title.startsWith('Fast Controlled Generation'))!;
    assert.deepEqual([bare.line, bare.authors, bare.org, bare.date], [277, null, null, null]);
    assert.ok(bare.abstract.startsWith('The dominant approach'));
    assert.ok(!entries.some((e) => e.date === 'Nov 20'), 'the page date header is not a paper date');
    assert.ok(!entries.some((e) => /^(new|Subscribe|Daily Papers|byAK)/.test(e.title)));
  });

  it('reads organisation handles and entries without metadata in 003', () => {
    const entries = seed('003').entries;
    const orgs = entries.filter((e) => e.org).map((e) => [e.title.split(':')[0], e.org, e.date, e.comments]);
    assert.deepEqual(orgs, [['TurkColBERT', 'NewMind AI', 'Nov 20', 2], ['Ming-UniVision', 'inclusionAI', 'Oct 7', 3]]);
    assert.equal(entries.filter((e) => e.date === null).length, 1);
    assert.equal(entries[0].title, 'Explainable and Interpretable Multimodal Large Language Models: A Comprehensive Survey');
    assert.equal(entries[0].authors, 14);
    assert.ok(entries.some((e) => e.title === 'Uni$\\textbf{F}^2$ace: Fine-grained Face Understanding and Generation with Unified Multimodal Models'));
  });

  it('reads title/abstract pairs without metadata in 004', () => {
    const entries = seed('004').entries;
    assert.equal(entries[0].title, 'Stable, Fast and Accurate: Kernelized Attention with Relative Positional Encoding');
    assert.deepEqual([entries[0].line, entries[0].endLine], [11, 13]);
    assert.equal(entries[45].title, 'LongHeads: Multi-Head Attention is Secretly a Long Context Processor');
    assert.ok(entries[45].abstract.endsWith('long text understanding.'));
  });
});

describe('parsing text exports', () => {
  it('reads exports that put every URL on its own line', () => {
    const dump = parseFixture('text/url-per-line.md');
    assert.equal(dump.layout, 'markdown');
    assert.deepEqual(dump.problems, []);
    assert.equal(dump.source, 'https://huggingface.co/papers?q=masked%20language%20modeling');
    const [electra, text4seg, deberta] = dump.entries;
    assert.equal(dump.entries.length, 3);
    assert.deepEqual(
      [electra.title, electra.arxiv, electra.upvotes, electra.authors, electra.date, electra.year, electra.comments, electra.line, electra.endLine],
      ['ELECTRA: Pre-training Text Encoders as Discriminators Rather Than Generators', '2003.10555', 1, 4, 'Mar 23, 2020', 2020, 2, 57, 75],
    );
    assert.deepEqual([text4seg.org, text4seg.date, text4seg.upvotes, text4seg.github], ['Google', 'Oct 7, 2024', null, 'https://github.com/mc-lan/Text4Seg']);
    assert.deepEqual([deberta.upvotes, deberta.authors, deberta.arxiv], [1204, 3, '2111.09543']);
  });

  it('reads the same export as plain text when it is not Markdown-like enough', () => {
    const text = readFileSync(path.join(FIXTURES, 'text/url-per-line.md'), 'utf8');
    const result = parseTextDump({ lines: text.split('\n'), file: 'u.md', firstLine: 1 });
    assert.deepEqual(result.entries.map((e) => [e.arxiv, e.date, e.upvotes, e.comments, e.authors ?? e.org]), [
      ['2003.10555', 'Mar 23, 2020', 1, 2, 4],
      ['2410.05434', 'Oct 7, 2024', null, null, 'Google'],
      ['2111.09543', 'Nov 18, 2021', 1204, null, 3],
    ]);
  });
});
