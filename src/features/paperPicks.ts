/** Pickers over the search index: rows ranked as the user types (before typing, the most upvoted papers), never the whole library at once. */
import * as vscode from 'vscode';
import type { PaperLibrary } from './paperLibrary';

/** A picker row: one paper. */
export interface PaperPickItem extends vscode.QuickPickItem {
  key: string;
}

/** Rows shown per query; the index ranks, the picker never re-sorts. */
export const PICK_LIMIT = 50;
/** Characters of abstract shown under each title. */
const SNIPPET_CHARS = 120;

/** The picker's rows for a query, in the index's order (empty query: the most upvoted papers), each with `buttons`. */
export async function pickItems(library: PaperLibrary, query: string, buttons: readonly vscode.QuickInputButton[] = [], limit = PICK_LIMIT): Promise<PaperPickItem[]> {
  const hits = await (query.trim() ? library.search(query, limit) : library.complete('', limit));
  return hits.map(({ paper }) => ({
    label: paper.title,
    description: [paper.key, paper.year, paper.topics.join(', ')].filter((v) => v !== null && v !== '').join(' · '),
    detail: snippet(paper.abstract, query),
    // VS Code's own label filter must neither hide abstract or fuzzy matches nor reorder them.
    alwaysShow: true,
    buttons: [...buttons],
    key: paper.key,
  }));
}

/** When indexing stopped (see `LibraryWorkerLink`), says so with a Re-index button and returns true: a picker would list nothing. */
export function saysIndexingStopped(library: PaperLibrary): boolean {
  if (library.state !== 'stopped') return false;
  void vscode.window.showErrorMessage('Literature Notes stopped indexing (the output says why).', 'Re-index').then((choice) => {
    if (choice) void vscode.commands.executeCommand('litnotes.reindex');
  });
  return true;
}

/**
 * A quick pick (not shown yet), `value` typed, whose rows follow what is typed and the library's changes; only
 * the answer to the latest question is shown. `dispose` ends it with the picker.
 */
export function paperQuickPick(library: PaperLibrary, value = '', buttons: readonly vscode.QuickInputButton[] = []): vscode.Disposable & { picker: vscode.QuickPick<PaperPickItem> } {
  const picker = vscode.window.createQuickPick<PaperPickItem>();
  picker.value = value;
  picker.matchOnDescription = false;
  picker.matchOnDetail = false;
  (picker as { sortByLabel?: boolean }).sortByLabel = false;
  let asked = 0;
  let disposed = false;
  const refresh = async (): Promise<void> => {
    const ask = ++asked;
    // A library that stopped answering (indexing stopped) lists nothing.
    const items = await pickItems(library, picker.value, buttons).catch(() => []);
    if (ask !== asked || disposed) return;
    picker.busy = library.state === 'indexing';
    picker.items = items;
  };
  const subscriptions = [picker.onDidChangeValue(() => void refresh()), library.onDidChange(() => void refresh())];
  void library.whenReady().then(() => refresh());
  void refresh();
  return {
    picker,
    dispose: () => {
      disposed = true;
      subscriptions.forEach((s) => s.dispose());
      picker.dispose();
    },
  };
}

/** The start of the abstract, or a window around the first query word found further in. */
function snippet(abstract: string, query: string): string {
  const text = abstract.replace(/\s+/g, ' ').trim();
  if (text.length <= SNIPPET_CHARS) return text;
  const lower = text.toLowerCase();
  const hit = query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 3)
    .map((w) => lower.indexOf(w)).filter((i) => i >= 0).sort((a, b) => a - b)[0] ?? 0;
  if (hit + 20 < SNIPPET_CHARS) return `${text.slice(0, SNIPPET_CHARS - 1).trimEnd()}…`;
  const from = text.lastIndexOf(' ', hit - 30) + 1;
  const window = text.slice(from, from + SNIPPET_CHARS - 2).trimEnd();
  return `…${window}${from + SNIPPET_CHARS - 2 < text.length ? '…' : ''}`;
}
