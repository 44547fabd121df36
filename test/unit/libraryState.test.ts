import { strict as assert } from 'node:assert';
import { buildLibrary } from '../../src/core/library';
import { LibraryState } from '../../src/core/libraryState';
import type { Entry, ParsedDump } from '../../src/core/model';
import { PaperIndex } from '../../src/core/searchIndex';
import { runToEnd } from '../../src/core/slices';
import { allSeeds, rng } from './helpers';

/**
 * Entries built to collide: few first words (`bert` + `a` = `berta`), two years, arXiv ids shared
 * by differently spelled titles, the same title in several files, and topics set per file.
 */
function syntheticDump(file: string, rand: () => number, size: number, topic?: string): ParsedDump {
  const words = ['BERT', 'Berta', 'Bertb', 'ELECTRA', 'Attention', 'The Attention'];
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  const entries: Entry[] = [];
  for (let i = 0; i < size; i++) {
    const n = Math.floor(rand() * 12);
    const title = `${pick(words)} ${['Models', 'models', 'Nets'][n % 3]} ${n}`;
    const arxiv = rand() < 0.5 ? `2001.0${Math.floor(rand() * 20)}` : null;
    entries.push({
      title, abstract: `About ${title}${rand() < 0.3 ? ' and more detail' : ''}.`, authors: rand() < 0.5 ? 3 : null, org: null,
      date: rand() < 0.5 ? 'Jan 1, 2020' : null, year: rand() < 0.7 ? 2019 + Math.floor(rand() * 2) : null, upvotes: Math.floor(rand() * 9), comments: null,
      links: [], github: null, arxiv, file, line: 1 + 3 * i, endLine: 3 + 3 * i,
    });
  }
  return { file, layout: 'blocks', entries, problems: [], meta: topic ? { topic } : {}, source: null };
}

/** The library state must equal a full build of the same dumps: same keys, same records. */
function assertSameAsFullBuild(state: LibraryState, dumps: readonly ParsedDump[], index: PaperIndex): void {
  const full = buildLibrary(dumps, { keyFormat: state.keyFormat });
  assert.deepEqual([...state.byKey.keys()].sort(), [...full.byKey.keys()].sort());
  for (const [key, paper] of full.byKey) assert.deepEqual(state.byKey.get(key), paper, key);
  assert.equal(state.papers.length, full.papers.length);
  assert.deepEqual(new Map([...state.topics].sort()), new Map([...full.topics].sort()));
  for (const dump of dumps) for (const entry of dump.entries) assert.equal(state.keyOf(entry), full.keyOf(entry));
  assert.equal(index.size, state.byKey.size);
  for (const [key, paper] of state.byKey) assert.equal(index.get(key), paper, `index holds ${key}`);
  // Normalised titles are kept for the current entries only: a dropped entry leaves nothing behind.
  const titled = (state as unknown as { titleOf: Map<unknown, string> }).titleOf;
  assert.equal(titled.size, dumps.reduce((n, d) => n + d.entries.length, 0), 'one normalised title per current entry');
}

describe('library state: incremental updates equal a full build', () => {
  it('after every one of 300 random adds, replacements and removals of colliding dumps', () => {
    const rand = rng(7);
    const state = new LibraryState();
    const index = new PaperIndex();
    const current = new Map<string, ParsedDump>();
    let rekeyed = 0;
    for (let step = 0; step < 300; step++) {
      const file = `dump${Math.floor(rand() * 8)}.txt`;
      const before = new Map([...state.byKey].map(([k, p]) => [p.title, k]));
      if (current.has(file) && rand() < 0.3) {
        current.delete(file);
        const delta = runToEnd(state.updateSteps([], [file]));
        delta.removed.forEach((k) => index.remove(k));
        delta.upserted.forEach((p) => index.upsert(p));
      } else {
        const dump = syntheticDump(file, rand, 1 + Math.floor(rand() * 6), rand() < 0.3 ? ['Topic', 'topic', 'Other'][Math.floor(rand() * 3)] : undefined);
        current.set(file, dump);
        const delta = runToEnd(state.updateSteps([dump]));
        delta.removed.forEach((k) => index.remove(k));
        delta.upserted.forEach((p) => index.upsert(p));
      }
      assertSameAsFullBuild(state, [...current.values()], index);
      rekeyed += [...state.byKey].filter(([k, p]) => before.has(p.title) && before.get(p.title) !== k).length;
    }
    assert.ok(rekeyed > 10, `the sequence re-keyed surviving papers ${rekeyed} times (collisions exercised)`);
  });

  it('after every one of 300 random edits of dumps: entries kept, moved, changed, added and removed', () => {
    const rand = rng(11);
    const state = new LibraryState();
    const index = new PaperIndex();
    const current = new Map<string, ParsedDump>();
    const apply = (changed: ParsedDump[], removed: string[] = []) => {
      const delta = runToEnd(state.updateSteps(changed, removed));
      delta.removed.forEach((k) => index.remove(k));
      delta.upserted.forEach((p) => index.upsert(p));
      return delta;
    };
    let kept = 0;
    for (let step = 0; step < 300; step++) {
      const file = `dump${Math.floor(rand() * 5)}.txt`;
      const old = current.get(file);
      let dump: ParsedDump;
      if (!old || rand() < 0.1) dump = syntheticDump(file, rand, 1 + Math.floor(rand() * 8));
      else if (rand() < 0.1) dump = old; // the same parse again
      else {
        // An edit somewhere: entries in [at, at + cut) replaced by new ones; the rest copied, moved down or up.
        const at = Math.floor(rand() * (old.entries.length + 1));
        const cut = Math.floor(rand() * 3);
        const fresh = syntheticDump(file, rand, Math.floor(rand() * 3)).entries;
        const entries = [...old.entries.slice(0, at), ...fresh, ...old.entries.slice(at + cut)];
        if (rand() < 0.3 && entries.length > 1) {
          // An entry moved elsewhere in the file.
          const [moving] = entries.splice(Math.floor(rand() * entries.length), 1);
          entries.splice(Math.floor(rand() * entries.length), 0, moving);
        }
        const placed = entries.map((e, i) => ({ ...e, line: 1 + 3 * i, endLine: 3 + 3 * i }));
        const topic = rand() < 0.15 ? { topic: ['Topic', 'topic', 'Other'][Math.floor(rand() * 3)] } : old.meta;
        dump = { ...old, entries: placed, meta: topic };
      }
      current.set(file, dump);
      const delta = apply([dump]);
      if (old && dump !== old && delta.upserted.length < dump.entries.length) kept++;
      if (rand() < 0.05 && current.size > 1) {
        const gone = [...current.keys()][0];
        current.delete(gone);
        apply([], [gone]);
      }
      assertSameAsFullBuild(state, [...current.values()], index);
    }
    assert.ok(kept > 50, `${kept} edits kept papers instead of merging every entry again`);
  });

  it('an entry inserted in the middle of a seed dump re-makes only the papers below it, and keeps the others as they were', () => {
    const seeds = allSeeds();
    const state = new LibraryState();
    runToEnd(state.updateSteps(seeds));
    const dump = seeds.find((d) => d.entries.length > 50)!;
    const before = new Map(state.byKey);
    const middle = Math.floor(dump.entries.length / 2);
    const inserted = { ...dump.entries[middle], title: 'A Paper Inserted Between Two Others', arxiv: null, line: dump.entries[middle].line };
    const shift = (e: (typeof dump.entries)[number]) => ({ ...e, line: e.line + 3, endLine: e.endLine + 3 });
    const edited = { ...dump, entries: [...dump.entries.slice(0, middle).map((e) => ({ ...e })), inserted, ...dump.entries.slice(middle).map(shift)] };
    const delta = runToEnd(state.updateSteps([edited]));
    assertSameAsFullBuild(state, seeds.map((d) => (d === dump ? edited : d)), new PaperIndex(state.papers));
    for (const entry of edited.entries.slice(0, middle)) {
      const key = state.keyOf(entry)!;
      assert.equal(state.byKey.get(key), before.get(key), `${key}, above the edit, is the same object`);
    }
    const below = edited.entries.slice(middle + 1).map((e) => state.keyOf(e));
    const insertedKey = state.keyOf(inserted)!;
    assert.deepEqual(delta.removed, []);
    assert.deepEqual(delta.upserted.map((p) => p.key).sort(), [...new Set([insertedKey, ...below])].sort());
    for (const entry of edited.entries.slice(middle + 1)) {
      assert.ok(state.byKey.get(state.keyOf(entry)!)!.occurrences.some((o) => o.file === entry.file && o.line === entry.line), 'a paper below the edit shows its new line');
    }
  });

  it('on the seeds: removing, re-adding and editing one dump touches only its papers', () => {
    const seeds = allSeeds();
    const state = new LibraryState();
    const index = new PaperIndex();
    const first = runToEnd(state.updateSteps(seeds));
    first.upserted.forEach((p) => index.upsert(p));
    assert.equal(state.papers.length, 342);
    assertSameAsFullBuild(state, seeds, index);

    const before = new Map(state.byKey);
    const titleKey = new Map([...before].map(([k, p]) => [p.title, k]));
    const removed = runToEnd(state.updateSteps([], [seeds[2].file]));
    removed.removed.forEach((k) => index.remove(k));
    removed.upserted.forEach((p) => index.upsert(p));
    assertSameAsFullBuild(state, seeds.filter((_, i) => i !== 2), index);
    const inRemovedDump = (key: string | undefined) => !!key && before.get(key)!.occurrences.some((o) => o.file === seeds[2].file);
    const rekeyedFrom = new Set(removed.upserted.map((p) => titleKey.get(p.title)).filter((k) => k !== undefined && !state.byKey.has(k)));
    for (const key of removed.removed) assert.ok(inRemovedDump(key) || rekeyedFrom.has(key), key);
    for (const paper of removed.upserted) assert.ok(inRemovedDump(titleKey.get(paper.title)) || titleKey.get(paper.title) !== paper.key, paper.key);
    assert.ok(removed.upserted.length < 40, `${removed.upserted.length} papers upserted`);

    const edited = { ...seeds[2], entries: seeds[2].entries.map((e, i) => (i === 0 ? { ...e, abstract: `${e.abstract} Edited.` } : { ...e })) };
    const back = runToEnd(state.updateSteps([edited]));
    back.removed.forEach((k) => index.remove(k));
    back.upserted.forEach((p) => index.upsert(p));
    assertSameAsFullBuild(state, seeds.map((d, i) => (i === 2 ? edited : d)), index);
    assert.match(state.byKey.get(state.keyOf(edited.entries[0])!)!.abstract, /Edited\.$/);
  });

  it('shows the previous papers until the last step of an update', () => {
    const seeds = allSeeds();
    const state = new LibraryState();
    runToEnd(state.updateSteps(seeds.slice(0, 4)));
    const before = [...state.papers];
    const steps = state.updateSteps([seeds[4]], [seeds[0].file]);
    let paused = 0;
    while (!steps.next().done) {
      paused++;
      assert.deepEqual(state.papers, before);
      for (const paper of before) assert.equal(state.byKey.get(paper.key), paper);
    }
    assert.ok(paused >= 2, `paused ${paused} times`);
    assertSameAsFullBuild(state, seeds.slice(1), new PaperIndex(state.papers));
  });

  it('re-keys with a new key format only through a new state', () => {
    const seeds = allSeeds();
    const state = new LibraryState('{Word}_{yy}');
    runToEnd(state.updateSteps(seeds));
    assert.ok(state.byKey.has('Electra_20'));
    assert.equal(state.byKey.size, 342);
  });
});
