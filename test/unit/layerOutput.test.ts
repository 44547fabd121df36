import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(__dirname, '../../..');

interface LayerOutput {
  parseCounts(output: string): { passed: number; failed: number } | null;
  failureLines(output: string, max?: number): string[];
}

// A real import (TypeScript would turn `import()` into `require`, which cannot load .mjs).
const importModule = new Function('url', 'return import(url)') as (url: string) => Promise<LayerOutput>;
const layerOutput = () => importModule(pathToFileURL(path.join(ROOT, 'scripts/layer-output.mjs')).href);

describe('npm test: what it reads from a layer\'s output', () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'litnotes-layer-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('names each failed mocha test with the first line of its error, from a real mocha run', async function () {
    this.timeout(30_000);
    const spec = path.join(dir, 'failing.test.js');
    fs.writeFileSync(
      spec,
      `const assert = require('assert');
describe('outer suite', () => {
  it('passes', () => {});
  it('compares two numbers that differ', () => assert.equal(1, 2));
  describe('inner', () => it('throws a plain error', () => { throw new Error('boom: it broke'); }));
  it('never ends', function (done) { this.timeout(50); });
});
`,
    );
    const mocha = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/mocha/bin/mocha.js'), '--no-config', spec], { encoding: 'utf8' });
    const output = mocha.stdout + mocha.stderr;
    const { parseCounts, failureLines } = await layerOutput();
    assert.deepEqual(parseCounts(output), { passed: 1, failed: 3 });
    const lines = failureLines(output);
    assert.equal(lines.length, 3, lines.join('\n'));
    assert.match(lines[0], /^1\) outer suite compares two numbers that differ: — AssertionError.*1 == 2/);
    assert.match(lines[1], /^2\) outer suite never ends: — Error: Timeout of 50ms exceeded/);
    assert.match(lines[2], /^3\) outer suite inner throws a plain error: — Error: boom: it broke$/);
    assert.deepEqual(failureLines(output, 2).slice(2), ['… and 1 more (see above)']);
  });

  it('falls back to the layer\'s own FAIL lines, and finds nothing in a passing run', async () => {
    const { failureLines } = await layerOutput();
    const e2e = 'ok   step 0 workbench (2.8s)\nFAIL step 3 complete (5.0s): no completion list\n     screenshot: x.png\n6 passed, 1 failed\n';
    assert.deepEqual(failureLines(e2e), ['FAIL step 3 complete (5.0s): no completion list']);
    assert.deepEqual(failureLines('  12 passing (3s)\n'), []);
  });
});
