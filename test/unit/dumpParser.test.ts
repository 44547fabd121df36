import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DumpParser } from '../../src/indexer/dumpParser';
import { parseWithTopic } from '../../src/indexer/parseJob';
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
