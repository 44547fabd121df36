/**
 * The parse cache the parse worker keeps and persists: every file's encoded parse with the stamp
 * it was made from. A cached parse is used only when its stamp matches and it was written with the
 * same {@link PARSER_VERSION}; a missing, corrupt or outdated cache file loads as empty, silently.
 */
import { open, rename, rm, stat } from 'node:fs/promises';
import { Buffer } from 'node:buffer';
import * as v8 from 'node:v8';
import { threadId } from 'node:worker_threads';
import type { ParsedDump } from '../core/model';
import { PARSER_VERSION } from '../core/parse/index';
import type { RememberedLabel } from '../core/topicMemo';
import { decodeEntries, encodeEntries } from './entryBlocks';

/** What a parse was made from: the file's size and mtime, the size limit, and the name entries carry. */
export interface Stamp {
  size: number;
  mtime: number;
  maxBytes: number;
  file: string;
}

/** A parse in parts: the dump without entries (`v8.serialize`), then its entries in blocks (see `entryBlocks.ts`), so decoding can pause between them. */
export type EncodedParse = Uint8Array[];

/** The cache file's first bytes: the format, and a line end. */
const MAGIC = Buffer.from('litnotes-parse-cache-4\n', 'latin1');
/** Entries per block: about 2 ms to decode. */
const CHUNK = 1000;

export function encodeParsed(parsed: ParsedDump): EncodedParse {
  const parts: EncodedParse = [v8.serialize({ ...parsed, entries: [] })];
  for (let i = 0; i < parsed.entries.length; i += CHUNK) parts.push(encodeEntries(parsed.entries.slice(i, i + CHUNK), parsed.file));
  return parts;
}

/** Decodes an encoded parse, awaiting `pause()` between parts; null when it is not one. */
export async function decodeParsed(parts: EncodedParse, pause: () => Promise<void>): Promise<ParsedDump | null> {
  try {
    const head = v8.deserialize(parts[0]) as ParsedDump;
    if (!isDumpHead(head)) return null;
    for (const part of parts.slice(1)) {
      await pause();
      for (const entry of decodeEntries(part, head.file)) head.entries.push(entry);
    }
    return head;
  } catch {
    return null;
  }
}

function isDumpHead(value: unknown): value is ParsedDump {
  const d = value as ParsedDump | null;
  return typeof d?.file === 'string' && typeof d.layout === 'string' && Array.isArray(d.entries) && Array.isArray(d.problems) && typeof d.meta === 'object';
}

export function sameStamp(a: Stamp, b: Stamp): boolean {
  return a.size === b.size && a.mtime === b.mtime && a.maxBytes === b.maxBytes && a.file === b.file;
}

/**
 * A saved reading of the file (see `savedReading.ts`), encoded; or what makes it when it is saved,
 * for a parse whose reading is kept anyway (null when it has none).
 */
export type EncodedReading = Uint8Array | (() => Uint8Array | null);

/**
 * A cached parse: in memory until saved (encoded, or as it is until it is taken or saved), then
 * only where its parts are in the cache file, followed by its reading's `readingLength` bytes.
 */
type Cached = { stamp: Stamp; lengths: number[]; parts?: EncodedParse; parsed?: ParsedDump; offset?: number; reading?: EncodedReading; readingLength?: number };

/**
 * Encoded parses by file key (the file's URI), loaded from and saved to one file. Only the index
 * of the file (keys, stamps, part lengths) is held: a parse is read from the file when taken, and
 * a new one is held until the next save writes it, so a worker keeps little once its parses are
 * saved. The file: {@link MAGIC}, the parts of each parse and its saved reading, the index (JSON:
 * version, then key, stamp, part lengths and reading length of each parse, in file order, then the
 * content labels of those files saved with them) and the index's length (4 bytes).
 */
export class ParseCache {
  private readonly entries = new Map<string, Cached>();
  /** The file the saved parses are in, and its size and mtime then (another writer's file is not read). */
  private file: { path: string; size: number; mtimeMs: number } | null = null;
  /** Whether the entries differ from what was last loaded or saved. */
  private dirty = false;
  /** The content labels last loaded (see {@link labels}). */
  private loadedLabels: RememberedLabel[] = [];

  constructor(private readonly version = PARSER_VERSION) {}

  /** The keys of the cached parses. */
  keys(): string[] {
    return [...this.entries.keys()];
  }

  /** Caches a parse of `key` made from `stamp`, with the reading to save with it. */
  put(key: string, stamp: Stamp, parts: EncodedParse, reading?: EncodedReading | null): void {
    this.entries.set(key, { stamp, lengths: parts.map((p) => p.length), parts, reading: reading ?? undefined });
    this.dirty = true;
  }

  /** {@link put}, the parse encoded only when it is taken or saved (`parsed` must not change). */
  putParsed(key: string, stamp: Stamp, parsed: ParsedDump, reading?: EncodedReading | null): void {
    this.entries.set(key, { stamp, lengths: [], parsed, reading: reading ?? undefined });
    this.dirty = true;
  }

  /**
   * The cached parse of `key` when it was made from `stamp`, else null (also when the file no
   * longer has it). The parts are the caller's to transfer: read from the file into a buffer of
   * their own, or copies of a parse held until the next save.
   */
  async get(key: string, stamp: Stamp): Promise<EncodedParse | null> {
    const cached = this.entries.get(key);
    if (!cached || !sameStamp(cached.stamp, stamp)) return null;
    return inMemory(cached)?.map((part) => new Uint8Array(part)) ?? this.read(cached);
  }

  /**
   * Makes one of the readings held as what makes them (see {@link EncodedReading}), so that it
   * holds nothing else; false when none was left to make. One at a time, so that work waiting
   * for the worker waits for one reading at most (2–7 ms a 1.4 MB dump).
   */
  makeReading(): boolean {
    for (const cached of this.entries.values()) {
      if (typeof cached.reading !== 'function') continue;
      readingOf(cached);
      return true;
    }
    return false;
  }

  /** The cached parse of `key` when made from `stamp`, with its saved reading; null when either is missing. */
  async withReading(key: string, stamp: Stamp): Promise<{ parts: EncodedParse; reading: Uint8Array } | null> {
    const cached = this.entries.get(key);
    if (!cached || !sameStamp(cached.stamp, stamp)) return null;
    const held = await this.partsAndReading(cached);
    return held?.reading ? { parts: held.parts, reading: held.reading } : null;
  }

  /** The content labels saved with the parses last loaded (none when the file had none, or was not loaded). */
  labels(): RememberedLabel[] {
    return this.loadedLabels;
  }

  /** Replaces the entries with the file's index; any problem (missing, corrupt, other version) leaves none. Resolves with their number. */
  async load(path: string): Promise<number> {
    this.entries.clear();
    this.loadedLabels = [];
    this.dirty = false;
    this.file = null;
    try {
      const handle = await open(path, 'r');
      try {
        const { size, mtimeMs } = await handle.stat();
        const magic = Buffer.alloc(MAGIC.length);
        const tail = Buffer.alloc(4);
        await handle.read(magic, 0, magic.length, 0);
        await handle.read(tail, 0, 4, size - 4);
        const indexAt = size - 4 - tail.readUInt32LE(0);
        if (!magic.equals(MAGIC) || indexAt < MAGIC.length) return 0;
        const index = Buffer.alloc(size - 4 - indexAt);
        await handle.read(index, 0, index.length, indexAt);
        const { entries, labels } = this.readIndex(index.toString('utf8'));
        let offset = MAGIC.length;
        for (const [, cached] of entries) {
          cached.offset = offset;
          offset += sum(cached.lengths) + (cached.readingLength ?? 0);
        }
        if (offset !== indexAt) return 0;
        for (const [key, cached] of entries) this.entries.set(key, cached);
        this.loadedLabels = labels;
        this.file = { path, size, mtimeMs };
      } finally {
        await handle.close();
      }
    } catch {
      this.entries.clear();
      this.loadedLabels = [];
    }
    return this.entries.size;
  }

  /**
   * Drops the entries not kept and, when anything changed, writes the rest atomically (temporary
   * file, then rename), one parse at a time; a saved parse the old file no longer has is dropped.
   * `labels` (a `TopicMemo`'s) are saved for the files whose parses are. Resolves with whether it wrote.
   * What it writes is decided when it is called: parses cached while it writes stay cached (held
   * until the next save), so the cache may be used meanwhile.
   */
  async save(path: string, keep: ReadonlySet<string>, labels: readonly RememberedLabel[] = []): Promise<boolean> {
    for (const key of this.entries.keys()) {
      if (keep.has(key)) continue;
      this.entries.delete(key);
      this.dirty = true;
    }
    if (!this.dirty) return false;
    const saving = [...this.entries];
    this.dirty = false;
    const written: [string, Cached][] = [];
    const tmp = `${path}.${process.pid}-${threadId}.tmp`;
    try {
      const handle = await open(tmp, 'w');
      try {
        await handle.writeFile(MAGIC);
        let offset = MAGIC.length;
        for (const [key, cached] of saving) {
          const held = await this.partsAndReading(cached);
          if (!held) continue;
          const { parts, reading } = held;
          for (const part of parts) await handle.writeFile(part);
          if (reading) await handle.writeFile(reading);
          written.push([key, { stamp: cached.stamp, lengths: cached.lengths, offset, readingLength: reading?.length ?? 0 }]);
          offset += sum(cached.lengths) + (reading?.length ?? 0);
        }
        const files = new Set(written.map(([, c]) => c.stamp.file));
        const savedLabels = labels.filter((l) => files.has(l.file)).map((l) => [l.file, l.sample, l.label]);
        const index = Buffer.from(JSON.stringify({ version: this.version, entries: written.map(([key, c]) => [key, c.stamp, c.lengths, c.readingLength]), labels: savedLabels }), 'utf8');
        const tail = Buffer.alloc(4);
        tail.writeUInt32LE(index.length);
        await handle.writeFile(index);
        await handle.writeFile(tail);
      } finally {
        await handle.close();
      }
      await rename(tmp, path);
      const { size, mtimeMs } = await stat(path);
      this.file = { path, size, mtimeMs };
    } catch (error) {
      this.dirty = true;
      await rm(tmp, { force: true });
      throw error;
    }
    // Each parse saved is now held as where it is in the file; one the old file no longer had is dropped; one cached again meanwhile stays.
    const inFile = new Map(written);
    for (const [key, cached] of saving) {
      if (this.entries.get(key) !== cached) continue;
      const saved = inFile.get(key);
      if (saved) this.entries.set(key, saved);
      else this.entries.delete(key);
    }
    return true;
  }

  /** A saved parse's parts, read from the file; null when they cannot be read. */
  private async read(cached: Cached): Promise<EncodedParse | null> {
    if (cached.offset === undefined) return null;
    const bytes = await this.readBytes(cached.offset, sum(cached.lengths));
    return bytes && partsOf(bytes, cached.lengths);
  }

  /** A parse's parts and reading: held, or read from the file in one read (the reading follows the parts); null when they cannot be read. */
  private async partsAndReading(cached: Cached): Promise<{ parts: EncodedParse; reading: Uint8Array | null } | null> {
    const parts = inMemory(cached);
    if (parts) return { parts, reading: readingOf(cached) };
    const readingLength = cached.readingLength ?? 0;
    const bytes = cached.offset === undefined ? null : await this.readBytes(cached.offset, sum(cached.lengths) + readingLength);
    if (!bytes) return null;
    return { parts: partsOf(bytes, cached.lengths), reading: readingLength ? bytes.subarray(sum(cached.lengths)) : null };
  }

  /** `length` bytes of the cache file from `offset`, into a buffer of their own; null when the file changed or they cannot be read. */
  private async readBytes(offset: number, length: number): Promise<Uint8Array | null> {
    if (this.file === null) return null;
    try {
      const bytes = new Uint8Array(length);
      const { path, size, mtimeMs } = this.file;
      const handle = await open(path, 'r');
      try {
        const now = await handle.stat();
        if (now.size !== size || now.mtimeMs !== mtimeMs) return null;
        if ((await handle.read(bytes, 0, length, offset)).bytesRead !== length) return null;
      } finally {
        await handle.close();
      }
      return bytes;
    } catch {
      return null;
    }
  }

  /** The entries and labels of a file's index, or none when it is not one of this version's (labels also none when any is not one). */
  private readIndex(json: string): { entries: [string, Cached][]; labels: RememberedLabel[] } {
    const data = JSON.parse(json) as { version?: unknown; entries?: unknown; labels?: unknown };
    if (data?.version !== this.version || !Array.isArray(data.entries) || !data.entries.every(isEntry)) return { entries: [], labels: [] };
    const labels = Array.isArray(data.labels) && data.labels.every(isLabel) ? data.labels.map(([file, sample, label]) => ({ file, sample, label })) : [];
    return { entries: data.entries.map(([key, stamp, lengths, readingLength]) => [key, { stamp, lengths, readingLength }]), labels };
  }
}

function isLabel(value: unknown): value is [string, string, string | null] {
  return Array.isArray(value) && value.length === 3 && typeof value[0] === 'string' && typeof value[1] === 'string' && (value[2] === null || typeof value[2] === 'string');
}

function isEntry(value: unknown): value is [string, Stamp, number[], number] {
  if (!Array.isArray(value) || value.length !== 4) return false;
  const [key, stamp, lengths, readingLength] = value as [unknown, Stamp | null, unknown, unknown];
  const numbers = typeof stamp?.size === 'number' && typeof stamp.mtime === 'number' && typeof stamp.maxBytes === 'number';
  const length = (n: unknown): boolean => Number.isSafeInteger(n) && (n as number) >= 0;
  const sizes = Array.isArray(lengths) && lengths.length > 0 && lengths.every(length);
  return typeof key === 'string' && numbers && typeof stamp?.file === 'string' && sizes && length(readingLength);
}

/** The parts of `lengths` bytes each at the start of `bytes`, without copies. */
function partsOf(bytes: Uint8Array, lengths: readonly number[]): EncodedParse {
  let at = 0;
  return lengths.map((length) => bytes.subarray(at, (at += length)));
}

/** A reading held in memory, made now if it was held as what makes it. */
function readingOf(cached: Cached): Uint8Array | null {
  if (typeof cached.reading === 'function') cached.reading = cached.reading() ?? undefined;
  return cached.reading ?? null;
}

/** A parse held in memory, encoded now if it was held as it is. */
function inMemory(cached: Cached): EncodedParse | undefined {
  if (cached.parsed) {
    cached.parts = encodeParsed(cached.parsed);
    cached.lengths = cached.parts.map((p) => p.length);
    cached.parsed = undefined;
  }
  return cached.parts;
}

const sum = (numbers: readonly number[]): number => numbers.reduce((a, b) => a + b, 0);
