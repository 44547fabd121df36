/**
 * A parse worker's warm-ups. Before a first scan ({@link warmUpParsing}): a made-up dump of every
 * layout (`madeUpDumps.ts`) parsed as a scan parses them. Once the library is ready
 * ({@link warmUp}): the code that reads a changed dump again (from a saved reading, and
 * from a kept parse) run once on a small made-up dump, its topic label derived as for a real
 * change (a dump of fewer than 150 papers gets its label again whenever a title or an abstract's
 * opening changes), so that the first real change is read in code the JIT has compiled. In a new
 * process, reading the bench's change of a 1,000-paper dump (a word halfway down, a paper added at
 * the end) from its saved reading took 23–32 ms before any other work and 12–16 ms after this
 * warm-up, which itself takes 16–19 ms of the worker's time, once.
 */
import { parseAgain, ReparseMemo } from '../core/parse/reparse';
import { readingTrail, restoreReading, saveReading, type Digest } from '../core/parse/savedReading';
import { decodeParsed, encodeParsed } from './parseCache';
import { encodeDelta } from './parseDelta';
import { reparseWithTopic } from './parseJob';
import { TopicMemo } from '../core/topicMemo';
import type { Layout } from '../core/model';
import { madeUpDump } from './madeUpDumps';

const WORDS = ['learning', 'language', 'models', 'vision', 'attention', 'efficient', 'training', 'data', 'reasoning', 'large', 'graph', 'robust', 'diffusion', 'retrieval', 'agents', 'benchmark', 'the', 'of'];
/** Papers in the made-up dump: ~100 KB, enough for the reading code to be compiled (fewer compiled less of it). */
const PAPERS = 70;
const FILE = 'litnotes-warm-up.papers.txt';

const LAYOUTS: readonly Exclude<Layout, 'none'>[] = ['markdown', 'blocks', 'runTogether', 'alternating', 'pairs'];
/** Papers in each made-up dump parsed before a first scan: ~40 KB, 6–33 ms each in new code (the capture, first, the longest). */
const SCAN_PAPERS = 40;

/**
 * Parses a made-up dump of each layout as a scan's parse does (topic label and encoding included),
 * one per step, so that the first real dumps are parsed in code the JIT has begun to compile. A
 * new worker with no parse cache runs the steps while the extension searches the workspace
 * (0.17–1.4 s in real VS Code starts, against 60–80 ms for all five): the parse part of a 10k-paper cold
 * build 598 → 547 ms (medians of 9 alternating fresh processes, the first file sent 170 ms after the start).
 */
export function* warmUpParsing(): Generator<{ layout: Layout; entries: number }, void, void> {
  for (const layout of LAYOUTS) {
    const file = `litnotes-warm-up.${layout}.papers.${layout === 'markdown' ? 'md' : 'txt'}`;
    const { parsed } = reparseWithTopic(Buffer.from(madeUpDump(layout, SCAN_PAPERS)), file, {}, new TopicMemo(1), new ReparseMemo(1), false);
    encodeParsed(parsed);
    yield { layout: parsed.layout, entries: parsed.entries.length };
  }
}

/**
 * A made-up dump of `PAPERS` papers in blocks, as a daily papers page is copied: few distinct words,
 * so that this warm-up stays short (the same number of papers from `madeUpDump`, with its larger
 * vocabulary, took ~10 ms more of a new worker's time, for no measurable gain on the first edit).
 */
export function warmUpDump(): string {
  const lines = ['Daily Papers', ''];
  for (let i = 0; i < PAPERS; i++) {
    const word = (k: number): string => WORDS[(i * 7 + k * 5) % WORDS.length];
    const title = `${word(0)} ${word(1)} ${word(2)} for ${word(3)} ${i}`.replace(/\b\w/g, (c) => c.toUpperCase());
    const abstract = Array.from({ length: 180 }, (_, k) => word(k + i)).join(' ');
    lines.push(title, '', `${abstract}.`, '', `  • ${1 + (i % 9)} authors`, '·', `Jan ${1 + (i % 28)}, 2025`, '');
  }
  return lines.join('\n');
}

/**
 * Runs what a first change after a warm start runs, on the made-up dump: its parse encoded and
 * decoded, its reading saved, a word changed and read again from that reading, then another from
 * the parse kept. Resolves with how many of the two changes were read in part (both, unless a bug).
 */
export async function warmUp(digest: Digest): Promise<number> {
  const text = warmUpDump();
  const bytes = Buffer.from(text);
  const first = parseAgain(bytes, FILE);
  const decoded = await decodeParsed(encodeParsed(first.parsed), () => Promise.resolve());
  const saved = first.next && saveReading(readingTrail(first.next), bytes, digest);
  if (!decoded || !saved) return 0;
  const memo = new ReparseMemo(1);
  // As the worker reads a change: with its topic label (derived at least for the first change: the memo starts empty).
  const labels = new TopicMemo(1);
  const middle = text.indexOf(' the ', text.length >> 1);
  const edit = (word: string): Buffer => Buffer.from(`${text.slice(0, middle)} ${word} ${text.slice(middle + 5)}`);
  const again = reparseWithTopic(edit('a'), FILE, {}, labels, memo, true, (content) => restoreReading(saved, decoded.entries, content as Uint8Array, FILE, {}, digest));
  if (again.edits) encodeDelta(again.parsed, again.edits);
  memo.finish();
  const last = reparseWithTopic(edit('one'), FILE, {}, labels, memo, true);
  if (last.edits) encodeDelta(last.parsed, last.edits);
  return [again, last].filter((parse) => parse.edits && parse.parsed.entries.length === PAPERS).length;
}
