/**
 * Finds where a title ends and its abstract begins in run-together text.
 * Titles are title-cased; abstracts start a sentence (capital, then lower-case
 * words) and often repeat the title's last words (`… Language Models Masked
 * Language Models (MLMs) have …`). Each candidate boundary is scored; the best wins.
 */
export function splitTitleAbstract(text: string): { title: string; abstract: string } {
  const head = firstWords(text);
  const limit = Math.min(head.starts.length - 1, 48);
  let best = -1;
  let bestScore = -Infinity;
  // Title words: a lower-case word that is not a small word is unusual in a title (summed as k grows).
  let titlePenalty = 0;
  for (let k = 1; k <= limit; k++) {
    if (k > 1 && (head.flags[k - 1] & LOWER_NOT_SMALL) !== 0) titlePenalty -= 2;
    const s = titlePenalty + score(head, k);
    if (s > bestScore) {
      bestScore = s;
      best = k;
    }
  }
  if (best < 0) return { title: text, abstract: '' };
  return { title: text.slice(0, head.starts[best] - 1), abstract: text.slice(head.starts[best]) };
}

const SMALL = new Set(
  'a an the and or but nor for so yet of in on at to by with from into onto via vs vs. versus through over under without within between as per up is are be do does not than that its their our your we you it this these those how what why when where which who can should'.split(' '),
);
const STARTERS = new Set(
  'we in this the recent large although while despite current existing most as with to our a an these however many despite it there'.split(' '),
);

/** What scoring asks of each word, computed once per word (bits of `Words.flags`). */
const LOWER_NOT_SMALL = 1; // starts lower-case and its letters are not a small word
const WEAK_END = 2; // a small word, or ends in `:,;-` (a title does not end there)
const QUESTION = 4; // ends in `?` or `!`
const SENTENCE_START = 8; // starts with a capital, a digit or a quote
const STARTER = 16; // a word abstracts often start with
const ARTICLE = 32; // `the`, `a`, `an`

/** The first words of the text (only they can end a title), where each starts, and their facts. */
interface Words {
  starts: number[];
  /** Letters and digits only, lower-cased: for comparing a title's end with the abstract's start. */
  norm: string[];
  flags: number[];
}

function firstWords(text: string): Words {
  const out: Words = { starts: [], norm: [], flags: [] };
  for (let at = 0; out.starts.length < 56 && at <= text.length; ) {
    const space = text.indexOf(' ', at);
    const end = space < 0 ? text.length : space;
    const word = text.slice(at, end);
    const lower = word.toLowerCase();
    const norm = /^[a-z0-9]*$/.test(lower) ? lower : lower.replace(/[^\p{L}\p{N}]/gu, '');
    out.starts.push(at);
    out.norm.push(norm);
    out.flags.push(factsOf(word, lower, norm));
    at = end + 1;
    if (space < 0) break;
  }
  return out;
}

function factsOf(word: string, lower: string, norm: string): number {
  const first = word.charCodeAt(0);
  const last = word.charCodeAt(word.length - 1);
  let flags = 0;
  if (isLowerStart(word, first) && !SMALL.has(norm)) flags |= LOWER_NOT_SMALL;
  if (SMALL.has(lower) || last === 58 || last === 44 || last === 59 || last === 45) flags |= WEAK_END; // : , ; -
  if (last === 63 || last === 33) flags |= QUESTION; // ? !
  if (startsSentence(word, first)) flags |= SENTENCE_START;
  if (STARTERS.has(lower)) flags |= STARTER;
  if (lower === 'the' || lower === 'a' || lower === 'an') flags |= ARTICLE;
  return flags;
}

/** `/^\p{Ll}/u`, without the regular expression for ASCII. */
function isLowerStart(word: string, first: number): boolean {
  if (first < 128) return first >= 97 && first <= 122;
  return /^\p{Ll}/u.test(word);
}

/** `/^[\p{Lu}\p{N}"“'‘]/u`, without the regular expression for ASCII. */
function startsSentence(word: string, first: number): boolean {
  if (first < 128) return (first >= 65 && first <= 90) || (first >= 48 && first <= 57) || first === 34 || first === 39;
  return /^[\p{Lu}\p{N}“‘]/u.test(word);
}

/** The score of a title ending before word `k`, but for its title words' penalty. */
function score(head: Words, k: number): number {
  const { flags } = head;
  let s = 0;
  if ((flags[k - 1] & WEAK_END) !== 0) s -= 3;
  if ((flags[k - 1] & QUESTION) !== 0) s += 2;
  // Abstract start: a sentence begins with a capital (or a digit or quote), then usually lower case.
  if ((flags[k] & SENTENCE_START) === 0) s -= 6;
  if (k + 1 < flags.length && (flags[k + 1] & LOWER_NOT_SMALL) !== 0) s += 2;
  if ((flags[k] & STARTER) !== 0) s += 1.5;
  s += 3 * repeatLength(head, k);
  if (k < 2) s -= 2;
  if (k > 30) s -= (k - 30) * 0.5;
  return s;
}

/** How many of the title's last words the abstract repeats at its start (an article may precede them). */
function repeatLength(head: Words, k: number): number {
  const n = head.norm;
  let bestLength = 0;
  for (let skip = 0; skip <= 1; skip++) {
    if (skip && (head.flags[k] & ARTICLE) === 0) continue;
    for (let m = Math.min(k, 6); m >= 1; m--) {
      let same = true;
      for (let j = 0; j < m && same; j++) {
        const a = n[k - m + j];
        const b = n[k + skip + j];
        same = b !== undefined && a !== '' && a === b;
      }
      if (same) {
        bestLength = Math.max(bestLength, m);
        break;
      }
    }
  }
  return bestLength;
}
