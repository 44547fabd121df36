/** The library worker through connectLibrary: scans of copied seeds, questions, watcher changes, the snapshot, and the in-process fallback. */
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULT_KEY_FORMAT } from '../../src/core/citeKeys';
import { buildLibrary } from '../../src/core/library';
import { groupPapers } from '../../src/core/paperGroups';
import { parseDump } from '../../src/core/parse/index';
import type { Candidate } from '../../src/indexer/dumpFiles';
import { connectLibrary, type LibraryConnection } from '../../src/indexer/libraryClient';
import type { LibraryEvent, LibraryRequests } from '../../src/indexer/libraryProtocol';
import { SEED_FILES, SEEDS } from './helpers';

const FMT = DEFAULT_KEY_FORMAT;
const MAX_BYTES = 50 * 1024 * 1024;
type Updated = Extract<LibraryEvent, { type: 'updated' }>;
/** Temporary folders made, removed by {@link closeAll}. */
const made: string[] = [];
const temp = (name: string): string => made[made.push(mkdtempSync(path.join(tmpdir(), `litnotes-${name}-`))) - 1];
/** Disposes the connections (workers keep mocha alive otherwise) and removes the folders made. */
const closeAll = (sessions: (Session | undefined)[]): void => {
  for (const s of sessions) s?.connection.dispose();
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
};

/** A workspace folder holding copies of the seeds (the fixtures are never touched). */
function workspace(): string {
  const dir = temp('ws');
  for (const file of SEED_FILES) copyFileSync(path.join(SEEDS, file), path.join(dir, file));
  return dir;
}
const candidate = (dir: string, file: string): Candidate => ({ uri: pathToFileURL(path.join(dir, file)).href, file, maxBytes: MAX_BYTES });
/** The keys the in-process library gives these files of `dir`, as the worker should serve them. */
const expectedKeys = (dir: string, files: string[]): string[] =>
  buildLibrary(files.map((f) => parseDump(readFileSync(path.join(dir, f)), f)), { keyFormat: FMT }).papers.map((p) => p.key).sort();

/** One connection to a library, recording what it reports. */
class Session {
  readonly events: LibraryEvent[] = [];
  fallback: string | undefined;
  exited: string | undefined;
  readonly connection: LibraryConnection;

  constructor(storage: string, readonly dir: string, script?: string) {
    this.connection = connectLibrary(storage, {
      answers: {
        stat: async () => null,
        read: async (uri) => assert.fail(`the worker reads file: URIs itself, not ${uri}`),
        judge: async (uris) => uris.map((uri) => ({ uri, file: path.relative(dir, fileURLToPath(uri)).split(path.sep).join('/'), maxBytes: MAX_BYTES })),
      },
      onEvent: (event) => this.events.push(event),
      onExit: (reason) => (this.exited = reason),
      onFallback: (reason) => (this.fallback = reason),
    }, script);
  }

  call<K extends keyof LibraryRequests & string>(method: K, ...args: Parameters<LibraryRequests[K]>): Promise<Awaited<ReturnType<LibraryRequests[K]>>> {
    return this.connection.library.call(method, ...args);
  }

  /** Runs `action` and returns the 'updated' event it caused (events arrive before the answer, on one port). */
  async updateOf(action: () => Promise<unknown>): Promise<Updated> {
    const before = this.events.length;
    await action();
    const updated = this.events.slice(before).filter((e): e is Updated => e.type === 'updated');
    assert.equal(updated.length, 1, `one update expected, got ${updated.length}`);
    return updated[0];
  }

  /** A full scan of these files of the workspace. */
  scan(files: string[], generation = 1): Promise<Updated> {
    return this.updateOf(async () => {
      await this.call('beginScan', generation);
      assert.equal(await this.call('scan', generation, files.map((f) => candidate(this.dir, f)), false, FMT, 0), true);
    });
  }

  keys = async (): Promise<string[]> => (await this.call('papers')).map((p) => p.key).sort();
}

describe('library worker (connectLibrary)', function () {
  this.timeout(30000);
  let dir: string;
  let session: Session;
  let cold: Updated;

  before(async () => {
    dir = workspace();
    session = new Session(temp('storage'), dir);
    assert.equal(await session.call('start', FMT), false, 'no snapshot yet');
    cold = await session.scan(SEED_FILES);
    await session.call('whenSnapshotSaved'); // written now, not after the folders are removed
  });
  after(() => closeAll([session]));

  it('runs in a worker thread and scans the 5 seeds cold to 342 papers', () => {
    assert.deepEqual([session.connection.offThread, session.fallback], [true, undefined]);
    assert.deepEqual([cold.summary.paperCount, cold.update.papers, cold.summary.fromSnapshot, cold.scanned], [342, 342, false, 1]);
    assert.deepEqual([...cold.update.parsed].sort(), SEED_FILES);
    assert.deepEqual(cold.update.fromCache, []);
    assert.deepEqual(cold.summary.dumps.map((d) => d.entries), [4, 200, 54, 64, 46]);
    assert.equal(cold.summary.files.length, 5);
  });

  it('answers get, entriesOf, search, complete, unknownKeys and closestKey', async () => {
    assert.match((await session.call('get', 'electra2020'))?.title ?? '', /^ELECTRA/);
    const entries = await session.call('entriesOf', 'electra2020');
    assert.equal(entries.length, 3);
    assert.deepEqual(entries.map((e) => e.uri).sort(), ['001', '002', '003'].map((p) => candidate(dir, SEED_FILES.find((f) => f.startsWith(p))!).uri));
    assert.equal((await session.call('search', 'ELECTRA discriminators generators', 5))[0]?.key, 'electra2020');
    assert.ok((await session.call('complete', 'electra', 10)).some((h) => h.key === 'electra2020'));
    assert.deepEqual(await session.call('unknownKeys', ['electra2020', 'nosuchpaper1999']), ['nosuchpaper1999']);
    assert.equal(await session.call('closestKey', 'electra2021'), 'electra2020');
    assert.equal(await session.call('get', 'nosuchpaper1999'), undefined);
  });

  it('groups by topic with the in-process counts, lists a group, and finds a paper\'s place in it', async () => {
    const groups = await session.call('groups', 'topic');
    const local = groupPapers(buildLibrary(SEED_FILES.map((f) => parseDump(readFileSync(path.join(SEEDS, f)), f))).papers, 'topic');
    assert.deepEqual(groups.map((g) => [g.label, g.count]), [...local].map(([label, papers]) => [label, papers.length]));
    assert.deepEqual(groups.map((g) => g.count), [54, 200, 4, 46, 64]);
    assert.equal((await session.call('papersIn', 'topic', 'MLMs', 'title', 0, 50)).length, 4);
    const all = await session.call('papersIn', 'topic', 'Masked Language Modeling', 'date', 0, 500);
    const pages = [0, 80, 160].map((from) => session.call('papersIn', 'topic', 'Masked Language Modeling', 'date', from, 80));
    assert.deepEqual((await Promise.all(pages)).flat(), all, 'pages of a group, in order, make the whole group');
    assert.equal(all.length, 200);
    assert.deepEqual(await Promise.all([0, 123, 199].map((i) => session.call('rankIn', 'topic', 'Masked Language Modeling', 'date', all[i].key))), [0, 123, 199]);
    assert.equal(await session.call('rankIn', 'topic', 'MLMs', 'date', all[123].key), -1, 'a paper of another group');
    const byFile = await session.call('groups', 'file');
    assert.deepEqual(byFile.map((g) => g.uri), SEED_FILES.map((f) => candidate(dir, f).uri));
  });

  it('reads an edited dump again: the renamed paper gets its new key', async () => {
    const file = SEED_FILES[4];
    writeFileSync(path.join(dir, file), readFileSync(path.join(dir, file), 'utf8').replace('Stable, Fast and Accurate: Kernelized', 'Zanzibar Kernels: Kernelized'));
    const updated = await session.updateOf(() => session.call('applyChanges', [], [candidate(dir, file)], FMT));
    assert.deepEqual(updated.update.parsed, [file]);
    assert.equal(updated.merged, true);
    assert.equal(await session.call('get', 'stable'), undefined);
    assert.match((await session.call('get', 'zanzibar'))?.title ?? '', /^Zanzibar Kernels/);
    assert.deepEqual(await session.keys(), expectedKeys(dir, SEED_FILES));
  });

  it('drops the papers of a deleted dump', async () => {
    const file = SEED_FILES[0];
    unlinkSync(path.join(dir, file));
    const updated = await session.updateOf(() => session.call('applyChanges', [], [candidate(dir, file)], FMT));
    assert.deepEqual(updated.update.removed, [file]);
    assert.equal(updated.summary.dumps.length, 4);
    assert.deepEqual(await session.keys(), expectedKeys(dir, SEED_FILES.slice(1)));
    assert.ok(updated.summary.paperCount < 342);
  });

  it('drops the files scanned below a folder given in paths, not its prefix siblings', async () => {
    mkdirSync(path.join(dir, 'extra'));
    const [inner, sibling] = ['extra/copy.txt', 'extra-sibling.txt'];
    const text = readFileSync(path.join(SEEDS, SEED_FILES[0]), 'utf8');
    writeFileSync(path.join(dir, inner), text);
    writeFileSync(path.join(dir, sibling), text);
    const added = await session.updateOf(() => session.call('applyChanges', [], [candidate(dir, inner), candidate(dir, sibling)], FMT));
    assert.deepEqual([...added.update.parsed].sort(), [sibling, inner].sort());
    assert.equal(added.summary.files.length, 6);
    rmSync(path.join(dir, 'extra'), { recursive: true });
    const dropped = await session.updateOf(() => session.call('applyChanges', [pathToFileURL(path.join(dir, 'extra')).href], [], FMT));
    assert.deepEqual(dropped.update.removed, [inner]);
    assert.deepEqual(dropped.summary.files.map((f) => f.file).sort(), [...SEED_FILES.slice(1), sibling].sort());
    assert.deepEqual(await session.keys(), expectedKeys(dir, [...SEED_FILES.slice(1), sibling]));
  });
});

describe('library worker snapshot across connections', function () {
  this.timeout(30000);
  let dir: string;
  let storage: string;
  const sessions: Session[] = [];
  before(() => ((dir = workspace()), (storage = temp('storage'))));
  after(() => closeAll(sessions));

  it('restores the saved papers before the next scan, which then takes every parse from the cache', async () => {
    const first = new Session(storage, dir);
    sessions.push(first);
    await first.call('start', FMT);
    await first.scan(SEED_FILES);
    const papers = await first.call('papers');
    await Promise.all([first.call('whenSnapshotSaved'), first.call('whenParsesSaved')]);
    first.connection.dispose();

    const second = new Session(storage, dir);
    sessions.push(second);
    assert.equal(await second.call('start', FMT), true, 'the snapshot is served');
    const restored = second.events.find((e) => e.type === 'restored');
    assert.ok(restored?.type === 'restored', 'a restored event before the scan');
    assert.deepEqual([restored.summary.fromSnapshot, restored.summary.paperCount, restored.summary.dumps.length], [true, 342, 5]);
    assert.deepEqual(await second.call('papers'), papers);
    assert.equal((await second.call('entriesOf', 'electra2020')).length, 3);
    assert.equal((await second.call('search', 'ELECTRA discriminators', 3))[0]?.key, 'electra2020');

    const scanned = await second.scan(SEED_FILES);
    assert.deepEqual([scanned.update.parsed, [...scanned.update.fromCache].sort(), scanned.summary.fromSnapshot], [[], SEED_FILES, false]);
    assert.deepEqual(await second.call('papers'), papers);
    await second.call('whenParsesSaved');
    second.connection.dispose();
  });

  it('serves the whole snapshot when a change comes before the first scan, and merges the change with that scan', async () => {
    const early = new Session(storage, dir);
    sessions.push(early);
    assert.equal(await early.call('start', FMT), true);
    const edited = path.join(dir, SEED_FILES[4]);
    writeFileSync(edited, readFileSync(edited, 'utf8').replace(' the ', ' a '));
    await early.call('applyChanges', [], [candidate(dir, SEED_FILES[4])], FMT);
    assert.equal((await early.call('papers')).length, 342, 'the snapshot is still served whole');
    assert.equal((await early.call('entriesOf', 'electra2020')).length, 3);
    const scanned = await early.scan(SEED_FILES);
    assert.equal(scanned.summary.fromSnapshot, false);
    assert.deepEqual(await early.keys(), expectedKeys(dir, SEED_FILES));
    await Promise.all([early.call('whenSnapshotSaved'), early.call('whenParsesSaved')]);
    early.connection.dispose();
  });

  it('does not restore a snapshot once one of its dumps changed', async () => {
    writeFileSync(path.join(dir, SEED_FILES[2]), readFileSync(path.join(dir, SEED_FILES[2]), 'utf8').replace('ELECTRA', 'ELEKTRA'));
    const third = new Session(storage, dir);
    sessions.push(third);
    assert.equal(await third.call('start', FMT), false);
    assert.equal(third.events.filter((e) => e.type === 'restored').length, 0);
    assert.ok(third.events.some((e) => e.type === 'log' && /snapshot not used: .*002_.* changed/.test(e.message)), 'the reason is logged');
    assert.equal((await third.call('papers')).length, 0, 'nothing served before the scan');
    assert.deepEqual((await third.scan(SEED_FILES)).update.parsed, [SEED_FILES[2]], 'only the changed dump is parsed again');
    await third.call('whenSnapshotSaved');
  });
});

describe('a library worker that stops unasked', function () {
  this.timeout(30000);
  let session: Session | undefined;
  after(() => closeAll([session]));

  it('fails the calls waiting for it and tells the host why (the service then starts another)', async () => {
    const script = path.join(temp('crash'), 'exits.js');
    writeFileSync(script, 'process.exit(3);\n');
    session = new Session(temp('storage'), workspace(), script);
    await assert.rejects(session.call('start', FMT), /exited with code 3/);
    assert.match(session.exited ?? '', /the library worker exited with code 3/);
    assert.equal(session.fallback, undefined);
  });
});

describe('library on the host when no worker starts', function () {
  this.timeout(30000);
  let session: Session | undefined;
  after(() => closeAll([session]));

  it('falls back to an in-process library that still scans the seeds to 342 papers', async () => {
    session = new Session(temp('storage'), workspace(), '/nonexistent/libraryWorker.js');
    assert.match(session.fallback ?? '', /could not start.*nonexistent/);
    assert.equal(session.connection.offThread, false);
    await session.call('start', FMT);
    const updated = await session.scan(SEED_FILES);
    assert.equal(updated.summary.paperCount, 342);
    assert.equal((await session.call('entriesOf', 'electra2020')).length, 3);
    assert.equal(session.exited, undefined);
    await session.call('whenSnapshotSaved');
  });
});
