/** `litnotes.previewPaper`: a read-only virtual Markdown document per paper (`litnotes-paper:/<key>.md`). */
import * as vscode from 'vscode';
import type { Paper } from '../core/model';
import type { LocatedEntry } from './dumpScanner';
import { escapeMarkdown, markdownUrl } from './markdownText';
import { paperFromArg } from './paperArgs';
import type { PaperLibrary } from './paperLibrary';

export const PREVIEW_SCHEME = 'litnotes-paper';

/** The preview document's URI for a citation key. */
export function previewUri(key: string): vscode.Uri {
  return vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${key}.md` });
}

/** Registers the content provider (kept current on re-index) and the preview command. */
export function registerPaperPreview(library: PaperLibrary): vscode.Disposable {
  const changed = new vscode.EventEmitter<vscode.Uri>();
  const provider: vscode.TextDocumentContentProvider = {
    onDidChange: changed.event,
    provideTextDocumentContent: async (uri) => {
      const key = uri.path.replace(/^\//, '').replace(/\.md$/, '');
      const paper = await library.get(key);
      return paper ? renderPaper(paper, await library.entriesOf(key)) : `# Paper not found\n\nNo indexed paper has the key ${escapeMarkdown(key)}.\n`;
    },
  };
  return vscode.Disposable.from(
    changed,
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, provider),
    library.onDidChange(() => {
      for (const doc of vscode.workspace.textDocuments) if (doc.uri.scheme === PREVIEW_SCHEME) changed.fire(doc.uri);
    }),
    vscode.commands.registerCommand('litnotes.previewPaper', async (arg?: unknown) => {
      const paper = await paperFromArg(library, arg, 'Paper to preview');
      if (!paper) return undefined;
      const doc = await vscode.workspace.openTextDocument(previewUri(paper.key));
      return vscode.window.showTextDocument(doc, { preview: true, preserveFocus: arg !== undefined });
    }),
  );
}

/** The paper as Markdown: title, metadata table, topics, abstract, links and where it occurs. All paper text is escaped. */
export function renderPaper(paper: Paper, entries: readonly LocatedEntry[]): string {
  const link = (text: string, url: string): string | null => {
    const target = markdownUrl(url);
    return target ? `[${escapeMarkdown(text)}](${target})` : null;
  };
  const rows: [string, string | null][] = [
    ['Citation key', escapeMarkdown(`@${paper.key}`)],
    ['Date', paper.date !== null ? escapeMarkdown(paper.date) : paper.year !== null ? String(paper.year) : null],
    ['Authors', paper.authors !== null ? String(paper.authors) : null],
    ['Organisation', paper.org !== null ? escapeMarkdown(paper.org) : null],
    ['Upvotes', paper.upvotes !== null ? String(paper.upvotes) : null],
    ['Comments', paper.comments !== null ? String(paper.comments) : null],
    ['arXiv', paper.arxiv ? link(paper.arxiv, `https://arxiv.org/abs/${encodeURIComponent(paper.arxiv).replace(/%2F/g, '/')}`) : null],
    ['GitHub', paper.github ? link(paper.github, paper.github) : null],
  ];
  const out = [`# ${escapeMarkdown(paper.title)}`, '', '| | |', '| --- | --- |'];
  for (const [name, value] of rows) if (value !== null) out.push(`| ${name} | ${value} |`);
  if (paper.topics.length > 0) out.push('', '## Topics', '', paper.topics.map(escapeMarkdown).join(' · '));
  out.push('', '## Abstract', '', paper.abstract ? escapeMarkdown(paper.abstract) : '*No abstract in the dump.*');
  const links = paper.links.map((url) => link(url, url)).filter((l): l is string => l !== null);
  if (links.length > 0) out.push('', '## Links', '', ...links.map((l) => `- ${l}`));
  if (entries.length > 0) {
    out.push('', '## Occurrences', '');
    for (const e of entries) {
      const lines = e.endLine > e.line ? `lines ${e.line}–${e.endLine}` : `line ${e.line}`;
      out.push(`- [${escapeMarkdown(e.file)}, ${lines}](<${e.uri.with({ fragment: `L${e.line}` }).toString()}>)`);
    }
  }
  return `${out.join('\n')}\n`;
}
