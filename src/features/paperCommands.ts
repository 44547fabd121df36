/** Commands on one paper (copy key or BibTeX, open in dump, open link) and on the index (re-index, output). */
import * as vscode from 'vscode';
import { toBibtex } from '../core/bibtex';
import type { Paper } from '../core/model';
import { isPaperNode, paperFromArg } from './paperArgs';
import type { PaperLibrary } from './paperLibrary';

/** Registers the paper and index commands; each paper command takes a key, a tree node or nothing (then asks). */
export function registerPaperCommands(library: PaperLibrary, output: vscode.OutputChannel): vscode.Disposable {
  const onPaper = (placeHolder: string, run: (paper: Paper, arg: unknown) => Thenable<unknown>) => async (arg?: unknown) => {
    const paper = await paperFromArg(library, arg, placeHolder);
    if (paper) await run(paper, arg);
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand('litnotes.copyKey', onPaper('Paper whose key to copy', async (paper) => {
      await vscode.env.clipboard.writeText(paper.key);
      vscode.window.setStatusBarMessage(`Copied citation key ${paper.key}`, 3000);
    })),
    vscode.commands.registerCommand('litnotes.copyBibtex', onPaper('Paper whose BibTeX to copy', async (paper) => {
      await vscode.env.clipboard.writeText(toBibtex([paper]));
      vscode.window.setStatusBarMessage(`Copied BibTeX of ${paper.key}`, 3000);
    })),
    vscode.commands.registerCommand('litnotes.openInDump', onPaper('Paper to show in its dump', (paper, arg) => openInDump(library, paper, arg))),
    vscode.commands.registerCommand('litnotes.openLink', onPaper('Paper whose link to open', openLink)),
    vscode.commands.registerCommand('litnotes.reindex', () => library.reindex()),
    vscode.commands.registerCommand('litnotes.showOutput', () => output.show(true)),
  );
}

/** Opens the dump (the node's dump when grouped by file, else the first) and selects the entry's lines. */
async function openInDump(library: PaperLibrary, paper: Paper, arg: unknown): Promise<vscode.TextEditor | undefined> {
  const entries = await library.entriesOf(paper.key);
  const preferred = isPaperNode(arg) ? arg.parent.uri?.toString() : undefined;
  const entry = entries.find((e) => e.uri.toString() === preferred) ?? entries[0];
  if (!entry) {
    void vscode.window.showWarningMessage(`"${paper.title}" is not in any indexed dump.`);
    return undefined;
  }
  const doc = await vscode.workspace.openTextDocument(entry.uri);
  const first = Math.min(entry.line, doc.lineCount) - 1;
  const last = Math.min(Math.max(entry.endLine, entry.line), doc.lineCount) - 1;
  const range = new vscode.Range(first, 0, last, doc.lineAt(last).text.length);
  const editor = await vscode.window.showTextDocument(doc, { selection: range });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenter);
  return editor;
}

/** Opens the paper's link; asks which when it has several (arXiv, GitHub, others). */
async function openLink(paper: Paper): Promise<void> {
  const links = new Map<string, string>();
  if (paper.arxiv) links.set(`https://arxiv.org/abs/${paper.arxiv}`, 'arXiv');
  if (paper.github) links.set(paper.github, 'GitHub');
  for (const url of paper.links) if (!links.has(url)) links.set(url, /github\.com/i.test(url) ? 'GitHub' : 'Link');
  const items = [...links].filter(([url]) => /^https?:\/\//i.test(url)).map(([url, label]) => ({ label, detail: url }));
  if (items.length === 0) {
    void vscode.window.showInformationMessage(`"${paper.title}" has no arXiv id or link.`);
    return;
  }
  const picked = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { placeHolder: `Open a link of "${paper.title}"` });
  if (picked) await vscode.env.openExternal(vscode.Uri.parse(picked.detail));
}
