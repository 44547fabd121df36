/** Paper text inside Markdown: always literal, whatever characters the dump contains. */

/**
 * Escapes text for use inline in Markdown (paragraphs, headings, list items, table cells):
 * whitespace collapses to single spaces, and every character Markdown, HTML, tables or math
 * could interpret is backslash-escaped, so `<script>`, `[x](y)`, `*`, `|` and `$` stay literal.
 * Parentheses and `!` only act after `[`/`]`, which are escaped; block markers only at the start.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_[\]<>|~$&]/g, '\\$&')
    .replace(/^([-+=#])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/** A URL as a Markdown link destination, or null unless it is http(s). */
export function markdownUrl(url: string): string | null {
  if (!/^https?:\/\//i.test(url)) return null;
  return `<${url.replace(/[\s<>]/g, encodeURIComponent)}>`;
}
