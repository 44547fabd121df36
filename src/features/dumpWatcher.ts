/** Watches the workspace folders and hands changed paths over in debounced, coalesced batches. */
import * as vscode from 'vscode';

/** Quiet time after the last event before a batch is delivered. */
const DEBOUNCE_MS = 300;
/** A steady stream of events is still delivered at least this often. */
const MAX_DELAY_MS = 2000;

/**
 * Watches every file of every workspace folder (folder deletes and moves report only the folder,
 * so watching the include globs alone would miss their dumps) and calls `onChanges` with the
 * distinct URIs created, changed or deleted since the last batch. The receiver filters them.
 * `onFirstEvent` hears each URI as soon as a batch first has it.
 */
export function watchWorkspace(onChanges: (uris: vscode.Uri[]) => void, onFirstEvent: (uri: vscode.Uri) => void = () => undefined): vscode.Disposable {
  const pending = new Map<string, vscode.Uri>();
  let timer: NodeJS.Timeout | undefined;
  let firstAt = 0;
  const flush = (): void => {
    timer = undefined;
    const uris = [...pending.values()];
    pending.clear();
    if (uris.length > 0) onChanges(uris);
  };
  const record = (uri: vscode.Uri): void => {
    if (pending.size === 0) firstAt = Date.now();
    if (!pending.has(uri.toString())) onFirstEvent(uri);
    pending.set(uri.toString(), uri);
    clearTimeout(timer);
    timer = setTimeout(flush, Math.max(0, Math.min(DEBOUNCE_MS, firstAt + MAX_DELAY_MS - Date.now())));
  };
  const watchers = (vscode.workspace.workspaceFolders ?? []).map((folder) => {
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '**/*'));
    return vscode.Disposable.from(watcher, watcher.onDidCreate(record), watcher.onDidChange(record), watcher.onDidDelete(record));
  });
  return vscode.Disposable.from(...watchers, { dispose: () => clearTimeout(timer) });
}
