/** Writes generated papers as dump files in every layout the parser reads, shaped like the seeds. */

/** A generated paper: what a dump shows of it. */
export interface GenPaper {
  /** arXiv-style id (`2403.01234`), unique; shown only by Markdown captures. */
  id: string;
  title: string;
  abstract: string;
  authors: number | null;
  /** Organisation line shown instead of an author count (block layout only). */
  org: string | null;
  /** `Mar 5, 2024` or, for the current year, `Mar 5`. */
  date: string;
  comments: number | null;
  upvotes: number | null;
  github: string | null;
}

export type GenLayout = 'blocks' | 'alternating' | 'pairs' | 'runTogether' | 'markdown';
export const GEN_LAYOUTS: readonly GenLayout[] = ['blocks', 'alternating', 'pairs', 'runTogether', 'markdown'];

export function extensionOf(layout: GenLayout): string {
  return layout === 'markdown' ? '.papers.md' : '.papers.txt';
}

/** The text of one dump file holding `papers` in `layout`; `day` is the page date (`Nov 20`). */
export function renderDump(layout: GenLayout, papers: readonly GenPaper[], day: string): string {
  switch (layout) {
    case 'blocks':
      return blocks(papers, day);
    case 'alternating':
      return alternating(papers);
    case 'pairs':
      return pairs(papers, day);
    case 'runTogether':
      return runTogether(papers);
    case 'markdown':
      return markdown(papers, day);
  }
}

const PAGE_HEAD = 'new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\n';

/** 002/003 style: blank-line blocks, `  • N authors` or an org line, `·`, date with an optional comment count. */
function blocks(papers: readonly GenPaper[], day: string): string {
  const out = [`${PAGE_HEAD}Daily Papers\n\nbyAK and the research community\n\n${day}\n`];
  for (const p of papers) {
    const who = p.org ?? `  • ${p.authors ?? 1} authors`;
    out.push(`${p.title}\n\n${p.abstract}\n\n${who}\n·\n${p.date}${p.comments ? ` ${p.comments}` : ''}\n`);
  }
  return out.join('\n');
}

/** 001 style: one title line, one abstract line; the first title glued to the page chrome. */
function alternating(papers: readonly GenPaper[]): string {
  const out = ['Get trending papers in your email inbox once a day!', 'Get trending papers in your email inbox!'];
  papers.forEach((p, i) => out.push(i === 0 ? `Subscribe${p.title}` : p.title, p.abstract));
  return out.join('\n') + '\n';
}

/** 004 style: title, blank line, abstract, blank line; no metadata. */
function pairs(papers: readonly GenPaper[], day: string): string {
  const out = [`${PAGE_HEAD}byAK and the research community\n\n${day}\n`];
  for (const p of papers) out.push(`${p.title}\n\n${p.abstract}\n`);
  return out.join('\n');
}

/** 000 style: `upvotes Title Abstract N authors · Date [comments]` on one line. */
function runTogether(papers: readonly GenPaper[]): string {
  return papers
    .map((p) => `${p.upvotes ?? '-'} ${p.title} ${p.abstract} ${p.authors ?? 1} authors · ${p.date}${p.comments ? ` ${p.comments}` : ''}`)
    .join('\n') + '\n';
}

/** Markdown escapes for text placed in a capture. */
function md(text: string): string {
  return text.replace(/([\\`*_[\]<>#|])/g, '\\$1');
}

/** "Copy as Markdown" style capture of a search page: linked heading titles, upvote links, metadata and buttons. */
function markdown(papers: readonly GenPaper[], day: string): string {
  const out = [`# Daily Papers - Hugging Face\n\nGet trending papers in your email inbox!\n\n## Daily Papers ${day}\n`];
  for (const p of papers) {
    const page = `https://huggingface.co/papers/${p.id}`;
    const lines = [
      `[${p.upvotes ?? '-'}](https://huggingface.co/login?next=%2Fpapers%2F${p.id})`,
      `### [${md(p.title)}](${page})`,
      md(p.abstract),
      `- ${p.authors ?? 1} authors · Published on ${p.date}${p.comments ? ` [${p.comments}](${page}#community)` : ''}`,
    ];
    const buttons = [...(p.github ? [`[GitHub](${p.github})`] : []), `[arXiv Page](https://arxiv.org/abs/${p.id})`];
    lines.push(buttons.join(' '));
    out.push(lines.join('\n'));
  }
  return out.join('\n') + '\n';
}
