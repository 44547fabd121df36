import { strict as assert } from 'node:assert';
import { buildLibrary, buildLibrarySteps } from '../../src/core/library';
import { runSliced } from '../../src/core/slices';
import { allSeeds } from './helpers';

describe('library: deduplication and keys', () => {
  const dumps = allSeeds();
  const library = buildLibrary(dumps);

  it('merges 368 entries into 342 papers with unique pandoc-valid keys', () => {
    assert.equal(dumps.reduce((n, d) => n + d.entries.length, 0), 368);
    assert.equal(library.papers.length, 342);
    const keys = library.papers.map((p) => p.key);
    assert.equal(new Set(keys).size, 342);
    for (const key of keys) assert.match(key, /^[a-z0-9_][a-z0-9_:.#$%&+?<>~/-]*$/);
  });

  it('keeps every occurrence and the richest metadata', () => {
    const electra = library.byKey.get('electra2020');
    assert.ok(electra, 'electra2020 exists');
    assert.equal(electra.title, 'ELECTRA: Pre-training Text Encoders as Discriminators Rather Than Generators');
    assert.equal(electra.occurrences.length, 3);
    assert.deepEqual([electra.authors, electra.date, electra.year], [4, 'Mar 23, 2020', 2020]);
    assert.equal(electra.topics.length, 3);
    const occurrenceCount = library.papers.reduce((n, p) => n + p.occurrences.length, 0);
    assert.equal(occurrenceCount, 368);
  });

  it('keeps papers apart that only share an abstract opening (Text4Seg vs Text4Seg++)', () => {
    const text4seg = library.papers.filter((p) => p.title.startsWith('Text4Seg'));
    assert.equal(text4seg.length, 2);
    assert.notEqual(text4seg[0].key, text4seg[1].key);
  });

  it('knows the key of every entry, and the paper of that key occurs there', () => {
    for (const entry of dumps.flatMap((d) => d.entries)) {
      const key = library.keyOf(entry);
      assert.ok(key, entry.title);
      assert.ok(library.byKey.get(key)!.occurrences.some((o) => o.file === entry.file && o.line === entry.line));
    }
  });

  it('does not depend on the order of the dumps', () => {
    const reversed = buildLibrary([...dumps].reverse());
    assert.deepEqual(reversed.papers.map((p) => p.key).sort(), library.papers.map((p) => p.key).sort());
    for (const paper of library.papers) assert.equal(reversed.byKey.get(paper.key)?.title, paper.title);
  });

  it('keeps keys when an unrelated dump goes away', () => {
    const without = buildLibrary(dumps.filter((d) => !d.file.startsWith('000')));
    const keyOfTitle = new Map(library.papers.map((p) => [p.title, p.key]));
    const removedBases = new Set(library.papers.filter((p) => p.occurrences.every((o) => o.file.startsWith('000'))).map((p) => p.key.replace(/[a-z]$/, '')));
    let compared = 0;
    for (const paper of without.papers) {
      if (removedBases.has(paper.key.replace(/[a-z]$/, ''))) continue;
      assert.equal(paper.key, keyOfTitle.get(paper.title), paper.title);
      compared++;
    }
    assert.ok(compared > 330);
  });

  it('formats keys from a configurable template', () => {
    const custom = buildLibrary(dumps, { keyFormat: '{Word}_{yy}' });
    assert.ok(custom.byKey.has('Electra_20'));
    assert.equal(new Set(custom.papers.map((p) => p.key)).size, 342);
  });
});

describe('library: building in slices', () => {
  it('gives the same library as a one-go build, pausing between slices', async () => {
    const dumps = allSeeds();
    let pauses = 0;
    const sliced = await runSliced(buildLibrarySteps(dumps), async () => void pauses++, 0);
    const whole = buildLibrary(dumps);
    assert.ok(pauses >= 3, `paused ${pauses} times`);
    assert.deepEqual(sliced.papers, whole.papers);
    assert.deepEqual([...sliced.byKey.keys()], [...whole.byKey.keys()]);
  });
});
