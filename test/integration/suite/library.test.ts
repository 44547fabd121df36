// The library service in a real extension host: indexing the fixture workspace, problems, status bar, live updates.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { LitnotesApi } from '../../../src/extension';
import type { IndexUpdate } from '../../../src/features/dumpReport';
import { activateExtension, deleteWorkspaceFile, waitFor, workspaceUri, writeWorkspaceFile } from '../helpers';
import { testBlock, testDump } from '../testDumps';

const SEED_DUMPS = [
  'dumps/000_078c4363ea6d0778.txt',
  'dumps/001_fd33f1a6bc32f27b.txt',
  'dumps/002_114d13bd9a7fb12f.txt',
  'dumps/003_8408f118e69440e1.txt',
  'dumps/004_54a2025a6e864eb8.txt',
];
const QUASAR = { title: 'Quasar Lattices for Zebrafish Sonification', abstract: 'We sonify zebrafish swimming with quasar lattices.' };
const MARMALADE = { title: 'Holographic Marmalade Transformers', abstract: 'Marmalade holography spreads transformers evenly over toast.' };
const CARDAMOM = { title: 'Cardamom Gradients in Sparse Orchards', abstract: 'Cardamom gradients prune sparse orchards of redundant trees.' };

const titles = async (api: LitnotesApi): Promise<Set<string>> => new Set((await api.library.papers()).map((p) => p.title));
const files = (api: LitnotesApi): string[] => api.library.dumps().map((d) => vscode.workspace.asRelativePath(d.uri)).sort();

/** Collects the library's updates until disposed. */
function recordUpdates(library: LitnotesApi['library']): vscode.Disposable & { seen: IndexUpdate[] } {
  const seen: IndexUpdate[] = [];
  return Object.assign(library.onDidUpdate((u) => seen.push(u)), { seen });
}

async function api(): Promise<LitnotesApi> {
  const exported = (await activateExtension()).exports as LitnotesApi;
  await exported.library.whenReady();
  return exported;
}

describe('library: indexing the workspace', () => {
  it('indexes the 342 papers of the five seed dumps', async () => {
    const { library } = await api();
    assert.strictEqual(library.state, 'ready');
    assert.strictEqual(library.paperCount, 342);
    assert.deepStrictEqual(files(await api()), SEED_DUMPS);
    assert.deepStrictEqual(library.dumps().map((d) => d.entries).sort((a, b) => a - b), [4, 46, 54, 64, 200]);
    const electra = (await library.get('electra2020'));
    assert.ok(electra, 'electra2020 is indexed');
    assert.strictEqual((await library.entriesOf('electra2020')).length, 3);
    assert.ok((await library.search('ELECTRA discriminators rather than generators', 3)).some((h) => h.key === 'electra2020'));
    assert.strictEqual((await library.complete('electra', 5))[0]?.key, 'electra2020');
  });

  it('keeps the library in a worker thread, and parses the dumps in worker threads of its own, off the extension host', async () => {
    const { library } = await api();
    await library.whenReady();
    assert.strictEqual(library.offThread, true);
    assert.strictEqual(await library.parsesOffThread(), true);
  });

  it('parses a dump opened in an editor in the background, so that its next change is read again in part', async () => {
    const { library } = await api();
    await library.whenReady();
    const uris = SEED_DUMPS.map((f) => workspaceUri(...f.split('/')));
    const remembered = await Promise.all(uris.map((uri) => library.remembers(uri)));
    const dump = uris.find((_, i) => !remembered[i]);
    assert.ok(dump, 'a dump whose last parse no worker remembers (they remember 2 files)');
    await vscode.window.showTextDocument(dump, { preview: true });
    try {
      await waitFor(async () => library.remembers(dump), { timeout: 5000, message: 'the opened dump parsed in the background' });
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });

  it('does not take the Markdown notes for dumps', async () => {
    const { library } = await api();
    assert.ok(library.dumps().every((d) => !d.uri.path.includes('/notes/')));
    assert.deepStrictEqual(library.problems().filter((p) => p.file.startsWith('notes/')), [], 'notes produce no problems');
    assert.deepStrictEqual(vscode.languages.getDiagnostics(workspaceUri('notes', 'reading-log.md')).filter((d) => d.source === 'litnotes'), []);
  });

  it('reports the broken dump in the Problems panel, and indexes the rest', async () => {
    const { library } = await api();
    const broken = workspaceUri('dumps', 'broken.papers.txt');
    const diagnostics = vscode.languages.getDiagnostics(broken);
    assert.ok(diagnostics.length >= 1, 'broken.papers.txt has diagnostics');
    assert.ok(diagnostics.every((d) => d.source === 'litnotes' && d.severity <= vscode.DiagnosticSeverity.Warning));
    assert.ok(library.problems().some((p) => p.file === 'dumps/broken.papers.txt' && p.uri.toString() === broken.toString()));
    for (const seed of SEED_DUMPS) assert.deepStrictEqual(vscode.languages.getDiagnostics(workspaceUri(...seed.split('/'))), []);
  });

  it('shows the paper count in the status bar, which opens the search', async () => {
    const { statusBar } = await api();
    assert.strictEqual(statusBar.text, '$(book) 342 papers');
    assert.strictEqual(statusBar.command, 'litnotes.search');
    assert.match(String(statusBar.tooltip), /5 dumps, 1 problem/);
  });

  it('re-indexes everything on litnotes.reindex', async () => {
    const { library } = await api();
    const updates = recordUpdates(library);
    try {
      await vscode.commands.executeCommand('litnotes.reindex');
    } finally {
      updates.dispose();
    }
    assert.strictEqual(library.state, 'ready');
    const full = updates.seen.find((u) => u.full);
    assert.ok(full, 'a full update');
    assert.ok(SEED_DUMPS.every((f) => full.parsed.includes(f)), 'every dump re-read');
    assert.ok(full.searchMs !== undefined && full.searchMs >= 0 && full.searchMs <= full.ms, `the search's time, within the update's: ${full.searchMs} of ${full.ms} ms`);
    assert.strictEqual(library.paperCount, 342);
  });
});

describe('library: live updates', () => {
  const LIVE = 'dumps/live-test.papers.txt';
  const RENAMED = 'dumps/renamed-test.papers.txt';

  after(async () => {
    await vscode.workspace.getConfiguration('litnotes.dumps').update('exclude', undefined, vscode.ConfigurationTarget.Workspace);
    for (const file of [LIVE, RENAMED]) await deleteWorkspaceFile(file);
    await vscode.workspace.fs.delete(workspaceUri('extra'), { recursive: true }).then(undefined, () => undefined);
  });

  it('a new dump is indexed within seconds', async () => {
    const a = await api();
    await writeWorkspaceFile(LIVE, testDump([QUASAR, MARMALADE]));
    await waitFor(async () => (await titles(a)).has(QUASAR.title) && (await titles(a)).has(MARMALADE.title), { timeout: 5000, message: 'the new dump' });
    assert.strictEqual(a.library.paperCount, 344);
    assert.ok(files(a).includes(LIVE));
    assert.strictEqual((await a.library.search('zebrafish sonification', 5))[0]?.paper.title, QUASAR.title);
    assert.strictEqual(a.statusBar.text, '$(book) 344 papers');
    assert.strictEqual(a.library.latestDump()?.toString(), workspaceUri(...LIVE.split('/')).toString(), 'the dump changed last, primed at the next start');
  });

  it('a modified dump is the only file re-parsed', async () => {
    const a = await api();
    if (!(await titles(a)).has(QUASAR.title)) {
      await writeWorkspaceFile(LIVE, testDump([QUASAR, MARMALADE]));
      await waitFor(async () => (await titles(a)).has(QUASAR.title), { timeout: 5000, message: 'the new dump' });
    }
    const updates = recordUpdates(a.library);
    try {
      await writeWorkspaceFile(LIVE, testDump([QUASAR, MARMALADE, CARDAMOM]));
      await waitFor(async () => (await titles(a)).has(CARDAMOM.title), { timeout: 5000, message: 'the added paper' });
    } finally {
      updates.dispose();
    }
    assert.deepStrictEqual(updates.seen.flatMap((u) => u.parsed), [LIVE], 'files parsed since the change');
    assert.deepStrictEqual(updates.seen.flatMap((u) => u.removed), []);
    assert.deepStrictEqual(updates.seen.map((u) => u.searchMs), updates.seen.map(() => undefined), 'no search for a watcher batch');
    assert.strictEqual(a.library.paperCount, 345);
  });

  it('a paper moved down by an insertion above it keeps its key, and its location follows it', async () => {
    const a = await api();
    // Each paper with the same metadata wherever it sits: moving it changes only its lines.
    const dump = (papers: [typeof QUASAR, number][]) => `Daily Papers\n\n${papers.map(([p, n]) => testBlock(p, n, `Feb ${n}, 2024`)).join('\n')}`;
    await writeWorkspaceFile(LIVE, dump([[QUASAR, 2], [MARMALADE, 3]]));
    await waitFor(async () => (await a.library.papers()).some((p) => p.title === QUASAR.title && p.date === 'Feb 2, 2024'), { timeout: 5000, message: 'the dump' });
    const key = (await a.library.papers()).find((p) => p.title === QUASAR.title)!.key;
    const moved = dump([[CARDAMOM, 4], [QUASAR, 2], [MARMALADE, 3]]);
    await writeWorkspaceFile(LIVE, moved);
    await waitFor(async () => (await titles(a)).has(CARDAMOM.title), { timeout: 5000, message: 'the inserted paper' });
    assert.strictEqual((await a.library.papers()).find((p) => p.title === QUASAR.title)?.key, key);
    assert.deepStrictEqual((await a.library.entriesOf(key)).map((e) => [e.file, e.line]), [[LIVE, moved.split('\n').indexOf(QUASAR.title) + 1]]);
    assert.strictEqual((await a.library.search('zebrafish sonification', 5))[0]?.paper.key, key);
    assert.strictEqual(a.library.paperCount, 345);
  });

  it('a renamed dump moves and a deleted dump disappears from search and completion', async () => {
    const a = await api();
    const key = (await a.library.papers()).find((p) => p.title === QUASAR.title)?.key as string;
    await vscode.workspace.fs.rename(workspaceUri(...LIVE.split('/')), workspaceUri(...RENAMED.split('/')));
    await waitFor(async () => (await a.library.entriesOf(key))[0]?.file === RENAMED, { timeout: 5000, message: 'the renamed dump' });
    assert.ok(!files(a).includes(LIVE));
    assert.strictEqual(a.library.paperCount, 345);
    await deleteWorkspaceFile(RENAMED);
    await waitFor(async () => a.library.paperCount === 342, { timeout: 5000, message: 'the deleted dump to disappear' });
    assert.strictEqual((await a.library.get(key)), undefined);
    assert.ok(!(await a.library.search('zebrafish sonification', 10)).some((h) => h.paper.title === QUASAR.title));
    assert.ok(!(await a.library.complete('quasar', 10)).some((h) => h.paper.title === QUASAR.title));
    assert.deepStrictEqual(files(a), SEED_DUMPS);
  });

  it('a deleted folder takes its dumps with it', async () => {
    const a = await api();
    await writeWorkspaceFile('extra/nested/more.papers.md', testDump([CARDAMOM]));
    await waitFor(async () => (await titles(a)).has(CARDAMOM.title), { timeout: 5000, message: 'the nested dump' });
    await vscode.workspace.fs.delete(workspaceUri('extra'), { recursive: true });
    await waitFor(async () => !(await titles(a)).has(CARDAMOM.title), { timeout: 5000, message: 'the folder deletion' });
    assert.strictEqual(a.library.paperCount, 342);
  });

  it('re-indexes when the exclude setting changes', async () => {
    const a = await api();
    const dumps = vscode.workspace.getConfiguration('litnotes.dumps');
    await dumps.update('exclude', [...(dumps.get<string[]>('exclude') ?? []), '**/004_*'], vscode.ConfigurationTarget.Workspace);
    await waitFor(async () => a.library.dumps().length === 4 && a.library.state === 'ready', { timeout: 5000, message: 'the excluded dump to go' });
    assert.ok(!files(a).includes(SEED_DUMPS[4]));
    await dumps.update('exclude', undefined, vscode.ConfigurationTarget.Workspace);
    await waitFor(async () => a.library.paperCount === 342 && a.library.state === 'ready', { timeout: 5000, message: 'the dump to return' });
  });
});
