import type { ParsedDump } from './model';
import { isAscii } from './normalize';
import { PhraseCounts } from './phraseCounts';

/**
 * A dump's topic, in order of preference: front matter `topic`, the search
 * query of a captured Hugging Face URL (`?q=source%20citations` →
 * "source citations"), a label derived from what the papers are about (the
 * phrase most of its titles and abstracts share; `label` derives it), and finally the file name.
 */
export function dumpTopic(dump: ParsedDump, label: (entries: readonly LabelText[]) => string | null = contentLabel): string {
  return dump.meta.topic ?? queryFromUrl(dump.source) ?? label(dump.entries) ?? fileLabel(dump.file);
}

/** Everything {@link contentLabel} reads, as one string (each piece after its length, so different samples never give the same string). */
export function labelSample(entries: readonly LabelText[]): string {
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
/** Title characters read: real titles are far shorter; the cap bounds the distinct words (see `WORD_IDS`). */
const TITLE_CHARS = 400;
/**
 * Phrase keys are numbers: word ids (from 1) in base `WORD_IDS`, so three-word keys stay exact
 * doubles (< 2^53). The sample holds at most 150 × (400 + 600) characters, under 2^17 words of two
 * or more characters each.
 */
const WORD_IDS = 2 ** 17;

/** What a content label is derived from: an entry's title and abstract. */
export interface LabelText {
  title: string;
  abstract: string;
}

/** A word as phrases see it: its surface form, whether it is a stop word, and its stem's id. */
interface Word {
  surface: string;
  stop: boolean;
  id: number;
}

/**
 * The phrase (one to three words) that the most entries share in their title or
 * abstract, ignoring common English and generic machine-learning words; title
 * occurrences count triple and a word is extended to the phrase most of its
 * uses share. Null when the dump is too small or nothing is shared.
 */
export function contentLabel(entries: readonly LabelText[]): string | null {
  if (entries.length < 2) return null;
  // Titles and the opening of each abstract carry the topic; a sample bounds the cost on huge dumps.
  const sample = entries.slice(0, SAMPLE);
  const words = new WordReader();
  // Per phrase: how many entries share it, and its weight (title occurrences count triple).
  const stats = new PhraseCounts();
  const sentences: Word[][] = [];
  sample.forEach((entry, i) => {
    for (const [text, weight] of [[entry.title.slice(0, TITLE_CHARS), 3], [entry.abstract.slice(0, ABSTRACT_CHARS), 1]] as const) {
      for (const sentence of words.sentences(text)) {
        sentences.push(sentence);
        forEachPhrase(sentence, (key) => stats.add(key, weight, i));
      }
    }
  });
  // A topic is shared: it must occur in several entries, not just in one title.
  const minEntries = Math.max(2, Math.ceil(sample.length * 0.3));
  const text = (key: number): string => idsOf(key).map((id) => words.stems[id]).join(' ');
  let best = pick(stats, text, (key, df) => df >= minEntries && key < WORD_IDS && !words.generic[key]);
  if (best === null) return null;
  for (let n = 2; n <= 3; n++) {
    const run = idsOf(best);
    const longer = pick(stats, text, (key, df) => df >= 2 && key >= WORD_IDS ** (n - 1) && key < WORD_IDS ** n && containsRun(idsOf(key), run));
    if (longer === null || stats.weight(longer) < stats.weight(best) * 0.4) break;
    best = longer;
  }
  return titleCase(mostCommon(surfaceForms(sentences, idsOf(best))));
}

/** The highest-weight phrase that passes the filter (ties broken alphabetically by stemmed text). */
function pick(stats: PhraseCounts, text: (key: number) => string, accept: (key: number, df: number) => boolean): number | null {
  let best: number | null = null;
  let bestWeight = 0;
  stats.forEach((key, df, weight) => {
    if (weight < bestWeight || !accept(key, df)) return;
    if (weight > bestWeight || (best !== null && text(key) < text(best))) [best, bestWeight] = [key, weight];
  });
  return best;
}

/** The word ids of a phrase key, first word first. */
function idsOf(key: number): number[] {
  const ids: number[] = [];
  for (; key > 0; key = Math.floor(key / WORD_IDS)) ids.push(key % WORD_IDS);
  return ids;
}

function containsRun(words: readonly number[], run: readonly number[]): boolean {
  for (let i = 0; i + run.length <= words.length; i++) {
    if (run.every((w, j) => words[i + j] === w)) return true;
  }
  return false;
}

/**
 * A tokenizer: text → sentences → words (letters, digits, `+`, `-`; at least two characters,
 * not starting with a digit). Each distinct word is lower-cased and stemmed once; each distinct
 * stem gets an id (from 1), its text in `stems` and whether it is generic in `generic`.
 */
class WordReader {
  readonly stems: string[] = [''];
  readonly generic: boolean[] = [false];
  private readonly known = new Map<string, Word>();
  private readonly ids = new Map<string, number>();

  sentences(text: string): Word[][] {
    if (isAscii(text)) return this.asciiSentences(text);
    return text.split(/\s*[!?;:()[\]]\s*|\.\s/).map((sentence) => {
      const words: Word[] = [];
      for (const surface of sentence.split(/[^\p{L}\p{N}+-]+/u)) {
        const c = surface.charCodeAt(0);
        if (surface.length > 1 && !(c >= 48 && c <= 57)) words.push(this.word(surface));
      }
      return words;
    });
  }

  /**
   * {@link sentences} for ASCII text in one pass, without regular expressions: words are runs of
   * letters, digits, `+` and `-`; a sentence ends at `!?;:()[]` and at a `.` before a space.
   */
  private asciiSentences(text: string): Word[][] {
    const out: Word[][] = [];
    let words: Word[] = [];
    let start = -1;
    for (let i = 0; i <= text.length; i++) {
      const c = i < text.length ? text.charCodeAt(i) : 32;
      if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 43 || c === 45) {
        if (start < 0) start = i;
        continue;
      }
      if (start >= 0) {
        const first = text.charCodeAt(start);
        if (i - start > 1 && !(first >= 48 && first <= 57)) words.push(this.word(text.slice(start, i)));
        start = -1;
      }
      if (SENTENCE_END.has(c) || (c === 46 && isSpace(text.charCodeAt(i + 1)))) {
        out.push(words);
        words = [];
      }
    }
    out.push(words);
    return out;
  }

  private word(surface: string): Word {
    let word = this.known.get(surface);
    if (!word) {
      const lower = surface.toLowerCase();
      const stemmed = stem(lower);
      let id = this.ids.get(stemmed);
      if (id === undefined) {
        this.ids.set(stemmed, (id = this.stems.length));
        this.stems.push(stemmed);
        this.generic.push(GENERIC.has(stemmed));
      }
      this.known.set(surface, (word = { surface, stop: STOP.has(lower), id }));
    }
    return word;
  }
}

/** `!?;:()[]` by character code: each ends a sentence. */
const SENTENCE_END = new Set([...'!?;:()[]'].map((c) => c.charCodeAt(0)));

/** ASCII whitespace (`\s` within ASCII); NaN past the end is not. */
const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);

/** Calls `visit(key)` for every 1–3 word phrase that neither starts nor ends with a stop word. */
function forEachPhrase(words: readonly Word[], visit: (key: number) => void): void {
  for (let i = 0; i < words.length; i++) {
    if (words[i].stop) continue;
    let key = words[i].id;
    visit(key);
    for (let j = i + 1, scale = WORD_IDS; j < Math.min(i + 3, words.length); j++, scale *= WORD_IDS) {
      key += words[j].id * scale;
      if (!words[j].stop) visit(key);
    }
  }
}

/** How often each surface form (`Masked Language Modeling`) of the phrase (word ids) occurs. */
function surfaceForms(sentences: readonly Word[][], ids: readonly number[]): Map<string, number> {
  const forms = new Map<string, number>();
  const last = ids.length - 1;
  for (const words of sentences) {
    for (let i = 0; i + last < words.length; i++) {
      if (words[i].id !== ids[0] || words[i].stop || words[i + last].stop || !ids.every((id, k) => words[i + k].id === id)) continue;
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
