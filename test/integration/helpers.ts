// Small helpers for integration suites (they run inside the extension host of a real VS Code).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'litnotes.litnotes';

/**
 * Polls `condition` until it returns a truthy value (which is returned) or `timeout` ms pass.
 * Use it instead of fixed sleeps: VS Code does most things asynchronously.
 */
export async function waitFor<T>(
  condition: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  { timeout = 10000, interval = 50, message = 'condition' }: { timeout?: number; interval?: number; message?: string } = {},
): Promise<T> {
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeout} ms waiting for ${message}${why}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** The extension under test, activated. */
export async function activateExtension(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this VS Code`);
  await ext.activate();
  return ext;
}

/** The root of the fixture workspace: a temporary copy of test/fixtures/workspace. */
export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder is open (runTest.ts opens a copy of test/fixtures/workspace)');
  return folder.uri;
}

/** A file in the fixture workspace, e.g. workspaceUri('notes', 'reading-log.md'). */
export function workspaceUri(...segments: string[]): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...segments);
}

/** The file-system path of a file in the fixture workspace. */
export function workspacePath(...segments: string[]): string {
  return path.join(workspaceRoot().fsPath, ...segments);
}

/** Opens a document (relative to the workspace, or a Uri) in an editor. */
export async function openDoc(file: string | vscode.Uri): Promise<vscode.TextEditor> {
  const uri = typeof file === 'string' ? workspaceUri(...file.split('/')) : file;
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc);
}

/** Writes a file into the fixture workspace copy (never the repo) and returns its Uri. */
export async function writeWorkspaceFile(relPath: string, content: string | Uint8Array): Promise<vscode.Uri> {
  const uri = workspaceUri(...relPath.split('/'));
  await vscode.workspace.fs.writeFile(uri, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
  return uri;
}

/** Deletes a file from the fixture workspace copy if it exists. */
export async function deleteWorkspaceFile(relPath: string): Promise<void> {
  const p = workspacePath(...relPath.split('/'));
  if (fs.existsSync(p)) await vscode.workspace.fs.delete(vscode.Uri.file(p));
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** An output channel that keeps what it is told: warnings and errors in `complaints`, the rest in `infos`. */
export function recordingOutput(): vscode.LogOutputChannel & { complaints: string[]; infos: string[] } {
  const complaints: string[] = [];
  const infos: string[] = [];
  const ignore = () => undefined;
  const output = { info: (m: string) => infos.push(m), debug: ignore, trace: ignore, dispose: ignore, warn: (m: string) => complaints.push(m), error: (m: string) => complaints.push(m) };
  return Object.assign(output as unknown as vscode.LogOutputChannel, { complaints, infos });
}
