// Hover on cited keys in a real extension host.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { LitnotesApi } from '../../../src/extension';
import { activateExtension, closeAllEditors, deleteWorkspaceFile, writeWorkspaceFile } from '../helpers';

const NOTE = 'notes/hover-test.md';

describe('hover on citations', () => {
  let api: LitnotesApi;
  let doc: vscode.TextDocument;
  let masked: string;

  /** The Markdown of the hovers at the first occurrence of `needle` (plus `delta` characters). */
  async function hoverText(needle: string, delta = 0): Promise<string> {
    const position = doc.positionAt(doc.getText().indexOf(needle) + delta);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, position);
    return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
  }

  before(async () => {
    api = (await activateExtension()).exports as LitnotesApi;
    await api.library.whenReady();
    const paper = (await api.library.papers()).find((p) => p.title.includes('[MASK]:'));
    assert.ok(paper, 'a paper with [MASK] in its title');
    masked = paper.key;
    const text = [
      '---',
      'related: "@debertav3"',
      '---',
      'Replaced token detection [see @electra2020, p. 3].',
      `Brackets in titles @${masked}.`,
      'Unknown @nosuchkey2099 and code `@electra2020`.',
      '<!-- todo @debertav3 -->',
      '- a list item',
      '',
      '    its second paragraph cites @debertav3 too',
    ].join('\n');
    doc = await vscode.workspace.openTextDocument(await writeWorkspaceFile(NOTE, text));
    await vscode.window.showTextDocument(doc);
  });
  after(async () => {
    await closeAllEditors();
    await deleteWorkspaceFile(NOTE);
  });

  it('shows title, date, authors, topics and the abstract', async () => {
    const text = await hoverText('electra2020', 4);
    assert.match(text, /\*\*ELECTRA: Pre-training Text Encoders as Discriminators Rather Than Generators\*\*/);
    assert.match(text, /Mar 23, 2020 · 4 authors/);
    assert.match(text, /Topics: .*Masked Language Modeling/);
    assert.match(text, /pre-training methods such as BERT corrupt the input/);
    assert.match(text, /\[Open in Dump\]\(command:litnotes\.openInDump\?/);
    assert.match(text, /\[Reveal in Papers View\]\(command:litnotes\.revealPaper\?%5B%22electra2020%22%5D\)/);
  });

  it('works on the `@` too', async () => {
    assert.match(await hoverText('@electra2020'), /ELECTRA/);
  });

  it('escapes paper text', async () => {
    assert.match(await hoverText(`@${masked}`, 2), /It's All in The \\\[MASK\\\]:/);
  });

  it('shows nothing for unknown keys, code spans or plain text', async () => {
    assert.strictEqual(await hoverText('nosuchkey2099', 2), '');
    assert.strictEqual(await hoverText('`@electra2020`', 3), '');
    assert.strictEqual(await hoverText('Replaced', 2), '');
  });

  it('shows nothing in front matter or HTML comments, and works in an indented list paragraph', async () => {
    assert.strictEqual(await hoverText('@debertav3', 2), '', 'front matter');
    assert.strictEqual(await hoverText('todo @debertav3', 7), '', 'comment');
    assert.match(await hoverText('cites @debertav3', 8), /DeBERTaV3/);
  });
});
