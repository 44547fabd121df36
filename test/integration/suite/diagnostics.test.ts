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
    const diagnostics = await waitFor(() => ours().length > 0 && ours(), { message: 'diagnostics' });
    assert.deepStrictEqual(keysOf(diagnostics), ['electr2020']);
    assert.strictEqual(diagnostics[0].code, 'unknown-key');
    assert.strictEqual(diagnostics[0].severity, vscode.DiagnosticSeverity.Warning);
  });

  it('offers the closest key as the preferred quick fix, which fixes the text', async () => {
    const [diagnostic] = ours();
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diagnostic.range);
    const fix = actions.find((a) => a.title === 'Replace with electra2020');
    assert.ok(fix, `actions: ${actions.map((a) => a.title).join(', ')}`);
    assert.strictEqual(fix.isPreferred, true);
    assert.strictEqual(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.ok(fix.edit && (await vscode.workspace.applyEdit(fix.edit)));
    assert.match(doc.getText(), /typo \[@electra2020; @debertav3\]/);
    await waitFor(() => ours().length === 0, { message: 'diagnostic cleared after the fix' });
  });

  it('re-checks after edits', async () => {
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(5, 0), 'New [@zzunknown2024].\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const diagnostics = await waitFor(() => ours().length > 0 && ours(), { message: 'diagnostic for the new key' });
    assert.deepStrictEqual(keysOf(diagnostics), ['zzunknown2024']);
  });

  it('waits while a key is being typed at the cursor, then reports it', async () => {
    const editor = await vscode.window.showTextDocument(doc);
    const line = doc.lineCount - 1;
    await editor.edit((e) => e.insert(new vscode.Position(line, 0), 'Typing [@halfkey'));
    editor.selection = new vscode.Selection(line, 16, line, 16);
    const typedAt = Date.now();
    const flagged = (): boolean => keysOf(ours()).includes('halfkey');
    // Other keys are re-checked meanwhile, the one under the cursor is not.
    await new Promise((resolve) => setTimeout(resolve, 800));
    assert.strictEqual(flagged(), false, 'flagged while typing');
    await waitFor(flagged, { message: 'the key is reported once typing pauses', timeout: 8000 });
    assert.ok(Date.now() - typedAt >= 1500, `reported after ${Date.now() - typedAt} ms`);
    await editor.edit((e) => e.delete(new vscode.Range(line, 0, line, 16)));
    await waitFor(() => !flagged(), { message: 'the typed key removed again' });
  });

  it('is off when litnotes.diagnostics.unknownKeys is false', async () => {
    const config = () => vscode.workspace.getConfiguration('litnotes');
    await config().update('diagnostics.unknownKeys', false, vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor(() => ours().length === 0, { message: 'diagnostics cleared' });
    } finally {
      await config().update('diagnostics.unknownKeys', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor(() => ours().length === 1, { message: 'diagnostics back' });
  });
});
