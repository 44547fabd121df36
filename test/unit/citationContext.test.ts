import { strict as assert } from 'node:assert';
import {
  blankComments, citationAt, citationContext, citationEdit, closestKey, codeSpans, fencedLines, findCitations, footnoteAppendix,
  frontMatterLines, indentedCodeLines, proseLine,
} from '../../src/core/citationContext';
import type { Paper } from '../../src/core/model';

/** The context at the `|` marking the cursor in `marked`. */
function at(marked: string, inFence = false) {
  const column = marked.indexOf('|');
  assert.ok(column >= 0, `no cursor marker in ${marked}`);
  return citationContext(marked.slice(0, column) + marked.slice(column + 1), column, inFence);
}

/** The line after applying the completion edit of `paper` at the cursor of `marked`. */
function complete(marked: string, format: Parameters<typeof citationEdit>[2], template?: string): string {
  const line = marked.replace('|', '');
  const ctx = at(marked);
  assert.ok(ctx, `no citation context in ${marked}`);
  const edit = citationEdit(ctx, electra, format, template);
  return line.slice(0, edit.start) + edit.text + line.slice(edit.end);
}

const electra: Paper = {
  key: 'electra2020', title: 'ELECTRA: Pre-training Text Encoders as Discriminators', abstract: 'Replaced token detection.',
  authors: 4, org: null, date: 'Mar 23, 2020', year: 2020, upvotes: 5, comments: null, links: [], github: null,
  arxiv: '2003.10555', topics: ['pretraining'], occurrences: [],
};

describe('citationContext: the citation at the cursor', () => {
  it('triggers right after `@` and while typing a key', () => {
    assert.deepEqual(at('@|'), { typed: '', start: 0, end: 1, insideBrackets: false, bracketStart: null, groupEnd: null });
    assert.deepEqual(at('See @elec|'), { typed: 'elec', start: 4, end: 9, insideBrackets: false, bracketStart: null, groupEnd: null });
    assert.equal(at('(@elec|)')?.typed, 'elec');
    assert.equal(at('Über @müll|')?.typed, 'müll');
  });

  it('triggers after `[@` and `[-@`, knowing whether the group is closed', () => {
    assert.deepEqual(at('See [@elec|'), { typed: 'elec', start: 5, end: 10, insideBrackets: true, bracketStart: 4, groupEnd: null });
    assert.deepEqual(at('See [@elec|] and'), { typed: 'elec', start: 5, end: 10, insideBrackets: true, bracketStart: 4, groupEnd: 11 });
    assert.equal(at('[-@|]')?.bracketStart, 0);
  });

  it('triggers inside `[@a; @b]` groups and after a prefix', () => {
    assert.deepEqual(at('[@a; @b|]'), { typed: 'b', start: 5, end: 7, insideBrackets: true, bracketStart: null, groupEnd: 8 });
    const ctx = at('[see @b|, p. 3]');
    assert.equal(ctx?.insideBrackets, true);
    assert.equal(ctx?.bracketStart, null);
    assert.equal(ctx?.groupEnd, 14);
  });

  it('is not inside brackets after a closed link or in a footnote reference', () => {
    assert.equal(at('[link](https://x.org) @k|')?.insideBrackets, false);
    assert.equal(at('[^note @k|')?.insideBrackets, false);
    assert.equal(at('\\[@k|')?.insideBrackets, false, 'escaped bracket');
  });

  it('covers the whole key when the cursor is inside it, without trailing punctuation', () => {
    const ctx = at('cf. @elec|tra2020.');
    assert.equal(ctx?.typed, 'elec');
    assert.equal(ctx?.end, 16);
    assert.equal(at('@|, then')?.end, 1);
    assert.equal(at('[@|Intro')?.end, 2, 'a bare `@` does not take the following word');
  });

  it('allows pandoc punctuation inside a key being typed', () => {
    assert.equal(at('[@smith:|')?.typed, 'smith:');
    assert.equal(at('@2003.105|')?.typed, '2003.105');
  });

  it('never triggers after a word character: e-mail addresses, handles in URLs, escapes', () => {
    assert.equal(at('me@exam|'), null);
    assert.equal(at('mail first.last@exam|'), null);
    assert.equal(at('https://medium.com/@us|'), null);
    assert.equal(at('\\@k|'), null);
    assert.equal(at('@@k|'), null);
    assert.equal(at('@.|'), null);
  });

  it('never triggers inside code spans or fences', () => {
    assert.equal(at('`@k|`'), null);
    assert.equal(at('``a ` @k|``'), null);
    assert.equal(at('`a` @k|')?.typed, 'k');
    assert.equal(at('@k|', true), null);
  });

  it('is null when there is no `@` before the cursor', () => {
    assert.equal(at('plain text|'), null);
    assert.equal(at('@key and more|'), null);
  });
});

describe('citationContext: fences and code spans', () => {
  it('marks fenced lines, fence lines included', () => {
    assert.deepEqual(fencedLines(['a', '```js', '@x', '```', 'b']), [false, true, true, true, false]);
    assert.deepEqual(fencedLines(['~~~', '```', '~~~', '@y']), [true, true, true, false], 'other fence char does not close');
    assert.deepEqual(fencedLines(['````', '```', '````']), [true, true, true], 'shorter fence does not close');
    assert.deepEqual(fencedLines(['```', '@x']), [true, true], 'unclosed fence runs to the end');
  });

  it('finds fences in block quotes and list items, not backtick info strings', () => {
    assert.deepEqual(fencedLines(['> ```', '> @x', '> ```', '@y']), [true, true, true, false]);
    assert.deepEqual(fencedLines(['- ```', '  @x', '  ```']), [true, true, true]);
    assert.deepEqual(fencedLines(['```a`b', '@x']), [false, false]);
  });

  it('finds code spans of matching backtick runs', () => {
    assert.deepEqual(codeSpans('a `b` c'), [[2, 5]]);
    assert.deepEqual(codeSpans('``a ` b`` `c`'), [[0, 9], [10, 13]]);
    assert.deepEqual(codeSpans('an ` alone'), []);
    assert.deepEqual(codeSpans('\\`a`'), [], 'escaped backtick');
    assert.deepEqual(codeSpans('\\``a`'), [[2, 5]], 'escape takes one backtick of the run');
  });
});

describe('citationContext: findCitations', () => {
  it('finds every pandoc citation form with its key range', () => {
    const text = 'See [@electra2020] and @bert2019.\r\n[see @a, p. 3; -@b] [-@c:d.e]\n@{odd key}!';
    assert.deepEqual(findCitations(text), [
      { key: 'electra2020', line: 0, start: 6, end: 17 },
      { key: 'bert2019', line: 0, start: 24, end: 32 },
      { key: 'a', line: 1, start: 6, end: 7 },
      { key: 'b', line: 1, start: 17, end: 18 },
      { key: 'c:d.e', line: 1, start: 23, end: 28 },
      { key: 'odd key', line: 2, start: 2, end: 9 },
    ]);
  });

  it('skips e-mails, URLs, code spans, fences and escapes', () => {
    const text = [
      'Mail me@example.com or see https://x.org/@user',
      '`@inline` \\@escaped',
      '```',
      '@fenced',
      '```',
      'Then @real.',
    ].join('\n');
    assert.deepEqual(findCitations(text).map((c) => `${c.key}@${c.line}`), ['real@5']);
  });

  it('finds the citation under a column, the `@` included', () => {
    const cites = findCitations('x @abc y');
    assert.equal(citationAt(cites, 0, 2)?.key, 'abc');
    assert.equal(citationAt(cites, 0, 6)?.key, 'abc');
    assert.equal(citationAt(cites, 0, 7), undefined);
    assert.equal(citationAt(cites, 1, 3), undefined);
  });
});

describe('citationContext: completion edits', () => {
  it('pandoc: [@key], or only the key after a typed `[@`, closing the group once', () => {
    assert.equal(complete('See @elec|', 'pandoc'), 'See [@electra2020]');
    assert.equal(complete('See [@elec|', 'pandoc'), 'See [@electra2020]');
    assert.equal(complete('See [@elec|] x', 'pandoc'), 'See [@electra2020] x');
    assert.equal(complete('[@a; @|', 'pandoc'), '[@a; @electra2020]');
    assert.equal(complete('[@a; @e|]', 'pandoc'), '[@a; @electra2020]');
    assert.equal(complete('@el|tra', 'pandoc'), '[@electra2020]', 'the rest of the key is replaced');
  });

  it('bare: @key and nothing else', () => {
    assert.equal(complete('See @elec|', 'bare'), 'See @electra2020');
    assert.equal(complete('[@elec|', 'bare'), '[@electra2020');
  });

  it('link, footnote and template replace a typed `[@…]` as a whole', () => {
    const link = '[ELECTRA: Pre-training Text Encoders as Discriminators](https://arxiv.org/abs/2003.10555)';
    assert.equal(complete('See @elec|.', 'link'), `See ${link}.`);
    assert.equal(complete('See [@elec|] x', 'link'), `See ${link} x`);
    assert.equal(complete('[@a; @elec|]', 'link'), `[@a; ${link}]`);
    assert.equal(complete('See [@elec|', 'footnote'), 'See [^electra2020]');
    assert.equal(complete('See [-@elec|]', 'template', '{key} ({year})'), 'See electra2020 (2020)');
  });

  it('footnote edits carry the definition', () => {
    const ctx = at('@e|')!;
    assert.equal(citationEdit(ctx, electra, 'footnote').definition,
      '[^electra2020]: ELECTRA: Pre-training Text Encoders as Discriminators (2020). https://arxiv.org/abs/2003.10555');
    assert.equal(citationEdit(ctx, electra, 'pandoc').definition, undefined);
  });

  it('appends a footnote definition once, separated from text by a blank line', () => {
    const def = '[^k]: K.';
    assert.equal(footnoteAppendix('', 'k', def), '[^k]: K.\n');
    assert.equal(footnoteAppendix('Text', 'k', def), '\n\n[^k]: K.\n');
    assert.equal(footnoteAppendix('Text\n', 'k', def), '\n[^k]: K.\n');
    assert.equal(footnoteAppendix('Text\n\n', 'k', def), '[^k]: K.\n');
    assert.equal(footnoteAppendix('Text [^j]\n\n[^j]: J.\n', 'k', def), '[^k]: K.\n', 'definitions stay together');
    assert.equal(footnoteAppendix('Text\r\n', 'k', def, '\r\n'), '\r\n[^k]: K.\r\n');
    assert.equal(footnoteAppendix('Text [^k]\n\n[^k]: K.\n', 'k', def), null, 'already defined');
  });
});

describe('citationContext: closestKey', () => {
  const keys = ['electra2020', 'electron2021', 'bert2019', 'bert2017', 'attention2017', 'roberta2019'];

  it('fixes typos, case and transpositions', () => {
    assert.equal(closestKey('electr2020', keys), 'electra2020');
    assert.equal(closestKey('Electra2020', keys), 'electra2020');
    assert.equal(closestKey('eletcra2020', keys), 'electra2020');
    assert.equal(closestKey('atention2017', keys), 'attention2017');
  });

  it('prefers keys that extend the typed one, or that it extends', () => {
    assert.equal(closestKey('electra', keys), 'electra2020');
    assert.equal(closestKey('roberta2019x', keys), 'roberta2019');
  });

  it('is deterministic on ties, whatever the order of keys', () => {
    assert.equal(closestKey('bert2018', keys), 'bert2017');
    assert.equal(closestKey('bert2018', [...keys].reverse()), 'bert2017');
  });

  it('is null when nothing is close', () => {
    assert.equal(closestKey('zebra1999', keys), null);
    assert.equal(closestKey('x', keys), null);
    assert.equal(closestKey('electra2020', []), null);
  });
});

describe('findCitations: front matter and comments', () => {
  it('ignores YAML front matter and HTML comments, keeping columns', () => {
    const text = ['---', 'author: @someone', 'cites: [@fake2020]', '---', 'See [@real2021] <!-- not [@hidden] --> and @also.', '<!-- open', '@inside', '-->[@after]'].join('\n');
    assert.deepEqual(findCitations(text).map((c) => [c.key, c.line, c.start]), [['real2021', 4, 6], ['also', 4, 44], ['after', 7, 5]]);
  });

  it('blanks comments without moving columns', () => {
    assert.deepEqual(blankComments('a <!-- b --> c', false), { line: 'a            c', open: false });
    assert.deepEqual(blankComments('x <!-- y', false), { line: 'x       ', open: true });
    assert.deepEqual(blankComments('z --> w', true), { line: '      w', open: false });
  });

  it('takes front matter only at the very top, closed by `---` or `...`', () => {
    assert.deepEqual(frontMatterLines(['---', 'a: @x', '...', '@y']), [true, true, true, false]);
    assert.deepEqual(frontMatterLines(['Text', '---', '@x', '---']), [false, false, false, false], 'a rule further down');
    assert.deepEqual(frontMatterLines(['---', '@x']), [false, false], 'never closed: a rule, not front matter');
    assert.deepEqual(findCitations('Intro @a\n\n---\n\n@b\n\n---\n').map((c) => c.key), ['a', 'b']);
  });

  it('does not open a comment inside a fence or a code span', () => {
    const text = ['```html', '<!-- @fenced', '```', 'Use `<!--` then [@one]', '<!-- x --> [@two] <!-- `@hidden` -->'].join('\n');
    assert.deepEqual(findCitations(text).map((c) => `${c.key}@${c.line}`), ['one@3', 'two@4']);
    assert.deepEqual(blankComments('`<!--` @a', false, [[0, 6]]), { line: '`<!--` @a', open: false });
  });
});

describe('proseLine: where completion may offer citations', () => {
  /** Whether completion triggers at the `|` of the last line of `marked`. */
  const completes = (marked: string): boolean => {
    const lines = marked.split('\n');
    const n = lines.findIndex((l) => l.includes('|'));
    const column = lines[n].indexOf('|');
    lines[n] = lines[n].replace('|', '');
    const line = proseLine(lines, n);
    return line !== null && citationContext(line, column) !== null;
  };

  it('offers citations in prose, list items and after a closed comment', () => {
    assert.equal(completes('See @|'), true);
    assert.equal(completes('- item\n\n    paragraph of the item [@|'), true);
    assert.equal(completes('<!-- note -->\nText @|'), true);
    assert.equal(completes('---\ntitle: x\n---\nBody [@|'), true);
    assert.equal(completes('Text\n---\nAfter a rule @|\n---'), true);
  });

  it('never in front matter, fences, indented code or HTML comments', () => {
    assert.equal(completes('---\nauthor: x\nemail: @|\n---\nBody'), false);
    assert.equal(completes('---\ncites: [@|]\n...'), false);
    assert.equal(completes('```\ncode @|'), false);
    assert.equal(completes('Para\n\n    code @|'), false);
    assert.equal(completes('<!-- draft\nstill a comment @|'), false);
    assert.equal(completes('Text <!-- aside @|'), false);
  });
});

describe('findCitations: indented code blocks', () => {
  it('skips lines indented 4+ columns after a blank line or a heading, and what follows them', () => {
    const text = [
      'Para [@a]', '    continued [@b]', '', '    code [@c]', '', '    more code [@d]', '\tand a tab [@e]',
      'Back [@f]', '# Heading', '    code [@g]',
    ].join('\n');
    assert.deepEqual(findCitations(text).map((c) => c.key), ['a', 'b', 'f']);
  });

  it('takes list items\' content columns into account', () => {
    const text = [
      '- item [@a]', '', '    paragraph of the item [@b]', '', '      code in the item [@c]',
      '1. numbered [@d]', '', '    still the item [@e]', '', 'Out of the list', '', '    code again [@f]',
    ].join('\n');
    assert.deepEqual(findCitations(text).map((c) => c.key), ['a', 'b', 'd', 'e']);
    const fence = ['```', '    @x', '```', '    code'];
    assert.deepEqual(indentedCodeLines(fence, fencedLines(fence)), [false, false, false, true], 'a fence ends a block; its lines are not code');
  });
});
