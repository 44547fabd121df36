// Smoke suite: the extension is loaded into a real VS Code and activates against the fixture.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { EXTENSION_ID, activateExtension, workspacePath } from '../helpers';

describe('activation', () => {
  it('the extension is installed', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not among ${vscode.extensions.all.length} extensions`);
    assert.strictEqual(ext.packageJSON.name, 'litnotes');
  });

  it('activates without throwing', async () => {
    const ext = await activateExtension();
    assert.strictEqual(ext.isActive, true);
  });

  it('runs against the fixture workspace', () => {
    assert.ok(fs.existsSync(workspacePath('dumps', 'broken.papers.txt')), 'fixture dumps/ missing');
    assert.ok(fs.existsSync(workspacePath('notes', 'reading-log.md')), 'fixture notes/ missing');
  });
});
