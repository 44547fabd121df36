import { strict as assert } from 'node:assert';
import { runToEnd } from '../../src/core/slices';
import { buildLibrary } from '../../src/core/library';
import type { Paper } from '../../src/core/model';
import { abstractCharsFor, PaperIndex, rankForCompletion } from '../../src/core/searchIndex';
import { Store } from '../../src/core/searchStore';
import { indexTerms, parseQuery } from '../../src/core/searchTerms';
import { allSeeds } from './helpers';

function paper(key: string, title: string, abstract = '', extra: Partial<Paper> = {}): Paper {
  return {
    key, title, abstract, authors: null, org: null, date: null, year: null, upvotes: null, comments: null,
    links: [], github: null, arxiv: null, topics: [], occurrences: [], ...extra,
  };
}

const keys = (index: PaperIndex, query: string, limit?: number): string[] => index.search(query, { limit }).map((h) => h.key);

describe('searchIndex: query semantics', () => {
  const index = new PaperIndex([
    paper('masked2022', 'Masked language modeling at scale', 'We study objectives for encoders.'),
    paper('mask2023', 'Mask prediction for language models', 'Tokens are hidden and predicted.'),
    paper('video2024', 'Video generation with latent models', 'A diffusion approach for video synthesis.'),
    paper('diffusion2023', 'Diffusion models beat GANs', 'Image synthesis with denoising.'),
    paper('zebra2021', 'Counting zebras from the air', 'Aerial imagery of wildlife; pre-training helps.'),
    paper('bert2019', 'BERT: pre-training of deep bidirectional transformers', 'Language representation model.'),
  ]);

  it('treats only the last term as a prefix, earlier terms exactly', () => {
    assert.deepEqual(keys(index, 'mask lang'), ['mask2023']);
    assert.deepEqual(keys(index, 'masked lang'), ['masked2022']);
    assert.deepEqual(keys(index, 'mask').sort(), ['mask2023', 'masked2022']);
  });

  it('takes the last term exactly once the query ends with a space', () => {
    assert.deepEqual(keys(index, 'mask '), ['mask2023'], 'neither `masked` nor the key prefix `mask…`');
  });

  it('ranks title matches above abstract-only matches', () => {
    assert.deepEqual(keys(index, 'diffusion'), ['diffusion2023', 'video2024']);
    assert.deepEqual(keys(index, 'synthesis').length, 2);
  });

  it('combines with AND, and falls back to OR when nothing matches every term', () => {
    assert.deepEqual(keys(index, 'diffusion denoising'), ['diffusion2023']);
    assert.deepEqual(keys(index, 'zebras denoising').sort(), ['diffusion2023', 'zebra2021']);
  });

  it('tolerates a typo in a long word when exact matching finds too little', () => {
    assert.deepEqual(keys(index, 'difusion'), ['diffusion2023', 'video2024']);
    assert.deepEqual(keys(index, 'bidriectional'), ['bert2019'], 'a transposition (two edits) in 8+ letters');
    assert.deepEqual(keys(index, 'zebars'), ['zebra2021'], 'swapped neighbours under 8 letters');
    assert.deepEqual(keys(index, 'zbera'), [], 'one edit only under 8 letters');
    assert.deepEqual(keys(index, 'mesk'), [], 'no typo tolerance under 5 letters');
    assert.deepEqual(keys(index, 'masked lang'), ['masked2022'], 'exact matches suffice: no typo pass adding `mask`');
  });

  it('ranks a paper whose key equals or starts with the query first', () => {
    assert.equal(keys(index, 'bert2019')[0], 'bert2019');
    assert.equal(keys(index, '@diffusion20')[0], 'diffusion2023');
    assert.equal(keys(index, 'video')[0], 'video2024');
    assert.deepEqual(keys(index, 'z'), ['zebra2021'], 'a single letter only matches key prefixes');
  });

  it('ignores stopwords and a trailing single letter', () => {
    assert.deepEqual(keys(index, 'the diffusion of'), keys(index, 'diffusion'));
    assert.deepEqual(keys(index, 'diffusion m'), keys(index, 'diffusion'));
  });

  it('matches joined hyphenated title words and the parts', () => {
    assert.deepEqual(keys(index, 'pretraining'), ['bert2019']);
    assert.equal(keys(index, 'pre training')[0], 'bert2019');
  });

  it('does not let words indexed only in titles exclude papers', () => {
    // `language` is a title-only word: the paper with `modeling` in its title still matches
    assert.deepEqual(keys(index, 'representation language'), ['bert2019']);
    assert.deepEqual(parseQuery('language model', true).map((t) => t.soft), [true, true]);
  });

  it('honours the limit and returns nothing for empty queries', () => {
    assert.equal(index.search('models', { limit: 1 }).length, 1);
    assert.deepEqual(index.search('   '), []);
    assert.deepEqual(index.search('models', { limit: 0 }), []);
  });
});

describe('searchIndex: incremental updates', () => {
  it('adds, replaces and removes papers by key', () => {
    const index = new PaperIndex([paper('a1', 'Graph neural networks')]);
    index.upsert(paper('b1', 'Sparse attention kernels'));
    assert.deepEqual(keys(index, 'sparse'), ['b1']);
    index.upsert(paper('b1', 'Dense retrieval kernels'));
    assert.deepEqual(keys(index, 'sparse'), []);
    assert.deepEqual(keys(index, 'dense'), ['b1']);
    assert.equal(index.size, 2);
    assert.equal(index.remove('a1'), true);
    assert.equal(index.remove('a1'), false);
    assert.deepEqual(keys(index, 'graph'), []);
    assert.equal(index.get('a1'), undefined);
  });

  it('prunes replaced and removed papers when asked, and keeps answering', () => {
    const papers = allSeedsPapers();
    const index = new PaperIndex(papers);
    const store = (index as unknown as { store: Store }).store;
    const terms = (): number => store.termCount;
    const before = terms();
    for (const p of papers.slice(0, 200)) index.upsert({ ...p, title: `${p.title} Zyxwv${p.key}` });
    for (const p of papers.slice(200, 260)) index.remove(p.key);
    assert.ok(index.needsVacuum);
    const dropped = runToEnd(index.vacuumSteps());
    assert.ok(dropped > 0, `${dropped} terms dropped`);
    assert.equal(index.needsVacuum, false);
    assert.equal(terms(), before - dropped + 200, 'one new term per replaced paper');
    assert.equal(keys(index, `zyxwv${papers[5].key}`)[0], papers[5].key);
    assert.deepEqual(keys(index, papers[210].title).filter((k) => k === papers[210].key), []);
    const fresh = new PaperIndex([...index.papers()]);
    const all = (i: PaperIndex, q: string): string[] => i.search(q, { limit: 1000 }).map((h) => h.key).sort();
    for (const q of ['masked language', 'electra', 'tokens']) assert.deepEqual(all(index, q), all(fresh, q), q); // same matches (ties may order by age)
  });

  it('builds in bulk exactly what adding one by one builds', () => {
    const papers = allSeedsPapers();
    const bulk = new Store();
    bulk.bulkLoad(papers);
    const oneByOne = new Store();
    for (const p of papers) oneByOne.add(p);
    const normalise = (store: Store): string[] => {
      const data = runToEnd(store.exportSteps());
      let at = 0;
      const lists: string[] = [];
      data.terms.forEach((term, t) => [0, 1].forEach((f) => {
        const n = data.counts[t * 2 + f];
        lists.push(`${term} ${f} ${data.ids.subarray(at, at + n).join(',')} ${data.tfs.subarray(at, at + n).join(',')}`);
        at += n;
      }));
      return lists.sort();
    };
    const postings = normalise(bulk);
    assert.ok(postings.length > 3000, `${postings.length} term lists`);
    assert.deepEqual(postings, normalise(oneByOne));
    for (const q of ['masked language', 'electr', 'tokens']) {
      const terms = parseQuery(q, true);
      assert.deepEqual(bulk.evaluate(terms, true, true, 20), oneByOne.evaluate(terms, true, true, 20), q);
    }
  });
});

describe('searchIndex: seeds and completion', () => {
  const papers = allSeedsPapers();
  const index = new PaperIndex(papers);

  it('finds seed papers by title words, key and typo', () => {
    assert.equal(index.size, 342);
    assert.equal(keys(index, 'debertav3')[0], 'debertav3');
    assert.equal(keys(index, 'electra')[0], 'electra2020');
    const hits = index.search('masked language model');
    assert.ok(hits.length >= 10);
    for (const h of hits.slice(0, 5)) for (const word of [/masked/i, /language/i, /model/i]) assert.match(h.paper.title, word);
    assert.equal(keys(index, 'elctra')[0], 'electra2020');
  });

  it('completes an empty prefix with the most upvoted papers', () => {
    const small = new PaperIndex([
      paper('a', 'A', '', { upvotes: 3 }), paper('b', 'B', '', { upvotes: 10 }), paper('c', 'C'), paper('d', 'D', '', { upvotes: 7 }),
    ]);
    assert.deepEqual(rankForCompletion(small, '', 3).map((h) => h.key), ['b', 'd', 'a']);
    assert.deepEqual(rankForCompletion(index, 'electr', 3)[0].key, 'electra2020');
  });

  it('keeps the most upvoted papers until a paper changes, and gives a shorter list as the start of a longer one', () => {
    const small = new PaperIndex([
      paper('a', 'A', '', { upvotes: 3 }), paper('b', 'B', '', { upvotes: 10 }), paper('c', 'C'), paper('d', 'D', '', { upvotes: 7 }),
    ]);
    const top = (limit: number) => small.top(limit).map((p) => p.key);
    assert.deepEqual(top(3), ['b', 'd', 'a']);
    assert.deepEqual([top(2), top(3), top(0)], [['b', 'd'], ['b', 'd', 'a'], []]);
    small.top(3).pop(); // a caller's copy: the kept ranking is not changed through it
    assert.deepEqual(top(4), ['b', 'd', 'a', 'c']);
    small.upsert(paper('c', 'C', '', { upvotes: 20 })); // same text, more upvotes
    assert.deepEqual(top(2), ['c', 'b']);
    small.remove('c');
    assert.deepEqual(top(2), ['b', 'd']);
    small.upsert(paper('e', 'E', '', { upvotes: 8 }));
    assert.deepEqual(top(2), ['b', 'e']);
    // A library rebuilt from the same dumps is adopted as it is, with its own upvotes.
    assert.equal(runToEnd(small.adoptSteps(['a', 'b', 'd', 'e'].map((key) => paper(key, key.toUpperCase(), '', { upvotes: key === 'a' ? 50 : 1 })))), true);
    assert.deepEqual(top(2), ['a', 'b']);
  });

  it('indexes whole abstracts in libraries up to 5,000 papers, the start of each in larger ones', () => {
    const long = paper('long', 'Some title', `${'filler words here. '.repeat(40)}zanzibar`);
    assert.deepEqual(keys(new PaperIndex([long]), 'zanzibar'), ['long']);
    assert.deepEqual(keys(new PaperIndex([long], { abstractChars: abstractCharsFor(5001) }), 'zanzibar'), []);
    assert.equal(abstractCharsFor(5000), Infinity);
    const seeds = new PaperIndex(allSeedsPapers());
    assert.ok(keys(seeds, 'replaced token detection', 3).includes('electra2020'), 'ELECTRA by a phrase deep in its abstract');
    assert.ok(!indexTerms('Title\0See https://github.com/org/repo for code', 'abstract').includes('github'));
  });
});

describe('searchIndex: scale', () => {
  it('indexes 20k papers with the 300-character window and answers typing queries (timings: npm run bench)', function () {
    this.timeout(60_000);
    const words = allSeedsPapers().flatMap((p) => p.title.split(/\s+/));
    const papers: Paper[] = [];
    for (let i = 0; i < 20_000; i++) {
      const pick = (n: number): string => Array.from({ length: n }, (_, j) => words[(i * 7919 + j * 104_729) % words.length]).join(' ');
      papers.push(paper(`p${i}`, `${pick(8)} v${i}`, pick(60)));
    }
    const index = new PaperIndex(papers);
    assert.equal(index.size, 20_000);
    for (const q of ['p12', 'ma', 'mas', 'masked lan', 'language models', 'efficient trans', 'difusion', 'v1234']) assert.ok(index.search(q).length > 0, q);
    assert.equal(index.search('v1234 ')[0]?.key, 'p1234');
  });
});

function allSeedsPapers(): Paper[] {
  return buildLibrary(allSeeds()).papers;
}

describe('searchIndex: building in slices', () => {
  it('gives the same results as a one-go build and pauses between slices', async () => {
    const papers = allSeedsPapers();
    let pauses = 0;
    const sliced = await PaperIndex.build(papers, { sliceMs: 0, pause: async () => void pauses++ });
    const whole = new PaperIndex(papers);
    assert.ok(pauses >= 1, `paused ${pauses} times`);
    assert.equal(sliced.size, whole.size);
    for (const query of ['positional encoding', 'electra', 'masked token', 'segmentation', 'discrimnators']) {
      assert.deepEqual(sliced.search(query, { limit: 10 }).map((h) => h.key), whole.search(query, { limit: 10 }).map((h) => h.key), query);
    }
  });
});
