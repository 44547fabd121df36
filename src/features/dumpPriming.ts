/** Dumps opened in an editor are parsed in the background, so that saving them re-indexes fast. */
import * as vscode from 'vscode';
import type { LibraryService } from './libraryService';

/**
 * Primes every dump opened in an editor and, once the library is ready, those already open, or,
 * with none open, the dump changed last: after a warm start, when the parses came from the cache,
 * a first save would otherwise be read from its saved reading, in a worker not yet warmed up.
 * Once ready, the workers also warm up the code that reads a change from a saved reading, which
 * any other dump's first change runs.
 */
export function registerDumpPriming(library: LibraryService): vscode.Disposable {
  let disposed = false;
  void library.whenReady().then(() => {
    if (disposed) return;
    const primed = vscode.workspace.textDocuments.filter((doc) => library.prime(doc.uri)).length;
    const latest = library.latestDump();
    if (primed === 0 && latest) library.prime(latest);
    library.warmUpParsers();
  });
  const opened = vscode.workspace.onDidOpenTextDocument((doc) => library.prime(doc.uri));
  return { dispose: () => ((disposed = true), opened.dispose()) };
}
