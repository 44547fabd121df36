/** Title normalisation used to recognise the same paper across dumps. */

const NON_ASCII = /[^\x00-\x7f]/;

/** True when every character is ASCII: nothing to decompose or fold, and `[a-z0-9]` are its letters and digits once lower-cased. */
export function isAscii(text: string): boolean {
  return !NON_ASCII.test(text);
}

/**
 * Lower-cases, folds accents, keeps letters, digits and `+` (so `Text4Seg` and
 * `Text4Seg++` stay apart) and drops everything else, including LaTeX commands.
 * The result is one flat string (a `replace` of every gap would build a chain of ~10 string
 * pieces, ~350 bytes a title, kept alive for as long as the library keeps the title).
 */
export function normalizeTitle(title: string): string {
  if (isAscii(title)) return title.replace(/\\[a-zA-Z]+/g, '').toLowerCase().match(/[a-z0-9+]+/g)?.join('') ?? '';
  return (
    title
      .normalize('NFKD')
      .replace(/\\[a-zA-Z]+/g, '')
      .toLowerCase()
      .match(/[\p{L}\p{N}+]+/gu)
      ?.join('') ?? ''
  );
}
