import type { ParsedDump } from './model';

/**
 * A dump's topic, in order of preference: front matter `topic`, the search
 * query of a captured Hugging Face URL (`?q=source%20citations` →
 * "source citations"), a label derived from what the papers are about (the
 * phrase most of its titles and abstracts share), and finally the file name.
 */
export function dumpTopic(dump: ParsedDump): string {
  return (
    dump.meta.topic ??
    queryFromUrl(dump.source) ??
    contentLabel(dump.entries.map((e) => ({ title: e.title, abstract: e.abstract }))) ??
    fileLabel(dump.file)
  );
}

/** The `q` parameter of a URL (`…/papers?q=source%20citations` → "source citations"). */
export function queryFromUrl(url: string | null): string | null {
  if (!url) return null;
  const m = /[?&](?:q|query|search)=([^&#\s)]+)/.exec(url);
  if (!m) return null;
  try {
    const q = decodeURIComponent(m[1].replace(/\+/g, ' ')).trim();
    return q || null;
  } catch {
    return null;
  }
}

/** A readable label from a file name: `positional-encoding.papers.md` → "positional encoding". */
export function fileLabel(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/(\.papers)?\.(txt|md|markdown)$/i, '').replace(/[_-]+/g, ' ').trim() || base;
}

const STOP = new Set(
  ('a an the on of in for to and or with is are was were be been being via from into by at as not no your we our us it its ' +
    'this that these those than then there their they them he she his her has have had do does did can could may might ' +
    'will would should shall must such both each which while who whom whose what how why when where also only other ' +
    'more most less least many much some any all one two three first second new over under between through without ' +
    'within across among against along however thus therefore moreover furthermore additionally specifically ' +
    'particular even still yet often well further here very based using use used propose proposed present presents ' +
    'introduce introduces show shows shown demonstrate demonstrates achieve achieves achieving result results ' +
    'experiment experiments experimental extensive method methods approach approaches paper work works study ' +
    'task tasks performance perform performs improve improves improved improvement state art sota existing previous ' +
    'prior recent novel simple effective efficient significant significantly substantially consistently outperform ' +
    'outperforms benchmark benchmarks dataset datasets data code available github https http www com org ' +
    'key address enable enables enabling capabilities capability ability abilities including include includes ' +
    'various different wide range leading lead leads make makes remain remains toward towards up out way ways')
    .split(' '),
);

/** Words too generic to be a topic alone, though fine inside a phrase (`Masked Language Modeling`). */
const GENERIC = new Set(
  ('model models modeling modelling language languages large learning deep neural network networks framework ' +
    'frameworks training trained train pre fine tuning tuned llm llms lm lms text image images representation ' +
    'representations understanding generation transformer transformers attention').split(' '),
);

function stem(word: string): string {
  return word.length > 5 ? word.replace(/(?:ational|ations|ation|ings|ing|als|al|es|s|ed)$/, '') : word.replace(/s$/, '');
}

const SAMPLE = 150;
const ABSTRACT_CHARS = 600;

interface Text {
  title: string;
  abstract: string;
}

/**
 * The phrase (one to three words) that the most entries share in their title or
 * abstract, ignoring common English and generic machine-learning words; title
 * occurrences count triple and a word is extended to the phrase most of its
 * uses share. Null when the dump is too small or nothing is shared.
 */
export function contentLabel(entries: readonly Text[]): string | null {
  if (entries.length < 2) return null;
  // Titles and the opening of each abstract carry the topic; a sample bounds the cost on huge dumps.
  const sample = entries.slice(0, SAMPLE).map((e) => ({ title: e.title, abstract: e.abstract.slice(0, ABSTRACT_CHARS) }));
  const df = new Map<string, number>();
  const weight = new Map<string, number>();
  for (const entry of sample) {
    const inTitle = new Set<string>();
    forEachPhrase(entry.title, (key) => inTitle.add(key));
    const all = new Set(inTitle);
    forEachPhrase(entry.abstract, (key) => all.add(key));
    for (const p of all) {
      df.set(p, (df.get(p) ?? 0) + 1);
      weight.set(p, (weight.get(p) ?? 0) + 1 + (inTitle.has(p) ? 2 : 0));
    }
  }
  // A topic is shared: it must occur in several entries, not just in one title.
  const minEntries = Math.max(2, Math.ceil(sample.length * 0.3));
  const shared = new Map([...weight].filter(([p]) => (df.get(p) ?? 0) >= minEntries));
  let best = pick(shared, (p) => !p.includes(' ') && !GENERIC.has(p));
  if (!best) return null;
  for (let n = 2; n <= 3; n++) {
    const words = best.split(' ');
    const inner = best;
    // `includes` first: it rules out almost every phrase without splitting it.
    const longer = pick(weight, (p) => p.includes(inner) && (df.get(p) ?? 0) >= 2 && p.split(' ').length === n && containsRun(p.split(' '), words));
    if (!longer || (weight.get(longer) ?? 0) < (weight.get(best) ?? 0) * 0.4) break;
    best = longer;
  }
  const forms = new Map<string, number>();
  for (const entry of sample) {
    for (const text of [entry.title, entry.abstract]) {
      forEachPhrase(text, (key, words, from, to) => {
        if (key !== best) return;
        const surface = words.slice(from, to + 1).join(' ');
        forms.set(surface, (forms.get(surface) ?? 0) + 1);
      });
    }
  }
  return titleCase(mostCommon(forms));
}

/** The highest-count phrase that passes the filter (ties broken alphabetically). */
function pick(df: Map<string, number>, accept: (phrase: string) => boolean): string | null {
  let best: string | null = null;
  let bestCount = 0;
  for (const [phrase, count] of df) {
    if (count < bestCount || !accept(phrase)) continue;
    if (count > bestCount || (best !== null && phrase < best)) [best, bestCount] = [phrase, count];
  }
  return best;
}

function containsRun(words: readonly string[], run: readonly string[]): boolean {
  for (let i = 0; i + run.length <= words.length; i++) {
    if (run.every((w, j) => words[i + j] === w)) return true;
  }
  return false;
}

/**
 * Calls `visit(stemmedKey, words, from, to)` for every 1–3 word phrase (`words[from..to]`) that
 * neither starts nor ends with a stop word.
 */
function forEachPhrase(text: string, visit: (key: string, words: readonly string[], from: number, to: number) => void): void {
  for (const sentence of text.split(/\s*[!?;:()[\]]\s*|\.\s/)) {
    const words = sentence.split(/[^\p{L}\p{N}+-]+/u).filter((w) => w.length > 1 && !/^\d/.test(w));
    const lower = words.map((w) => w.toLowerCase());
    const stems = lower.map(stem);
    for (let i = 0; i < words.length; i++) {
      if (STOP.has(lower[i])) continue;
      let key = stems[i];
      visit(key, words, i, i);
      for (let j = i + 1; j < Math.min(i + 3, words.length); j++) {
        key += ' ' + stems[j];
        if (!STOP.has(lower[j])) visit(key, words, i, j);
      }
    }
  }
}

function mostCommon(forms: Map<string, number>): string {
  let best = '';
  let count = -1;
  for (const [form, n] of forms) if (n > count || (n === count && form < best)) [best, count] = [form, n];
  return best;
}

function titleCase(phrase: string): string {
  return phrase.split(' ').map((w) => (w === w.toLowerCase() ? w.charAt(0).toUpperCase() + w.slice(1) : w)).join(' ');
}
