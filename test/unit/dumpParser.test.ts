import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PARSER_VERSION } from '../../src/core/parse/index';
import { DumpParser, YOUNG_GENERATION_MB } from '../../src/indexer/dumpParser';
import { encodeParsed, ParseCache, type Stamp } from '../../src/indexer/parseCache';
import { decodeDelta, encodeDelta } from '../../src/indexer/parseDelta';
import { parseWithTopic } from '../../src/indexer/parseJob';
import { warmUpParsing } from '../../src/indexer/warmUp';
import { SEEDS, SEED_FILES } from './helpers';

describe('parsing in a worker thread', () => {
  const bytes = readFileSync(path.join(SEEDS, SEED_FILES[2]));

  it('gives the same result as parsing in-process, topic included', async () => {
    const parser = new DumpParser();
    try {
      const [a, b] = await Promise.all([parser.parse(bytes, 'a.txt', {}), parser.parse(bytes, 'b.txt', { expectDump: true })]);
      const local = parseWithTopic(bytes, 'a.txt', {});
      assert.deepEqual(a, local);
      assert.equal(b.entries.length, 54);
      assert.equal(a.meta.topic, 'Masked');
    } finally {
      parser.dispose();
    }
  });

  it('answers a file parsed again as what changed: the same result as parsing in-process, the unchanged papers the same objects', async () => {
    const parser = new DumpParser();
    try {
      const text = bytes.toString('utf8');
      const cut = text.indexOf('\n\n', text.length >> 1);
      const edited = Buffer.from(`${text.slice(0, cut)}\n\nAn Added Paper on Reading Dumps Again\n\n${'We read only the changed lines of a dump again, and the result is the same. '.repeat(3)}\n  • 2 authors\n·\nJan 2, 2025${text.slice(cut)}`);
      const first = await parser.parse(bytes, 'a.txt', {}, undefined, true);
      const second = await parser.parse(edited, 'a.txt', {}, undefined, true);
      assert.deepStrictEqual(second, parseWithTopic(edited, 'a.txt', {}));
      assert.equal(second.entries.length, first.entries.length + 1);
      assert.equal(second.entries[0], first.entries[0], 'an unchanged paper before the edit: the object decoded before');
      const moved = second.entries[second.entries.length - 1];
      assert.equal(moved.line, first.entries[first.entries.length - 1].line + 7);
      // Back to the first text: answered in part again, against the second parse.
      const third = await parser.parse(bytes, 'a.txt', {}, undefined, true);
      assert.deepStrictEqual(third, first);
      assert.equal(third.entries[0], second.entries[0]);
      // Another name is another file: parsed whole.
      const other = await parser.parse(edited, 'b.txt', {}, undefined, true);
      assert.notEqual(other.entries[0], second.entries[0]);
      assert.deepStrictEqual(other, parseWithTopic(edited, 'b.txt', {}));
      // A parse not of an edited file (as in a scan) is not kept: the next one is answered whole.
      await parser.parse(bytes, 'c.txt', {});
      assert.equal(parser.remembers('c.txt'), false);
      assert.notEqual((await parser.parse(edited, 'c.txt', {}, undefined, true)).entries[0], other.entries[0]);
      assert.equal(parser.remembers('c.txt'), true);
    } finally {
      parser.dispose();
    }
  });

  it('gives the worker a larger young generation', async () => {
    // A worker that answers `load` with its own resource limits.
    const dir = mkdtempSync(path.join(tmpdir(), 'litnotes-limits-'));
    const script = path.join(dir, 'limits-worker.js');
    writeFileSync(script, "const { parentPort, resourceLimits } = require('node:worker_threads');\nparentPort.on('message', (m) => parentPort.postMessage({ id: m.id, result: [String(resourceLimits.maxYoungGenerationSizeMb)] }));\n");
    const parser = new DumpParser(script);
    try {
      assert.deepEqual(await parser.load('unused'), [String(YOUNG_GENERATION_MB)]);
    } finally {
      parser.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs the worker below the caller\'s priority on Linux, and only the worker', async function () {
    if (process.platform !== 'linux') this.skip(); // a thread has its own nice value only on Linux
    const niceOf = (task: string): number => Number(readFileSync(`/proc/self/task/${task}/stat`, 'utf8').split(') ')[1].split(' ')[16]);
    const before = new Set(readdirSync('/proc/self/task'));
    const parser = new DumpParser();
    try {
      await parser.parse(bytes, 'a.txt', {});
      const added = readdirSync('/proc/self/task').filter((t) => !before.has(t));
      assert.ok(added.some((t) => niceOf(t) === 10), `a new thread at nice 10 among ${added.map((t) => `${t}:${niceOf(t)}`).join(', ')}`);
      assert.equal(niceOf(String(process.pid)), 0, 'the caller keeps its priority');
    } finally {
      parser.dispose();
    }
  });

  it('falls back to parsing in-process when the worker cannot run', async () => {
    const reasons: string[] = [];
    const parser = new DumpParser(path.join(__dirname, 'no-such-worker.js'), (reason) => reasons.push(reason));
    try {
      const parsed = await parser.parse(bytes, 'a.txt', {});
      assert.equal(parsed.entries.length, 54);
      assert.equal(reasons.length, 1);
      assert.match(reasons[0], /parse worker/);
    } finally {
      parser.dispose();
    }
  });
});

describe('warming up a new parse worker before a first scan', () => {
  it('parses a made-up dump of every layout, each read in that layout in full', () => {
    assert.deepEqual([...warmUpParsing()], ['markdown', 'blocks', 'runTogether', 'alternating', 'pairs'].map((layout) => ({ layout, entries: 40 })));
  });

  it('runs in a worker that found no parse cache (not in one that loaded some), after its load; nothing of it is cached, and a parse asked at once is answered', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'litnotes-warm-'));
    const [first, cold, warm, asked] = [new DumpParser(), new DumpParser(), new DumpParser(), new DumpParser()];
    const pause = () => new Promise((resolve) => setTimeout(resolve, 500));
    try {
      const bytes = readFileSync(path.join(SEEDS, SEED_FILES[2]));
      const stamp: Stamp = { size: bytes.length, mtime: 1, maxBytes: 1 << 20, file: 'a.papers.txt' };
      const cache = path.join(dir, 'cache.bin');
      await first.parse(bytes, stamp.file, {}, { key: 'a', stamp });
      assert.equal(await first.save(cache, ['a']), true);
      // Each worker's busy time is read as its load answers: the one without a cache warms up right after answering,
      // while the other may still be reading its cache.
      const before = [0, 0];
      const loaded = (parser: DumpParser, i: number) => (keys: string[]) => ((before[i] = parser.busyMs), keys);
      assert.deepEqual(await Promise.all([cold.load(path.join(dir, 'none.bin')).then(loaded(cold, 0)), warm.load(cache).then(loaded(warm, 1))]), [[], ['a']]);
      const busy = () => [cold.busyMs - before[0], warm.busyMs - before[1]];
      // Five made-up parses in new code take 80–110 ms of the worker's time (here); an idle worker takes none.
      // Waits until the worker without a cache was busy 30 ms (10 s at most), then compares the two over that time.
      for (const deadline = Date.now() + 10_000; busy()[0] <= 30 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 20));
      const [withoutCache, withCache] = busy();
      assert.ok(withoutCache > 30 && withCache < 30, `busy after the load: ${withoutCache.toFixed(1)} ms without a cache, ${withCache.toFixed(1)} ms with one`);

      assert.deepEqual(await asked.load(path.join(dir, 'none.bin')), []);
      assert.deepEqual(await asked.parse(bytes, 'b.papers.txt', {}, { key: 'b', stamp }), parseWithTopic(bytes, 'b.papers.txt', {}));
      await pause();
      assert.equal(await asked.save(cache, ['b', 'litnotes-warm-up.markdown.papers.md']), true);
      assert.deepEqual(await warm.load(cache), ['b']);
    } finally {
      for (const p of [first, cold, warm, asked]) p.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the parse cache in the worker thread', () => {
  const bytes = readFileSync(path.join(SEEDS, SEED_FILES[2]));
  const stamp: Stamp = { size: bytes.length, mtime: 1_700_000_000_000, maxBytes: 1 << 20, file: 'dumps/a.papers.txt' };
  const key = 'file:///w/dumps/a.papers.txt';
  let dir: string;
  let file: string;
  const parsers: DumpParser[] = [];
  const parser = (script?: string) => (parsers.push(new DumpParser(script)), parsers[parsers.length - 1]);

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'litnotes-worker-cache-'));
    file = path.join(dir, 'parse-cache.bin');
  });
  afterEach(() => {
    for (const p of parsers.splice(0)) p.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('persists parses: parse, save, then a new worker loads and hands back the identical parse', async () => {
    const first = parser();
    const parsed = await first.parse(bytes, stamp.file, { maxBytes: stamp.maxBytes }, { key, stamp });
    assert.equal(await first.save(file, [key]), true);
    const second = parser();
    assert.deepEqual(await second.load(file), [key]);
    assert.deepEqual(await second.take(key, stamp), parsed);
    assert.equal(await second.take(key, { ...stamp, mtime: stamp.mtime + 1 }), null, 'a touched file');
    assert.equal(await second.take('file:///w/other.papers.txt', stamp), null);
  });

  it('caches a parse answered as what changed, and saves and hands it back whole', async () => {
    const first = parser();
    await first.parse(bytes, stamp.file, {}, { key, stamp }, true);
    const edited = Buffer.from(bytes.toString('utf8').replace(' the ', ' a '));
    const editedStamp = { ...stamp, size: edited.length, mtime: stamp.mtime + 1 };
    const parsed = await first.parse(edited, stamp.file, {}, { key, stamp: editedStamp }, true);
    assert.deepStrictEqual(parsed, parseWithTopic(edited, stamp.file, {}));
    // Saved before it was ever taken: encoded by the save.
    assert.equal(await first.save(file, [key]), true);
    assert.deepStrictEqual(await first.take(key, editedStamp), parsed);
    const second = parser();
    await second.load(file);
    assert.deepStrictEqual(await second.take(key, editedStamp), parsed);
    // Taken before it is saved: encoded by the take, and saved as taken.
    const again = Buffer.from(edited.toString('utf8').replace(' the ', ' one '));
    const againStamp = { ...stamp, size: again.length, mtime: stamp.mtime + 2 };
    const third = await first.parse(again, stamp.file, {}, { key, stamp: againStamp }, true);
    assert.deepStrictEqual(await first.take(key, againStamp), third);
    assert.equal(await first.save(file, [key]), true);
    const fourth = parser();
    await fourth.load(file);
    assert.deepStrictEqual(await fourth.take(key, againStamp), third);
  });

  it('reads a file changed since the previous session again from the parse it saved, given the parse the caller holds', async () => {
    const large = Buffer.from(Array.from({ length: 6 }, (_, i) => bytes.toString('utf8').replace(/\n\n([A-Z][^\n]{10,150})\n\n/g, `\n\n$1 (${i})\n\n`)).join('\n\n'));
    const largeStamp = { ...stamp, size: large.length };
    const first = parser();
    await first.parse(large, stamp.file, {}, { key, stamp: largeStamp });
    assert.equal(await first.save(file, [key]), true);
    const edited = Buffer.from(large.toString('utf8').replace(/ the (?![^]* the )/, ' a '));
    const editedStamp = { ...largeStamp, size: edited.length, mtime: stamp.mtime + 1 };
    const expected = parseWithTopic(edited, stamp.file, {});
    for (const [held, restored] of [[largeStamp, true], [{ ...largeStamp, mtime: 1 }, false]] as const) {
      const second = parser();
      await second.load(file);
      const taken = await second.take(key, largeStamp);
      assert.ok(taken);
      const parsed = await second.parse(edited, stamp.file, {}, { key, stamp: editedStamp }, true, { parsed: taken, stamp: held });
      assert.deepStrictEqual(parsed, expected);
      // Read in part against the saved reading, the worker answers what changed: the papers before the change are the held ones.
      assert.equal(parsed.entries[0] === taken.entries[0], restored, restored ? 'read in part' : 'a stale held parse: read whole');
    }
    // Read ahead (as when a watcher first reports the change), the basis is in the worker: the cache file is no longer needed.
    for (const ahead of [true, false]) {
      const third = parser();
      await third.load(file);
      const taken = await third.take(key, largeStamp);
      assert.ok(taken);
      assert.equal(await third.prefetch(key, { ...largeStamp, mtime: 1 }), false, 'no parse cached from that stamp');
      if (ahead) assert.equal(await third.prefetch(key, largeStamp), true);
      const saved = readFileSync(file);
      rmSync(file);
      const parsed = await third.parse(edited, stamp.file, {}, { key, stamp: editedStamp }, true, { parsed: taken, stamp: largeStamp });
      writeFileSync(file, saved);
      assert.deepStrictEqual(parsed, expected);
      assert.equal(parsed.entries[0] === taken.entries[0], ahead, ahead ? 'read in part from the basis read ahead' : 'nothing to read it from: read whole');
    }
  });

  it('loads a corrupt file or one from another parser version as empty, without throwing', async () => {
    writeFileSync(file, 'garbage');
    assert.deepEqual(await parser().load(file), []);
    const other = new ParseCache(PARSER_VERSION + 1);
    other.put(key, stamp, encodeParsed(parseWithTopic(bytes, stamp.file, {})));
    await other.save(file, new Set([key]));
    const worker = parser();
    assert.deepEqual(await worker.load(file), []);
    assert.equal(await worker.take(key, stamp), null);
  });

  it('answers a parse asked while a save is written without waiting for it; the save writes what was cached when it was asked', async () => {
    const p = parser();
    const keys = Array.from({ length: 20 }, (_, i) => `file:///w/${i}.papers.txt`);
    for (const k of keys) await p.parse(bytes, stamp.file, {}, { key: k, stamp });
    const order: string[] = [];
    const saved = p.save(file, keys).then((wrote) => (order.push('save'), wrote));
    const edited = Buffer.from(bytes.toString('utf8').replace(' the ', ' a '));
    const editedStamp = { ...stamp, size: edited.length, mtime: stamp.mtime + 1 };
    const parsed = p.parse(edited, stamp.file, {}, { key: keys[0], stamp: editedStamp }).then((x) => (order.push('parse'), x));
    assert.equal(await saved, true);
    assert.deepStrictEqual(await parsed, parseWithTopic(edited, stamp.file, {}));
    assert.deepEqual(order, ['parse', 'save']);
    assert.deepStrictEqual(await p.take(keys[0], editedStamp), await parsed, 'the parse cached meanwhile is still cached');
    const next = parser();
    assert.equal((await next.load(file)).length, keys.length);
    assert.ok(await next.take(keys[0], stamp), 'the file has the parse cached when the save was asked');
    assert.equal(await p.save(file, keys), true, 'the parse cached meanwhile is written by the next save');
    const last = parser();
    await last.load(file);
    assert.deepStrictEqual(await last.take(keys[0], editedStamp), await parsed);
  });

  it('finishes a save it was asked for before a dispose stops the worker', async () => {
    const p = new DumpParser();
    await p.parse(bytes, stamp.file, {}, { key, stamp });
    const saved = p.save(file, [key]);
    p.dispose();
    assert.equal(await saved, true);
    assert.ok(existsSync(file));
  });

  it('persists nothing when parsing in-process, and says so', async () => {
    const fallback = parser(path.join(__dirname, 'no-such-worker.js'));
    assert.equal((await fallback.parse(bytes, stamp.file, {}, { key, stamp })).entries.length, 54);
    assert.deepEqual(await fallback.load(file), []);
    assert.equal(await fallback.take(key, stamp), null);
    assert.equal(await fallback.save(file, [key]), false);
    assert.ok(!existsSync(file));
  });
});

describe('parse deltas', () => {
  it('make the parse of the parse before, and refuse one they do not fit', () => {
    const before = parseWithTopic(readFileSync(path.join(SEEDS, SEED_FILES[2])), 'a.txt', {});
    const n = before.entries.length;
    const added = { ...before.entries[0], title: 'A New Paper', line: 1, endLine: 2 };
    const after = { ...before, entries: [added, ...before.entries.slice(1).map((e) => ({ ...e, line: e.line + 1, endLine: e.endLine + 1 }))] };
    const delta = encodeDelta(after, [{ read: [added] }, { from: 1, to: n, shift: 1 }]);
    assert.deepStrictEqual(decodeDelta(delta, before), after);
    assert.equal(decodeDelta(delta, { ...before, entries: before.entries.slice(0, n - 1) }), null, 'a shorter parse');
    assert.equal(decodeDelta({ ...delta, edits: [-1, 2, 1, n, 1] }, before), null, 'more entries read than sent');
    assert.equal(decodeDelta({ ...delta, head: new Uint8Array([1, 2, 3]) }, before), null);
  });
});
