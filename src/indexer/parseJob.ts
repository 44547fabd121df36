import type { ParsedDump } from '../core/model';
import { parseDump, type ParseOptions } from '../core/parse/index';
import type { NumberedParse, ReparseMemo, Restored } from '../core/parse/reparse';
import { dumpTopic } from '../core/topics';
import type { TopicMemo } from '../core/topicMemo';
import type { EncodedParse, Stamp } from './parseCache';
import type { EncodedDelta } from './parseDelta';

/**
 * A message to the parse worker; it answers `{ id, result }` or `{ id, error }`, in order.
 * - `parse`: the encoded parse (cached under `cacheAs` when given), as a {@link ParseAnswer}; `have`
 *   numbers the parse the caller holds: one the worker keeps, or `RESTORED` for the parse it
 *   cached under `cacheAs.key` from the stamp `held` (then read again from its saved reading);
 * - `load`: reads the cache file, answers the keys of the parses it holds;
 * - `take`: the cached encoded parse of `key` when made from `stamp`, else null;
 * - `save`: keeps only the `keep` keys and writes the cache file if anything changed;
 * - `warm`: runs the code that reads a changed dump again once (see `warmUp.ts`), answers how many changes it read in part;
 * - `prefetch`: reads and decodes the parse cached under `key` from `stamp` and its saved reading
 *   for the file's next parse (`held` that stamp), answers whether there are both.
 */
export type WorkerRequest = { id: number } & WorkerTask;

export type WorkerTask =
  | { type: 'parse'; bytes: Uint8Array; file: string; options: ParseOptions; cacheAs?: CacheKey; have?: number; held?: Stamp; edited?: boolean }
  | { type: 'load'; path: string }
  | ({ type: 'take' } & CacheKey)
  | { type: 'save'; path: string; keep: string[] }
  | { type: 'warm' }
  | ({ type: 'prefetch' } & CacheKey);

/**
 * The worker's answer to `parse`: the whole parse, or, when the file was read in part against the
 * parse numbered as the request's `have`, how it differs from that parse. `token` numbers a parse
 * the worker keeps to read the file again in part (null: it keeps none: the file is not being edited, or is too large).
 */
export type ParseAnswer = { token: number | null; parts: EncodedParse } | { token: number; delta: EncodedDelta };

/** Where a parse is cached: the file's key (its URI) and the stamp the parse was made from. */
export interface CacheKey {
  key: string;
  stamp: Stamp;
}

/**
 * Parses one file and derives its topic once (a pass over every entry), storing it
 * as `meta.topic` so library rebuilds need not derive it again; `memo` remembers topics of files
 * parsed before.
 */
export function parseWithTopic(bytes: Uint8Array, file: string, options: ParseOptions, memo?: TopicMemo): ParsedDump {
  return withTopic(parseDump(bytes, file, options), memo);
}

/**
 * {@link parseWithTopic} through `reparses`: a file parsed there before (or, with `restore`, whose
 * parse it makes again) is read only where it changed; an `edited` one's parse is kept for its next parse.
 */
export function reparseWithTopic(bytes: Uint8Array, file: string, options: ParseOptions, memo: TopicMemo, reparses: ReparseMemo, edited: boolean, restore?: (content: Uint8Array | string) => Restored | null): NumberedParse {
  const numbered = reparses.parse(bytes, file, options, edited, restore);
  withTopic(numbered.parsed, memo);
  return numbered;
}

function withTopic(parsed: ParsedDump, memo?: TopicMemo): ParsedDump {
  if (parsed.entries.length > 0) parsed.meta = { ...parsed.meta, topic: memo ? memo.topic(parsed) : dumpTopic(parsed) };
  return parsed;
}
