import type { ParsedDump } from '../core/model';
import { parseDump, type ParseOptions } from '../core/parse/index';
import type { ReparseMemo } from '../core/parse/reparse';
import { dumpTopic, type TopicMemo } from '../core/topics';
import type { Stamp } from './parseCache';

/**
 * A message to the parse worker; it answers `{ id, result }` or `{ id, error }`, in order.
 * - `parse`: the encoded parse (cached under `cacheAs` when given);
 * - `load`: reads the cache file, answers the keys of the parses it holds;
 * - `take`: the cached encoded parse of `key` when made from `stamp`, else null;
 * - `save`: keeps only the `keep` keys and writes the cache file if anything changed.
 */
export type WorkerRequest = { id: number } & WorkerTask;

export type WorkerTask =
  | { type: 'parse'; bytes: Uint8Array; file: string; options: ParseOptions; cacheAs?: CacheKey }
  | { type: 'load'; path: string }
  | ({ type: 'take' } & CacheKey)
  | { type: 'save'; path: string; keep: string[] };

/** Where a parse is cached: the file's key (its URI) and the stamp the parse was made from. */
export interface CacheKey {
  key: string;
  stamp: Stamp;
}

/**
 * Parses one file and derives its topic once (a pass over every entry), storing it
 * as `meta.topic` so library rebuilds need not derive it again; `memo` remembers topics of files
 * parsed before, `reparses` their parses (a file parsed again is then read only where it changed).
 */
export function parseWithTopic(bytes: Uint8Array, file: string, options: ParseOptions, memo?: TopicMemo, reparses?: ReparseMemo): ParsedDump {
  const parsed = reparses ? reparses.parse(bytes, file, options) : parseDump(bytes, file, options);
  if (parsed.entries.length > 0) parsed.meta = { ...parsed.meta, topic: memo ? memo.topic(parsed) : dumpTopic(parsed) };
  return parsed;
}
