import { strict as assert } from 'node:assert';
import { fillTemplate, footnoteDefinitionPresent, formatCitation, paperUrl } from '../../src/core/citation';
import type { Paper } from '../../src/core/model';

function paper(extra: Partial<Paper> = {}): Paper {
  return {
    key: 'electra2020', title: 'ELECTRA: Pre-training Text Encoders as Discriminators', abstract: 'Abstract.',
    authors: 4, org: null, date: 'Mar 23, 2020', year: 2020, upvotes: 5, comments: null,
    links: ['https://github.com/google-research/electra'], github: 'https://github.com/google-research/electra',
    arxiv: '2003.10555', topics: [], occurrences: [], ...extra,
  };
}

describe('citation formats', () => {
  it('pandoc: [@key], or @key inside brackets the user typed; braces for unusual keys', () => {
    assert.deepEqual(formatCitation(paper(), 'pandoc'), { text: '[@electra2020]' });
    assert.equal(formatCitation(paper(), 'pandoc', { insideBrackets: true }).text, '@electra2020');
    assert.equal(formatCitation(paper(), 'bare').text, '@electra2020');
    assert.equal(formatCitation(paper({ key: 'smith:2020' }), 'bare').text, '@smith:2020');
    assert.equal(formatCitation(paper({ key: 'odd key,' }), 'pandoc').text, '[@{odd key,}]');
  });

  it('link: arXiv URL first, then the first link, then the bare title; brackets escaped', () => {
    assert.equal(formatCitation(paper(), 'link').text,
      '[ELECTRA: Pre-training Text Encoders as Discriminators](https://arxiv.org/abs/2003.10555)');
    assert.equal(formatCitation(paper({ arxiv: null }), 'link').text,
      '[ELECTRA: Pre-training Text Encoders as Discriminators](https://github.com/google-research/electra)');
    assert.equal(formatCitation(paper({ arxiv: null, links: [], title: 'The [MASK] token' }), 'link').text, 'The \\[MASK\\] token');
    assert.equal(formatCitation(paper({ title: 'On [MASK]' }), 'link').text, '[On \\[MASK\\]](https://arxiv.org/abs/2003.10555)');
    assert.equal(formatCitation(paper({ arxiv: null, links: ['https://x.org/a b'] }), 'link').text.endsWith('(<https://x.org/a b>)'), true);
    assert.equal(formatCitation(paper({ arxiv: null, links: ['https://en.wikipedia.org/wiki/A_(b)'] }), 'link').text.endsWith('(https://en.wikipedia.org/wiki/A_(b))'), true);
  });

  it('footnote: a reference and a definition to append once', () => {
    assert.deepEqual(formatCitation(paper(), 'footnote'), {
      text: '[^electra2020]',
      definition: '[^electra2020]: ELECTRA: Pre-training Text Encoders as Discriminators (2020). https://arxiv.org/abs/2003.10555',
    });
    assert.equal(formatCitation(paper({ year: null, arxiv: null, links: [], title: 'Why?' }), 'footnote').definition, '[^electra2020]: Why?');
    assert.equal(formatCitation(paper({ year: null, arxiv: null, links: [] }), 'footnote').definition,
      '[^electra2020]: ELECTRA: Pre-training Text Encoders as Discriminators.');
  });

  it('detects an existing footnote definition for exactly that key', () => {
    const note = 'Text [^electra2020].\n\n[^electra2020]: ELECTRA (2020).\n';
    assert.equal(footnoteDefinitionPresent(note, 'electra2020'), true);
    assert.equal(footnoteDefinitionPresent(note, 'electra'), false);
    assert.equal(footnoteDefinitionPresent('Only a reference [^electra2020].', 'electra2020'), false);
    assert.equal(footnoteDefinitionPresent('[^a.b]: x', 'a.b'), true);
    assert.equal(footnoteDefinitionPresent('[^axb]: x', 'a.b'), false, 'key characters are literal');
  });

  it('template: known placeholders filled, missing ones empty, unknown ones kept', () => {
    const t = '{key}|{title}|{year}|{url}|{arxiv}|{nope}';
    assert.equal(fillTemplate(t, paper()),
      'electra2020|ELECTRA: Pre-training Text Encoders as Discriminators|2020|https://arxiv.org/abs/2003.10555|2003.10555|{nope}');
    assert.equal(formatCitation(paper({ year: null, arxiv: null, links: [] }), 'template', { template: '{key} ({year}) <{url}>' }).text,
      'electra2020 () <>');
    assert.equal(formatCitation(paper(), 'template').text, '[@electra2020]', 'default template');
    assert.equal(fillTemplate('{constructor}', paper()), '{constructor}', 'no prototype lookups');
  });

  it('paperUrl prefers arXiv, then the first link, else null', () => {
    assert.equal(paperUrl(paper()), 'https://arxiv.org/abs/2003.10555');
    assert.equal(paperUrl(paper({ arxiv: null })), 'https://github.com/google-research/electra');
    assert.equal(paperUrl(paper({ arxiv: null, links: [] })), null);
  });

  it('rejects an unknown format', () => {
    assert.throws(() => formatCitation(paper(), 'apa' as never), /Unknown citation format/);
  });
});
