import type { ParsedDump } from './model';

/**
 * A dump's topic, in order of preference: front matter `topic`, the search
 * query of a captured Hugging Face URL (`?q=source%20citations` →
 * "source citations"), a label derived from what the papers are about (the
 * phrase most of its titles and abstracts share; `label` derives it), and finally the file name.
 */
export function dumpTopic(dump: ParsedDump, label: (entries: readonly Text[]) => string | null = contentLabel): string {
  return dump.meta.topic ?? queryFromUrl(dump.source) ?? label(dump.entries) ?? fileLabel(dump.file);
}

/**
 * {@link dumpTopic} remembering the content labels of the last few dumps, by file: a dump parsed
 * again whose sampled text (the first titles and abstract openings) is unchanged gets its label
 * without it being derived again.
 */
export class TopicMemo {
  private readonly labels = new Map<string, { sample: string; label: string | null }>();

  constructor(private readonly files = 8) {}

  /** The same as `dumpTopic(dump)`. */
  topic(dump: ParsedDump): string {
    return dumpTopic(dump, (entries) => this.label(dump.file, entries));
  }

  private label(file: string, entries: readonly Text[]): string | null {
    const sample = sampleText(entries);
    const known = this.labels.get(file);
    this.labels.delete(file);
    const label = known?.sample === sample ? known.label : contentLabel(entries);
    this.labels.set(file, { sample, label });
    if (this.labels.size > this.files) this.labels.delete(this.labels.keys().next().value!);
    return label;
  }
}

/** Everything {@link contentLabel} reads, as one string (each piece after its length, so different samples never give the same string). */
function sampleText(entries: readonly Text[]): string {
  let text = '';
  for (const { title, abstract } of entries.slice(0, SAMPLE)) {
    const opening = abstract.slice(0, ABSTRACT_CHARS);
    text += `|${title.length}|${title}${opening.length}|${opening}`;
  }
  return text;
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

/** A word as phrases see it: lower-cased (for stop words) and stemmed (for keys). */
interface Word {
  surface: string;
  stop: boolean;
  stem: string;
}

/** How many entries share a phrase, and its weight (title occurrences count triple). */
interface PhraseStat {
  df: number;
  weight: number;
  /** The last entry counted, so each entry counts once. */
  entry: number;
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
  const sample = entries.slice(0, SAMPLE);
  const tokenize = wordReader();
  const stats = new Map<string, PhraseStat>();
  const sentences: Word[][] = [];
  sample.forEach((entry, i) => {
    for (const [text, weight] of [[entry.title, 3], [entry.abstract.slice(0, ABSTRACT_CHARS), 1]] as const) {
      for (const sentence of tokenize(text)) {
        sentences.push(sentence);
        forEachPhrase(sentence, (key) => {
          const stat = stats.get(key);
          if (!stat) stats.set(key, { df: 1, weight, entry: i });
          else if (stat.entry !== i) {
            stat.df++;
            stat.weight += weight;
            stat.entry = i;
          }
        });
      }
    }
  });
  // A topic is shared: it must occur in several entries, not just in one title.
  const minEntries = Math.max(2, Math.ceil(sample.length * 0.3));
  let best = pick(stats, (p, s) => s.df >= minEntries && !p.includes(' ') && !GENERIC.has(p));
  if (!best) return null;
  for (let n = 2; n <= 3; n++) {
    const words = best.split(' ');
    const inner = best;
    // `includes` first: it rules out almost every phrase without splitting it.
    const longer = pick(stats, (p, s) => p.includes(inner) && s.df >= 2 && p.split(' ').length === n && containsRun(p.split(' '), words));
    if (!longer || stats.get(longer)!.weight < stats.get(best)!.weight * 0.4) break;
    best = longer;
  }
  return titleCase(mostCommon(surfaceForms(sentences, best.split(' '))));
}

/** The highest-weight phrase that passes the filter (ties broken alphabetically). */
function pick(stats: Map<string, PhraseStat>, accept: (phrase: string, stat: PhraseStat) => boolean): string | null {
  let best: string | null = null;
  let bestWeight = 0;
  for (const [phrase, stat] of stats) {
    if (stat.weight < bestWeight || !accept(phrase, stat)) continue;
    if (stat.weight > bestWeight || (best !== null && phrase < best)) [best, bestWeight] = [phrase, stat.weight];
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
 * A tokenizer: text → sentences → words (letters, digits, `+`, `-`; at least two characters,
 * not starting with a digit). Each distinct word is lower-cased and stemmed once.
 */
function wordReader(): (text: string) => Word[][] {
  const known = new Map<string, Word>();
  const wordOf = (surface: string): Word => {
    let word = known.get(surface);
    if (!word) {
      const lower = surface.toLowerCase();
      known.set(surface, (word = { surface, stop: STOP.has(lower), stem: stem(lower) }));
    }
    return word;
  };
  return (text) =>
    text.split(/\s*[!?;:()[\]]\s*|\.\s/).map((sentence) =>
      sentence
        .split(/[^\p{L}\p{N}+-]+/u)
        .filter((w) => w.length > 1 && !/^\d/.test(w))
        .map(wordOf),
    );
}

/** Calls `visit(stemmedKey)` for every 1–3 word phrase that neither starts nor ends with a stop word. */
function forEachPhrase(words: readonly Word[], visit: (key: string) => void): void {
  for (let i = 0; i < words.length; i++) {
    if (words[i].stop) continue;
    let key = words[i].stem;
    visit(key);
    for (let j = i + 1; j < Math.min(i + 3, words.length); j++) {
      key += ' ' + words[j].stem;
      if (!words[j].stop) visit(key);
    }
  }
}

/** How often each surface form (`Masked Language Modeling`) of the stemmed phrase occurs. */
function surfaceForms(sentences: readonly Word[][], stems: readonly string[]): Map<string, number> {
  const forms = new Map<string, number>();
  const last = stems.length - 1;
  for (const words of sentences) {
    for (let i = 0; i + last < words.length; i++) {
      if (words[i].stop || words[i + last].stop || !stems.every((s, k) => words[i + k].stem === s)) continue;
      const surface = words.slice(i, i + last + 1).map((w) => w.surface).join(' ');
      forms.set(surface, (forms.get(surface) ?? 0) + 1);
    }
  }
  return forms;
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
