/**
 * The parse cache the parse worker keeps and persists: every file's encoded parse with the stamp
 * it was made from. A cached parse is used only when its stamp matches and it was written with the
 * same {@link PARSER_VERSION}; a missing, corrupt or outdated cache file loads as empty, silently.
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import * as v8 from 'node:v8';
import { threadId } from 'node:worker_threads';
import type { ParsedDump } from '../core/model';
import { PARSER_VERSION } from '../core/parse/index';
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

const FORMAT = 'litnotes-parse-cache-2';
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

type Cached = { stamp: Stamp; parts: EncodedParse };

/** Encoded parses by file key (the file's URI), loaded from and saved to one file. */
export class ParseCache {
  private readonly entries = new Map<string, Cached>();
  /** Whether the entries differ from what was last loaded or saved. */
  private dirty = false;

  constructor(private readonly version = PARSER_VERSION) {}

  /** The keys of the cached parses. */
  keys(): string[] {
    return [...this.entries.keys()];
  }

  put(key: string, stamp: Stamp, parts: EncodedParse): void {
    this.entries.set(key, { stamp, parts });
    this.dirty = true;
  }

  /** The cached parse of `key` when it was made from `stamp`, else null. */
  get(key: string, stamp: Stamp): EncodedParse | null {
    const cached = this.entries.get(key);
    return cached && sameStamp(cached.stamp, stamp) ? cached.parts : null;
  }

  /** Replaces the entries with the file's; any problem (missing, corrupt, other version) leaves none. Resolves with their number. */
  async load(path: string): Promise<number> {
    this.entries.clear();
    this.dirty = false;
    const loaded = await readFile(path).then((bytes) => this.decode(bytes), () => []);
    for (const [key, stamp, parts] of loaded) this.entries.set(key, { stamp, parts });
    return this.entries.size;
  }

  /** Drops the entries not kept and, when anything changed, writes the rest atomically (temporary file, then rename). Resolves with whether it wrote. */
  async save(path: string, keep: ReadonlySet<string>): Promise<boolean> {
    for (const key of this.entries.keys()) {
      if (keep.has(key)) continue;
      this.entries.delete(key);
      this.dirty = true;
    }
    if (!this.dirty) return false;
    const entries = [...this.entries].map(([key, { stamp, parts }]) => [key, stamp, parts]);
    const tmp = `${path}.${process.pid}-${threadId}.tmp`;
    try {
      await writeFile(tmp, v8.serialize({ format: FORMAT, version: this.version, entries }));
      await rename(tmp, path);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
    this.dirty = false;
    return true;
  }

  private decode(bytes: Uint8Array): [string, Stamp, EncodedParse][] {
    try {
      const data = v8.deserialize(bytes) as { format?: unknown; version?: unknown; entries?: unknown };
      if (data?.format !== FORMAT || data.version !== this.version || !Array.isArray(data.entries)) return [];
      return data.entries.every(isEntry) ? data.entries : [];
    } catch {
      return [];
    }
  }
}

function isEntry(value: unknown): value is [string, Stamp, EncodedParse] {
  if (!Array.isArray(value) || value.length !== 3) return false;
  const [key, stamp, parts] = value as [unknown, Stamp | null, unknown];
  const numbers = typeof stamp?.size === 'number' && typeof stamp.mtime === 'number' && typeof stamp.maxBytes === 'number';
  return typeof key === 'string' && numbers && typeof stamp?.file === 'string' && Array.isArray(parts) && parts.length > 0 && parts.every((p) => p instanceof Uint8Array);
}
