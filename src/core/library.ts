import type { Entry, Paper, ParsedDump, Problem } from './model';
import { LibraryState } from './libraryState';
import { runToEnd, type Steps } from './slices';

/** Every paper of a set of dumps, deduplicated, with stable keys. */
export interface Library {
  papers: Paper[];
  problems: Problem[];
  byKey: ReadonlyMap<string, Paper>;
  /** Topic of each dump file that has entries. */
  topics: ReadonlyMap<string, string>;
  /** The key of the paper an entry of these dumps belongs to. */
  keyOf(entry: Entry): string | undefined;
}

/** How a library is built. */
export interface LibraryOptions {
  /** Citation-key format, see `citeKeys.ts`. */
  keyFormat?: string;
}

/**
 * Merges parsed dumps into papers: entries with the same arXiv id or the same
 * normalised title are one paper, which takes the richest metadata of its
 * entries and the topics of every dump it appears in. The result does not
 * depend on the order of `dumps`. To keep a library current as dumps change,
 * use {@link LibraryState} directly.
 */
export function buildLibrary(dumps: readonly ParsedDump[], options: LibraryOptions = {}): Library {
  return runToEnd(buildLibrarySteps(dumps, options));
}

/** {@link buildLibrary} in steps, to run in time slices with `runSliced` (see slices.ts). */
export function* buildLibrarySteps(dumps: readonly ParsedDump[], options: LibraryOptions = {}): Steps<Library> {
  const state = new LibraryState(options.keyFormat);
  yield* state.updateSteps(dumps);
  return libraryOf(state);
}

/** A read-only view of a library state (it follows the state's later updates). */
export function libraryOf(state: LibraryState): Library {
  return {
    get papers() {
      return state.papers;
    },
    get problems() {
      return state.problems;
    },
    byKey: state.byKey,
    topics: state.topics,
    keyOf: (entry) => state.keyOf(entry),
  };
}
