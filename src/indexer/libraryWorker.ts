/** The library worker's entry point (bundled as dist/libraryWorker.js): a library served to the extension host. */
import { parentPort, workerData } from 'node:worker_threads';
import { serveLibrary } from './libraryServer';

if (parentPort) serveLibrary(parentPort, (workerData as { storage?: string } | undefined)?.storage);
