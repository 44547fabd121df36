// Go to definition (the entries in the dumps) and find all references (the notes citing a paper).
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { LitnotesApi } from '../../../src/extension';
import { activateExtension, closeAllEditors, deleteWorkspaceFile, writeWorkspaceFile } from '../helpers';

const NOTE = 'notes/definition-test.md';
const CODE_NOTE = 'notes/definition-code.md';

describe('definition and references', () => {
  let api: LitnotesApi;
  let doc: vscode.TextDocument;
  const at = (needle: string): vscode.Position => doc.positionAt(doc.getText().indexOf(needle) + 2);
  const rel = (uri: vscode.Uri): string => vscode.workspace.asRelativePath(uri);
  /** Locations in notes that span exactly `key` (Markdown's own provider adds reference-link ranges). */
  const ours = async (locations: vscode.Location[], key: string): Promise<vscode.Location[]> => {
    const inNotes = locations.filter((l) => rel(l.uri).startsWith('notes/'));
    const texts = await Promise.all(inNotes.map(async (l) => (await vscode.workspace.openTextDocument(l.uri)).getText(l.range)));
    return inNotes.filter((_, i) => texts[i] === key);
  };

  before(async () => {
    api = (await activateExtension()).exports as LitnotesApi;
    await api.library.whenReady();
    await writeWorkspaceFile(CODE_NOTE, 'Only code: `[@electra2020]`.\n\n```\n@electra2020\n```\n');
    doc = await vscode.workspace.openTextDocument(await writeWorkspaceFile(NOTE, 'Intro.\n\nAs shown [@debertav3; @electra2020], and @electra2020 again.\n'));
    await vscode.window.showTextDocument(doc);
  });
  after(async () => {
    await closeAllEditors();
    await deleteWorkspaceFile(NOTE);
    await deleteWorkspaceFile(CODE_NOTE);
  });

  it('goes to every entry of the paper in its dumps', async () => {
    const locations = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
      'vscode.executeDefinitionProvider', doc.uri, at('@electra2020'));
    const found = locations.map((l) => ('uri' in l ? `${rel(l.uri)}:${l.range.start.line + 1}` : `${rel(l.targetUri)}:${l.targetRange.start.line + 1}`));
    assert.ok(found.includes('dumps/001_fd33f1a6bc32f27b.txt:25'), found.join(', '));
    assert.strictEqual(found.length, (await api.library.entriesOf('electra2020')).length);
    assert.ok(found.every((f) => f.startsWith('dumps/')), found.join(', '));
  });

  it('finds no definition for an unknown key or plain text', async () => {
    const locations = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeDefinitionProvider', doc.uri, at('Intro'));
    assert.deepStrictEqual(locations, []);
  });

  it('finds every note citing the paper, open or not, skipping code', async () => {
    const locations = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', doc.uri, at('@electra2020'));
    const notes = (await ours(locations, 'electra2020')).map((l) => `${rel(l.uri)}:${l.range.start.line + 1}:${l.range.start.character}`);
    assert.deepStrictEqual(notes.sort(), [
      `${NOTE}:3:23`,
      `${NOTE}:3:42`,
      'notes/reading-log.md:8:26',
    ].sort());
  });

  it('cites only what is cited: another key has other references', async () => {
    const locations = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', doc.uri, at('@debertav3'));
    const notes = (await ours(locations, 'debertav3')).map((l) => rel(l.uri));
    assert.deepStrictEqual(notes, [NOTE]);
  });
});
