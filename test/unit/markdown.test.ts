import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Entry } from '../../src/core/model';
import { decodeBytes } from '../../src/core/parse/decode';
import { readFrontMatter } from '../../src/core/parse/frontMatter';
import { markdownCaptureScore, parseMarkdownCapture } from '../../src/core/parse/markdown';
import { unescapeMarkdown } from '../../src/core/parse/markdownInline';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures');

interface Loaded {
  body: string[];
  bodyStart: number;
  entries: Entry[];
  problems: ReturnType<typeof parseMarkdownCapture>['problems'];
  meta: ReturnType<typeof readFrontMatter>['meta'];
}

/** Reads a fixture the way the dispatcher does: decode, split, strip front matter, parse the body. */
function load(dir: string, name: string): Loaded {
  const file = path.join(FIXTURES, dir, name);
  const text = decodeBytes(readFileSync(file), name).text ?? '';
  const lines = text.split('\n');
  const fm = readFrontMatter(lines, name);
  const body = lines.slice(fm.bodyStart);
  const result = parseMarkdownCapture({ lines: body, file: name, firstLine: fm.bodyStart + 1 });
  return { body, bodyStart: fm.bodyStart, entries: result.entries, problems: result.problems, meta: fm.meta };
}

/** The abstract a plain-text seed dump prints under `title` (the same paper, another dump). */
function seedAbstract(title: string): string {
  for (const name of readdirSync(path.join(FIXTURES, 'seeds'))) {
    const lines = readFileSync(path.join(FIXTURES, 'seeds', name), 'utf8').split('\n');
    const i = lines.findIndex((l) => l.trim() === title || l.trim() === `Subscribe${title}`);
    if (i < 0) continue;
    const next = lines.slice(i + 1).find((l) => l.trim() !== '');
    if (next) return next.replace(/\s+/g, ' ').trim();
  }
  throw new Error(`no seed abstract for ${title}`);
}

type Row = [
  title: string, upvotes: number | null, comments: number | null, authors: number | null, org: string | null,
  date: string | null, year: number | null, arxiv: string | null, github: string | null, links: string[], line: number, endLine: number,
];

function check(entries: readonly Entry[], rows: readonly Row[], file: string): void {
  assert.equal(entries.length, rows.length, `${file}: entry count`);
  rows.forEach((r, i) => {
    const e = entries[i];
    const got: Row = [e.title, e.upvotes, e.comments, e.authors, e.org, e.date, e.year, e.arxiv, e.github, e.links, e.line, e.endLine];
    assert.deepEqual(got, r, `${file}: entry ${i + 1} (${r[0]})`);
    assert.equal(e.file, file);
  });
}

const CHROME = /Get trending papers|Subscribe|Submitted by|Upvote|Daily Papers|Trending Papers|research community|\]\(|!\[|https:\/\/cdn-|huggingface\.co\/(?:login|avatars)|<a id|^\s*[-*·]\s|\\[[\]_*`]/;

function assertClean(entries: readonly Entry[]): void {
  for (const e of entries) {
    assert.ok(e.title && !CHROME.test(e.title), `chrome in title: ${e.title}`);
    assert.ok(!CHROME.test(e.abstract), `chrome in abstract of ${e.title}: ${e.abstract.slice(0, 120)}`);
    assert.equal(e.title, e.title.replace(/\s+/g, ' ').trim());
    assert.equal(e.abstract, e.abstract.replace(/\s+/g, ' ').trim());
    for (const url of e.links) assert.ok(!/huggingface\.co\/(?:papers|login)|cdn-avatars|\/avatars\//.test(url), `page link leaked into links: ${url}`);
    assert.ok(e.line <= e.endLine);
  }
}

describe('Markdown captures: parseMarkdownCapture', () => {
  it('Firecrawl search page: link-wrapped upvotes and abstracts, `\\\\` hard wraps, org links, glued comment counts', () => {
    const { entries, problems, meta, bodyStart } = load('markdown', 'firecrawl-search.md');
    assert.equal(bodyStart, 8);
    assert.deepEqual(meta, { topic: 'masked modeling', title: 'Daily Papers - Hugging Face', url: 'https://huggingface.co/papers?q=masked%20token', retrieved: '2026-10-02' });
    assert.deepEqual(problems, []);
    check(entries, [
      ['SeiT++: Masked Token Modeling Improves Storage-efficient Training', 12, null, 5, null, 'Dec 14, 2023', 2023, '2312.10105', 'https://github.com/naver-ai/seit', ['https://github.com/naver-ai/seit'], 31, 60],
      ['Emerging Property of Masked Token for Effective Pre-training', null, null, 6, null, 'Apr 12, 2024', 2024, '2404.08330', null, [], 64, 72],
      ['ELECTRA: Pre-training Text Encoders as Discriminators Rather Than Generators', 41, 7, 4, null, 'Mar 23, 2020', 2020, '2003.10555', null, [], 76, 105],
      ['Learning with Unmasked Tokens Drives Stronger Vision Learners', 8, null, null, 'NAVER AI Lab', 'Oct 20, 2023', 2023, '2310.13593', 'https://github.com/naver-ai/lut', ['https://github.com/naver-ai/lut'], 109, 117],
      ['Gradient-Attention Guided Dual-Masking Synergetic Framework for Robust Text-based Person Retrieval', 3, 2, 6, null, 'Sep 10', 2025, '2509.07876', null, [], 121, 129],
      ['Zero-Shot Tokenizer Transfer', 21, 3, 3, null, 'May 13, 2024', 2024, '2405.07883', null, [], 133, 163],
      ['Insertion Language Models: Sequence Generation with Arbitrary-Position Insertions', null, null, 6, null, 'May 8', 2025, '2505.05751', null, [], 167, 194],
    ], 'firecrawl-search.md');
    // Hard-wrapped, escaped abstracts come out exactly as the plain-text dumps print them.
    for (const e of entries) assert.equal(e.abstract, seedAbstract(e.title), e.title);
    assert.ok(entries[1].abstract.includes("emphasizing the `data singularity' attribute"));
    assert.ok(entries[2].abstract.includes('replacing some tokens with [MASK] and then'));
    assertClean(entries);
  });

  it('MarkDownload daily page: title-only entries, multi-line Upvote links, escapes removed, LaTeX kept', () => {
    const { entries, problems, meta } = load('markdown', 'markdownload-daily.md');
    assert.equal(meta.topic, 'multimodal');
    assert.deepEqual(problems, []);
    check(entries, [
      ['Uni$\\textbf{F}^2$ace: Fine-grained Face Understanding and Generation with Unified Multimodal Models', 32, 3, 8, null, null, 2025, '2503.08120', null, [], 42, 49],
      ['VideoScan: Enabling Efficient Streaming Video Understanding via Frame-level Semantic Carriers', 11, null, 4, null, null, 2025, '2503.09387', null, [], 67, 71],
      ['HiMTok: Learning Hierarchical Mask Tokens for Image Segmentation with Large Multimodal Model', null, null, 5, null, null, 2025, '2503.13026', null, [], 89, 92],
      ['ExLM: Rethinking the Impact of [MASK] Tokens in Masked Language Models', 4, 1, 8, null, null, 2025, '2501.13397', null, [], 110, 116],
      ['Shellcode_IA32: A Dataset for Automatic Shellcode Generation', 2, null, 6, null, null, 2021, '2104.13100', null, [], 134, 136],
      ['A* Search Without Expansions: Learning Heuristic Functions with Deep Q-Networks', 1, null, 6, null, null, 2021, '2102.04518', null, [], 154, 158],
      ['Reasoning to Attend: Try to Understand How <SEG> Token Works', 7, null, 3, null, null, 2024, '2412.17741', null, [], 176, 180],
      ['Ming-UniVision: Joint Image Understanding and Generation with a Unified Continuous Tokenizer', 64, 3, null, 'inclusionAI', null, 2025, '2510.06590', null, [], 198, 204],
    ], 'markdownload-daily.md');
    for (const e of entries) assert.equal(e.abstract, '');
    assertClean(entries);
  });

  it('Jina Reader trending page: cards repeated back to back are merged, keeping the richest fields', () => {
    const { entries, problems } = load('markdown', 'jina-trending.md');
    assert.deepEqual(problems, []);
    check(entries, [
      ['Uni$\\textbf{F}^2$ace: Fine-grained Face Understanding and Generation with Unified Multimodal Models', 84, null, 8, null, 'Mar 11, 2025', 2025, '2503.08120', 'https://github.com/tulerfeng/UniF2ace', [], 30, 58],
      ['Mask-Adapter: The Devil is in the Masks for Open-Vocabulary Segmentation', 27, null, 5, null, 'Dec 5, 2024', 2024, '2412.04533', 'https://github.com/hustvl/MaskAdapter', ['https://github.com/hustvl/MaskAdapter'], 62, 90],
      // The first copy of this card lost its GitHub button; the merged entry takes it from the second.
      ['Ming-UniVision: Joint Image Understanding and Generation with a Unified Continuous Tokenizer', 64, null, null, 'inclusionAI', 'Oct 7, 2025', 2025, '2510.06590', 'https://github.com/inclusionAI/Ming', [], 94, 114],
      ['VOLO: Vision Outlooker for Visual Recognition', 3, null, 5, null, 'Jun 24, 2021', 2021, '2106.13112', 'https://github.com/sail-sg/volo', ['https://github.com/sail-sg/volo'], 118, 146],
    ], 'jina-trending.md');
    for (const e of entries) assert.equal(e.abstract, seedAbstract(e.title), e.title);
    assertClean(entries);
  });

  it('pandoc search page with CRLF and a BOM: attributes, fenced divs, `\\` line breaks and pandoc escapes', () => {
    const { entries, problems, body } = load('markdown', 'pandoc-search-crlf-bom.md');
    assert.deepEqual(problems, []);
    const rows: Row[] = [
      ['Text4Seg: Reimagining Image Segmentation as Text Generation', 2, null, 9, null, 'Oct 13, 2024', 2024, '2410.09855', null, [], 22, 51],
      ['Text4Seg++: Advancing Image Segmentation via Generative Language Modeling', 1, null, 9, null, 'Sep 8', 2025, '2509.06321', null, [], 58, 94],
      ['Hierarchical Autoregressive Transformers: Combining Byte-~and Word-Level Processing for Robust, Adaptable Language Models', null, 4, 4, null, 'Jan 17', 2025, '2501.10322', null, [], 101, 131],
      ['Open-Vocabulary Semantic Segmentation with Mask-adapted CLIP', 5, null, 9, null, 'Oct 8, 2022', 2022, '2210.04150', null, [], 138, 169],
      ['Prompt-Guided Mask Proposal for Two-Stage Open-Vocabulary Segmentation', null, null, 6, null, 'Dec 13, 2024', 2024, '2412.10292', null, [], 176, 209],
      ['TurkColBERT: A Benchmark of Dense and Late-Interaction Models for Turkish Information Retrieval', 3, 2, null, 'NewMind AI', 'Nov 20', 2025, '2511.16528', null, [], 216, 248],
    ];
    check(entries, rows, 'pandoc-search-crlf-bom.md');
    for (const e of entries) assert.equal(e.abstract, seedAbstract(e.title), e.title);
    // LaTeX left in an abstract (`71\%`) survives pandoc's `71\\%`; `1% \~ 3%` loses its escape.
    assert.ok(entries[5].abstract.includes('over 71\\% of its average mAP'));
    assert.ok(entries[4].abstract.includes('(1% ~ 3% absolute performance gain'));
    assertClean(entries);
    // Called directly with the raw lines (BOM and `\r` still there) the result is the same.
    assert.ok(body[0].startsWith('\ufeff') === false && body[0].endsWith('\r'));
    const raw = readFileSync(path.join(FIXTURES, 'markdown', 'pandoc-search-crlf-bom.md'), 'utf8').split('\n');
    assert.ok(raw[0].startsWith('\ufeff'));
    const direct = parseMarkdownCapture({ lines: raw, file: 'pandoc-search-crlf-bom.md', firstLine: 1 });
    check(direct.entries, rows, 'pandoc-search-crlf-bom.md');
  });

  it('export with every URL on its own line: the URL line is the destination of the text above it', () => {
    const { entries, problems, meta } = load('markdown', 'notebook-urls-own-line.md');
    assert.equal(meta.topic, 'code models');
    assert.deepEqual(problems, []);
    check(entries, [
      ['GraphCodeBERT: Pre-training Code Representations with Data Flow', 6, null, 18, null, 'Sep 17, 2020', 2020, '2009.08366', null, [], 69, 83],
      ['CM3: A Causal Masked Multimodal Model of the Internet', null, null, 11, null, 'Jan 19, 2022', 2022, '2201.07520', null, [], 89, 103],
      ['Matryoshka Multimodal Models', 38, 3, 4, null, 'May 27, 2024', 2024, '2405.17430', null, [], 109, 127],
      ['Learning with Unmasked Tokens Drives Stronger Vision Learners', 8, null, null, 'NAVER AI Lab', 'Oct 20, 2023', 2023, '2310.13593', 'https://github.com/naver-ai/lut', ['https://github.com/naver-ai/lut'], 133, 151],
      ['VOLO: Vision Outlooker for Visual Recognition', 3, null, 5, null, 'Jun 24, 2021', 2021, '2106.13112', 'https://github.com/sail-sg/volo', ['https://github.com/sail-sg/volo'], 157, 171],
      // Cut off after the title: still an entry, because it has a paper link.
      ['CenterCLIP: Token Clustering for Efficient Text-Video Retrieval', null, null, null, null, null, 2022, '2205.00823', null, [], 177, 179],
    ], 'notebook-urls-own-line.md');
    for (const e of entries.slice(0, 5)) assert.equal(e.abstract, seedAbstract(e.title), e.title);
    assert.equal(entries[5].abstract, '');
    assertClean(entries);
  });

  it('reference-style links resolved from definitions at the bottom', () => {
    const { entries, problems } = load('markdown', 'referenced-links.md');
    assert.deepEqual(problems, []);
    check(entries, [
      ['ELECTRA: Pre-training Text Encoders as Discriminators Rather Than Generators', 41, 7, 4, null, 'Mar 23, 2020', 2020, '2003.10555', 'https://github.com/google-research/electra', [], 31, 47],
      ['DeBERTaV3: Improving DeBERTa using ELECTRA-Style Pre-Training with Gradient-Disentangled Embedding Sharing', 9, null, 3, null, 'Nov 18, 2021', 2021, '2111.09543', 'https://github.com/microsoft/DeBERTa', ['https://github.com/microsoft/DeBERTa'], 55, 70],
      ['Should You Mask 15% in Masked Language Modeling?', null, null, 4, null, 'Feb 16, 2022', 2022, '2202.08005', null, [], 78, 91],
      ['Spelling Error Correction with Soft-Masked BERT', 2, null, 4, null, 'May 15, 2020', 2020, '2005.07421', null, [], 99, 111],
    ], 'referenced-links.md');
    for (const e of entries) assert.equal(e.abstract, seedAbstract(e.title), e.title);
    assertClean(entries);
  });

  it('reference-style links without definitions (truncated capture): entries still found, with a warning', () => {
    const lines = readFileSync(path.join(FIXTURES, 'markdown', 'referenced-links.md'), 'utf8').split('\n');
    const cut = lines.findIndex((l) => /^\[1\]: /.test(l));
    const body = lines.slice(8, cut);
    const { entries, problems } = parseMarkdownCapture({ lines: body, file: 'cut.md', firstLine: 9 });
    assert.deepEqual(entries.map((e) => [e.title.slice(0, 20), e.authors, e.date, e.arxiv]), [
      ['ELECTRA: Pre-trainin', 4, 'Mar 23, 2020', null],
      ['DeBERTaV3: Improving', 3, 'Nov 18, 2021', null],
      ['Should You Mask 15% ', 4, 'Feb 16, 2022', null],
      ['Spelling Error Corre', 4, 'May 15, 2020', null],
    ]);
    assert.equal(entries[0].abstract, seedAbstract(entries[0].title));
    assert.equal(problems.length, 1);
    assert.equal(problems[0].severity, 'warning');
    assert.match(problems[0].message, /no definition/);
  });

  it('trending capture (structured HTML extraction): repeats merged, Submitted by / thumbnails ignored, wrapped title link', () => {
    const { entries, problems } = load('markdown', 'trending-repeated.md');
    assert.deepEqual(problems, []);
    check(entries, [
      ['Large Concept Models: Language Modeling in a Sentence Representation Space', 18, null, 21, null, 'Dec 11, 2024', 2024, '2412.08821', 'https://github.com/facebookresearch/large_concept_model', [], 47, 96],
      ['Needle Threading: Can LLMs Follow Threads through Near-Million-Scale Haystacks?', 24, null, 3, null, 'Nov 7, 2024', 2024, '2411.05000', 'https://github.com/jonathan-roberts1/needle-threading', [], 107, 158],
      ['Autoregressive Models in Vision: A Survey', 17, null, 20, null, 'Nov 8, 2024', 2024, '2411.05902', 'https://github.com/ChaofanTao/Autoregressive-Models-in-Vision-Survey', ['https://github.com/ChaofanTao/Autoregressive-Models-in-Vision-Survey'], 169, 218],
      ['TurkColBERT: A Benchmark of Dense and Late-Interaction Models for Turkish Information Retrieval', 5, null, null, 'NewMind AI', 'Nov 20, 2025', 2025, '2511.16528', null, [], 229, 260],
    ], 'trending-repeated.md');
    for (const e of entries) assert.equal(e.abstract, seedAbstract(e.title), e.title);
    assertClean(entries);
    for (const e of entries) assert.ok(!/lbarrault|akhaliq|ozayezerceli|Image: /.test(e.abstract + e.title));
  });

  it('capture without title links: headings followed by `- N authors` and `[LINK: GitHub …]`, arXiv ids from arXiv buttons', () => {
    const { entries, problems } = load('markdown', 'trending-no-title-links.md');
    assert.deepEqual(problems, []);
    check(entries, [
      ['LM-Infinite: Simple On-the-Fly Length Generalization for Large Language Models', null, null, null, null, null, 2023, '2308.16137', 'https://github.com/Glaciohound/LM-Infinite', [], 19, 29],
      ['Effective Long-Context Scaling of Foundation Models', null, null, 16, null, null, 2023, '2309.16039', 'https://github.com/facebookresearch/llama', [], 31, 77],
      ['Pointer Networks', null, null, 3, null, null, null, null, 'https://github.com/devsisters/pointer-network-tensorflow', [], 79, 89],
      ['Music Transformer', null, null, 8, null, null, 2018, '1809.04281', 'https://github.com/magenta/magenta', [], 91, 141],
    ], 'trending-no-title-links.md');
    for (const e of entries) assert.equal(e.abstract, seedAbstract(e.title), e.title);
    assertClean(entries);
  });

  it('copy as Markdown: tight layout, `- N authors · Published on …` on one line, bold and inline links in abstracts', () => {
    const { entries, problems } = load('markdown', 'copy-as-markdown.md');
    assert.deepEqual(problems, []);
    check(entries, [
      ['Designing BERT for Convolutional Networks: Sparse and Hierarchical Masked Modeling', 32, null, 6, null, 'Jan 9, 2023', 2023, '2301.03580', 'https://github.com/keyu-tian/SparK', ['https://github.com/keyu-tian/SparK'], 2, 5],
      ['Lexinvariant Language Models', null, null, 6, null, 'May 24, 2023', 2023, '2305.16349', null, [], 7, 9],
      ['Attentive Mask CLIP', 5, 1, 11, null, 'Dec 16, 2022', 2022, '2212.08653', null, [], 11, 12],
    ], 'copy-as-markdown.md');
    assert.ok(entries[0].abstract.endsWith('Codes and models are released at github.com/keyu-tian/SparK.'));
    assert.ok(entries[0].abstract.startsWith('We identify and overcome two key obstacles'));
    assert.equal(entries[1].abstract, 'In this paper, we ask: is it possible for a language model to be performant without any fixed token embeddings? We study lexinvariant language models that are invariant to lexical symbols.');
    assert.equal(entries[2].abstract, '');
    assertClean(entries);
  });

  it('numbers every entry from its heading line, with firstLine offsets applied', () => {
    const lines = ['[7](https://huggingface.co/login?next=%2Fpapers%2F2003.10555)', '', '### [ELECTRA](https://huggingface.co/papers/2003.10555)', '', 'An abstract.', '', '- 4 authors', '', '·', '', 'Mar 23, 2020'];
    const { entries } = parseMarkdownCapture({ lines, file: 'x.md', firstLine: 41 });
    assert.equal(entries.length, 1);
    assert.deepEqual([entries[0].line, entries[0].endLine, entries[0].upvotes, entries[0].authors], [43, 51, 7, 4]);
  });
});

describe('Markdown captures: inline details', () => {
  const one = (lines: string[]): Entry => {
    const { entries } = parseMarkdownCapture({ lines, file: 't.md', firstLine: 1 });
    assert.equal(entries.length, 1, JSON.stringify(entries.map((e) => e.title)));
    return entries[0];
  };

  it('removes writer escapes but keeps LaTeX and literal backslashes that are not escapes', () => {
    assert.equal(unescapeMarkdown('Shellcode\\_IA32 \\*A\\* \\[MASK\\] \\#1 1\\. x'), 'Shellcode_IA32 *A* [MASK] #1 1. x');
    assert.equal(unescapeMarkdown('Uni$\\textbf{F}^2$ace'), 'Uni$\\textbf{F}^2$ace');
    assert.equal(unescapeMarkdown('Uni$\\\\textbf{F}^2$ace'), 'Uni$\\textbf{F}^2$ace');
    assert.equal(unescapeMarkdown('Uni\\$\\\\textbf{F}\\^2\\$ace'), 'Uni$\\textbf{F}^2$ace');
    assert.equal(unescapeMarkdown('71\\% and R\\&D'), '71\\% and R\\&D');
    assert.equal(unescapeMarkdown('Engage\\  with'), 'Engage with');
    assert.equal(unescapeMarkdown('a\\\\\nb'), 'a \nb');
    assert.equal(unescapeMarkdown('**bold** and 2**3 and \\*\\*x\\*\\*'), 'bold and 2**3 and **x**');
    assert.equal(unescapeMarkdown('&amp; &lt;SEG&gt; <br/> <https://x.org/a>'), '& <SEG>   https://x.org/a');
  });

  it('title in a heading link keeps `[MASK]`, `<SEG>` and LaTeX; heading attributes and closing #s are dropped', () => {
    const e = one(['### [Uni$\\textbf{F}^2$ace: \\[MASK\\] and <SEG>](https://huggingface.co/papers/2503.08120) {#uni .title} ###', '', 'Abstract text.', '', '- 8 authors']);
    assert.equal(e.title, 'Uni$\\textbf{F}^2$ace: [MASK] and <SEG>');
    assert.equal(e.arxiv, '2503.08120');
  });

  it('takes the arXiv id from arxiv.org title links and relative paper links', () => {
    assert.equal(one(['## [A Title](https://arxiv.org/abs/2410.05434v2)', 'Text.', '- 2 authors']).arxiv, '2410.05434');
    const rel = one(['[3](/login?next=%2Fpapers%2F2410.05434)', '### [A Title](/papers/2410.05434)', '[Abstract here.](/papers/2410.05434)', '[![](/avatars/x.svg)Org Name](/some-org) · Published on Oct 4, 2024']);
    assert.deepEqual([rel.arxiv, rel.upvotes, rel.org, rel.date, rel.abstract], ['2410.05434', 3, 'Org Name', 'Oct 4, 2024', 'Abstract here.']);
  });

  it('collects every URL of the abstract (visible or link target), not the page links, trailing punctuation stripped', () => {
    const e = one([
      '### [T](https://huggingface.co/papers/2401.00001)',
      '[We use [our toolkit](https://github.com/a/b) and data at https://example.org/data, see https://huggingface.co/datasets/x/y). Demo: https://a.io/demo.](https://huggingface.co/papers/2401.00001)',
      '[- 3 authors](https://huggingface.co/papers/2401.00001)',
      '[GitHub 1.3k](https://github.com/c/d)',
    ]);
    assert.deepEqual(e.links, ['https://github.com/a/b', 'https://example.org/data', 'https://huggingface.co/datasets/x/y', 'https://a.io/demo']);
    assert.equal(e.abstract, 'We use our toolkit and data at https://example.org/data, see https://huggingface.co/datasets/x/y). Demo: https://a.io/demo.');
    assert.equal(e.github, 'https://github.com/c/d');
  });

  it('`-` upvotes are null; an unlabelled count before a title belongs to that title', () => {
    const { entries } = parseMarkdownCapture({
      lines: ['[-](https://huggingface.co/login?next=%2Fpapers%2F2401.00001)', '### [A](https://huggingface.co/papers/2401.00001)', 'x', '- 1 authors', '[', '5', '][9]', '', '### [B](https://huggingface.co/papers/2401.00002)', 'y', '- 2 authors'],
      file: 't.md', firstLine: 1,
    });
    assert.deepEqual(entries.map((e) => [e.title, e.upvotes]), [['A', null], ['B', 5]]);
  });

  it('an organisation shown as plain text before `·` is the org, not abstract text', () => {
    const e = one(['### [T](https://huggingface.co/papers/2401.00001)', '', 'The abstract.', '', 'naver-ai NAVER AI Lab', '', '·', '', 'Oct 20, 2023 3']);
    assert.deepEqual([e.org, e.date, e.comments, e.abstract], ['naver-ai NAVER AI Lab', 'Oct 20, 2023', 3, 'The abstract.']);
  });

  it('a list of title links opens entries only when paper metadata follows', () => {
    const { entries } = parseMarkdownCapture({
      lines: ['1. [ELECTRA](https://huggingface.co/papers/2003.10555)', '   Abstract one.', '   - 4 authors · Mar 23, 2020', '2. [Pointer Networks](https://huggingface.co/papers/1506.03134)', '   Abstract two.', '   - 3 authors · Jun 9, 2015', '', '## See also', '- [Some post](https://huggingface.co/papers/2401.00001)'],
      file: 't.md', firstLine: 1,
    });
    assert.deepEqual(entries.map((e) => [e.title, e.authors, e.year, e.abstract]), [['ELECTRA', 4, 2020, 'Abstract one.'], ['Pointer Networks', 3, 2015, 'Abstract two.']]);
  });

  it('reads a single paper page (setext title, `arxiv:ID`, Published on, Upvote, Abstract section)', () => {
    const e = one([
      'Title: Paper page - DSPy', '', 'URL Source: https://huggingface.co/papers/2310.03714', '', 'Markdown Content:',
      '[Papers](https://huggingface.co/papers)', '', 'arxiv:2310.03714', '',
      'DSPy: Compiling Declarative Language Model Calls into Self-Improving Pipelines', '==============================', '',
      'Published on Oct 5, 2023', '', '· Submitted by [![Image 3](https://cdn-avatars.huggingface.co/a.jpeg) akhaliq](https://huggingface.co/akhaliq) on Oct 5, 2023', '',
      '[#2 Paper of the day](https://huggingface.co/papers?date=2023-10-05)', '', ' [Upvote 33](https://huggingface.co/login?next=%2Fpapers%2F2310.03714)', '',
      '*   [![Image 4](https://huggingface.co/avatars/b.svg)](https://huggingface.co/someone "someone")', '',
      'Abstract', '--------', '', 'The ML community is rapidly exploring techniques for prompting language models.', '',
      'Community', '---------', '', 'A comment that is long enough to look like a paragraph of text here.',
    ]);
    assert.deepEqual([e.title, e.arxiv, e.date, e.upvotes, e.org, e.abstract, e.line],
      ['DSPy: Compiling Declarative Language Model Calls into Self-Improving Pipelines', '2310.03714', 'Oct 5, 2023', 33, null, 'The ML community is rapidly exploring techniques for prompting language models.', 10]);
  });

  it('accepts bold title lines and hf.co links; a lone title line without metadata still makes an entry', () => {
    const { entries } = parseMarkdownCapture({
      lines: ['**[Pointer Networks](https://hf.co/papers/1506.03134)**', 'We introduce a new neural architecture.', '- 3 authors · Jun 9, 2015', '', '**[Music Transformer](https://huggingface.co/papers/1809.04281)**'],
      file: 't.md', firstLine: 1,
    });
    assert.deepEqual(entries.map((e) => [e.title, e.arxiv, e.authors, e.year, e.abstract]), [
      ['Pointer Networks', '1506.03134', 3, 2015, 'We introduce a new neural architecture.'],
      ['Music Transformer', '1809.04281', null, 2018, ''],
    ]);
  });

  it('never throws and returns nothing for empty or non-capture input', () => {
    for (const lines of [[], [''], ['\ufeff'], ['# Notes', '', 'Just text.'], ['[', ']', '(', ')'], ['### [', '](https://huggingface.co/papers/2401.00001)']]) {
      const r = parseMarkdownCapture({ lines, file: 'e.md', firstLine: 1 });
      assert.ok(Array.isArray(r.entries) && Array.isArray(r.problems));
      assert.ok(markdownCaptureScore(lines) >= 0);
    }
  });
});

describe('Markdown captures: markdownCaptureScore', () => {
  const score = (dir: string, name: string): number => markdownCaptureScore(load(dir, name).body);

  it('scores every capture fixture high', () => {
    const names = readdirSync(path.join(FIXTURES, 'markdown')).filter((n) => n.endsWith('.md'));
    assert.ok(names.length >= 9);
    for (const name of names) {
      const s = score('markdown', name);
      assert.ok(s > 0.6 && s <= 1, `${name}: ${s}`);
    }
  });

  it('scores ordinary notes low, even ones that cite paper pages in headings', () => {
    for (const name of readdirSync(path.join(FIXTURES, 'notes'))) {
      const s = score('notes', name);
      assert.ok(s < 0.3, `${name}: ${s}`);
    }
  });

  it('trusts Hugging Face chrome plus paper-linked titles even when the cards lost their metadata', () => {
    const abstract = 'We introduce a new neural architecture to learn the conditional probability of an output sequence with elements that are discrete tokens.';
    const capture = ['Get trending papers in your email inbox!', '', '## by AK and the research community', '',
      '### [Pointer Networks](https://huggingface.co/papers/1506.03134)', '', abstract, '', '### [Music Transformer](https://huggingface.co/papers/1809.04281)', '', abstract];
    assert.ok(markdownCaptureScore(capture) >= 0.5);
    // The same reading list without the page chrome is a note.
    assert.ok(markdownCaptureScore(capture.slice(4)) < 0.3);
  });

  it('scores plain-text dumps (the other layouts) zero', () => {
    for (const name of readdirSync(path.join(FIXTURES, 'seeds'))) {
      const lines = readFileSync(path.join(FIXTURES, 'seeds', name), 'utf8').split('\n');
      assert.equal(markdownCaptureScore(lines), 0, name);
    }
  });
});

describe('Markdown captures: hostile input', () => {
  const MB10 = 10 * 1024 * 1024;
  const timed = (lines: string[]): number => {
    const t0 = Date.now();
    const r = parseMarkdownCapture({ lines, file: 'h.md', firstLine: 1 });
    markdownCaptureScore(lines);
    assert.ok(Array.isArray(r.entries));
    return Date.now() - t0;
  };

  it('parses a 10 MB single line in under a second', () => {
    for (const unit of ['a', '[', '](', '[x](y)', '\\', '**a ', '<a ', '![', '[a][']) {
      const ms = timed([unit.repeat(Math.floor(MB10 / unit.length))]);
      assert.ok(ms < 1000, `${JSON.stringify(unit)}: ${ms} ms`);
    }
  });

  it('stays linear on 10 MB of bracket soup in long lines', () => {
    for (const unit of ['[', '[x](y)', '](x "', '\\ ', '- 5 authors · ']) {
      const line = unit.repeat(Math.floor(29000 / unit.length));
      const ms = timed(Array(Math.floor(MB10 / line.length)).fill(line));
      assert.ok(ms < 3000, `${JSON.stringify(unit)}: ${ms} ms`);
    }
  });

  it('stays linear on hundreds of thousands of short lines', () => {
    const ms = timed(Array(100_000).fill('### [T](https://huggingface.co/papers/2401.00001)\n[\n- 5 authors').join('\n').split('\n'));
    assert.ok(ms < 8000, `${ms} ms`);
    const nested = '['.repeat(9000) + 'x' + '](u)'.repeat(5000);
    assert.ok(timed(Array(300).fill(nested)) < 3000);
  });
});
