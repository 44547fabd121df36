/**
 * Worker-thread entry: parses dumps off the extension host's thread and keeps the parse cache
 * (see `WorkerRequest` for the messages). Requests are handled one after another, in order.
 */
import { createHash } from 'node:crypto';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { ReparseMemo } from '../core/parse/reparse';
import { TopicMemo } from '../core/topicMemo';
import { encodeParsed, ParseCache, type EncodedParse } from './parseCache';
import { reparseWithTopic, type ParseAnswer, type WorkerRequest } from './parseJob';
import { encodeDelta, type EncodedDelta } from './parseDelta';

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
/** How many files' content labels the worker remembers (~100 bytes each): more than a workspace has dumps. */
const REMEMBERED_LABELS = 10_000;

/**
 * The topic memo holds a SHA-256 digest of each label's sample, so it remembers every dump's label,
 * and the labels are saved with the cache: a dump's first parse after a warm start need not derive
 * its label again (~25 ms in cold code for 1,000 papers) while its first papers stay the same.
 */
const topics = new TopicMemo(REMEMBERED_LABELS, (sample) => createHash('sha256').update(sample).digest('base64'));
const reparses = new ReparseMemo();
let queue = Promise.resolve();

parentPort?.on('message', (request: WorkerRequest) => {
  queue = queue.then(async () => {
    try {
      const result = await handle(request);
      // Parses are transferred (the receiver copies nothing): `handle` answers them in buffers of their own.
      const buffers = request.type === 'parse' ? bytesOf(result as ParseAnswer) : request.type === 'take' ? ((result as EncodedParse | null) ?? []) : [];
      parentPort?.postMessage({ id: request.id, result }, [...new Set(buffers.map((b) => b.buffer as ArrayBuffer))]);
    } catch (error) {
      parentPort?.postMessage({ id: request.id, error: (error as Error)?.message ?? String(error) });
    }
  });
});

const bytesOf = (answer: ParseAnswer): Uint8Array[] => ('parts' in answer ? answer.parts : [answer.delta.head, answer.delta.read]);

function handle(request: WorkerRequest): ParseAnswer | Promise<EncodedParse | null | string[] | boolean> {
  switch (request.type) {
    case 'parse': {
      const { parsed, token, base, edits } = reparseWithTopic(request.bytes, request.file, request.options, topics, reparses, request.edited === true);
      if (edits && token !== null && base === request.have) {
        // The caller holds the parse this one was read against: only the changes are sent, and the cache encodes the parse when it needs it.
        if (request.cacheAs) cache.putParsed(request.cacheAs.key, request.cacheAs.stamp, parsed);
        return { token, delta: own(encodeDelta(parsed, edits)) };
      }
      const parts = encodeParsed(parsed);
      if (request.cacheAs) cache.put(request.cacheAs.key, request.cacheAs.stamp, parts);
      return { token, parts: request.cacheAs ? parts.map((p) => new Uint8Array(p)) : parts.map(ownBytes) };
    }
    case 'take':
      // Read from the cache file (at a warm start, every dump's parse: ~150 MB at 100k papers), sent without a copy.
      return cache.get(request.key, request.stamp);
    case 'load':
      return cache.load(request.path).then(() => {
        topics.remember(cache.labels());
        return cache.keys();
      });
    case 'save':
      return cache.save(request.path, new Set(request.keep), topics.remembered());
  }
}

/** Bytes in a buffer of their own, to be transferred: a copy when they may be a slice of Node's shared Buffer pool. */
const ownBytes = (bytes: Uint8Array): Uint8Array => (bytes.byteLength !== bytes.buffer.byteLength ? new Uint8Array(bytes) : bytes);

const own = (delta: EncodedDelta): EncodedDelta => ({ ...delta, head: ownBytes(delta.head), read: ownBytes(delta.read) });
