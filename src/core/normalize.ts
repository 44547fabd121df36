/** Title normalisation used to recognise the same paper across dumps. */

/**
 * Lower-cases, folds accents, keeps letters, digits and `+` (so `Text4Seg` and
 * `Text4Seg++` stay apart) and drops everything else, including LaTeX commands.
 */
export function normalizeTitle(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/\\[a-zA-Z]+/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}+]+/gu, '');
}
