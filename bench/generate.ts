/**
 * Deterministic benchmark corpora: N papers whose titles and abstracts are recombined from the
 * real seed dumps (so the vocabulary and its Zipf-like frequencies are realistic), written as
 * ~1000-paper dumps in every layout, with a few papers repeated across files. Cached under
 * `bench/.data/` by size, seed and generator version.
 */
import * as fs from 'fs';
import * as path from 'path';
import { extensionOf, GEN_LAYOUTS, renderDump, type GenLayout, type GenPaper } from './layouts';
import { int, mulberry32, pickUniform, Zipf, type Rng } from './random';
import { loadSeedText, type SeedText } from './seedText';

/** Bump when the output changes, so cached corpora are regenerated. */
export const GENERATOR_VERSION = 1;
/** Share of papers that also appear in a second dump. */
export const DUPLICATE_SHARE = 0.02;

export interface DumpFile {
  path: string;
  layout: GenLayout;
  bytes: number;
  /** Entries written, duplicates included. */
  entries: number;
}

export interface Dataset {
  dir: string;
  files: DumpFile[];
  totalBytes: number;
  /** The distinct papers, in generation order. */
  papers: GenPaper[];
  duplicates: number;
}

const MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');
const CONNECTORS = new Set('for with via in of on and using through from to by beyond without towards'.split(' '));

const slug = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/-$/, '');
const normalized = (title: string): string => title.toLowerCase().replace(/[^\p{L}\p{N}+]+/gu, '');

/** The bench folder (sources), whether running from `out/bench` or `bench`. */
export function benchDir(): string {
  const fromOut = path.join(__dirname, '../../bench');
  return fs.existsSync(path.join(fromOut, 'run.ts')) ? fromOut : __dirname;
}

/** Generates the corpus in memory (cheap and deterministic) and writes it unless already cached. */
export function ensureDataset(n: number, seed: number, root = path.join(benchDir(), '.data')): Dataset {
  const papers = generatePapers(n, seed, loadSeedText());
  const plan = planFiles(papers, seed);
  const dir = path.join(root, `n${n}-seed${seed}-g${GENERATOR_VERSION}`);
  const manifestPath = path.join(dir, 'manifest.json');
  let files: DumpFile[];
  if (fs.existsSync(manifestPath)) {
    files = (JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { files: DumpFile[] }).files.map((f) => ({ ...f, path: path.join(dir, f.path) }));
  } else {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    files = plan.map((f, i) => {
      const name = `${String(i).padStart(4, '0')}-${f.layout}${extensionOf(f.layout)}`;
      const text = renderDump(f.layout, f.papers, f.day);
      fs.writeFileSync(path.join(dir, name), text);
      return { path: name, layout: f.layout, bytes: Buffer.byteLength(text), entries: f.papers.length };
    });
    fs.writeFileSync(manifestPath, JSON.stringify({ n, seed, version: GENERATOR_VERSION, files }, null, 1));
    files = files.map((f) => ({ ...f, path: path.join(dir, f.path) }));
  }
  const totalBytes = files.reduce((s, f) => s + f.bytes, 0);
  const duplicates = files.reduce((s, f) => s + f.entries, 0) - papers.length;
  return { dir, files, totalBytes, papers, duplicates };
}

/** `n` distinct papers (distinct normalised titles, distinct ids). */
export function generatePapers(n: number, seed: number, text: SeedText): GenPaper[] {
  const rng = mulberry32(seed);
  const titles = new Zipf(rng, text.titles, 0.9);
  const openers = new Zipf(rng, text.openers, 1);
  const sentences = new Zipf(rng, text.sentences, 1);
  const naming = new Zipf(rng, text.naming, 0.8);
  const seen = new Set<string>();
  const papers: GenPaper[] = [];
  const idDigits = Math.max(5, String(n).length);
  for (let i = 0; i < n; i++) {
    let name = rng() < 0.45 ? coinName(rng, text.morphemes) : null;
    let title = composeTitle(rng, titles, name);
    for (let tries = 0; seen.has(normalized(title)); tries++) {
      if (tries >= 6) name = coinName(rng, text.morphemes);
      title = composeTitle(rng, titles, name);
    }
    seen.add(normalized(title));
    const abstract = composeAbstract(rng, text, openers, sentences, naming, name);
    const year = 2019 + Math.min(6, Math.floor(7 * Math.sqrt(rng())));
    const month = int(rng, 0, 11);
    const day = int(rng, 1, 28);
    const current = rng() < 0.2;
    const github = /https:\/\/github\.com\/[^\s)]+[^\s).,]/.exec(abstract)?.[0] ??
      (rng() < 0.3 ? `https://github.com/${slug(name ?? pickUniform(rng, text.morphemes))}-lab/${slug(name ?? 'code')}` : null);
    papers.push({
      id: `${String(current ? 25 : year % 100).padStart(2, '0')}${String(month + 1).padStart(2, '0')}.${String(i).padStart(idDigits, '0')}`,
      title,
      abstract,
      authors: 1 + Math.min(39, Math.floor(-Math.log(1 - rng()) * 6)),
      org: rng() < 0.04 ? pickUniform(rng, text.orgs) : null,
      date: current ? `${MONTHS[month]} ${day}` : `${MONTHS[month]} ${day}, ${year}`,
      comments: rng() < 0.2 ? int(rng, 1, 15) : null,
      upvotes: rng() < 0.2 ? null : Math.floor(Math.exp(rng() * 6)) - 1,
      github,
    });
  }
  return papers;
}

/** A method name glued from two title-word pieces: `MaskAlign`, `Token-Vis2`, `ReasoFlow++`. */
function coinName(rng: Rng, morphemes: readonly string[]): string {
  const a = pickUniform(rng, morphemes);
  const b = pickUniform(rng, morphemes);
  const r = rng();
  const tail = r < 0.15 ? String(int(rng, 2, 9)) : r < 0.22 ? '++' : r < 0.3 ? '-XL' : '';
  return rng() < 0.15 ? (a.slice(0, 2) + b.slice(0, 3)).toUpperCase() + tail : a + b + tail;
}

/** The descriptive part of a title (after `Name:` when there is one). */
function descriptive(title: string): string[] {
  const colon = title.indexOf(': ');
  const head = colon > 0 ? title.slice(0, colon) : '';
  const body = colon > 0 && head.split(' ').length <= 4 ? title.slice(colon + 2) : title;
  return body.split(' ').filter(Boolean);
}

/** A prefix of one real title joined to a suffix of another, cut at connectors (`… for …`, `… with …`). */
function composeTitle(rng: Rng, titles: Zipf<string>, name: string | null): string {
  const a = descriptive(titles.pick(rng));
  const b = descriptive(titles.pick(rng));
  const cuts = (w: string[]) => w.map((x, i) => (i > 0 && CONNECTORS.has(x.toLowerCase()) ? i : -1)).filter((i) => i > 0);
  const ca = cuts(a);
  const cb = cuts(b);
  let words: string[];
  if (ca.length && cb.length) words = [...a.slice(0, pickUniform(rng, ca)), ...b.slice(pickUniform(rng, cb))];
  else if (cb.length) words = [...a.slice(0, 8), ...b.slice(pickUniform(rng, cb))];
  else if (ca.length) words = [...a.slice(0, pickUniform(rng, ca)), 'for', ...b.slice(0, 6)];
  else words = [...a.slice(0, Math.ceil(a.length / 2)), ...b.slice(Math.floor(b.length / 2))];
  const body = words.slice(0, 18).join(' ');
  return name ? `${name}: ${body}` : body;
}

/** An opening sentence, then Zipf-picked sentences up to a length drawn from real abstracts. */
function composeAbstract(rng: Rng, text: SeedText, openers: Zipf<string>, sentences: Zipf<string>, naming: Zipf<string>, name: string | null): string {
  const target = pickUniform(rng, text.abstractLengths) * (0.75 + 0.3 * rng());
  const out = [openers.pick(rng)];
  let length = out[0].length;
  let named = false;
  while (length < target) {
    let s: string;
    if (!named && (name ? rng() < 0.5 : rng() < 0.08)) {
      s = naming.pick(rng).replace('{NAME}', name ?? 'the proposed method');
      named = true;
    } else {
      s = sentences.pick(rng);
      if (out.includes(s)) continue;
    }
    out.push(s);
    length += s.length + 1;
  }
  return out.join(' ');
}

/** ~1000-paper files (fewer for small corpora), cycling through the layouts, plus cross-file duplicates. */
export function planFiles(papers: readonly GenPaper[], seed: number): { layout: GenLayout; day: string; papers: GenPaper[] }[] {
  const rng = mulberry32(seed ^ 0x5eed);
  const perFile = Math.max(50, Math.min(1000, Math.round(papers.length / 10)));
  const files: { layout: GenLayout; day: string; papers: GenPaper[] }[] = [];
  for (let i = 0; i * perFile < papers.length; i++) {
    const day = `${MONTHS[i % 12]} ${1 + (i % 28)}`;
    files.push({ layout: GEN_LAYOUTS[i % GEN_LAYOUTS.length], day, papers: papers.slice(i * perFile, (i + 1) * perFile) });
  }
  if (files.length < 2) return files;
  papers.forEach((p, i) => {
    if (rng() >= DUPLICATE_SHARE) return;
    const own = Math.floor(i / perFile);
    let other = Math.floor(rng() * (files.length - 1));
    if (other >= own) other++;
    const list = files[other].papers;
    list.splice(Math.floor(rng() * (list.length + 1)), 0, p);
  });
  return files;
}
