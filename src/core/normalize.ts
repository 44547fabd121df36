/** Title normalisation used to recognise the same paper across dumps. */

/**
 * Lower-cases, folds accents, keeps letters, digits and `+` (so `Text4Seg` and
 * `Text4Seg++` stay apart) and drops everything else, including LaTeX commands.
 * The result is one flat string (a `replace` of every gap would build a chain of ~10 string
 * pieces, ~350 bytes a title, kept alive for as long as the library keeps the title).
 */
export function normalizeTitle(title: string): string {
  // ASCII needs no decomposition, and its letters and digits are [a-z0-9] once lower-cased.
  if (/^[\x00-\x7f]*$/.test(title)) return title.replace(/\\[a-zA-Z]+/g, '').toLowerCase().match(/[a-z0-9+]+/g)?.join('') ?? '';
  return (
    title
      .normalize('NFKD')
      .replace(/\\[a-zA-Z]+/g, '')
      .toLowerCase()
      .match(/[\p{L}\p{N}+]+/gu)
      ?.join('') ?? ''
  );
}
