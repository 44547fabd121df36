/** The extension host's side of the library worker: starting it (or, failing that, a library on the host) and talking to it. */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { MessageChannel, Worker } from 'node:worker_threads';
import type { HostRequests, LibraryEvent, LibraryRequests } from './libraryProtocol';
import { serveLibrary } from './libraryServer';
import { Endpoint } from './rpc';

/** A library being talked to: in its worker thread, or on this thread when no worker could start. */
export interface LibraryConnection {
  readonly library: Endpoint<LibraryRequests, HostRequests, LibraryEvent>;
  /** Whether the library lives in a worker thread, apart from the extension host's heap. */
  readonly offThread: boolean;
  dispose(): void;
}

/** How the host answers the worker, and hears from it. */
export interface HostSide {
  answers: { [K in keyof HostRequests]: (...args: Parameters<HostRequests[K]>) => Promise<ReturnType<HostRequests[K]>> };
  onEvent(event: LibraryEvent): void;
  /** The worker stopped unasked (a crash, or out of memory): its calls have failed. */
  onExit(reason: string): void;
  /** No worker could start: the library runs on the host. */
  onFallback(reason: string): void;
}

/**
 * Starts the library worker (`libraryWorker.js` beside this bundle), persisting in `storage`.
 * When it cannot start, the same library is served on this thread over a message channel, so
 * everything works as before, only without keeping the host's heap small.
 */
export function connectLibrary(storage: string | undefined, host: HostSide, script = path.join(__dirname, 'libraryWorker.js')): LibraryConnection {
  let worker: Worker | undefined;
  try {
    if (!existsSync(script)) throw new Error(`${script} is missing`);
    worker = new Worker(script, { workerData: { storage } });
  } catch (error) {
    host.onFallback(`The library worker could not start (${(error as Error)?.message ?? String(error)})`);
    const { port1, port2 } = new MessageChannel();
    const core = serveLibrary(port2, storage);
    const library = new Endpoint<LibraryRequests, HostRequests, LibraryEvent>(port1, host.answers, (event) => host.onEvent(event));
    return {
      library,
      offThread: false,
      dispose: () => {
        core.dispose();
        port1.close();
      },
    };
  }
  const running = worker;
  const library = new Endpoint<LibraryRequests, HostRequests, LibraryEvent>(running, host.answers, (event) => host.onEvent(event));
  let disposed = false;
  const stopped = (reason: string): void => {
    library.fail(reason);
    if (!disposed) host.onExit(reason);
    disposed = true;
  };
  running.on('error', (error) => stopped(`the library worker failed: ${error?.message ?? String(error)}`));
  running.on('exit', (code) => stopped(`the library worker exited with code ${code}`));
  return {
    library,
    offThread: true,
    dispose: () => {
      if (disposed) return;
      disposed = true;
      // Its parse workers are stopped first; whatever happens, the thread goes.
      const ended = library.call('dispose').catch(() => undefined);
      void Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 1000))]).then(() => running.terminate());
    },
  };
}
