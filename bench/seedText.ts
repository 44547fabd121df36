/** Real text the generator recombines: titles, abstract sentences and metadata lines from the seed dumps. */
import * as fs from 'fs';
import * as path from 'path';
import { parseDump } from '../src/core/parse/index';

export interface SeedText {
  /** Distinct real titles. */
  titles: string[];
  /** First sentences of real abstracts (they open like abstracts do). */
  openers: string[];
  /** Every later sentence. */
  sentences: string[];
  /** Sentences that name the method (`we propose X`), with `{NAME}` in place of the name. */
  naming: string[];
  /** Real abstract lengths, to draw target lengths from. */
  abstractLengths: number[];
  /** Organisation lines shown instead of an author count (`naver-ai NAVER AI Lab`). */
  orgs: string[];
  /** Pieces of title words, glued in pairs to coin method names (`Mask` + `Former`). */
  morphemes: string[];
}

/** Where the seeds live, relative to the compiled `out/bench` or the source `bench` folder. */
export function seedDir(): string {
  for (const dir of [path.join(__dirname, '../../test/fixtures/seeds'), path.join(__dirname, '../test/fixtures/seeds')]) {
    if (fs.existsSync(dir)) return dir;
  }
  throw new Error('test/fixtures/seeds not found');
}

const SENTENCE_END = /(?<=[.!?])\s+(?=[A-Z])/;
const NAMING = /\b([Ww]e (?:propose|introduce|present|develop|design))( a (?:new |novel )?[a-z-]+(?: [a-z-]+)?,?)? ([A-Z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9+-]*)/;

/** Reads and parses the seed dumps with the project's own parser. */
export function loadSeedText(dir = seedDir()): SeedText {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();
  const seen = new Set<string>();
  const out: SeedText = { titles: [], openers: [], sentences: [], naming: [], abstractLengths: [], orgs: [], morphemes: [] };
  const morphemes = new Set<string>();
  for (const file of files) {
    const bytes = fs.readFileSync(path.join(dir, file));
    const dump = parseDump(bytes, file);
    for (const e of dump.entries) {
      if (!e.title || seen.has(e.title) || e.abstract.length < 200) continue;
      seen.add(e.title);
      out.titles.push(e.title);
      out.abstractLengths.push(e.abstract.length);
      const parts = e.abstract.split(SENTENCE_END).filter((s) => s.length > 20);
      parts.forEach((s, i) => {
        (i === 0 ? out.openers : out.sentences).push(s);
        const m = NAMING.exec(s);
        if (m && i > 0) out.naming.push(s.slice(0, m.index) + m[1] + (m[2] ?? '') + ' {NAME}' + s.slice(m.index + m[0].length));
      });
      for (const w of e.title.split(/[^A-Za-z]+/)) {
        if (w.length >= 5 && /^[A-Z][a-z]+$/.test(w)) morphemes.add(w.slice(0, w.length >= 8 ? 5 : 4));
      }
      if (e.org) out.orgs.push(e.org);
    }
    // Org lines of the block layout sit right above a lone `·`; keep them verbatim.
    const lines = bytes.toString('utf8').split('\n');
    lines.forEach((line, i) => {
      if (lines[i + 1] === '·' && !/authors?$/.test(line) && line.trim()) out.orgs.push(line.trim());
    });
  }
  out.orgs = [...new Set(out.orgs)];
  if (out.orgs.length === 0) out.orgs.push('naver-ai NAVER AI Lab');
  out.morphemes = [...morphemes].sort();
  return out;
}
