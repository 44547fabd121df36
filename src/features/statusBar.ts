/** The status-bar item: paper count (click to search) or the indexing state. */
import * as vscode from 'vscode';
import type { PaperLibrary } from './paperLibrary';

/** Shows `$(book) N papers`, `$(sync~spin) Indexing papers…` or `$(error) Indexing stopped`; the returned handle exposes the item for tests. */
export function registerStatusBar(library: PaperLibrary): vscode.Disposable & { item: vscode.StatusBarItem } {
  const item = vscode.window.createStatusBarItem('litnotes.status', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Literature Notes';
  const update = (): void => {
    item.backgroundColor = library.state === 'stopped' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    if (library.state === 'indexing') {
      item.text = '$(sync~spin) Indexing papers…';
      item.tooltip = 'Literature Notes: reading the paper dumps of this workspace';
      item.command = 'litnotes.showOutput';
      return;
    }
    if (library.state === 'stopped') {
      item.text = '$(error) Indexing stopped';
      item.tooltip = 'Literature Notes: the indexer stopped repeatedly (the output says why). Click to re-index.';
      item.command = 'litnotes.reindex';
      return;
    }
    const papers = library.paperCount;
    const dumps = library.dumps().length;
    const problems = library.problems().filter((p) => p.severity !== 'info').length;
    item.text = `$(book) ${plural(papers, 'paper')}`;
    item.tooltip = `Literature Notes: ${plural(papers, 'paper')} from ${plural(dumps, 'dump')}, ${plural(problems, 'problem')}. Click to search.`;
    item.command = 'litnotes.search';
  };
  update();
  item.show();
  return Object.assign(vscode.Disposable.from(item, library.onDidChange(update)), { item });
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
