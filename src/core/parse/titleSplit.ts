/**
 * Finds where a title ends and its abstract begins in run-together text.
 * Titles are title-cased; abstracts start a sentence (capital, then lower-case
 * words) and often repeat the title's last words (`… Language Models Masked
 * Language Models (MLMs) have …`). Each candidate boundary is scored; the best wins.
 */
export function splitTitleAbstract(text: string): { title: string; abstract: string } {
  const words = text.split(' ');
  const limit = Math.min(words.length - 1, 48);
  let best = -1;
  let bestScore = -Infinity;
  for (let k = 1; k <= limit; k++) {
    const s = score(words, k);
    if (s > bestScore) {
      bestScore = s;
      best = k;
    }
  }
  if (best < 0) return { title: text, abstract: '' };
  return { title: words.slice(0, best).join(' '), abstract: words.slice(best).join(' ') };
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

function score(words: readonly string[], k: number): number {
  let s = 0;
  // Title words: a lower-case word that is not a small word is unusual in a title.
  for (let i = 1; i < k; i++) if (isLowerStart(words[i]) && !SMALL.has(norm(words[i]))) s -= 2;
  const last = words[k - 1];
  if (SMALL.has(last.toLowerCase()) || /[:,;-]$/.test(last)) s -= 3;
  if (/[?!]$/.test(last)) s += 2;
  // Abstract start: a sentence begins with a capital (or a digit or quote), then usually lower case.
  const first = words[k];
  if (!/^[\p{Lu}\p{N}"“'‘]/u.test(first)) s -= 6;
  if (k + 1 < words.length && isLowerStart(words[k + 1]) && !SMALL.has(norm(words[k + 1]))) s += 2;
  if (STARTERS.has(first.toLowerCase())) s += 1.5;
  s += 3 * repeatLength(words, k);
  if (k < 2) s -= 2;
  if (k > 30) s -= (k - 30) * 0.5;
  return s;
}

/** How many of the title's last words the abstract repeats at its start (an article may precede them). */
function repeatLength(words: readonly string[], k: number): number {
  let bestLength = 0;
  for (const skip of [0, 1]) {
    if (skip && !/^(the|a|an)$/i.test(words[k])) continue;
    for (let m = Math.min(k, 6); m >= 1; m--) {
      let same = true;
      for (let j = 0; j < m && same; j++) {
        const a = words[k - m + j];
        const b = words[k + skip + j];
        same = b !== undefined && norm(a) !== '' && norm(a) === norm(b);
      }
      if (same) {
        bestLength = Math.max(bestLength, m);
        break;
      }
    }
  }
  return bestLength;
}
