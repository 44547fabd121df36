import { strict as assert } from 'node:assert';
import { bibtexEntry, bibtexKey, escapeText, toBibtex } from '../../src/core/bibtex';
import { buildLibrary } from '../../src/core/library';
import type { Paper } from '../../src/core/model';
import { allSeeds } from './helpers';

function paper(extra: Partial<Paper> = {}): Paper {
  return {
    key: 'electra2020', title: 'ELECTRA: Pre-training Text Encoders', abstract: 'We train encoders.',
    authors: 4, org: null, date: null, year: 2020, upvotes: null, comments: null, links: [], github: null,
    arxiv: '2003.10555', topics: [], occurrences: [], ...extra,
  };
}

/** True when braces balance, ignoring escaped `\{` and `\}`. */
function balanced(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

describe('bibtex', () => {
  it('writes a @misc entry with arXiv eprint fields', () => {
    assert.equal(bibtexEntry(paper()), [
      '@misc{electra2020,',
      '  title = {{ELECTRA}: Pre-training Text Encoders},',
      '  year = {2020},',
      '  eprint = {2003.10555},',
      '  archivePrefix = {arXiv},',
      '  url = {https://arxiv.org/abs/2003.10555},',
      '  abstract = {We train encoders.},',
      '  note = {4 authors}',
      '}',
      '',
    ].join('\n'));
  });

  it('omits null fields and uses the first link or the organisation when that is all there is', () => {
    const entry = bibtexEntry(paper({ year: null, arxiv: null, abstract: '', authors: null, org: 'NAVER AI Lab', links: ['https://x.org/p'] }));
    assert.doesNotMatch(entry, /year|eprint|archivePrefix|abstract/);
    assert.match(entry, /url = \{https:\/\/x\.org\/p\}/);
    assert.match(entry, /note = \{NAVER AI Lab\}/);
    assert.equal(bibtexEntry(paper({ authors: 1, org: 'Lab' })).includes('note = {1 author, Lab}'), true);
    assert.equal(bibtexEntry(paper({ arxiv: null, links: [], authors: null, abstract: '' })).includes('url'), false);
  });

  it('escapes LaTeX specials in text fields', () => {
    assert.equal(escapeText('R&D 100% #1 a_b {x} ~ ^ \\ $5 and $10'),
      'R\\&D 100\\% \\#1 a\\_b \\{x\\} \\textasciitilde{} \\textasciicircum{} \\textbackslash{} \\$5 and \\$10');
  });

  it('keeps inline math intact in titles, and protects acronyms', () => {
    assert.equal(escapeText('$\\textbf{F}^2$-Bench for LLMs and 3D scenes', true), '$\\textbf{F}^2$-Bench for {LLMs} and {3D} scenes');
    assert.equal(escapeText('DeBERTaV3 beats BERT on GLUE', true), '{DeBERTaV3} beats {BERT} on {GLUE}');
    assert.equal(escapeText('A Simple Baseline', true), 'A Simple Baseline');
    assert.equal(escapeText('Unbalanced $x}$ math', true), 'Unbalanced \\$x\\}\\$ math', 'math with bad braces is escaped');
  });

  it('keeps braces balanced whatever the input', () => {
    const samples = ['}{', '{{{', 'a}b{c', '$}$', '\\', '$\\frac{a}{b}$ {', '~^%&#_$', 'x\\}y'];
    for (const s of samples) {
      const entry = bibtexEntry(paper({ title: s, abstract: s, org: s }));
      assert.ok(balanced(entry), `balanced for ${JSON.stringify(s)}: ${entry}`);
    }
  });

  it('sanitises keys that BibTeX would reject', () => {
    assert.equal(bibtexKey('a b,c{d}'), 'a_b_c_d_');
    assert.equal(bibtexKey('smith:2020'), 'smith:2020');
  });

  it('exports every seed paper as a balanced entry', () => {
    const papers = buildLibrary(allSeeds()).papers;
    const bib = toBibtex(papers);
    assert.equal(bib.match(/^@misc\{/gm)?.length, 342);
    for (const entry of bib.split(/\n(?=@misc\{)/)) assert.ok(balanced(entry), entry.slice(0, 200));
    assert.match(bib, /title = \{\{DeBERTaV3\}: Improving \{DeBERTa\} using \{ELECTRA\}-Style/);
  });
});
