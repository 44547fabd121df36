/**
 * The extension's indexing pipeline without VS Code, step by step as `LibraryService` runs it:
 * read and parse each dump, merge them with `buildLibrary`, index the papers, map keys to entries.
 */
import * as fs from 'fs';
import { buildLibrary, buildLibrarySteps, type KeyedEntry, type Library } from '../src/core/library';
import { runSliced, runToEnd, STEP, type Steps } from '../src/core/slices';
import type { ParsedDump } from '../src/core/model';
import { PaperIndex } from '../src/core/searchIndex';
import { DumpParser } from '../src/indexer/dumpParser';
import { parseWithTopic } from '../src/indexer/parseJob';
import { now, timed, yieldToLoop } from './measure';

export interface Built {
  dumps: ParsedDump[];
  library: Library;
  index: PaperIndex;
  entriesByKey: Map<string, KeyedEntry[]>;
}

export interface ColdTiming {
  /** read + parse of every dump */
  parseMs: number;
  /** the slowest single file's read + parse: one event-loop turn in the service */
  maxFileMs: number;
  libraryMs: number;
  indexMs: number;
  entriesMs: number;
  totalMs: number;
}

/** `readFileSync` + UTF-8 decode + `split('\n')`: the floor any line-based parser sits on. */
export function rawReadSplit(files: readonly string[]): { ms: number; lines: number } {
  const start = now();
  let lines = 0;
  for (const f of files) lines += fs.readFileSync(f).toString('utf8').split('\n').length;
  return { ms: now() - start, lines };
}

/** Read + parse in this thread, topic derived once per parse as the parse worker does. */
export function parseFile(file: string): ParsedDump {
  return parseWithTopic(fs.readFileSync(file), file, {});
}

/** What the service keeps per key for go-to-definition and "open in dump" (`locateEntries`, without the URI). */
export function* entriesByKeySteps(library: Library): Steps<Map<string, KeyedEntry[]>> {
  const out = new Map<string, KeyedEntry[]>();
  for (const [i, entry] of library.entries.entries()) {
    if (i % STEP === 0) yield;
    const list = out.get(entry.key);
    if (list) list.push({ ...entry });
    else out.set(entry.key, [{ ...entry }]);
  }
  return out;
}

export const entriesByKey = (library: Library): Map<string, KeyedEntry[]> => runToEnd(entriesByKeySteps(library));

/**
 * A full cold build on the service's schedule (`LibraryService.scanAll` → `update` → `merge`):
 * each file read here and parsed in the worker thread (`DumpParser`), one per event-loop turn;
 * then merge, the key map and the index, each in ~15 ms slices. `phase` names each step as it
 * starts (for `watchPhases`). `maxFileMs` is the longest a
 * file's read + hand-off + answer held this thread. Run it under `longestStall` to see what the
 * extension host would feel.
 */
export async function coldBuild(files: readonly string[], phase: (name: string) => void = () => undefined): Promise<{ built: Built; timing: ColdTiming }> {
  const start = now();
  phase('parse');
  const parser = new DumpParser();
  const dumps: ParsedDump[] = [];
  let maxFileMs = 0;
  try {
    for (const f of files) {
      const [readMs, bytes] = timed(() => fs.readFileSync(f));
      dumps.push(await parser.parse(bytes, f, {}));
      maxFileMs = Math.max(maxFileMs, readMs);
      await yieldToLoop();
    }
  } finally {
    parser.dispose();
  }
  const parseMs = now() - start;
  phase('library');
  const libraryStart = now();
  const library = await runSliced(buildLibrarySteps(dumps), yieldToLoop);
  const libraryMs = now() - libraryStart;
  phase('entries');
  const entriesStart = now();
  const byKey = await runSliced(entriesByKeySteps(library), yieldToLoop);
  const entriesMs = now() - entriesStart;
  phase('index');
  const indexStart = now();
  const index = await PaperIndex.build(library.papers, { pause: yieldToLoop });
  const indexMs = now() - indexStart;
  phase('done');
  return {
    built: { dumps, library, index, entriesByKey: byKey },
    timing: { parseMs, maxFileMs, libraryMs, indexMs, entriesMs, totalMs: now() - start },
  };
}

export interface IncrementalTiming {
  parseMs: number;
  libraryMs: number;
  syncMs: number;
  entriesMs: number;
  totalMs: number;
  added: number;
  updated: number;
  removed: number;
}

/**
 * One changed dump at full size, as the watcher path does it (`applyChanges` → `merge`): re-parse
 * that file, rebuild the library from every cached parse, `sync` the index, rebuild the key map.
 */
export function reindexOne(built: Built, fileIndex: number, content: string): IncrementalTiming {
  const start = now();
  const file = built.dumps[fileIndex].file;
  const [parseMs, dump] = timed(() => parseWithTopic(Buffer.from(content, 'utf8'), file, {}));
  built.dumps[fileIndex] = dump;
  const [libraryMs, library] = timed(() => buildLibrary(built.dumps));
  const [syncMs, counts] = timed(() => built.index.sync(library.papers));
  const [entriesMs, byKey] = timed(() => entriesByKey(library));
  built.library = library;
  built.entriesByKey = byKey;
  return { parseMs, libraryMs, syncMs, entriesMs, totalMs: now() - start, ...counts };
}
