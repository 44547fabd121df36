// Citation completion in a real extension host: triggers, exclusions, ranking, every insertion format.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { LitnotesApi } from '../../../src/extension';
import { activateExtension, closeAllEditors, deleteWorkspaceFile, waitFor, writeWorkspaceFile } from '../helpers';

const ELECTRA = 'ELECTRA: Pre-training Text Encoders as Discriminators Rather Than Generators';
const DEBERTA = 'DeBERTaV3: Improving DeBERTa using ELECTRA-Style Pre-Training with Gradient-Disentangled Embedding Sharing';

describe('citation completion', () => {
  let api: LitnotesApi;
  const created: string[] = [];

  /** A new note holding `marked` without its `|`, and the position of the `|` (the cursor). */
  async function note(marked: string): Promise<{ doc: vscode.TextDocument; position: vscode.Position }> {
    const offset = marked.indexOf('|');
    assert.ok(offset >= 0, 'cursor marker');
    const rel = `notes/completion-${created.length}.md`;
    created.push(rel);
    const doc = await vscode.workspace.openTextDocument(await writeWorkspaceFile(rel, marked.slice(0, offset) + marked.slice(offset + 1)));
    await vscode.window.showTextDocument(doc);
    return { doc, position: doc.positionAt(offset) };
  }

  /** Our items (labels that are indexed keys, detail their title) at the cursor of `marked`. */
  async function complete(marked: string, trigger?: string, resolve?: number) {
    const { doc, position } = await note(marked);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider', doc.uri, position, trigger, resolve);
    const papers = await Promise.all(list.items.map((i) => (typeof i.label === 'string' ? api.library.get(i.label) : undefined)));
    const ours = list.items.filter((i, n) => i.detail !== undefined && papers[n]?.title === i.detail);
    return { doc, position, list, ours };
  }

  /** The note's text after applying the first item (main edit and additional edits). */
  async function accept(marked: string, trigger = '@'): Promise<string> {
    const { doc, ours } = await complete(marked, trigger);
    assert.ok(ours.length > 0, `no citation items for ${JSON.stringify(marked)}`);
    const item = ours[0];
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, item.range as vscode.Range, String(item.insertText));
    for (const extra of item.additionalTextEdits ?? []) edit.replace(doc.uri, extra.range, extra.newText);
    assert.ok(await vscode.workspace.applyEdit(edit));
    return doc.getText();
  }

  async function withSetting(name: string, value: unknown, run: () => Promise<void>): Promise<void> {
    const config = () => vscode.workspace.getConfiguration('litnotes');
    await config().update(name, value, vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor(async () => JSON.stringify(config().get(name)) === JSON.stringify(value), { message: `${name} = ${JSON.stringify(value)}` });
      await run();
    } finally {
      await config().update(name, undefined, vscode.ConfigurationTarget.Workspace);
    }
  }

  before(async () => {
    api = (await activateExtension()).exports as LitnotesApi;
    await api.library.whenReady();
  });
  afterEach(closeAllEditors);
  after(async () => {
    for (const rel of created) await deleteWorkspaceFile(rel);
  });

  describe('triggers', () => {
    it('after `@`, with a default list before anything is typed', async () => {
      const { list, ours } = await complete('See @|', '@');
      assert.ok(ours.length >= 5, `got ${ours.length} items`);
      assert.strictEqual(list.isIncomplete, true, 'incomplete, so every keystroke re-ranks');
    });

    it('after `[@`', async () => {
      assert.ok((await complete('See [@|', '@')).ours.length > 0);
    });

    it('inside a `[@a; @b]` group', async () => {
      assert.strictEqual(await accept('[@debertav3; @electr|]'), '[@debertav3; @electra2020]');
    });

    it('never inside a code span, a fence, or after a word character', async () => {
      assert.deepStrictEqual((await complete('Run `git log @|`', '@')).ours, [], 'code span');
      assert.deepStrictEqual((await complete('```sh\nssh me@|\n```', '@')).ours, [], 'fence');
      assert.deepStrictEqual((await complete('```\n@elec|', '@')).ours, [], 'unclosed fence');
      assert.deepStrictEqual((await complete('Mail me@elec|', '@')).ours, [], 'e-mail');
    });

    it('never in YAML front matter or an HTML comment; still in prose after them', async () => {
      assert.deepStrictEqual((await complete('---\nauthor: me @elec|\n---\nBody', '@')).ours, [], 'front matter');
      assert.deepStrictEqual((await complete('<!-- draft\nmaybe cite @elec|\n-->', '@')).ours, [], 'comment');
      assert.ok((await complete('---\ntitle: x\n---\n<!-- c -->\nSee @elec|', '@')).ours.length > 0, 'prose after them');
    });

    it('follows litnotes.completion.languages', async () => {
      await withSetting('completion.languages', ['quarto'], async () => {
        await waitFor(async () => (await complete('See @elec|', '@')).ours.length === 0, { message: 'no items in markdown' });
      });
      await waitFor(async () => (await complete('See @elec|', '@')).ours.length > 0, { message: 'items in markdown again' });
    });
  });

  describe('ranking', () => {
    it('ranks ELECTRA first for `electra` and for a title word', async () => {
      assert.strictEqual((await complete('See [@electra|', '@')).ours[0].label, 'electra2020');
      assert.strictEqual((await complete('See @discriminators|')).ours[0].label, 'electra2020');
    });

    it('keeps the index order: equal filter text, ascending sort text, capped by maxItems', async () => {
      const { ours } = await complete('See @mask|');
      assert.ok(ours.length > 5);
      assert.ok(ours.every((i) => i.filterText === '@mask'), 'same filter text for all');
      const sortTexts = ours.map((i) => i.sortText as string);
      assert.deepStrictEqual([...sortTexts].sort(), sortTexts);
      await withSetting('completion.maxItems', 5, async () => {
        assert.strictEqual((await complete('See @mask|')).ours.length, 5);
      });
    });

    it('documents each item with the abstract', async () => {
      const { ours } = await complete('See @electra|', '@', 1);
      const doc = ours[0].documentation as vscode.MarkdownString;
      assert.match(doc.value, /pre-training methods such as BERT corrupt the input/);
    });
  });

  describe('insertion formats', () => {
    it('pandoc: [@key], only the key after `[@`, one closing bracket', async () => {
      assert.strictEqual(await accept('See @electra|'), 'See [@electra2020]');
      assert.strictEqual(await accept('See [@electra|'), 'See [@electra2020]');
      assert.strictEqual(await accept('See [@electra|] and more.'), 'See [@electra2020] and more.');
    });

    it('bare: @key', async () => {
      await withSetting('citation.format', 'bare', async () => {
        assert.strictEqual(await accept('As @electra| shows'), 'As @electra2020 shows');
      });
    });

    it('link: [Title](url) replacing the typed `[@…]`', async () => {
      await withSetting('citation.format', 'link', async () => {
        assert.strictEqual(await accept('See [@debertav|].'), `See [${DEBERTA}](https://github.com/microsoft/DeBERTa).`);
      });
    });

    it('footnote: [^key] and the definition appended once', async () => {
      const definition = `[^electra2020]: ${ELECTRA} (2020).`;
      await withSetting('citation.format', 'footnote', async () => {
        assert.strictEqual(await accept('See [@electra|'), `See [^electra2020]\n\n${definition}\n`);
        assert.strictEqual(await accept('See @electra| here.\n\nMore text.\n'), `See [^electra2020] here.\n\nMore text.\n\n${definition}\n`);
        const cited = `One [^electra2020].\n\nTwo @electra|.\n\n${definition}\n`;
        assert.strictEqual(await accept(cited), cited.replace('@electra|', '[^electra2020]'), 'already defined');
      });
    });

    it('template: litnotes.citation.template', async () => {
      await withSetting('citation.template', '{key} ({year})', async () => {
        await withSetting('citation.format', 'template', async () => {
          assert.strictEqual(await accept('See [@electra|].'), 'See electra2020 (2020).');
        });
      });
    });
  });
});
