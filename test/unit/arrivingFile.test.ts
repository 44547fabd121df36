import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ArrivingFile } from '../../src/indexer/arrivingFile';

describe('ArrivingFile', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'litnotes-arriving-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the whole file in chunks, answering each wait once its bytes are there', async () => {
    const content = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7) % 251));
    const file = path.join(dir, 'a.bin');
    writeFileSync(file, content);
    const arriving = await ArrivingFile.open(file, 64 * 1024);
    assert.equal(arriving.bytes.length, content.length);
    const seen: number[] = [];
    await Promise.all([100, 70_000, 250_000, 10_000_000].map((n) => arriving.until(n).then(() => seen.push(Math.min(n, arriving.arrived())))));
    assert.ok(arriving.arrived() === content.length);
    assert.ok(seen.includes(content.length), 'a wait beyond the end ends with the last byte');
    assert.ok(arriving.bytes.equals(content));
    await arriving.until(5); // already there
  });

  it('rejects opening a file that is not there, and waits once reading was stopped', async () => {
    await assert.rejects(ArrivingFile.open(path.join(dir, 'none.bin')));
    const file = path.join(dir, 'b.bin');
    writeFileSync(file, Buffer.alloc(1_000_000, 1));
    const arriving = await ArrivingFile.open(file, 4096);
    arriving.stop();
    await assert.rejects(arriving.until(1_000_000), /stopped/);
    assert.ok(arriving.arrived() < 1_000_000);
  });

  it('treats an empty file as arrived at once', async () => {
    const file = path.join(dir, 'c.bin');
    writeFileSync(file, '');
    const arriving = await ArrivingFile.open(file);
    await arriving.until(100);
    assert.equal(arriving.bytes.length, 0);
  });
});
