// A library worker that stops unasked (a crash, out of memory): started again, then, after RESTARTS restarts, indexing stops and says so until Re-index.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { LitnotesApi } from '../../../src/extension';
import type { LibraryService } from '../../../src/features/libraryService';
import { RESTARTS } from '../../../src/features/libraryWorkerLink';
import { registerStatusBar } from '../../../src/features/statusBar';
import { activateExtension, recordingOutput, waitFor } from '../helpers';

const EXIT_CODE = 7;

/** A worker script that runs the shipped library worker and exits with {@link EXIT_CODE} whenever a `stop-now` file appears in its storage (and removes it). */
function stoppingWorker(dir: string, shipped: string): string {
  const script = path.join(dir, 'stoppingWorker.js');
  fs.writeFileSync(script, `const fs = require('node:fs');
const path = require('node:path');
const { workerData } = require('node:worker_threads');
const marker = path.join(workerData.storage, 'stop-now');
setInterval(() => {
  if (!fs.existsSync(marker)) return;
  fs.unlinkSync(marker);
  process.exit(${EXIT_CODE});
}, 20).unref();
require(${JSON.stringify(shipped)});
`);
  return script;
}

describe('library: a worker that stops unasked', function () {
  this.timeout(120_000);

  it('is started again and the workspace indexed again, RESTARTS times; then indexing stops and says so (output, status bar) until Re-index starts it', async () => {
    const ext = await activateExtension();
    const { library } = ext.exports as LitnotesApi;
    await library.whenReady();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'litnotes-restart-'));
    const storage = path.join(dir, 'storage');
    fs.mkdirSync(storage);
    const Service = library.constructor as typeof LibraryService;
    const output = recordingOutput();
    /** What the service said about indexing (not about the workspace's broken dumps). */
    const indexing = (): string[] => output.complaints.filter((m) => m.startsWith('Indexing '));
    const service = new Service(output, vscode.Uri.file(storage), stoppingWorker(dir, path.join(ext.extensionPath, 'dist', 'libraryWorker.js')));
    const bar = registerStatusBar(service);
    const served = async (): Promise<void> => {
      await waitFor(() => service.state === 'ready' && service.paperCount === library.paperCount, { timeout: 30_000, message: `the library indexed again (${service.state}, ${service.paperCount} papers)` });
      assert.strictEqual((await service.search('ELECTRA discriminators rather than generators', 3))[0]?.key, 'electra2020');
      assert.strictEqual(bar.item.text, `$(book) ${library.paperCount} papers`);
    };
    /** Stops the worker, and waits for the service to say so for the `n`th time. */
    const stop = async (n: number): Promise<string> => {
      fs.writeFileSync(path.join(storage, 'stop-now'), '');
      return waitFor(() => indexing()[n - 1], { timeout: 30_000, message: `error ${n} in the output (${indexing().join(' | ')})` });
    };
    try {
      service.start();
      await service.whenReady();
      await served();
      for (let n = 1; n <= RESTARTS; n++) {
        assert.strictEqual(await stop(n), `Indexing restarted: the library worker exited with code ${EXIT_CODE}.`);
        await served();
      }
      assert.match(await stop(RESTARTS + 1), new RegExp(`^Indexing stopped: the library worker exited with code ${EXIT_CODE}\\. Re-index Paper Dumps`));
      assert.strictEqual(service.state, 'stopped');
      assert.deepStrictEqual([bar.item.text, bar.item.command], ['$(error) Indexing stopped', 'litnotes.reindex']);
      await assert.rejects(service.search('electra', 3), /exited with code 7/, 'the stopped worker answers nothing');

      await service.reindex(false);
      await served();
      assert.strictEqual(indexing().length, RESTARTS + 1);
      assert.strictEqual(await stop(RESTARTS + 2), `Indexing restarted: the library worker exited with code ${EXIT_CODE}.`, 'Re-index gives it its restarts again');
      await served();
    } finally {
      bar.dispose();
      service.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
      // The test's service set the view's context keys: the extension's own sets them again. Its error notification goes too.
      await library.reindex(false);
      await vscode.commands.executeCommand('notifications.clearAll');
    }
  });
});
