/**
 * Worker-thread entry: parses dumps for the library worker, off its thread, and keeps the parse cache
 * (see `WorkerRequest` for the messages). Requests are handled one after another, in order.
 */
import { createHash } from 'node:crypto';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import * as v8 from 'node:v8';
import { RESTORED, ReparseMemo, type Reparsable, type Restored } from '../core/parse/reparse';
import { readingTrail, restoreReading, saveReading, type ReadingTrail, type SavedReading } from '../core/parse/savedReading';
import { TopicMemo } from '../core/topicMemo';
import { decodeParsed, encodeParsed, ParseCache, sameStamp, type EncodedParse, type EncodedReading, type Stamp } from './parseCache';
import { reparseWithTopic, type ParseAnswer, type WorkerRequest } from './parseJob';
import type { Entry } from '../core/model';
import type { ParseOptions } from '../core/parse/index';
import { encodeDelta, type EncodedDelta } from './parseDelta';
import { warmUp, warmUpParsing } from './warmUp';

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
/** Requests are answered one after another, in order; but see {@link saving}. */
let queue: Promise<unknown> = Promise.resolve();
/**
 * The save being written. A save starts in its turn (it keeps what the requests before it
 * cached) and the next save waits for it; other requests do not wait for it to be written (at
 * 100k papers, each worker writes ~75 MB for ~0.6 s): a parse asked meanwhile is answered at once.
 */
let saving: Promise<unknown> = Promise.resolve();

/** Requests received and not yet answered. */
let waiting = 0;
/** How long no request must arrive before the worker does the work left for when it is idle (a scan sends them back to back). */
const IDLE_MS = 100;
let idle: NodeJS.Timeout | undefined;

parentPort?.on('message', (request: WorkerRequest) => {
  waiting++;
  clearTimeout(idle);
  if (request.type !== 'save') {
    queue = queue.then(() => answer(request));
    return;
  }
  const turn = Promise.all([queue, saving]);
  saving = turn.then(() => answer(request));
  // The save has decided what it writes once it started (see `ParseCache.save`): the next request may go.
  queue = turn;
});

async function answer(request: WorkerRequest): Promise<void> {
  try {
    const result = await handle(request);
    // Parses are transferred (the receiver copies nothing): `handle` answers them in buffers of their own.
    const buffers = request.type === 'parse' ? bytesOf(result as ParseAnswer) : request.type === 'take' ? ((result as EncodedParse | null) ?? []) : [];
    parentPort?.postMessage({ id: request.id, result }, [...new Set(buffers.map((b) => b.buffer as ArrayBuffer))]);
    // Answered: what the next parse of a kept file needs is completed now, before the next request.
    reparses.finish();
  } catch (error) {
    parentPort?.postMessage({ id: request.id, error: (error as Error)?.message ?? String(error) });
  }
  if (--waiting === 0) idle = setTimeout(whenIdle, IDLE_MS);
}

/**
 * Work left for when no request waits: the readings of the parses cached meanwhile, one at a time
 * with the event loop let run between them, so a request arriving meanwhile waits for one reading
 * at most (making the readings of a 10k-paper scan at once held the worker for 27–52 ms).
 */
function whenIdle(): void {
  if (cache.makeReading()) idle = setTimeout(whenIdle, 0);
  else deferredBytes = 0;
}

/**
 * Runs the steps one per event-loop turn, after the load is answered and while no request waits;
 * the first request ends them (it waits for one step at most), and the real parses warm up the rest.
 */
function warmWhileIdle(steps: Iterator<unknown>): void {
  if (waiting === 0 && !steps.next().done) setImmediate(() => warmWhileIdle(steps));
}

/** The SHA-1 digest saved readings are made with (see `savedReading.ts`). */
const sha1 = (bytes: Uint8Array): Uint8Array => createHash('sha1').update(bytes).digest();

async function parse(request: Extract<WorkerRequest, { type: 'parse' }>): Promise<ParseAnswer> {
  const { bytes, file, options, cacheAs } = request;
  const restore = cacheAs && request.held && request.have === RESTORED ? await restorer(cacheAs.key, request.held, file, options) : undefined;
  const { parsed, token, base, edits, next } = reparseWithTopic(bytes, file, options, topics, reparses, request.edited === true, restore);
  if (edits && token !== null && base === request.have) {
    // The caller holds the parse this one was read against: only the changes are sent, and the cache encodes the parse when it needs it.
    if (cacheAs) cache.putParsed(cacheAs.key, cacheAs.stamp, parsed, next && readingLater(readingTrail(next), bytes));
    return { token, delta: own(encodeDelta(parsed, edits)) };
  }
  const parts = encodeParsed(parsed);
  if (cacheAs) cache.put(cacheAs.key, cacheAs.stamp, parts, next && (token !== null ? readingLater(readingTrail(next), bytes) : readingOfScan(next, bytes)));
  return { token, parts: cacheAs ? parts.map((p) => new Uint8Array(p)) : parts.map(ownBytes) };
}

/**
 * What makes the parse cached under `key` from stamp `held` again, from its saved reading, for the
 * file's new content; undefined when the cache has no such parse or reading.
 */
async function restorer(key: string, held: Stamp, file: string, options: ParseOptions): Promise<((content: Uint8Array | string) => Restored | null) | undefined> {
  const ahead = prefetched.get(key);
  prefetched.delete(key);
  const basis = await (ahead && sameStamp(ahead.stamp, held) ? ahead.basis : savedBasis(key, held));
  if (!basis) return undefined;
  return (content) => (typeof content === 'string' ? null : restoreReading(basis.saved, basis.entries, content, file, options, sha1));
}

/** A cached parse's entries and its saved reading, decoded: what a change of its file is read against. */
interface SavedBasis {
  entries: Entry[];
  saved: SavedReading;
}

/** The cached parse of `key` from `stamp` and its saved reading, decoded; null when either is missing or corrupt. */
async function savedBasis(key: string, stamp: Stamp): Promise<SavedBasis | null> {
  try {
    const cached = await cache.withReading(key, stamp);
    const parsed = cached && (await decodeParsed(cached.parts, async () => undefined));
    return cached && parsed ? { entries: parsed.entries, saved: v8.deserialize(cached.reading) as SavedReading } : null;
  } catch {
    return null;
  }
}

/** Bases read ahead (`prefetch`) by file key, with the stamp they were cached from: the last few, each used once. */
const prefetched = new Map<string, { stamp: Stamp; basis: Promise<SavedBasis | null> }>();
const PREFETCHED = 4;

/** Reads the basis of `key`'s next change ahead of its parse; resolves with whether there is one. */
function prefetch(key: string, stamp: Stamp): Promise<boolean> {
  const basis = savedBasis(key, stamp);
  prefetched.delete(key);
  prefetched.set(key, { stamp, basis });
  if (prefetched.size > PREFETCHED) prefetched.delete(prefetched.keys().next().value!);
  return basis.then((b) => b !== null);
}

const encodeReading = (reading: SavedReading | null): Uint8Array | null => (reading ? v8.serialize(reading) : null);

/** The reading of a parse of `bytes`, made when the worker is idle or saves (holding the bytes, not the parse's lines, meanwhile). */
const readingLater = (trail: ReadingTrail, bytes: Uint8Array): EncodedReading => () => encodeReading(saveReading(trail, bytes, sha1));

/** Bytes of scanned files held for their readings to be made once the worker is idle: beyond them, a reading is made at once. */
const DEFERRED_BYTES = 32 * 1024 * 1024;
let deferredBytes = 0;

/**
 * The reading of a file scanned (its parse not kept): made once the worker is idle, so that a
 * scan's parses do not wait for it (2–7 ms a 1.4 MB dump: the line ends walked, the bytes
 * digested, each chunk's statistics counted), holding only the file's bytes meanwhile, up to
 * {@link DEFERRED_BYTES}.
 */
function readingOfScan(next: Reparsable, bytes: Uint8Array): EncodedReading | null {
  const trail = readingTrail(next);
  // Made at once, while a scan waits: without the chunks' statistics, which would double its cost (reading again then counts every line).
  if (deferredBytes + bytes.byteLength > DEFERRED_BYTES) return encodeReading(saveReading(trail, bytes, sha1, undefined, false));
  deferredBytes += bytes.byteLength;
  return readingLater(trail, bytes);
}

const bytesOf = (answer: ParseAnswer): Uint8Array[] => ('parts' in answer ? answer.parts : [answer.delta.head, answer.delta.read]);

function handle(request: WorkerRequest): Promise<ParseAnswer | EncodedParse | null | string[] | boolean | number> {
  switch (request.type) {
    case 'parse':
      return parse(request);
    case 'take':
      // Read from the cache file (at a warm start, every dump's parse: ~150 MB at 100k papers), sent without a copy.
      return cache.get(request.key, request.stamp);
    case 'load':
      return cache.load(request.path).then(() => {
        topics.remember(cache.labels());
        // Nothing cached (a first start): every dump is about to be parsed whole.
        if (cache.keys().length === 0) setImmediate(() => warmWhileIdle(warmUpParsing()));
        return cache.keys();
      });
    case 'save':
      return cache.save(request.path, new Set(request.keep), topics.remembered());
    case 'warm':
      return warmUp(sha1);
    case 'prefetch':
      return prefetch(request.key, request.stamp);
  }
}

/** Bytes in a buffer of their own, to be transferred: a copy when they may be a slice of Node's shared Buffer pool. */
const ownBytes = (bytes: Uint8Array): Uint8Array => (bytes.byteLength !== bytes.buffer.byteLength ? new Uint8Array(bytes) : bytes);

const own = (delta: EncodedDelta): EncodedDelta => ({ ...delta, head: ownBytes(delta.head), read: ownBytes(delta.read) });
