// Warm start: the library snapshot and the parses persisted in the extension's storage are used by the next session for unchanged dumps.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { LitnotesApi } from '../../../src/extension';
import type { IndexUpdate } from '../../../src/features/dumpReport';
import type { LibraryService } from '../../../src/features/libraryService';
import { ParseCache } from '../../../src/indexer/parseCache';
import { candidateOf, readScanSettings } from '../../../src/features/dumpScanner';
import { stampOf, type FileAccess } from '../../../src/indexer/dumpFiles';
import { activateExtension, recordingOutput, waitFor, workspacePath, workspaceUri } from '../helpers';
import { testDump } from '../testDumps';

const TOUCHED = 'dumps/000_078c4363ea6d0778.txt';

/** Files as VS Code's own file system sees them (the library worker reads `file:` URIs from the disk: their stamps must agree). */
const viaVscode: FileAccess = {
  stat: async (uri) => vscode.workspace.fs.stat(vscode.Uri.parse(uri)).then((s) => ({ size: s.size, mtime: s.mtime }), () => null),
  read: async (uri) => vscode.workspace.fs.readFile(vscode.Uri.parse(uri)),
};

async function api(): Promise<LitnotesApi> {
  const exported = (await activateExtension()).exports as LitnotesApi;
  await exported.library.whenReady();
  return exported;
}

/**
 * The papers as JSON, by key: their order is not part of what a session must reproduce (a dump
 * touched just before a session starts may also reach its watcher, and a re-merged dump's papers
 * move to the end).
 */
const papersJson = async (service: LibraryService): Promise<string> => JSON.stringify([...(await service.papers())].sort((a, b) => (a.key < b.key ? -1 : 1)));

/** What a session served while its papers came from the snapshot (before its first scan finished). */
interface Served {
  papers: string;
  hit: string | undefined;
  dumps: number;
  entry: string | undefined;
}

/** A new session: a new service of the extension's own class (from its bundle, with its worker) persisting in `storage`, indexed. */
async function startSession(storage: vscode.Uri, output = recordingOutput()): Promise<{ service: LibraryService; updates: IndexUpdate[]; served: Served[] }> {
  const Service = (await api()).library.constructor as typeof LibraryService;
  const service = new Service(output, storage);
  const updates: IndexUpdate[] = [];
  const served: Served[] = [];
  service.onDidUpdate((u) => updates.push(u));
  service.onDidChange(() => {
    if (!service.fromSnapshot) return;
    const dumps = service.dumps().length;
    // Answered before the scan can change the library: it swaps papers in only after a pause of the event loop.
    void (async () => {
      const [entry] = await service.entriesOf('electra2020');
      const hit = (await service.search('electra', 1))[0]?.key;
      served.push({ papers: await papersJson(service), hit, dumps, entry: entry && `${path.basename(entry.uri.fsPath)}:${entry.line}` });
    })();
  });
  service.start();
  await service.whenReady();
  return { service, updates, served };
}

/** A whole session: index the workspace once, save, stop. */
async function session(storage: vscode.Uri, output = recordingOutput()): Promise<{ update: IndexUpdate; papers: string; served: Served[]; entry: string | undefined }> {
  const { service, updates, served } = await startSession(storage, output);
  try {
    await service.store.whenSaved();
    await service.snapshots.whenSaved();
    assert.ok(updates[0]?.full, 'a full update');
    assert.strictEqual(service.fromSnapshot, false, 'the scan replaced the snapshot');
    const [entry] = await service.entriesOf('electra2020');
    return { update: updates[0], papers: await papersJson(service), served, entry: entry && `${path.basename(entry.uri.fsPath)}:${entry.line}` };
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
    // Each dump's content label is saved with its parse, as a digest of what it was derived from (the next session's first parse of it reuses the label).
    const labels = (await Promise.all(cacheFiles(storage).map(async (file) => {
      const cache = new ParseCache();
      await cache.load(file);
      return cache.labels();
    }))).flat();
    assert.ok(labels.length >= 4, `labels saved: ${JSON.stringify(labels)}`);
    assert.ok(labels.every((l) => /^[A-Za-z0-9+/]{43}=$/.test(l.sample) && l.label), 'SHA-256 digests, and a label each');
    // And each seed dump's reading (digests of its bytes in chunks, see savedReading.ts): a change of it before the next session is read in part.
    const withReading = (await Promise.all(cacheFiles(storage).map(async (file) => {
      const cache = new ParseCache();
      await cache.load(file);
      const found = await Promise.all(cache.keys().map(async (key) => {
        const stamp = await stampOf(viaVscode, candidateOf(vscode.Uri.parse(key), readScanSettings()));
        return stamp && (await cache.withReading(key, stamp)) ? path.basename(vscode.Uri.parse(key).fsPath) : [];
      }));
      return found.flat();
    }))).flat();
    // Not for notes (nothing to read again: no papers) nor for the broken dump.
    const dumps = cold.update.parsed.map((f) => path.basename(f)).filter((f) => f.endsWith('.txt') && f !== 'broken.papers.txt');
    assert.equal(dumps.length, 5);
    assert.deepStrictEqual(sorted(withReading), sorted(dumps), 'a reading saved for every seed dump');

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
      await waitFor(async () => updates.some((u) => u.parsed.includes(TOUCHED)), { timeout: 5000, message: 'the change' });
      await waitFor(async () => savedAt() !== before, { timeout: 5000, message: 'the cache saved' });
    } finally {
      service.dispose();
    }
    const next = await session(storage);
    assert.deepStrictEqual(next.update.parsed, []);
    assert.deepStrictEqual(sorted(next.update.fromCache), sorted(cold.update.parsed));
  });
});

describe('warm start from the library snapshot', () => {
  let storage: vscode.Uri;
  const snapshotFile = (): string => path.join(storage.fsPath, 'library-snapshot.bin');
  const savedAt = (): number => fs.statSync(snapshotFile()).mtimeMs;

  beforeEach(() => {
    storage = vscode.Uri.file(fs.mkdtempSync(path.join(os.tmpdir(), 'litnotes-storage-')));
  });
  afterEach(() => fs.rmSync(storage.fsPath, { recursive: true, force: true }));

  it('serves the last session\'s papers, search and dumps before the scan, then the scanned library', async () => {
    const cold = await session(storage);
    assert.deepStrictEqual(cold.served, [], 'nothing to restore the first time');
    assert.ok(fs.statSync(snapshotFile()).size > 10_000, 'the snapshot is written after the scan');
    const written = savedAt();
    const output = recordingOutput();
    const warm = await session(storage, output);
    assert.ok(warm.served.length > 0, 'papers served from the snapshot before the scan finished');
    const [first] = warm.served;
    assert.strictEqual(first.papers, cold.papers, 'the same papers, keys and metadata');
    assert.strictEqual(first.hit, 'electra2020');
    assert.ok(first.dumps >= 5, `${first.dumps} dumps`);
    assert.strictEqual(first.entry, cold.entry, 'Open in Dump finds the entry');
    assert.strictEqual(warm.papers, cold.papers);
    assert.ok(output.infos.some((m) => /^Library snapshot: \d+ papers restored in \d+ ms/.test(m)), output.infos.join('\n'));
    assert.strictEqual(savedAt(), written, 'an unchanged library is not written again');
  });

  it('is not used when a dump changed since, and is rewritten after the scan', async () => {
    const cold = await session(storage);
    const written = savedAt();
    const stat = fs.statSync(workspacePath(TOUCHED));
    fs.utimesSync(workspacePath(TOUCHED), stat.atime, new Date(stat.mtimeMs + 20_000));
    const output = recordingOutput();
    const touched = await session(storage, output);
    assert.deepStrictEqual(touched.served, [], 'a stale snapshot is never served');
    assert.ok(output.infos.some((m) => /Library snapshot not used: .*000_078c4363ea6d0778\.txt changed/.test(m)), output.infos.join('\n'));
    assert.strictEqual(touched.papers, cold.papers);
    assert.notStrictEqual(savedAt(), written, 'rewritten');
    assert.ok((await session(storage)).served.length > 0, 'the rewritten snapshot is used');
  });

  it('is served when a dump was added since, and the scan then adds its papers', async () => {
    const cold = await session(storage);
    const added = workspaceUri('dumps', 'added-while-closed.papers.txt');
    await vscode.workspace.fs.writeFile(added, Buffer.from(testDump([{ title: 'Zyxwvut Snapshots for Literature Notes', abstract: 'A paper that only exists in a dump added while the editor was closed.' }])));
    try {
      const { service, served } = await startSession(storage);
      try {
        assert.ok(served.length > 0, 'the snapshot is served: none of its files changed');
        assert.strictEqual(served[0].papers, cold.papers, 'without the new dump');
        await service.snapshots.whenSaved();
        assert.strictEqual(service.fromSnapshot, false);
        assert.strictEqual(service.paperCount, JSON.parse(cold.papers).length + 1, 'the scan added its paper');
        assert.strictEqual((await service.search('zyxwvut', 1))[0]?.paper.title, 'Zyxwvut Snapshots for Literature Notes');
      } finally {
        service.dispose();
      }
    } finally {
      await vscode.workspace.fs.delete(added);
    }
  });

  it('gives way to a change waiting behind its save: postponed, nothing written, due again later', async () => {
    const output = recordingOutput();
    const { service, updates } = await startSession(storage, output);
    try {
      await service.snapshots.whenSaved();
      const written = savedAt();
      const before = updates.length;
      // A save due now; once it has started (it waits for its first pause), a rescan is asked: it queues behind the save.
      service.snapshots.saveSoon(0);
      const rescan = await new Promise<Promise<void>>((resolve) => setTimeout(() => resolve(service.reindex(false)), 0));
      await rescan;
      assert.ok(updates.length > before, 'the rescan ran');
      assert.ok(output.infos.some((m) => /^Library snapshot postponed after \d+ ms: the library is changing$/.test(m)), output.infos.join('\n'));
      assert.strictEqual(savedAt(), written, 'the postponed save wrote nothing');
      const settled = await Promise.race([service.snapshots.whenSaved().then(() => 'saved'), new Promise((resolve) => setTimeout(() => resolve('due'), 1000))]);
      assert.strictEqual(settled, 'due', 'a save is due again, once the library has been quiet');
    } finally {
      service.dispose();
    }
  });

  it('a damaged snapshot is skipped silently and rewritten', async () => {
    const cold = await session(storage);
    const bytes = fs.readFileSync(snapshotFile());
    fs.writeFileSync(snapshotFile(), bytes.subarray(0, bytes.length >> 1));
    const output = recordingOutput();
    const damaged = await session(storage, output);
    assert.deepStrictEqual(damaged.served, []);
    assert.strictEqual(damaged.papers, cold.papers);
    assert.deepStrictEqual(output.complaints.filter((m) => /snapshot/i.test(m)), [], 'no warning about the snapshot');
    assert.ok(output.infos.some((m) => /Library snapshot not used: damaged/.test(m)), output.infos.join('\n'));
    const next = await session(storage);
    assert.ok(next.served.length > 0, 'the rewritten snapshot is used');
    assert.strictEqual(next.served[0].papers, cold.papers);
  });
});
