import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Stamp } from '../../src/indexer/parseCache';
import { parseWithTopic } from '../../src/indexer/parseJob';
import { DumpParser } from '../../src/indexer/dumpParser';
import { ParserPool, shardFile } from '../../src/indexer/parserPool';
import { rng, SEEDS, SEED_FILES } from './helpers';
import { randomEdits } from './randomEdits';

describe('a pool of parse workers', () => {
  const seeds = SEED_FILES.map((name) => ({ name, bytes: readFileSync(path.join(SEEDS, name)) }));
  const keyOf = (name: string) => `file:///w/dumps/${name}`;
  const stampOf = (name: string, bytes: Uint8Array): Stamp => ({ size: bytes.length, mtime: 1_700_000_000_000, maxBytes: 1 << 22, file: `dumps/${name}` });
  let dir: string;
  let file: string;
  const pools: ParserPool[] = [];
  /** A pool whose workers all parse from the start (`spreadAfter` 0), unless told otherwise. */
  const pool = (size: number, script?: string, onFallback?: (reason: string) => void, spreadAfter = 0) => (pools.push(new ParserPool(size, script, onFallback, spreadAfter)), pools[pools.length - 1]);
  /** Parses every seed in the pool, all in flight at once, caching each under its key. */
  const parseAll = (p: ParserPool) => Promise.all(seeds.map(({ name, bytes }) => p.parse(bytes, `dumps/${name}`, {}, { key: keyOf(name), stamp: stampOf(name, bytes) })));

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'litnotes-pool-'));
    file = path.join(dir, 'parse-cache.bin');
  });
  afterEach(() => {
    for (const p of pools.splice(0)) p.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('warms up its running workers only, each reading the made-up changes in part', async () => {
    const workers = pool(2, undefined, undefined, 1 << 30);
    assert.deepEqual(await workers.warmUp(), [0, 0], 'no worker started for it');
    await workers.load(path.join(dir, 'absent.bin'));
    assert.deepEqual(await workers.warmUp(), [2, 0], 'the first worker, started by loading the cache');
  });

  it('names shard files after the first one', () => {
    assert.equal(shardFile('/s/parse-cache.bin', 0), '/s/parse-cache.bin');
    assert.equal(shardFile('/s/parse-cache.bin', 1), '/s/parse-cache.1.bin');
    assert.equal(shardFile('/s.d/cache', 2), '/s.d/cache.2');
  });

  it('parses files in parallel workers with the same results as in-process', async () => {
    const p = pool(2);
    const parsed = await parseAll(p);
    assert.equal(p.size, 2);
    assert.ok(p.offThread);
    parsed.forEach((d, i) => assert.deepEqual(d, parseWithTopic(seeds[i].bytes, `dumps/${seeds[i].name}`, {})));
  });

  it('saves one shard per worker, and a new pool takes every parse back', async () => {
    const parsed = await parseAll(pool(2));
    const writer = pools[0];
    assert.equal(await writer.save(file, seeds.map((s) => keyOf(s.name))), true);
    assert.ok(existsSync(file) && existsSync(shardFile(file, 1)), 'both shards written');
    const reader = pool(2);
    assert.equal(await reader.load(file), seeds.length);
    for (const [i, { name, bytes }] of seeds.entries()) assert.deepEqual(await reader.take(keyOf(name), stampOf(name, bytes)), parsed[i]);
    assert.equal(await reader.take(keyOf(seeds[0].name), { ...stampOf(seeds[0].name, seeds[0].bytes), mtime: 1 }), null, 'a touched file');
  });

  it('gives each parse to the least busy worker, on a tie the one that parsed the file before, and keeps a re-parsed file in one shard only', async () => {
    const [a, b] = seeds;
    const parseOne = (p: ParserPool, { name, bytes }: (typeof seeds)[number]) => p.parse(bytes, `dumps/${name}`, {}, { key: keyOf(name), stamp: stampOf(name, bytes) });
    const writer = pool(2);
    await Promise.all([parseOne(writer, a), parseOne(writer, b)]);
    const shardKeys = async () => {
      const readers = [0, 1].map(() => new DumpParser());
      try {
        return await Promise.all(readers.map((r, i) => r.load(shardFile(file, i))));
      } finally {
        readers.forEach((r) => r.dispose());
      }
    };
    await writer.save(file, [keyOf(a.name), keyOf(b.name)]);
    assert.deepEqual(await shardKeys(), [[keyOf(a.name)], [keyOf(b.name)]], 'two files in flight: one per worker');
    await parseOne(writer, b); // both idle: the worker that parsed it before parses it again
    await writer.save(file, [keyOf(a.name), keyOf(b.name)]);
    assert.deepEqual(await shardKeys(), [[keyOf(a.name)], [keyOf(b.name)]]);
    const [, reparsed] = await Promise.all([parseOne(writer, b), parseOne(writer, b)]); // the second one goes to the idle worker
    await writer.save(file, [keyOf(a.name), keyOf(b.name)]);
    assert.deepEqual(await shardKeys(), [[keyOf(a.name), keyOf(b.name)], []]);
    const reader = pool(2);
    assert.equal(await reader.load(file), 2);
    assert.deepEqual(await reader.take(keyOf(b.name), stampOf(b.name, b.bytes)), reparsed);
  });

  it('gives a file parsed again to the worker that remembers its parse even when it is one parse busier, and it answers what changed', async () => {
    const p = pool(2);
    const [a, b] = [seeds[2], seeds[3]];
    const first = await p.parse(a.bytes, `dumps/${a.name}`, {}, undefined, true);
    const text = a.bytes.toString('utf8');
    const last = text.lastIndexOf(' the ');
    const edited = Buffer.from(`${text.slice(0, last)} a ${text.slice(last + 5)}`);
    // b goes to the idle worker that parsed a (both idle: the first); a, parsed again meanwhile, goes there too.
    const [, again] = await Promise.all([p.parse(b.bytes, `dumps/${b.name}`, {}), p.parse(edited, `dumps/${a.name}`, {}, undefined, true)]);
    assert.deepStrictEqual(again, parseWithTopic(edited, `dumps/${a.name}`, {}));
    assert.equal(again.entries[0], first.entries[0], 'answered as what changed: the unchanged first paper is the object decoded before');
  });

  it('answers every parse as parsing in-process does, through random edits of four dumps parsed one to three at a time, and caches the last ones', async () => {
    const p = pool(2);
    const random = rng(3);
    const names = [1, 2, 3, 0].map((i) => SEED_FILES[i]); // alternating, blocks, blocks, run-together
    const texts = new Map(names.map((name) => [name, readFileSync(path.join(SEEDS, name), 'utf8').split('\n')]));
    const last = new Map<string, { stamp: Stamp; parsed: Awaited<ReturnType<ParserPool['parse']>> }>();
    let reused = 0;
    for (let step = 0; step < 40; step++) {
      // The same file may be parsed twice at once: each parse is of the text as it then was.
      const batch = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
        const name = names[Math.floor(random() * names.length)];
        const lines = [...texts.get(name)!];
        randomEdits(lines, random);
        texts.set(name, lines);
        return { name, bytes: Buffer.from(lines.join('\n')) };
      });
      const stamps = batch.map(({ name, bytes }, i) => ({ ...stampOf(name, bytes), mtime: step * 3 + i }));
      const parsed = await Promise.all(batch.map(({ name, bytes }, i) => p.parse(bytes, `dumps/${name}`, {}, { key: keyOf(name), stamp: stamps[i] }, true)));
      parsed.forEach((d, i) => {
        const { name, bytes } = batch[i];
        assert.deepStrictEqual(d, parseWithTopic(bytes, `dumps/${name}`, {}), `step ${step}, ${name}`);
        if (d.entries.some((e) => last.get(name)?.parsed.entries.includes(e))) reused++;
        last.set(name, { stamp: stamps[i], parsed: d });
      });
    }
    assert.ok(reused >= 10, `${reused} parses answered as what changed`);
    await p.save(file, names.map(keyOf));
    const reader = pool(2);
    await reader.load(file);
    for (const [name, { stamp, parsed }] of last) assert.deepStrictEqual(await reader.take(keyOf(name), stamp), parsed, `${name} from the saved cache`);
  });

  it('knows whether the worker that parsed a file last still remembers that parse (the last 2 files each)', async () => {
    const p = pool(1);
    const [a, b, c] = seeds;
    assert.equal(p.remembers(`dumps/${a.name}`), false);
    await p.parse(a.bytes, `dumps/${a.name}`, {}, undefined, true);
    assert.equal(p.remembers(`dumps/${a.name}`), true);
    await p.parse(b.bytes, `dumps/${b.name}`, {}, undefined, true);
    await p.parse(c.bytes, `dumps/${c.name}`, {}, undefined, true);
    assert.deepEqual([a, b, c].map(({ name }) => p.remembers(`dumps/${name}`)), [false, true, true]);
  });

  it('saves each worker\'s content labels with its shard, and a new pool gives a dump to the worker holding its label, which uses it', async () => {
    const writer = pool(2);
    const parsed = await parseAll(writer);
    await writer.save(file, seeds.map((s) => keyOf(s.name)));
    // Each shard's labels replaced by made-up ones: a parse with the same first papers must take them as they are.
    const madeUp = new Map<string, string>();
    for (const shard of [0, 1].map((i) => shardFile(file, i))) {
      const bytes = readFileSync(shard);
      const indexAt = bytes.length - 4 - bytes.readUInt32LE(bytes.length - 4);
      const index = JSON.parse(bytes.subarray(indexAt, bytes.length - 4).toString('utf8')) as { labels: [string, string, string | null][] };
      for (const label of index.labels) madeUp.set(label[0], (label[2] = `Made-up ${shard.length} ${label[0]}`));
      const json = Buffer.from(JSON.stringify(index));
      writeFileSync(shard, Buffer.concat([bytes.subarray(0, indexAt), json, Buffer.from(new Uint32Array([json.length]).buffer)]));
    }
    assert.ok(new Set([...madeUp.values()].map((l) => l.split(' ')[1])).size === 2, 'labels in both shards');
    const reader = pool(2);
    assert.equal(await reader.load(file), seeds.length);
    for (const [i, { name, bytes }] of seeds.entries()) {
      const again = await reader.parse(bytes, `dumps/${name}`, {}, { key: keyOf(name), stamp: { ...stampOf(name, bytes), mtime: 2 } });
      assert.equal(again.meta.topic, madeUp.get(`dumps/${name}`) ?? parsed[i].meta.topic, name);
    }
    // Other first papers: the label is derived again.
    const [name, bytes] = [...madeUp.keys()].map((f) => [f, seeds.find((s) => `dumps/${s.name}` === f)!.bytes] as const)[0];
    const text = bytes.toString('utf8');
    const cut = Buffer.from(text.slice(text.indexOf('\n\n', text.length >> 1)));
    assert.equal((await reader.parse(cut, name, {})).meta.topic, parseWithTopic(cut, name, {}).meta.topic);
    assert.notEqual(parseWithTopic(cut, name, {}).meta.topic, madeUp.get(name));
  });

  it('starts the first worker when loading an absent cache, and another only for a shard of its own', async () => {
    const running = (p: ParserPool) => (p as unknown as { parsers: DumpParser[] }).parsers.map((w) => w.offThread);
    const first = pool(2, undefined, undefined, 1 << 30);
    assert.equal(await first.load(file), 0);
    assert.deepEqual(running(first), [true, false], 'a first start: the first worker is up before the first parse');
    await parseAll(first);
    assert.equal(await first.save(file, seeds.map((s) => keyOf(s.name))), true);
    assert.deepEqual(running(first), [true, false], 'below the threshold, the second worker is not started, not even to save');
    const writer = pool(2);
    await parseAll(writer);
    await writer.save(file, seeds.map((s) => keyOf(s.name)));
    const reader = pool(2, undefined, undefined, 1 << 30);
    assert.equal(await reader.load(file), seeds.length);
    assert.deepEqual(running(reader), [true, true], 'both shards loaded');
  });

  it('starts a second worker only once it was given enough to parse', async () => {
    const total = seeds.reduce((n, s) => n + s.bytes.length, 0);
    const p = pool(2, undefined, undefined, total + 1);
    await parseAll(p); // every seed in flight at once, all in the first worker
    await p.save(file, seeds.map((s) => keyOf(s.name)));
    assert.ok(existsSync(file) && !existsSync(shardFile(file, 1)), 'one shard: the second worker never parsed');
    await parseAll(p); // past the threshold: both take parses
    await p.save(file, seeds.map((s) => keyOf(s.name)));
    assert.ok(existsSync(shardFile(file, 1)), 'the second worker parsed once the pool was given more');
  });

  it('sends nothing to a worker that died while another still runs', async () => {
    // A worker script that dies on a file named `crash`, and otherwise is the real parse worker.
    const script = path.join(dir, 'crashing-worker.js');
    const real = path.resolve(__dirname, '../../src/indexer/parseWorker.js');
    writeFileSync(script, `require('node:worker_threads').parentPort.on('message', (m) => m.file === 'crash' && process.exit(1));\nrequire(${JSON.stringify(real)});\n`);
    const reasons: string[] = [];
    const p = pool(2, script, (r) => reasons.push(r));
    const [a, b, c] = seeds;
    await p.parse(a.bytes, 'crash', {});
    assert.equal(reasons.length, 1, 'the dead worker was reported');
    const parseOne = ({ name, bytes }: (typeof seeds)[number]) => p.parse(bytes, `dumps/${name}`, {}, { key: keyOf(name), stamp: stampOf(name, bytes) });
    await Promise.all([parseOne(b), parseOne(c)]);
    // Only a worker caches: both parses were cached, so both ran in the live worker, not on this thread.
    await p.save(file, [keyOf(b.name), keyOf(c.name)]);
    const reader = pool(2);
    assert.equal(await reader.load(file), 2);
  });

  it('treats parses in another shard as misses when the pool size changed', async () => {
    const writer = pool(2);
    await parseAll(writer);
    await writer.save(file, seeds.map((s) => keyOf(s.name)));
    const single = pool(1);
    const loaded = await single.load(file);
    assert.ok(loaded > 0 && loaded < seeds.length, `only the first shard: ${loaded}`);
    const found = await Promise.all(seeds.map(({ name, bytes }) => single.take(keyOf(name), stampOf(name, bytes))));
    assert.equal(found.filter(Boolean).length, loaded);
  });

  it('reports a fallback once, however many workers fail', async () => {
    const reasons: string[] = [];
    const parsed = await parseAll(pool(2, path.join(__dirname, 'no-such-worker.js'), (r) => reasons.push(r)));
    assert.deepEqual(parsed.map((d) => d.entries.length), seeds.map(({ name, bytes }) => parseWithTopic(bytes, name, {}).entries.length));
    assert.equal(reasons.length, 1);
  });
});
