// Unknown-key diagnostics and the closest-key quick fix in a real extension host.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { LitnotesApi } from '../../../src/extension';
import { activateExtension, closeAllEditors, deleteWorkspaceFile, waitFor, writeWorkspaceFile } from '../helpers';

const NOTE = 'notes/diagnostics-test.md';

describe('unknown-key diagnostics', () => {
  let doc: vscode.TextDocument;
  const ours = (): vscode.Diagnostic[] => vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'litnotes');
  const keysOf = (diagnostics: vscode.Diagnostic[]): string[] => diagnostics.map((d) => doc.getText(d.range));

  before(async () => {
    const api = (await activateExtension()).exports as LitnotesApi;
    await api.library.whenReady();
    const text = [
      'Known [@electra2020], typo [@electr2020; @debertav3].',
      'Mail me@example.com, code `@nokey1`, escaped \\@nokey2.',
      '```',
      '@nokey3',
      '```',
      '',
    ].join('\n');
    doc = await vscode.workspace.openTextDocument(await writeWorkspaceFile(NOTE, text));
    await vscode.window.showTextDocument(doc);
  });
  after(async () => {
    await closeAllEditors();
    await deleteWorkspaceFile(NOTE);
  });

  it('reports only the unknown key, with source and code', async () => {
    const diagnostics = await waitFor(async () => ours().length > 0 && ours(), { message: 'diagnostics' });
    assert.deepStrictEqual(keysOf(diagnostics), ['electr2020']);
    assert.strictEqual(diagnostics[0].code, 'unknown-key');
    assert.strictEqual(diagnostics[0].severity, vscode.DiagnosticSeverity.Warning);
  });

  it('offers the closest key as the preferred quick fix, which fixes the text', async () => {
    const [diagnostic] = ours();
    // VS Code cancels a code-action request when providers (ours or other extensions') register meanwhile: ask again.
    let actions: vscode.CodeAction[] = [];
    const fix = await waitFor(async () => {
      actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diagnostic.range);
      return actions.find((a) => a.title === 'Replace with electra2020');
    }, { message: 'the quick fix', timeout: 10000 }).catch(() => assert.fail(`no quick fix; actions: ${actions.map((a) => a.title).join(', ')}`));
    assert.strictEqual(fix.isPreferred, true);
    assert.strictEqual(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.ok(fix.edit && (await vscode.workspace.applyEdit(fix.edit)));
    assert.match(doc.getText(), /typo \[@electra2020; @debertav3\]/);
    await waitFor(async () => ours().length === 0, { message: 'diagnostic cleared after the fix' });
  });

  it('re-checks after edits', async () => {
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(5, 0), 'New [@zzunknown2024].\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const diagnostics = await waitFor(async () => ours().length > 0 && ours(), { message: 'diagnostic for the new key' });
    assert.deepStrictEqual(keysOf(diagnostics), ['zzunknown2024']);
  });

  describe('a key being typed at the cursor', () => {
    let editor: vscode.TextEditor;
    let line: number;
    let typedAt: number;
    /** The keys flagged before typing (what earlier tests left). */
    let flagged: string[];
    /** Types `text` on the last (empty) line with the cursor after it; waits until the note was checked after the edit. */
    const type = async (text: string, checkedKey: string): Promise<void> => {
      editor = await vscode.window.showTextDocument(doc);
      flagged = keysOf(ours());
      line = doc.lineCount - 1;
      await editor.edit((e) => e.insert(new vscode.Position(line, 0), text));
      typedAt = Date.now();
      editor.selection = new vscode.Selection(line, text.length, line, text.length);
      // The other new unknown key on the line is flagged: the note was checked since the edit.
      await waitFor(async () => keysOf(ours()).includes(checkedKey), { message: `${checkedKey} flagged after the edit` });
    };
    afterEach(async () => {
      await editor.edit((e) => e.delete(doc.lineAt(line).range));
      await waitFor(async () => keysOf(ours()).join() === flagged.join(), { message: `only ${flagged.join(', ')} flagged again` });
    });

    it('is not flagged until typing pauses', async () => {
      await type('Also [@zzother1] and [@halfkey', 'zzother1');
      assert.deepStrictEqual(keysOf(ours()), [...flagged, 'zzother1'], 'the key at the cursor is flagged while typing');
      await waitFor(async () => keysOf(ours()).includes('halfkey'), { message: 'the key reported once typing pauses', timeout: 8000 });
      assert.ok(Date.now() - typedAt >= 1500, `reported ${Date.now() - typedAt} ms after the edit`);
    });

    it('is flagged as soon as the cursor leaves it', async () => {
      await type('Then [@zzother2] and [@leftkey', 'zzother2');
      assert.deepStrictEqual(keysOf(ours()), [...flagged, 'zzother2'], 'the key at the cursor is flagged while typing');
      editor.selection = new vscode.Selection(0, 0, 0, 0);
      await waitFor(async () => keysOf(ours()).includes('leftkey'), { message: 'the key reported once the cursor left it' });
      assert.ok(Date.now() - typedAt < 1900, `reported ${Date.now() - typedAt} ms after the edit: not before the pause`);
    });
  });

  it('is off when litnotes.diagnostics.unknownKeys is false', async () => {
    const config = () => vscode.workspace.getConfiguration('litnotes');
    await config().update('diagnostics.unknownKeys', false, vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor(async () => ours().length === 0, { message: 'diagnostics cleared' });
    } finally {
      await config().update('diagnostics.unknownKeys', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor(async () => ours().length === 1, { message: 'diagnostics back' });
  });
});
