import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli';
import { closestKey, table, truncate } from '../../src/cli/render';
import { SEEDS } from './helpers';

const ROOT = path.resolve(__dirname, '../../..');

interface Run {
  code: number;
  out: string;
  err: string;
}

function run(argv: string[], cwd = SEEDS): Run {
  let out = '';
  let err = '';
  const code = main(argv, { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, cwd });
  return { code, out, err };
}

describe('cli: main()', () => {
  let tmp: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'litnotes-cli-'));
    fs.mkdirSync(path.join(tmp, 'dumps', 'nested'), { recursive: true });
    fs.copyFileSync(path.join(SEEDS, fs.readdirSync(SEEDS).sort()[4]), path.join(tmp, 'dumps', 'nested', 'kernels.txt'));
    fs.writeFileSync(path.join(tmp, 'dumps', 'notes.md'), '# My notes\n\nNothing to see here.\n');
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('parse --json: papers, entries and problems of the seeds (default path: cwd)', () => {
    const r = run(['parse', '--json']);
    assert.equal(r.code, 0, r.err);
    const data = JSON.parse(r.out) as { papers: Record<string, unknown>[]; entries: Record<string, unknown>[]; problems: unknown[] };
    assert.deepEqual(Object.keys(data), ['papers', 'entries', 'problems']);
    assert.equal(data.entries.length, 368);
    assert.equal(data.papers.length, 342);
    assert.deepEqual(data.problems, []);
    const electra = data.papers.find((p) => p.key === 'electra2020') as { occurrences: { file: string; line: number }[]; topics: string[] };
    assert.equal(electra.occurrences.length, 3);
    assert.match(electra.occurrences[0].file, /^\d{3}_[0-9a-f]+\.txt$/);
    for (const field of ['key', 'title', 'abstract', 'year', 'arxiv', 'links', 'file', 'line', 'endLine']) assert.ok(field in data.entries[0], field);
    const lines = data.entries.filter((e) => e.file === data.entries[0].file).map((e) => e.line as number);
    assert.deepEqual(lines, [...lines].sort((a, b) => a - b), 'entries in file order');
  });

  it('parse: a table and a summary line; non-dumps in directories are skipped silently', () => {
    const r = run(['parse', 'dumps'], tmp);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^KEY +YEAR +TITLE +FILE:LINE\n/);
    assert.match(r.out, /dumps\/nested\/kernels\.txt:\d+/);
    assert.doesNotMatch(r.out + r.err, /notes\.md/);
    assert.match(r.out, /\n46 papers from 46 entries in 1 file; 0 problems\n$/);
  });

  it('parse: a non-dump named explicitly is reported', () => {
    const r = run(['parse', 'dumps/notes.md', '--json'], tmp);
    assert.equal(r.code, 0);
    const data = JSON.parse(r.out) as { papers: unknown[]; problems: { file: string; message: string }[] };
    assert.equal(data.papers.length, 0);
    assert.deepEqual(data.problems.map((p) => p.file), ['dumps/notes.md']);
  });

  it('search: JSON hits, best first; nothing found is still success', () => {
    const r = run(['search', 'masked language mod', '--limit', '3', '--json']);
    assert.equal(r.code, 0, r.err);
    const hits = JSON.parse(r.out) as { key: string; title: string; score: number; url: string | null; file: string; line: number }[];
    assert.equal(hits.length, 3);
    for (const h of hits) assert.match(h.title, /masked language model/i);
    assert.ok(hits[0].score >= hits[2].score);
    const none = run(['search', 'qwxzv']);
    assert.deepEqual([none.code, none.out], [0, '']);
    assert.match(none.err, /no papers match/);
  });

  it('cite: formats, and an unknown key exits 1 with the closest key', () => {
    assert.deepEqual(run(['cite', 'electra2020']), { code: 0, out: '[@electra2020]\n', err: '' });
    assert.equal(run(['cite', '@electra2020', '--format', 'bare']).out, '@electra2020\n');
    assert.equal(run(['cite', 'electra2020', '--format', 'footnote']).out, '[^electra2020]\n' +
      '[^electra2020]: ELECTRA: Pre-training Text Encoders as Discriminators Rather Than Generators (2020).\n');
    const footnote = run(['cite', 'debertav3', '--format', 'footnote']).out.split('\n');
    assert.equal(footnote[0], '[^debertav3]');
    assert.match(footnote[1], /^\[\^debertav3\]: DeBERTaV3: .*Sharing\. https:\/\/github\.com\/microsoft\/DeBERTa$/);
    assert.equal(run(['cite', 'electra2020', '--template', '{key}: {year} {nope}']).out, 'electra2020: 2020 {nope}\n');
    const unknown = run(['cite', 'electra2021']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /unknown key 'electra2021'; did you mean 'electra2020'\?/);
  });

  it('bib: one @misc entry per paper', () => {
    const r = run(['bib']);
    assert.equal(r.code, 0);
    assert.equal(r.out.match(/^@misc\{/gm)?.length, 342);
  });

  it('exits 1 on usage errors, with the help on stderr', () => {
    for (const argv of [[], ['frobnicate'], ['parse', '--bogus'], ['search'], ['search', 'x', '--limit', '0'],
      ['parse', '--limit', '3'], ['cite', 'k', '--format', 'apa'], ['cite', 'k', '--format', 'template']]) {
      const r = run(argv);
      assert.equal(r.code, 1, argv.join(' '));
      assert.equal(r.out, '');
      assert.match(r.err, /^litnotes: .*\n\n.*Usage:/s, argv.join(' '));
    }
  });

  it('exits 2 when an input cannot be read', () => {
    const r = run(['parse', 'missing-dir', '.']);
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.match(r.err, /cannot read missing-dir: no such file or directory/);
  });

  it('prints help and version to stdout', () => {
    const help = run(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /Exit status:/);
    assert.deepEqual(run(['-h']).out, help.out);
    const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version as string;
    assert.deepEqual(run(['--version']), { code: 0, out: `${version}\n`, err: '' });
  });
});

describe('cli: rendering helpers', () => {
  it('aligns and truncates table columns', () => {
    const out = table([{ key: 'a', year: 2020, title: 'x'.repeat(100), where: 'f.txt:1' }, { key: 'bbbb', year: null, title: 'Short', where: 'g.txt:20' }], 60);
    const lines = out.trimEnd().split('\n');
    assert.equal(lines.length, 3);
    assert.equal(lines[1].indexOf('2020'), lines[0].indexOf('YEAR'));
    assert.equal(lines[1].indexOf('f.txt'), lines[2].indexOf('g.txt'));
    assert.match(lines[1], /x…  f\.txt:1$/);
    assert.equal(truncate('abcdef', 4), 'abc…');
  });

  it('suggests the nearest key only when it is near', () => {
    assert.equal(closestKey('bret2019', ['bert2019', 'gpt2020']), 'bert2019');
    assert.equal(closestKey('zzzzzzzz', ['bert2019', 'gpt2020']), null);
  });
});

describe('cli: the bundled binary', () => {
  it('runs dist/cli.js with a shebang and exit codes', function () {
    this.timeout(60_000);
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT });
    const bin = path.join(ROOT, 'dist', 'cli.js');
    assert.match(fs.readFileSync(bin, 'utf8'), /^#!\/usr\/bin\/env node\n/);
    const ok = spawnSync(process.execPath, [bin, 'cite', 'debertav3', SEEDS, '--format', 'link'], { encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /^\[DeBERTaV3: Improving DeBERTa .*\]\(https:\/\/github\.com\/microsoft\/DeBERTa\)\n$/);
    const missing = spawnSync(process.execPath, [bin, 'parse', path.join(SEEDS, 'nope.txt')], { encoding: 'utf8' });
    assert.equal(missing.status, 2);
    assert.equal(spawnSync(process.execPath, [bin, '--nope'], { encoding: 'utf8' }).status, 1);
  });
});
