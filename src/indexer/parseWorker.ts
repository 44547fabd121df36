/**
 * Worker-thread entry: parses dumps off the extension host's thread and keeps the parse cache
 * (see `WorkerRequest` for the messages). Requests are handled one after another, in order.
 */
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { ReparseMemo } from '../core/parse/reparse';
import { TopicMemo } from '../core/topics';
import { encodeParsed, ParseCache, type EncodedParse } from './parseCache';
import { parseWithTopic, type WorkerRequest } from './parseJob';

/** A nice value for parse workers: below the extension host, above idle work. */
const BACKGROUND_NICE = 10;

/**
 * Parsing is background work: on Linux, where a thread has its own nice value, this worker lowers
 * its priority so the extension host's thread (and the editor) get a core first, including for
 * garbage-collection pauses. Elsewhere the call would lower the whole process, so it is skipped.
 */
if (process.platform === 'linux') {
  try {
    setPriority(BACKGROUND_NICE);
  } catch {
    // Not allowed here: parse at normal priority.
  }
}

const cache = new ParseCache();
const topics = new TopicMemo();
const reparses = new ReparseMemo();
let queue = Promise.resolve();

parentPort?.on('message', (request: WorkerRequest) => {
  queue = queue.then(async () => {
    try {
      const result = await handle(request);
      // Parses are transferred (the receiver copies nothing): `handle` answers parts in buffers of their own.
      const parts = request.type === 'parse' || request.type === 'take' ? (result as EncodedParse | null) : null;
      parentPort?.postMessage({ id: request.id, result }, parts ? [...new Set(parts.map((p) => p.buffer as ArrayBuffer))] : []);
    } catch (error) {
      parentPort?.postMessage({ id: request.id, error: (error as Error)?.message ?? String(error) });
    }
  });
});

function handle(request: WorkerRequest): EncodedParse | Promise<EncodedParse | null | string[] | boolean> {
  switch (request.type) {
    case 'parse': {
      const parts = encodeParsed(parseWithTopic(request.bytes, request.file, request.options, topics, reparses));
      if (request.cacheAs) cache.put(request.cacheAs.key, request.cacheAs.stamp, parts);
      // Copies what the cache keeps or what may be a slice of Node's shared Buffer pool (a small part): the rest is sent as it is.
      return parts.map((p) => (request.cacheAs || p.byteLength !== p.buffer.byteLength ? new Uint8Array(p) : p));
    }
    case 'take':
      // Read from the cache file (at a warm start, every dump's parse: ~150 MB at 100k papers), sent without a copy.
      return cache.get(request.key, request.stamp);
    case 'load':
      return cache.load(request.path).then(() => cache.keys());
    case 'save':
      return cache.save(request.path, new Set(request.keep));
  }
}
