// The search picker's rows and the Insert Citation command in a real extension host.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { LitnotesApi } from '../../../src/extension';
import { PICK_LIMIT, pickItems } from '../../../src/features/paperPicks';
import { activateExtension, closeAllEditors, deleteWorkspaceFile, waitFor, writeWorkspaceFile } from '../helpers';

const ELECTRA = 'ELECTRA: Pre-training Text Encoders as Discriminators Rather Than Generators';

describe('search picker', () => {
  let api: LitnotesApi;

  before(async () => {
    api = (await activateExtension()).exports as LitnotesApi;
    await api.library.whenReady();
  });

  describe('rows', () => {
    it('follow the index ranking, and VS Code may not hide or reorder them', async () => {
      const items = await pickItems(api.library, 'positional encoding');
      assert.match(items[0].label, /Positional Encoding/i);
      assert.deepStrictEqual(items.map((i) => i.key), (await api.library.search('positional encoding', PICK_LIMIT)).map((h) => h.key));
      assert.ok(items.every((i) => i.alwaysShow === true));
    });

    it('show the title, `key · year · topics`, and an abstract snippet', async () => {
      const [electra] = (await pickItems(api.library, 'electra'));
      assert.strictEqual(electra.label, ELECTRA);
      assert.strictEqual(electra.description, 'electra2020 · 2020 · Masked, Masked Language Modeling, Tokens');
      assert.ok(electra.detail?.startsWith('Masked language modeling (MLM) pre-training methods'), electra.detail);
      assert.ok((electra.detail?.length ?? 0) <= 120);
    });

    it('find abstract-only and misspelled matches, with the snippet around the match', async () => {
      const deberta = (await pickItems(api.library, 'replaced token detection')).find((i) => i.key === 'debertav3');
      assert.ok(deberta, 'abstract match');
      assert.match(deberta.detail ?? '', /^….*replaced token detection/);
      assert.ok((await pickItems(api.library, 'discrimnators')).some((i) => i.key === 'electra2020'), 'typo');
    });

    it('list the most upvoted papers before anything is typed', async () => {
      const items = await pickItems(api.library, '');
      assert.strictEqual(items.length, Math.min(PICK_LIMIT, api.library.paperCount));
    });
  });

  describe('Insert Citation', () => {
    let doc: vscode.TextDocument;
    let editor: vscode.TextEditor;
    let note = 0;

    beforeEach(async () => {
      // A new file per test: a re-created file could reuse the still-open document of the old one.
      doc = await vscode.workspace.openTextDocument(await writeWorkspaceFile(`notes/search-test-${++note}.md`, 'Intro.\n\nSee \n'));
      editor = await vscode.window.showTextDocument(doc);
      editor.selection = new vscode.Selection(2, 4, 2, 4);
    });
    afterEach(async () => {
      await vscode.workspace.getConfiguration('litnotes').update('citation.format', undefined, vscode.ConfigurationTarget.Workspace);
      await closeAllEditors();
      await deleteWorkspaceFile(vscode.workspace.asRelativePath(doc.uri));
    });

    it('inserts the paper named by a key at the cursor', async () => {
      await vscode.commands.executeCommand('litnotes.insertCitation', 'electra2020');
      assert.strictEqual(doc.getText(), 'Intro.\n\nSee [@electra2020]\n');
    });

    it('inserts a tree node\'s paper at every cursor, completing a typed `[@`', async () => {
      await editor.edit((b) => b.insert(new vscode.Position(0, 0), '[@'));
      editor.selections = [new vscode.Selection(0, 2, 0, 2), new vscode.Selection(2, 4, 2, 4)];
      await vscode.commands.executeCommand('litnotes.insertCitation', { kind: 'paper', paper: (await api.library.get('debertav3')) });
      assert.strictEqual(doc.getText(), '[@debertav3]Intro.\n\nSee [@debertav3]\n');
    });

    it('appends a footnote definition once', async () => {
      await vscode.workspace.getConfiguration('litnotes').update('citation.format', 'footnote', vscode.ConfigurationTarget.Workspace);
      await waitFor(async () => vscode.workspace.getConfiguration('litnotes').get('citation.format') === 'footnote');
      await vscode.commands.executeCommand('litnotes.insertCitation', 'electra2020');
      await vscode.commands.executeCommand('litnotes.insertCitation', 'electra2020');
      assert.strictEqual(doc.getText(), `Intro.\n\nSee [^electra2020][^electra2020]\n\n[^electra2020]: ${ELECTRA} (2020).\n`);
    });

    it('opens the picker; Enter inserts the highlighted paper', async () => {
      const first = (await pickItems(api.library, ''))[0].key;
      await vscode.commands.executeCommand('litnotes.insertCitation');
      await waitFor(async () => {
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        return doc.getText().includes(`[@${first}]`);
      }, { message: 'the picker to accept' });
      assert.strictEqual(doc.getText(), `Intro.\n\nSee [@${first}]\n`);
    });

    it('copies the highlighted paper\'s key and opens it in its dump from the keyboard', async () => {
      const [first, second] = (await pickItems(api.library, 'positional encoding')).map((i) => i.key);
      const copied = async (): Promise<string> => {
        await vscode.commands.executeCommand('litnotes.picker.copyKey');
        return vscode.env.clipboard.readText();
      };
      await vscode.env.clipboard.writeText('');
      // The picker opens with its value set; the commands act on the highlighted row.
      await vscode.commands.executeCommand('litnotes.search', 'positional encoding');
      await waitFor(async () => (await copied()) === first, { message: `the top row's key ${first} on the clipboard` });
      await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
      await waitFor(async () => (await copied()) === second, { message: `the next row's key ${second} on the clipboard` });
      await vscode.commands.executeCommand('litnotes.picker.openInDump');
      const entry = (await api.library.entriesOf(second))[0];
      await waitFor(async () => vscode.window.activeTextEditor?.document.uri.toString() === entry.uri.toString(), { message: 'the dump opened' });
      const { selection } = vscode.window.activeTextEditor!;
      assert.strictEqual(selection.start.line, entry.line - 1);
      assert.strictEqual(selection.end.line, Math.max(entry.endLine, entry.line) - 1);
      // The picker is gone: the keyboard commands do nothing now.
      await vscode.env.clipboard.writeText('unchanged');
      assert.strictEqual(await copied(), 'unchanged');
    });

    it('binds the keyboard commands only while the picker is open, hidden from the Command Palette', () => {
      const manifest = vscode.extensions.getExtension('litnotes.litnotes')!.packageJSON as {
        contributes: {
          keybindings: { command: string; key: string; mac: string; when: string }[];
          menus: { commandPalette: { command: string; when: string }[] };
        };
      };
      for (const [command, key] of [['litnotes.picker.openInDump', 'ctrl+alt+enter'], ['litnotes.picker.copyKey', 'ctrl+alt+c']]) {
        const binding = manifest.contributes.keybindings.find((b) => b.command === command);
        assert.ok(binding, `${command} has a key`);
        assert.strictEqual(binding.key, key);
        assert.strictEqual(binding.when, 'inQuickOpen && litnotes.searchPickerOpen');
        assert.strictEqual(manifest.contributes.menus.commandPalette.find((m) => m.command === command)?.when, 'false');
      }
    });
  });
});
