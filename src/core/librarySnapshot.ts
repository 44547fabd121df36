/**
 * The library as last built, persisted between sessions so that a warm start answers at once:
 * every paper and the search index, with the dumps they came from (each with the stamp it was
 * read at) and the key format. Columnar binary: the strings of 256 papers share one text block,
 * stored Latin-1 when every character allows it (else UTF-16), so decoding makes one string per
 * block and slices of it; numbers are float64 columns; postings are typed arrays. Decoding
 * returns a reason, never throws, when the bytes are not a current snapshot.
 */
import { Buffer } from 'node:buffer';
import { NO_LINKS, type Layout, type Paper } from './model';
import { PARSER_VERSION } from './parse/index';
import { FIELDS, type StoreData } from './searchStore';
import type { Steps, WaitingSteps } from './slices';
import { TextBlockReader, TextBlockWriter, type BlockHead } from './textBlocks';

/** Bumped whenever the layout below changes; with the parser version it makes older snapshots stale. */
const FORMAT = 1;
const MAGIC = Buffer.from('LITNOTES-SNAPSHOT\n', 'latin1');
const PAPERS_PER_BLOCK = 256;

/** A dump the snapshot's papers came from. */
export interface SnapshotDump {
  uri: string;
  /** The dump's name in paper occurrences. */
  file: string;
  /** What the dump was read from (size, mtime …); the caller compares it with the file now. */
  stamp: Record<string, string | number>;
  topic: string;
  layout: Layout;
  entries: number;
}

/** What a snapshot holds. */
export interface LibrarySnapshot {
  keyFormat: string;
  dumps: SnapshotDump[];
  papers: Paper[];
  index: StoreData;
}

interface Meta {
  version: string;
  keyFormat: string;
  dumps: SnapshotDump[];
  /** Occurrence file names and topics, referred to by position. */
  files: string[];
  topics: string[];
  paperBlocks: BlockHead[];
  papers: number;
  index: { abstractChars: number | null; keys: BlockHead; terms: BlockHead; docs: number; termCount: number; postings: number };
}

const version = (): string => `${FORMAT}/${PARSER_VERSION}/${littleEndian() ? 'le' : 'be'}`;

/** Encodes a snapshot in steps (a block of papers per step); the parts, written in order, are the file. */
export function* encodeSnapshot(snapshot: LibrarySnapshot): Steps<Uint8Array[]> {
  const files = new Table(), topics = new Table();
  const parts: Uint8Array[] = [];
  const paperBlocks: BlockHead[] = [];
  for (let at = 0; at < snapshot.papers.length; at += PAPERS_PER_BLOCK) {
    const block = new TextBlockWriter();
    for (const p of snapshot.papers.slice(at, at + PAPERS_PER_BLOCK)) {
      block.str(p.key).str(p.title).str(p.abstract).num(p.authors).optional(p.org).optional(p.date);
      block.num(p.year).num(p.upvotes).num(p.comments).optional(p.github).optional(p.arxiv);
      block.num(p.links.length);
      for (const link of p.links) block.str(link);
      block.num(p.topics.length);
      for (const topic of p.topics) block.num(topics.id(topic));
      block.num(p.occurrences.length);
      for (const o of p.occurrences) block.num(files.id(o.file)).num(o.line).num(o.endLine);
    }
    paperBlocks.push(block.finish(parts));
    yield;
  }
  const { index } = snapshot;
  const keysHead = yield* writeStrings(index.keys, parts);
  const termsHead = yield* writeStrings(index.terms, parts);
  const indexHead = {
    abstractChars: Number.isFinite(index.abstractChars) ? index.abstractChars : null,
    keys: keysHead,
    terms: termsHead,
    docs: index.keys.length,
    termCount: index.terms.length,
    postings: index.ids.length,
  };
  parts.push(...index.lengths.map(bytesOf), bytesOf(index.counts), bytesOf(index.ids), bytesOf(index.tfs));
  const meta: Meta = {
    version: version(), keyFormat: snapshot.keyFormat, dumps: snapshot.dumps, files: files.values, topics: topics.values,
    paperBlocks, papers: snapshot.papers.length, index: indexHead,
  };
  const json = Buffer.from(JSON.stringify(meta), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  return [MAGIC, length, json, ...parts];
}

/** A block of `values` appended to `parts`, in steps (100k keys at once held the thread 13–17 ms). */
function* writeStrings(values: readonly string[], parts: Uint8Array[]): Steps<BlockHead> {
  const block = new TextBlockWriter();
  for (let i = 0; i < values.length; i++) {
    block.str(values[i]);
    if (i % 16_384 === 16_383) yield;
  }
  yield;
  const head = block.finish(parts);
  yield;
  return head;
}

/** What a snapshot was made from. */
export type SnapshotSource = Pick<LibrarySnapshot, 'keyFormat' | 'dumps'>;

/**
 * What a snapshot was made from, read from its header alone (cheap: check it before decoding the
 * rest); a string says why the bytes are not a current snapshot.
 */
export function snapshotSource(bytes: Uint8Array): SnapshotSource | string {
  const head = readHeader(asBuffer(bytes));
  return typeof head === 'string' ? head : { keyFormat: head.meta.keyFormat, dumps: head.meta.dumps };
}

/**
 * Bytes still arriving in order, as a file being read: how many are there, and a promise for when
 * the first `n` are (or all of them, when there are fewer).
 */
export interface Arrival {
  arrived(): number;
  until(n: number): Promise<void>;
}

/** The bytes before the header's own: its magic and its length. */
export const HEADER_PREFIX = MAGIC.length + 4;

/**
 * How many bytes the header takes, read from its first {@link HEADER_PREFIX} bytes (what
 * {@link snapshotSource} needs); just that prefix when the bytes are not a snapshot.
 */
export function headerLength(bytes: Uint8Array): number {
  const buf = asBuffer(bytes);
  return buf.length >= HEADER_PREFIX && buf.subarray(0, MAGIC.length).equals(MAGIC) ? HEADER_PREFIX + buf.readUInt32LE(MAGIC.length) : HEADER_PREFIX;
}

/** Resolves once the header of `bytes`, still arriving, is there: what {@link snapshotSource} reads. */
export async function headerArrived(bytes: Uint8Array, arrival: Arrival): Promise<void> {
  await arrival.until(HEADER_PREFIX);
  await arrival.until(headerLength(bytes));
}

/**
 * Decodes a snapshot in steps; a string says why the bytes are not a current snapshot. With
 * `arrival`, `bytes` may still be arriving: the steps wait (yield a promise) for each block's
 * bytes, so reading the rest of the file and decoding what is there go on together.
 */
export function* decodeSnapshot(bytes: Uint8Array, arrival?: Arrival): WaitingSteps<LibrarySnapshot | string> {
  const buf = asBuffer(bytes);
  function* upTo(end: number): WaitingSteps<void> {
    if (arrival && arrival.arrived() < Math.min(end, buf.length)) yield arrival.until(end);
  }
  /** The block at `start`, once its bytes are there. */
  function* blockAt(start: number, blockHead: BlockHead): WaitingSteps<TextBlockReader> {
    yield* upTo(TextBlockReader.endOf(start, blockHead));
    return new TextBlockReader(buf, start, blockHead);
  }
  yield* upTo(HEADER_PREFIX);
  yield* upTo(headerLength(buf));
  const head = readHeader(buf);
  if (typeof head === 'string') return head;
  const { meta } = head;
  let at = head.end;
  try {
    const papers: Paper[] = [];
    const shared = new SharedValues();
    for (const head of meta.paperBlocks) {
      const block = yield* blockAt(at, head);
      at = block.end;
      while (!block.done) papers.push(readPaper(block, meta, shared));
      yield;
    }
    if (papers.length !== meta.papers) return 'paper count does not match';
    const { index: head } = meta;
    const keys = yield* blockAt(at, head.keys);
    const terms = yield* blockAt(keys.end, head.terms);
    at = terms.end;
    /** The next `n` numbers of a column, once their bytes are there. */
    function* take<T extends Uint8Array | Uint16Array | Uint32Array>(make: (n: number) => T, n: number): WaitingSteps<T> {
      const out = make(n);
      const size = n * out.BYTES_PER_ELEMENT;
      if (at + size > buf.length) throw new Error('truncated');
      yield* upTo(at + size);
      new Uint8Array(out.buffer).set(buf.subarray(at, (at += size)));
      return out;
    }
    // The index in pieces, each a few milliseconds at 100k papers (all of it at once held the thread ~30 ms).
    const docKeys = keys.strings(head.docs);
    yield;
    const termList = terms.strings(head.termCount);
    yield;
    const lengths: Uint16Array[] = [];
    for (let f = 0; f < FIELDS.length; f++) lengths.push(yield* take((n) => new Uint16Array(n), head.docs));
    const counts = yield* take((n) => new Uint32Array(n), head.termCount * FIELDS.length);
    yield;
    const ids = yield* take((n) => new Uint32Array(n), head.postings);
    yield;
    const tfs = yield* take((n) => new Uint8Array(n), head.postings);
    const index: StoreData = { abstractChars: head.abstractChars ?? Infinity, keys: docKeys, terms: termList, lengths, counts, ids, tfs };
    if (at !== buf.length) return 'unexpected bytes at the end';
    return { keyFormat: meta.keyFormat, dumps: meta.dumps, papers, index };
  } catch (error) {
    return `damaged (${(error as Error).message})`;
  }
}

const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** The header and where the body starts, or why there is no current header. */
function readHeader(buf: Buffer): { meta: Meta; end: number } | string {
  if (buf.length < MAGIC.length + 4 || !buf.subarray(0, MAGIC.length).equals(MAGIC)) return 'not a library snapshot';
  const start = MAGIC.length + 4;
  let meta: Meta;
  let end: number;
  try {
    end = start + buf.readUInt32LE(MAGIC.length);
    meta = JSON.parse(buf.toString('utf8', start, end)) as Meta;
  } catch {
    return 'unreadable header';
  }
  return meta.version === version() ? { meta, end } : `written by another version (${String(meta.version)})`;
}

/**
 * Values many papers have alike, made once and shared by them (frozen: papers are never changed
 * in place): each list of topics, each date (and `NO_LINKS`, the empty list of links). A restore at 100k papers
 * makes a quarter fewer objects, all of which would survive: fewer for V8's young generation to
 * copy (its scavenges were the restore's longest pauses).
 */
class SharedValues {
  private readonly topicLists = new Map<number | string, string[]>();
  private readonly dates = new Map<string, string>();

  /** The shared list of the topics read next from `b` (their count, then their positions in `table`). */
  topics(b: TextBlockReader, table: readonly string[]): string[] {
    const n = b.count();
    // Most papers have one topic: its position is the key, and no array or string is made for it.
    const positions = n === 1 ? null : Array.from({ length: n }, () => b.count());
    const key = positions ? `#${positions.join(',')}` : b.count();
    let list = this.topicLists.get(key);
    if (!list) {
      const listed = (positions ?? [key as number]).map((id) => entry(table, id));
      this.topicLists.set(key, (list = Object.freeze(listed) as string[]));
    }
    return list;
  }

  date(value: string | null): string | null {
    if (value === null) return null;
    let date = this.dates.get(value);
    if (date === undefined) this.dates.set(value, (date = value));
    return date;
  }
}

function readPaper(b: TextBlockReader, meta: Meta, shared: SharedValues): Paper {
  const key = b.str(), title = b.str(), abstract = b.str(), authors = b.num(), org = b.optional(), date = shared.date(b.optional());
  const year = b.num(), upvotes = b.num(), comments = b.num(), github = b.optional(), arxiv = b.optional();
  // Lists made at their size: one that starts empty takes room for 17 elements at its first push.
  const linkCount = b.count();
  const links = linkCount === 0 ? NO_LINKS : Array.from({ length: linkCount }, () => b.str());
  const topics = shared.topics(b, meta.topics);
  const occurrences: Paper['occurrences'] = new Array(b.count());
  for (let i = 0; i < occurrences.length; i++) occurrences[i] = { file: entry(meta.files, b.count()), line: b.count(), endLine: b.count() };
  return { key, title, abstract, authors, org, date, year, upvotes, comments, links, github, arxiv, topics, occurrences };
}

function entry(table: readonly string[], i: number): string {
  if (i >= table.length) throw new Error('reference out of range');
  return table[i];
}

/** Distinct strings numbered in order of first use. */
class Table {
  readonly values: string[] = [];
  private readonly ids = new Map<string, number>();

  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) this.ids.set(value, (id = this.values.push(value) - 1));
    return id;
  }
}

function bytesOf(array: Uint8Array | Uint16Array | Uint32Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

function littleEndian(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}
