/** Turning command arguments (a citation key, a tree node, or nothing) into a paper. */
import * as vscode from 'vscode';
import type { Paper } from '../core/model';
import type { PaperLibrary } from './paperLibrary';
import { paperQuickPick, saysIndexingStopped } from './paperPicks';
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
  if (isPaperNode(arg)) {
    const paper = await library.get(arg.paper.key);
    if (!paper) void vscode.window.showWarningMessage(`"${arg.paper.title}" is no longer indexed.`);
    return paper;
  }
  return pickPaper(library, placeHolder);
}

/** A picker over the index (search as you type; before typing, the most upvoted papers), not a list of the whole library. */
export async function pickPaper(library: PaperLibrary, placeHolder: string): Promise<Paper | undefined> {
  if (saysIndexingStopped(library)) return undefined;
  if (library.paperCount === 0) {
    void vscode.window.showInformationMessage(
      library.state === 'indexing' ? 'Paper dumps are still being indexed.' : 'No papers are indexed in this workspace.',
    );
    return undefined;
  }
  const rows = paperQuickPick(library);
  const { picker } = rows;
  picker.placeholder = `${placeHolder}: title or abstract words, or a citation key`;
  let chosen: string | undefined;
  const hidden = new Promise<void>((resolve) => {
    picker.onDidAccept(() => {
      chosen = (picker.selectedItems[0] ?? picker.activeItems[0])?.key;
      if (chosen) picker.hide();
    });
    picker.onDidHide(() => resolve());
  });
  picker.show();
  await hidden;
  rows.dispose();
  return chosen === undefined ? undefined : library.get(chosen);
}
