/**
 * `node out/bench/hotspots.js [--size 10000]`: times the pieces of the pipeline in isolation on a
 * cached corpus, to say where cold-build time goes (the profile behind BENCHMARKS.md's notes).
 * Calls exported core functions the same way the pipeline does; reports medians of 3 passes.
 */
import * as fs from 'fs';
import { buildLibrary } from '../src/core/library';
import { assignKeys } from '../src/core/citeKeys';
import { normalizeTitle } from '../src/core/normalize';
import { parseDump } from '../src/core/parse/index';
import { markdownCaptureScore } from '../src/core/parse/markdown';
import { bodyStats } from '../src/core/parse/detect';
import { collapse } from '../src/core/parse/fields';
import { splitTitleAbstract } from '../src/core/parse/titleSplit';
import { abstractField, indexTerms } from '../src/core/searchTerms';
import { PaperIndex } from '../src/core/searchIndex';
import { dumpTopic } from '../src/core/topics';
import { ensureDataset } from './generate';
import { memory, round, stats, timed } from './measure';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};

const median = (fn: () => unknown, passes = 3): number => stats(Array.from({ length: passes }, () => timed(fn)[0])).median;

function main(): void {
  const n = arg('--size', 10_000);
  const data = ensureDataset(n, arg('--seed', 42));
  const texts = data.files.map((f) => fs.readFileSync(f.path));
  const lines = texts.map((t) => t.toString('utf8').split(/\r\n|\r|\n/).map((l) => l.trimEnd()));
  const out: Record<string, unknown> = { n, files: data.files.length, MB: round(data.totalBytes / 1048576) };

  texts.forEach((t, i) => parseDump(t, data.files[i].path)); // warm-up: JIT, regex compilation
  // Parse, per layout: throughput, and the part spent scoring the file as a Markdown capture.
  const layouts: Record<string, unknown> = {};
  for (const layout of [...new Set(data.files.map((f) => f.layout))]) {
    const idx = data.files.map((f, i) => (f.layout === layout ? i : -1)).filter((i) => i >= 0);
    const mb = idx.reduce((s, i) => s + data.files[i].bytes, 0) / 1048576;
    const parseMs = median(() => idx.forEach((i) => parseDump(texts[i], data.files[i].path)));
    const scoreMs = median(() => idx.forEach((i) => markdownCaptureScore(lines[i].slice())));
    const statsMs = median(() => idx.forEach((i) => bodyStats(lines[i])));
    const collapseMs = median(() => idx.forEach((i) => lines[i].forEach((l) => collapse(l))));
    const row: Record<string, number> = { MB: round(mb), parseMs: round(parseMs), MBps: round(mb / (parseMs / 1000)), markdownScoreMs: round(scoreMs), bodyStatsMs: round(statsMs), collapseEveryLineOnceMs: round(collapseMs) };
    if (layout === 'runTogether') {
      const bodies = idx.flatMap((i) => lines[i].filter((l) => l.length > 120).map((l) => l.replace(/^(\d+|-) /, '').replace(/ \d+ authors · .*$/, '')));
      row.splitTitleAbstractMs = round(median(() => bodies.forEach((b) => splitTitleAbstract(b))));
    }
    layouts[layout] = row;
  }
  out.parseByLayout = layouts;

  // buildLibrary, piece by piece.
  const dumps = data.files.map((f, i) => parseDump(texts[i], f.path));
  const entries = dumps.flatMap((d) => d.entries);
  const [libraryMs, library] = timed(() => buildLibrary(dumps));
  const topicMs = dumps.map((d) => timed(() => dumpTopic(d))[0]);
  out.buildLibrary = {
    totalMs: round(libraryMs),
    topicsMs: round(topicMs.reduce((s, x) => s + x, 0)),
    topicPerDump: { median: round(stats(topicMs).median), max: round(stats(topicMs).max) },
    normalizeTitleAllEntriesMs: round(median(() => entries.forEach((e) => normalizeTitle(e.title)))),
    assignKeysMs: round(median(() => assignKeys(library.papers))),
    keyCollisions: collisions(library.papers.map((p) => p.key)),
  };

  // Index build: tokenising vs building postings and the radix tree.
  const papers = library.papers;
  const before = memory().heapUsedMB;
  const [indexMs, index] = timed(() => new PaperIndex(papers));
  const indexHeap = memory().heapUsedMB - before;
  out.index = {
    buildMs: round(indexMs),
    heapMB: round(indexHeap),
    tokenizeMs: round(median(() => papers.forEach((p) => (indexTerms(p.title, 'title'), indexTerms(abstractField(p.title, p.abstract), 'abstract'))))),
    terms: (index as unknown as { store: { termCount: number } }).store.termCount,
  };
  process.stdout.write(JSON.stringify(out, null, 1) + '\n');
}

/** How many keys needed a suffix (`masked2023a`…), and the largest group. */
function collisions(keys: readonly string[]): { suffixed: number; largestGroup: string } {
  const groups = new Map<string, number>();
  for (const k of keys) {
    const base = k.replace(/(?<=\d{4})[a-z]+$|_\d+$/, '');
    groups.set(base, (groups.get(base) ?? 0) + 1);
  }
  let largest: [string, number] = ['', 0];
  let suffixed = 0;
  for (const [k, c] of groups) {
    suffixed += c - 1;
    if (c > largest[1]) largest = [k, c];
  }
  return { suffixed, largestGroup: `${largest[0]} × ${largest[1]}` };
}

main();
