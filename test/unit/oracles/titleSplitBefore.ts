/**
 * The title split as it was before its per-word facts were computed once (`titleSplit.ts`), kept as
 * the oracle the faster version must agree with.
 *
 * Finds where a title ends and its abstract begins in run-together text.
 * Titles are title-cased; abstracts start a sentence (capital, then lower-case
 * words) and often repeat the title's last words (`… Language Models Masked
 * Language Models (MLMs) have …`). Each candidate boundary is scored; the best wins.
 */
export function splitTitleAbstractBefore(text: string): { title: string; abstract: string } {
  // Only the first words can end a title: split just those, remembering where each starts.
  const head: string[] = [];
  const starts: number[] = [];
  for (let at = 0; head.length < 56 && at <= text.length; ) {
    const space = text.indexOf(' ', at);
    const end = space < 0 ? text.length : space;
    starts.push(at);
    head.push(text.slice(at, end));
    at = end + 1;
    if (space < 0) break;
  }
  const limit = Math.min(head.length - 1, 48);
  const info: Words = { words: head, norm: head.map(norm), lower: head.map(isLowerStart) };
  let best = -1;
  let bestScore = -Infinity;
  // Title words: a lower-case word that is not a small word is unusual in a title (summed as k grows).
  let titlePenalty = 0;
  for (let k = 1; k <= limit; k++) {
    if (k > 1 && info.lower[k - 1] && !SMALL.has(info.norm[k - 1])) titlePenalty -= 2;
    const s = titlePenalty + score(info, k);
    if (s > bestScore) {
      bestScore = s;
      best = k;
    }
  }
  if (best < 0) return { title: text, abstract: '' };
  return { title: text.slice(0, starts[best] - 1), abstract: text.slice(starts[best]) };
}

const SMALL = new Set(
  'a an the and or but nor for so yet of in on at to by with from into onto via vs vs. versus through over under without within between as per up is are be do does not than that its their our your we you it this these those how what why when where which who can should'.split(' '),
);
const STARTERS = new Set(
  'we in this the recent large although while despite current existing most as with to our a an these however many despite it there'.split(' '),
);

function norm(word: string): string {
  return word.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

function isLowerStart(word: string): boolean {
  return /^\p{Ll}/u.test(word);
}

/** The first words of the text with what scoring needs, computed once. */
interface Words {
  words: readonly string[];
  norm: readonly string[];
  lower: readonly boolean[];
}

/** The score of a title ending before word `k`, but for its title words' penalty. */
function score(info: Words, k: number): number {
  const words = info.words;
  let s = 0;
  const last = words[k - 1];
  if (SMALL.has(last.toLowerCase()) || /[:,;-]$/.test(last)) s -= 3;
  if (/[?!]$/.test(last)) s += 2;
  // Abstract start: a sentence begins with a capital (or a digit or quote), then usually lower case.
  const first = words[k];
  if (!/^[\p{Lu}\p{N}"“'‘]/u.test(first)) s -= 6;
  if (k + 1 < words.length && info.lower[k + 1] && !SMALL.has(info.norm[k + 1])) s += 2;
  if (STARTERS.has(first.toLowerCase())) s += 1.5;
  s += 3 * repeatLength(info, k);
  if (k < 2) s -= 2;
  if (k > 30) s -= (k - 30) * 0.5;
  return s;
}

/** How many of the title's last words the abstract repeats at its start (an article may precede them). */
function repeatLength(info: Words, k: number): number {
  const { words, norm: n } = info;
  let bestLength = 0;
  for (const skip of [0, 1]) {
    if (skip && !/^(the|a|an)$/i.test(words[k])) continue;
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
