import type { ParsedDump } from '../core/model';
import { parseDump, type ParseOptions } from '../core/parse/index';
import { dumpTopic } from '../core/topics';

/** A message to the parse worker. */
export interface ParseRequest {
  id: number;
  bytes: Uint8Array;
  file: string;
  options: ParseOptions;
}

/**
 * Parses one file and derives its topic once (a pass over every entry), storing it
 * as `meta.topic` so library rebuilds need not derive it again.
 */
export function parseWithTopic(bytes: Uint8Array, file: string, options: ParseOptions): ParsedDump {
  const parsed = parseDump(bytes, file, options);
  if (parsed.entries.length > 0) parsed.meta = { ...parsed.meta, topic: dumpTopic(parsed) };
  return parsed;
}
