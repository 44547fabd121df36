// Warm start: parses persisted in the extension's storage are used by the next session for unchanged dumps.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { LitnotesApi } from '../../../src/extension';
import type { IndexUpdate } from '../../../src/features/dumpReport';
import type { LibraryService } from '../../../src/features/libraryService';
import { activateExtension, waitFor, workspacePath, workspaceUri } from '../helpers';

const TOUCHED = 'dumps/000_078c4363ea6d0778.txt';

async function api(): Promise<LitnotesApi> {
  const exported = (await activateExtension()).exports as LitnotesApi;
  await exported.library.whenReady();
  return exported;
}

/** An output channel that keeps the warnings and errors it is given. */
function recordingOutput(): vscode.LogOutputChannel & { complaints: string[] } {
  const complaints: string[] = [];
  const ignore = () => undefined;
  const output = { info: ignore, debug: ignore, trace: ignore, dispose: ignore, warn: (m: string) => complaints.push(m), error: (m: string) => complaints.push(m) };
  return Object.assign(output as unknown as vscode.LogOutputChannel, { complaints });
}

/** A new session: a new service of the extension's own class (from its bundle, with its worker) persisting in `storage`, indexed. */
async function startSession(storage: vscode.Uri, output = recordingOutput()): Promise<{ service: LibraryService; updates: IndexUpdate[] }> {
  const Service = (await api()).library.constructor as typeof LibraryService;
  const service = new Service(output, storage);
  const updates: IndexUpdate[] = [];
  service.onDidUpdate((u) => updates.push(u));
  service.start();
  await service.whenReady();
  return { service, updates };
}

/** A whole session: index the workspace once, save, stop. */
async function session(storage: vscode.Uri, output = recordingOutput()): Promise<{ update: IndexUpdate; papers: string }> {
  const { service, updates } = await startSession(storage, output);
  try {
    await service.store.whenSaved();
    assert.ok(updates[0]?.full, 'a full update');
    return { update: updates[0], papers: JSON.stringify(service.papers()) };
  } finally {
    service.dispose();
  }
}

const sorted = (files: readonly string[]): string[] => [...files].sort();

/** The cache's files in `storage`: one per parse worker (`parse-cache.bin`, `parse-cache.1.bin` …). */
const cacheFiles = (storage: vscode.Uri): string[] =>
  fs.readdirSync(storage.fsPath).filter((name) => /^parse-cache(\.\d+)?\.bin$/.test(name)).map((name) => path.join(storage.fsPath, name));

describe('warm start from persisted parses', () => {
  let storage: vscode.Uri;

  beforeEach(() => {
    storage = vscode.Uri.file(fs.mkdtempSync(path.join(os.tmpdir(), 'litnotes-storage-')));
  });
  afterEach(() => fs.rmSync(storage.fsPath, { recursive: true, force: true }));

  it('the extension keeps its parse cache in its storage folder', async () => {
    const { library } = await api();
    await library.store.whenSaved();
    assert.ok(library.store.file, 'parses persist');
    assert.ok(fs.statSync(library.store.file).size > 0, `${library.store.file} is written`);
  });

  it('a new session takes unchanged dumps from the cache and re-parses a touched one', async () => {
    const cold = await session(storage);
    assert.deepStrictEqual(cold.update.fromCache, []);
    assert.ok(cold.update.parsed.length >= 6, 'the five seed dumps and the broken one are parsed');

    const warm = await session(storage);
    assert.deepStrictEqual(warm.update.parsed, [], 'nothing is read again');
    assert.deepStrictEqual(sorted(warm.update.fromCache), sorted(cold.update.parsed));
    assert.strictEqual(warm.papers, cold.papers, 'the same papers, keys and metadata');

    const stat = fs.statSync(workspacePath(TOUCHED));
    fs.utimesSync(workspacePath(TOUCHED), stat.atime, new Date(stat.mtimeMs + 10_000));
    const touched = await session(storage);
    assert.deepStrictEqual(touched.update.parsed, [TOUCHED]);
    assert.deepStrictEqual(sorted(touched.update.fromCache), sorted(cold.update.parsed.filter((f) => f !== TOUCHED)));
    assert.strictEqual(touched.papers, cold.papers);
  });

  it('a corrupt cache file is rebuilt silently', async () => {
    const cold = await session(storage);
    assert.ok(cacheFiles(storage).length > 0, 'the cache is written');
    for (const file of cacheFiles(storage)) fs.writeFileSync(file, 'not a parse cache');
    const output = recordingOutput();
    const rebuilt = await session(storage, output);
    assert.deepStrictEqual(rebuilt.update.fromCache, []);
    assert.deepStrictEqual(sorted(rebuilt.update.parsed), sorted(cold.update.parsed));
    assert.strictEqual(rebuilt.papers, cold.papers);
    assert.deepStrictEqual(output.complaints.filter((m) => /cache/i.test(m)), [], 'nothing said about the cache');
    assert.deepStrictEqual(sorted((await session(storage)).update.fromCache), sorted(cold.update.parsed), 'the rebuilt cache is used');
  });

  it('a dump changed during a session is saved shortly after, for the next session', async () => {
    const cold = await session(storage);
    const savedAt = () => cacheFiles(storage).map((file) => fs.statSync(file).mtimeMs).join();
    const before = savedAt();
    const { service, updates } = await startSession(storage);
    try {
      const uri = workspaceUri(...TOUCHED.split('/'));
      await vscode.workspace.fs.writeFile(uri, await vscode.workspace.fs.readFile(uri));
      await waitFor(() => updates.some((u) => u.parsed.includes(TOUCHED)), { timeout: 5000, message: 'the change' });
      await waitFor(() => savedAt() !== before, { timeout: 5000, message: 'the cache saved' });
    } finally {
      service.dispose();
    }
    const next = await session(storage);
    assert.deepStrictEqual(next.update.parsed, []);
    assert.deepStrictEqual(sorted(next.update.fromCache), sorted(cold.update.parsed));
  });
});
