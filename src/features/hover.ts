/** Hover on a cited key: the paper's title, date, authors, topics, abstract and links. */
import * as vscode from 'vscode';
import { citationAt, findCitations } from '../core/citationContext';
import { documentHead, forCitationLanguages, paperMarkdown } from './completion';
import type { PaperLibrary } from './paperLibrary';

/** The cited key at a position of a note, with the range of the key. */
export function citationUnder(document: vscode.TextDocument, position: vscode.Position): { key: string; range: vscode.Range } | undefined {
  if (!document.lineAt(position.line).text.includes('@')) return undefined;
  const cited = citationAt(findCitations(documentHead(document, position.line)), position.line, position.character);
  if (!cited) return undefined;
  return { key: cited.key, range: new vscode.Range(position.line, cited.start, position.line, cited.end) };
}

/** Hover for cited keys; returns its Disposable. */
export function registerHover(library: PaperLibrary): vscode.Disposable {
  const provider: vscode.HoverProvider = {
    async provideHover(document, position) {
      const cited = citationUnder(document, position);
      const paper = cited && (await library.get(cited.key));
      return paper ? new vscode.Hover(paperMarkdown(paper), cited.range) : undefined;
    },
  };
  return forCitationLanguages((selector) => vscode.languages.registerHoverProvider(selector, provider));
}
