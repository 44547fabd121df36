import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseDump } from '../../src/core/parse/index';
import { SEEDS, SEED_FILES, seed } from './helpers';

const seed002 = readFileSync(path.join(SEEDS, SEED_FILES[2]), 'utf8');
const titles = (text: string | Uint8Array) => parseDump(text, 'x.txt').entries.map((e) => e.title);

describe('bad input', () => {
  it('reports a binary file and parses nothing', () => {
    const dump = parseDump(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 1, 2, 3]), 'img.txt');
    assert.equal(dump.layout, 'none');
    assert.match(dump.problems[0].message, /Binary file/);
    assert.equal(dump.problems[0].severity, 'error');
  });

  it('treats an empty file as no dump, without problems', () => {
    const dump = parseDump(new Uint8Array(), 'empty.txt');
    assert.deepEqual([dump.layout, dump.entries.length, dump.problems.length], ['none', 0, 0]);
  });

  it('handles CRLF, a BOM, trailing spaces and no final newline like the plain file', () => {
    const expected = titles(seed002);
    const messy = '\ufeff' + seed002.split('\n').map((l) => l + '  ').join('\r\n').trimEnd();
    assert.deepEqual(titles(new TextEncoder().encode(messy)), expected);
    assert.equal(expected.length, 54);
  });

  it('decodes UTF-16 with a warning and still parses', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(seed002, 'utf16le')]);
    const dump = parseDump(le, 'u16.txt');
    assert.equal(dump.entries.length, 54);
    assert.match(dump.problems[0].message, /UTF-16LE/);
    const noBom = parseDump(Buffer.from(seed002, 'utf16le'), 'u16.txt');
    assert.equal(noBom.entries.length, 54);
  });

  it('reads non-UTF-8 bytes as Windows-1252 and names the line', () => {
    const latin = Buffer.from(seed002.replace('Storage-efficient', 'Storage-efficient caf\u00e9'), 'latin1');
    const dump = parseDump(latin, 'latin.txt');
    assert.equal(dump.entries.length, 54);
    assert.ok(dump.entries[0].title.endsWith('café Training'));
    assert.equal(dump.problems[0].line, 13);
    assert.match(dump.problems[0].message, /Not valid UTF-8/);
  });

  it('ignores invalid YAML front matter with a problem and parses the rest', () => {
    const dump = parseDump(`---\ntopic: [unclosed\n---\n${seed002}`, 'bad-yaml.md');
    assert.equal(dump.entries.length, 54);
    assert.match(dump.problems[0].message, /Invalid YAML front matter/);
    assert.ok(dump.problems[0].line >= 1 && dump.problems[0].line <= 3);
  });

  it('skips files over the size cap', () => {
    const dump = parseDump(seed002, 'big.txt', { maxBytes: 1000 });
    assert.equal(dump.entries.length, 0);
    assert.match(dump.problems[0].message, /above the 0\.0 MB limit/);
  });

  it('drops a 10 MB single line quickly, with a problem', () => {
    const huge = 'word '.repeat(2_000_000);
    const started = Date.now();
    const dump = parseDump(huge + '\n' + seed002, 'huge.txt');
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    assert.equal(dump.entries.length, 54);
    assert.equal(dump.problems[0].line, 1);
    assert.match(dump.problems[0].message, /characters long/);
  });

  it('honours front matter that forces a file in or out', () => {
    assert.equal(parseDump(`---\nlitnotes: false\n---\n${seed002}`, 'off.md').entries.length, 0);
    const forced = parseDump('---\nlitnotes: true\n---\nJust a note.\n', 'on.md');
    assert.match(forced.problems.at(-1)!.message, /no paper entries/);
  });

  it('does not mistake ordinary prose and notes for dumps', () => {
    const note = '# Reading notes\n\nSome thoughts on ELECTRA.\n\n- point one\n- point two\n\n## Next\n\nMore text here.\n';
    assert.equal(parseDump(note, 'note.md').layout, 'none');
    assert.equal(seed('002').layout, 'blocks');
  });
});

describe('files meant to be dumps', () => {
  it('reports UTF-16 garbage as a corrupt file', () => {
    const garbage = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Title\n', 'utf16le'), Buffer.from([0, 4, 0xf5, 0x79, 0xf8, 0x28, 0x1a, 0, 0x87, 0xec, 0xa5, 0x3b, 0x9e, 0x9a, 0, 0xeb, 0xbe, 0xcf])]);
    const dump = parseDump(garbage, 'broken.papers.txt');
    assert.equal(dump.layout, 'none');
    assert.equal(dump.problems[0].severity, 'error');
    assert.match(dump.problems[0].message, /Binary or corrupt file: decoded as UTF-16LE/);
  });

  it('says why an expected dump has no entries', () => {
    const dump = parseDump('# My list\n\nNothing here yet.\n', 'todo.papers.md', { expectDump: true });
    assert.equal(dump.problems.length, 1);
    assert.match(dump.problems[0].message, /No paper entries found/);
    assert.equal(parseDump('# My list\n', 'todo.md').problems.length, 0);
  });
});
