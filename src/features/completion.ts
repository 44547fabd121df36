/** Citation-key completion after `@` and `[@` in the Markdown-family languages of the settings. */
import * as vscode from 'vscode';
import { CITATION_FORMATS, DEFAULT_TEMPLATE, paperUrl, type CitationFormat } from '../core/citation';
import { citationContext, citationEdit, footnoteAppendix, FRONT_MATTER_LINES, proseLine } from '../core/citationContext';
import type { Paper } from '../core/model';
import { escapeMarkdown, markdownUrl } from './markdownText';
import type { PaperLibrary } from './paperLibrary';

/** Language ids of `litnotes.completion.languages`. */
function citationLanguages(): string[] {
  return vscode.workspace.getConfiguration('litnotes').get<string[]>('completion.languages', ['markdown', 'quarto', 'rmd']);
}

/** Whether citations are completed, hovered and checked in this document. */
export function isCitationDocument(document: vscode.TextDocument): boolean {
  return citationLanguages().includes(document.languageId);
}

/** `litnotes.citation.format` (validated) and `litnotes.citation.template`. */
export function citationSettings(): { format: CitationFormat; template: string } {
  const config = vscode.workspace.getConfiguration('litnotes.citation');
  const format = config.get<string>('format', 'pandoc') as CitationFormat;
  return {
    format: CITATION_FORMATS.includes(format) ? format : 'pandoc',
    template: config.get<string>('template', DEFAULT_TEMPLATE) || DEFAULT_TEMPLATE,
  };
}

/** Registers a provider for the citation languages, again whenever `litnotes.completion.languages` changes. */
export function forCitationLanguages(register: (selector: vscode.DocumentFilter[]) => vscode.Disposable): vscode.Disposable {
  const selector = (): vscode.DocumentFilter[] =>
    citationLanguages().flatMap((language) => ['file', 'untitled'].map((scheme) => ({ language, scheme })));
  let registration = register(selector());
  const listener = vscode.workspace.onDidChangeConfiguration((e) => {
    if (!e.affectsConfiguration('litnotes.completion.languages')) return;
    registration.dispose();
    registration = register(selector());
  });
  return new vscode.Disposable(() => {
    registration.dispose();
    listener.dispose();
  });
}

/** The document from its start to the end of `line`, or of any front matter around it. */
export function documentHead(document: vscode.TextDocument, line: number): string {
  const last = Math.min(document.lineCount - 1, Math.max(line, FRONT_MATTER_LINES - 1));
  return document.getText(new vscode.Range(0, 0, last, document.lineAt(last).text.length));
}

/** A paper as Markdown (all paper text escaped; only http(s) links), with Open in Dump and Preview command links. */
export function paperMarkdown(paper: Paper): vscode.MarkdownString {
  const facts = [
    paper.date ?? (paper.year !== null ? String(paper.year) : null),
    paper.authors !== null ? `${paper.authors} author${paper.authors === 1 ? '' : 's'}` : null,
    paper.org,
    paper.upvotes !== null ? `▲ ${paper.upvotes}` : null,
  ].filter((v): v is string => !!v);
  const parts = [`**${escapeMarkdown(paper.title)}**`];
  if (facts.length) parts.push(facts.map(escapeMarkdown).join(' · '));
  if (paper.topics.length) parts.push(`Topics: ${paper.topics.map(escapeMarkdown).join(', ')}`);
  if (paper.abstract) parts.push(escapeMarkdown(paper.abstract));
  const links = [...new Set([paperUrl(paper), paper.github, ...paper.links].filter((u): u is string => !!u))]
    .slice(0, 6)
    .map((url) => ({ url, target: markdownUrl(url) }))
    .filter((l) => l.target !== null)
    .map((l) => `[${escapeMarkdown(linkLabel(l.url))}](${l.target})`);
  const args = encodeURIComponent(JSON.stringify([paper.key]));
  links.push(`[Open in Dump](command:litnotes.openInDump?${args})`, `[Preview](command:litnotes.previewPaper?${args})`, `[Reveal in Papers View](command:litnotes.revealPaper?${args})`);
  parts.push(links.join(' · '));
  parts.push(`\`@${paper.key.replace(/`/g, '')}\``);
  const md = new vscode.MarkdownString(parts.join('\n\n'));
  md.isTrusted = { enabledCommands: ['litnotes.openInDump', 'litnotes.previewPaper', 'litnotes.revealPaper'] };
  return md;
}

/** `arXiv 2003.10555`, `GitHub owner/repo`, else the host name. */
function linkLabel(url: string): string {
  const arxiv = /^https?:\/\/arxiv\.org\/(?:abs|pdf)\/([^/?#]+)/i.exec(url);
  if (arxiv) return `arXiv ${arxiv[1]}`;
  const github = /^https?:\/\/github\.com\/([^/?#]+\/[^/?#]+)/i.exec(url);
  if (github) return `GitHub ${github[1]}`;
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** A completion item that remembers its paper, so documentation is built only when shown. */
class PaperCompletionItem extends vscode.CompletionItem {
  constructor(readonly paper: Paper) {
    super(paper.key, vscode.CompletionItemKind.Reference);
  }
}

/** Offers ranked papers for the key being typed; the list is incomplete so every keystroke re-ranks. */
class CitationCompletionProvider implements vscode.CompletionItemProvider<PaperCompletionItem> {
  constructor(private readonly library: PaperLibrary) {}

  async provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionList<PaperCompletionItem> | undefined> {
    if (!document.lineAt(position.line).text.includes('@')) return undefined;
    const line = proseLine(documentHead(document, position.line).split(/\r\n|\r|\n/), position.line);
    const ctx = line === null ? null : citationContext(line, position.character);
    if (line === null || !ctx) return undefined;
    // `@key.` ends a sentence: keep Enter from re-inserting the citation.
    const finished = /^(.+)[:.#$%&\-+?<>~/]$/u.exec(ctx.typed);
    if (finished && (await this.library.get(finished[1]))) return undefined;
    const maxItems = vscode.workspace.getConfiguration('litnotes').get<number>('completion.maxItems', 50);
    const { format, template } = citationSettings();
    const hits = await this.library.complete(ctx.typed, Math.max(1, Math.floor(maxItems)));
    const docEnd = document.lineAt(document.lineCount - 1).range.end;
    let text: string | undefined;
    const items = hits.map(({ paper }, rank) => {
      const edit = citationEdit(ctx, paper, format, template);
      const item = new PaperCompletionItem(paper);
      const range = new vscode.Range(position.line, edit.start, position.line, edit.end);
      item.detail = paper.title;
      item.range = range;
      item.insertText = edit.text;
      // Identical filter text for every item: VS Code's fuzzy score cannot reorder or drop ours.
      item.filterText = line.slice(edit.start, position.character);
      item.sortText = String(rank).padStart(5, '0');
      if (edit.definition) {
        const appendix = footnoteAppendix((text ??= document.getText()), paper.key, edit.definition, document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n');
        if (appendix && range.end.isEqual(docEnd)) item.insertText += appendix;
        else if (appendix) item.additionalTextEdits = [vscode.TextEdit.insert(docEnd, appendix)];
      }
      return item;
    });
    return new vscode.CompletionList(items, true);
  }

  resolveCompletionItem(item: PaperCompletionItem): PaperCompletionItem {
    item.documentation = paperMarkdown(item.paper);
    return item;
  }
}

/** Citation completion; returns its Disposable. */
export function registerCompletion(library: PaperLibrary): vscode.Disposable {
  const provider = new CitationCompletionProvider(library);
  return forCitationLanguages((selector) => vscode.languages.registerCompletionItemProvider(selector, provider, '@', '['));
}
