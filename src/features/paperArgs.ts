/** Turning command arguments (a citation key, a tree node, or nothing) into a paper. */
import * as vscode from 'vscode';
import type { Paper } from '../core/model';
import type { PaperLibrary } from './paperLibrary';
import type { PaperNode } from './paperTreeItems';

/** True for a paper node of the tree (what menus pass to commands). */
export function isPaperNode(arg: unknown): arg is PaperNode {
  return typeof arg === 'object' && arg !== null && (arg as PaperNode).kind === 'paper' && !!(arg as PaperNode).paper;
}

/** The paper an argument names: a key (`@` optional), a tree node, or, with no argument, the user's pick. */
export async function paperFromArg(library: PaperLibrary, arg: unknown, placeHolder: string): Promise<Paper | undefined> {
  if (typeof arg === 'string') {
    const paper = await library.get(arg.replace(/^@/, ''));
    if (!paper) void vscode.window.showWarningMessage(`No indexed paper has the citation key "${arg}".`);
    return paper;
  }
  if (isPaperNode(arg)) return (await library.get(arg.paper.key)) ?? arg.paper;
  return pickPaper(library, placeHolder);
}

/** A quick pick of every indexed paper (title, key, year). */
export async function pickPaper(library: PaperLibrary, placeHolder: string): Promise<Paper | undefined> {
  if (library.paperCount === 0) {
    void vscode.window.showInformationMessage(
      library.state === 'indexing' ? 'Paper dumps are still being indexed.' : 'No papers are indexed in this workspace.',
    );
    return undefined;
  }
  const items = (await library.papers()).map((paper) => ({
    label: paper.title,
    description: [paper.key, paper.year].filter((v) => v !== null).join(' · '),
    paper,
  }));
  const picked = await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true });
  return picked?.paper;
}
