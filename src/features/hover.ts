/** Hover on a cited key: the paper's title, date, authors, topics, abstract and links. */
import * as vscode from 'vscode';
import { citationAt, findCitations } from '../core/citationContext';
import { forCitationLanguages, lineInFence, paperMarkdown } from './completion';
import type { PaperLibrary } from './paperLibrary';

/** The cited key at a position of a note, with the range of the key. */
export function citationUnder(document: vscode.TextDocument, position: vscode.Position): { key: string; range: vscode.Range } | undefined {
  const line = document.lineAt(position.line).text;
  if (!line.includes('@')) return undefined;
  const cited = citationAt(findCitations(line), 0, position.character);
  if (!cited || lineInFence(document, position.line)) return undefined;
  return { key: cited.key, range: new vscode.Range(position.line, cited.start, position.line, cited.end) };
}

/** Hover for cited keys; returns its Disposable. */
export function registerHover(library: PaperLibrary): vscode.Disposable {
  const provider: vscode.HoverProvider = {
    provideHover(document, position) {
      const cited = citationUnder(document, position);
      const paper = cited && library.get(cited.key);
      return paper ? new vscode.Hover(paperMarkdown(paper), cited.range) : undefined;
    },
  };
  return forCitationLanguages((selector) => vscode.languages.registerHoverProvider(selector, provider));
}
