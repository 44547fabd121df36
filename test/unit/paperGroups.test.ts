import { strict as assert } from 'node:assert';
import { buildLibrary } from '../../src/core/library';
import type { Paper } from '../../src/core/model';
import { groupLabels, groupPapers, sortPapers } from '../../src/core/paperGroups';
import { allSeeds, SEED_FILES } from './helpers';

describe('paper groups (the Papers tree)', () => {
  const { papers } = buildLibrary(allSeeds());

  it('groups the seeds by topic, in label order, with the papers each topic holds', () => {
    const groups = groupPapers(papers, 'topic');
    assert.deepEqual([...groups.keys()], ['Masked', 'Masked Language Modeling', 'MLMs', 'Positional Encoding', 'Tokens']);
    assert.deepEqual([...groups.values()].map((g) => g.length), [54, 200, 4, 46, 64]);
    for (const [topic, members] of groups) assert.ok(members.every((p) => p.topics.includes(topic)), topic);
  });

  it('groups by dump file: a paper once per file, files left out when asked', () => {
    const groups = groupPapers(papers, 'file');
    assert.deepEqual([...groups.keys()], SEED_FILES);
    const electra = papers.find((p) => p.key === 'electra2020') as Paper;
    assert.equal(groupLabels(electra, 'file').length, 3);
    assert.equal([...groups.values()].filter((g) => g.includes(electra)).length, 3);
    for (const members of groups.values()) assert.equal(new Set(members).size, members.length);
    const without = groupPapers(papers, 'file', (file) => file !== SEED_FILES[0]);
    assert.deepEqual([...without.keys()], SEED_FILES.slice(1));
  });

  it('groups by year, newest first, unknown years last, every paper once', () => {
    const undated = { ...papers[0], key: 'undated', year: null, date: null };
    const groups = groupPapers([...papers, undated], 'year');
    const labels = [...groups.keys()];
    assert.equal(labels[labels.length - 1], 'Unknown year');
    const years = labels.slice(0, -1).map(Number);
    assert.deepEqual(years, [...years].sort((a, b) => b - a));
    assert.equal([...groups.values()].reduce((n, g) => n + g.length, 0), papers.length + 1);
  });

  it('sorts newest first (year-less dates by their year), by title, or by upvotes', () => {
    const paper = (key: string, fields: Partial<Paper>): Paper => ({ ...papers[0], key, title: key, upvotes: null, date: null, year: null, ...fields });
    const a = paper('a', { date: 'Mar 3', year: 2024, upvotes: 5 });
    const b = paper('b', { date: 'Jan 9, 2025', year: 2025, upvotes: 5 });
    const c = paper('c', { year: 2023, upvotes: 40 });
    const d = paper('d', {});
    assert.deepEqual(sortPapers([d, c, a, b], 'date').map((p) => p.key), ['b', 'a', 'c', 'd']);
    assert.deepEqual(sortPapers([d, c, b, a], 'title').map((p) => p.key), ['a', 'b', 'c', 'd']);
    assert.deepEqual(sortPapers([d, a, b, c], 'upvotes').map((p) => p.key), ['c', 'b', 'a', 'd'], 'ties newest first');
  });
});
