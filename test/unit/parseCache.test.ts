import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { PARSER_VERSION } from '../../src/core/parse/index';
import { decodeParsed, encodeParsed, ParseCache, type Stamp } from '../../src/indexer/parseCache';
import { parseWithTopic } from '../../src/indexer/parseJob';
import { allSeeds, SEEDS, SEED_FILES } from './helpers';
import type { Entry } from '../../src/core/model';
import { decodeEntries, encodeEntries } from '../../src/indexer/entryBlocks';

const STAMP: Stamp = { size: 100, mtime: 1_700_000_000_000, maxBytes: 50 * 1024 * 1024, file: 'dumps/a.papers.txt' };
const parsedSeed = () => parseWithTopic(readFileSync(path.join(SEEDS, SEED_FILES[2])), 'dumps/a.papers.txt', {});
const noPause = () => Promise.resolve();

describe('parse cache: encoding one parse', () => {
  it('decodes to the same parse, pausing between parts of 1000 entries', async () => {
    const parsed = parsedSeed();
    parsed.entries = Array.from({ length: 45 }, () => parsed.entries).flat().slice(0, 2500);
    const parts = encodeParsed(parsed);
    assert.equal(parts.length, 4);
    let pauses = 0;
    assert.deepEqual(await decodeParsed(parts, async () => void pauses++), parsed);
    assert.equal(pauses, 3);
  });

  it('keeps every entry field through a block: all seeds, non-Latin-1 text, nulls, links, another file', () => {
    const entries = allSeeds().flatMap((d) => d.entries);
    assert.ok(entries.length > 300);
    const odd: Entry = { ...entries[0], title: 'Ünïcode — 模型 🚀', abstract: '', authors: null, org: 'NAVER AI Lab', year: null, arxiv: null, links: ['https://a.org/x', 'https://github.com/b/c'], file: 'other.papers.md' };
    const all = [...entries, odd];
    const decoded = decodeEntries(encodeEntries(all, entries[0].file), entries[0].file);
    assert.deepEqual(decoded, all);
    assert.equal(decoded[0].file, entries[0].file);
    const linkless = decoded.filter((e) => e.links.length === 0);
    assert.ok(linkless.length > 1 && linkless.every((e) => e.links === linkless[0].links && Object.isFrozen(e.links)), 'entries without links share one frozen list');
  });

  it('rejects a block that is cut short or too long', () => {
    const block = encodeEntries(allSeeds()[0].entries, 'a');
    assert.throws(() => decodeEntries(block.subarray(0, block.length - 1), 'a'));
    assert.throws(() => decodeEntries(Buffer.concat([block, Buffer.from([0])]), 'a'));
    assert.throws(() => decodeEntries(block.subarray(0, 8), 'a'));
  });

  it('decodes anything else as null, without throwing', async () => {
    assert.equal(await decodeParsed([new Uint8Array([1, 2, 3])], noPause), null);
    assert.equal(await decodeParsed([v8.serialize({ file: 'x' })], noPause), null);
    assert.equal(await decodeParsed([v8.serialize({ ...parsedSeed(), entries: [] }), v8.serialize('entries')], noPause), null);
  });
});

/** A cache file's bytes with its index (JSON, before its 4-byte length at the end) replaced. */
function withIndex(file: Buffer, index: unknown): Buffer {
  const indexAt = file.length - 4 - file.readUInt32LE(file.length - 4);
  const json = Buffer.from(JSON.stringify(index));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  return Buffer.concat([file.subarray(0, indexAt), json, length]);
}

describe('parse cache: entries and the cache file', () => {
  let dir: string;
  let file: string;
  const parts = encodeParsed(parsedSeed());
  const filled = (cache = new ParseCache()) => (cache.put('file:///a', STAMP, parts), cache);

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'litnotes-cache-'));
    file = path.join(dir, 'parse-cache.bin');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gives a parse only for the exact stamp it was made from', async () => {
    const cache = filled();
    assert.deepEqual(await decodeParsed((await cache.get('file:///a', { ...STAMP }))!, noPause), parsedSeed());
    for (const changed of [{ size: 101 }, { mtime: STAMP.mtime + 1 }, { maxBytes: 1024 }, { file: 'other/a.papers.txt' }]) {
      assert.equal(await cache.get('file:///a', { ...STAMP, ...changed }), null, JSON.stringify(changed));
    }
    assert.equal(await cache.get('file:///b', STAMP), null);
  });

  it('gives parts the caller may transfer, held or read from the file, and gives them again after', async () => {
    const cache = filled();
    const transferAndCheck = async (what: string) => {
      const given = (await cache.get('file:///a', STAMP))!;
      structuredClone(given, { transfer: [...new Set(given.map((p) => p.buffer as ArrayBuffer))] });
      assert.ok(given.every((p) => p.length === 0), `${what}: transferred`);
      assert.deepEqual(await decodeParsed((await cache.get('file:///a', STAMP))!, noPause), parsedSeed(), `${what}: still cached`);
    };
    await transferAndCheck('held until saved');
    await cache.save(file, new Set(['file:///a']));
    await transferAndCheck('read from the file');
  });

  it('saves and loads the parses of the kept files, and writes only when something changed', async () => {
    const cache = filled();
    cache.put('file:///gone', STAMP, parts);
    assert.equal(await cache.save(file, new Set(['file:///a'])), true);
    const loaded = new ParseCache();
    assert.equal(await loaded.load(file), 1);
    assert.deepEqual(await decodeParsed((await loaded.get('file:///a', STAMP))!, noPause), parsedSeed());
    assert.equal(await loaded.get('file:///gone', STAMP), null);
    assert.equal(await loaded.save(file, new Set(['file:///a'])), false, 'nothing changed');
    assert.equal(await loaded.save(file, new Set()), true, 'an entry dropped');
    assert.equal(await new ParseCache().load(file), 0);
  });

  it('keeps the parses cached while it writes, and writes them at the next save', async () => {
    const cache = filled();
    cache.put('file:///b', { ...STAMP, file: 'b' }, parts);
    const newer = { ...STAMP, mtime: STAMP.mtime + 1 };
    const writing = cache.save(file, new Set(['file:///a', 'file:///b']));
    // Asked after the save was: it writes what was cached when it was asked.
    cache.putParsed('file:///a', newer, parsedSeed());
    cache.put('file:///c', { ...STAMP, file: 'c' }, parts);
    assert.equal(await writing, true);
    assert.equal(await cache.get('file:///a', STAMP), null, 'the parse written is replaced');
    assert.deepEqual(await decodeParsed((await cache.get('file:///a', newer))!, noPause), parsedSeed(), 'the newer parse is still cached');
    assert.ok(await cache.get('file:///c', { ...STAMP, file: 'c' }), 'a new file\'s parse is still cached');
    const loaded = new ParseCache();
    assert.equal(await loaded.load(file), 2, 'the file has what was cached when the save was asked');
    assert.ok(await loaded.get('file:///a', STAMP));
    assert.equal(await cache.save(file, new Set(['file:///a', 'file:///b', 'file:///c'])), true, 'what was cached meanwhile is written next');
    const again = new ParseCache();
    assert.equal(await again.load(file), 3);
    assert.ok(await again.get('file:///a', newer));
    assert.equal(await cache.save(file, new Set(['file:///a', 'file:///b', 'file:///c'])), false, 'then nothing changed');
  });

  it('saves the content labels of the files it saves, loads them back, and ignores malformed ones', async () => {
    const cache = filled();
    const labels = [
      { file: STAMP.file, sample: 'digest-a', label: 'Positional Encoding' },
      { file: 'dumps/other.txt', sample: 'digest-b', label: 'Not Saved' },
      { file: STAMP.file.replace('a.', 'b.'), sample: 'digest-c', label: null },
    ];
    cache.put('file:///b', { ...STAMP, file: labels[2].file }, parts);
    await cache.save(file, new Set(['file:///a', 'file:///b']), labels);
    const loaded = new ParseCache();
    assert.equal(await loaded.load(file), 2);
    assert.deepEqual(loaded.labels(), [labels[0], labels[2]], 'only the saved files\' labels');
    const index = (labelsJson: unknown) => withIndex(readFileSync(file), { version: PARSER_VERSION, entries: [['file:///a', STAMP, parts.map((p) => p.length), 0], ['file:///b', { ...STAMP, file: labels[2].file }, parts.map((p) => p.length), 0]], labels: labelsJson });
    for (const bad of [[['dumps/a.papers.txt', 7, 'x']], [['only two', 'x']], 'labels']) {
      writeFileSync(file, index(bad));
      assert.equal(await loaded.load(file), 2, 'the parses still load');
      assert.deepEqual(loaded.labels(), [], JSON.stringify(bad));
    }
    writeFileSync(file, new Uint8Array());
    assert.equal(await loaded.load(file), 0);
    assert.deepEqual(loaded.labels(), [], 'a file not loaded has none');
  });

  it('saves a parse\'s reading after its parts, made when saved when it was given as what makes it, and gives both back', async () => {
    const cache = filled();
    const reading = new Uint8Array([1, 2, 3, 4, 5]);
    let made = 0;
    cache.put('file:///a', STAMP, parts, reading);
    cache.putParsed('file:///b', { ...STAMP, file: 'b' }, parsedSeed(), () => (made++, new Uint8Array([9, 8])));
    cache.put('file:///c', { ...STAMP, file: 'c' }, parts);
    assert.deepEqual((await cache.withReading('file:///a', STAMP))?.reading, reading);
    assert.equal(await cache.withReading('file:///a', { ...STAMP, mtime: 1 }), null, 'another stamp');
    assert.equal(await cache.withReading('file:///c', { ...STAMP, file: 'c' }), null, 'no reading');
    assert.equal(made, 0, 'made only when needed');
    assert.equal(cache.makeReading(), true, 'one reading was left to make');
    assert.equal(made, 1, 'made when the worker is idle');
    assert.equal(cache.makeReading(), false, 'none left');
    await cache.save(file, new Set(['file:///a', 'file:///b', 'file:///c']));
    assert.equal(made, 1, 'and only once');
    const loaded = new ParseCache();
    assert.equal(await loaded.load(file), 3);
    const a = await loaded.withReading('file:///a', STAMP);
    assert.deepEqual(a?.reading, reading);
    assert.deepEqual(await decodeParsed(a!.parts, noPause), await decodeParsed(parts, noPause));
    assert.deepEqual((await loaded.withReading('file:///b', { ...STAMP, file: 'b' }))?.reading, new Uint8Array([9, 8]));
    assert.equal(await loaded.withReading('file:///c', { ...STAMP, file: 'c' }), null);
    const c = await loaded.get('file:///c', { ...STAMP, file: 'c' });
    assert.deepEqual(c && (await decodeParsed(c, noPause)), await decodeParsed(parts, noPause), 'the parse after a reading is where it was');
    // Saved again from the file: the readings are read from the old file and written to the new.
    await loaded.save(file, new Set(['file:///b']));
    const again = new ParseCache();
    assert.equal(await again.load(file), 1);
    assert.deepEqual((await again.withReading('file:///b', { ...STAMP, file: 'b' }))?.reading, new Uint8Array([9, 8]));
  });

  it('loads a missing, corrupt, truncated or foreign file as empty, without throwing', async () => {
    assert.equal(await new ParseCache().load(file), 0, 'missing');
    await filled().save(file, new Set(['file:///a']));
    const good = readFileSync(file);
    const bad: [string, Uint8Array][] = [
      ['empty', new Uint8Array()],
      ['garbage', Buffer.from('not a cache at all \u0000\u00ff')],
      ['truncated', good.subarray(0, good.length >> 1)],
      ['the previous format', v8.serialize({ format: 'litnotes-parse-cache-2', version: PARSER_VERSION, entries: [] })],
      ['a bad entry', withIndex(good, { version: PARSER_VERSION, entries: [['file:///a', { size: '1' }, [1], 0]] })],
      ['an entry of the previous format', withIndex(good, { version: PARSER_VERSION, entries: [['file:///a', STAMP, parts.map((p) => p.length)]] })],
      ['lengths that do not add up', withIndex(good, { version: PARSER_VERSION, entries: [['file:///a', STAMP, [1], 0]] })],
    ];
    for (const [what, bytes] of bad) {
      writeFileSync(file, bytes);
      const cache = filled();
      assert.equal(await cache.load(file), 0, what);
      assert.equal(await cache.get('file:///a', STAMP), null, `${what}: earlier entries are gone too`);
    }
  });

  it('holds a saved parse only in its file, reads it from there, and reads nothing from a file someone else replaced', async () => {
    const cache = filled();
    cache.put('file:///b', STAMP, parts);
    await cache.save(file, new Set(['file:///a', 'file:///b']));
    assert.deepEqual(await decodeParsed((await cache.get('file:///b', STAMP))!, noPause), parsedSeed());
    // Another writer's file in its place (here: the same bytes, cut short): nothing is read from it.
    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, bytes.length - 10));
    assert.equal(await cache.get('file:///a', STAMP), null);
    assert.equal(await cache.get('file:///b', STAMP), null);
    // The next save keeps what it still has: the parse given since.
    cache.put('file:///c', STAMP, parts);
    assert.equal(await cache.save(file, new Set(['file:///a', 'file:///b', 'file:///c'])), true);
    const loaded = new ParseCache();
    assert.equal(await loaded.load(file), 1);
    assert.deepEqual(await decodeParsed((await loaded.get('file:///c', STAMP))!, noPause), parsedSeed());
  });

  it('ignores a file written by another parser version', async () => {
    await filled(new ParseCache(PARSER_VERSION + 1)).save(file, new Set(['file:///a']));
    assert.equal(await new ParseCache(PARSER_VERSION + 1).load(file), 1);
    assert.equal(await new ParseCache().load(file), 0);
  });

  it('writes atomically: a failed write leaves the old file and no temporary file', async () => {
    await filled().save(file, new Set(['file:///a']));
    assert.deepEqual(readdirSync(dir), ['parse-cache.bin']);
    const blocked = path.join(dir, 'blocked');
    mkdirSync(path.join(blocked, 'x'), { recursive: true });
    await assert.rejects(filled().save(blocked, new Set(['file:///a'])));
    assert.ok(statSync(blocked).isDirectory());
    assert.deepEqual(readdirSync(dir).sort(), ['blocked', 'parse-cache.bin']);
    assert.equal(await new ParseCache().load(file), 1);
  });
});
