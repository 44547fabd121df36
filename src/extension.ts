import * as vscode from 'vscode';
import { registerCompletion } from './features/completion';
import { registerCreateNote } from './features/createNote';
import { registerDefinitions } from './features/definition';
import { registerDiagnostics } from './features/diagnostics';
import { registerDumpPriming } from './features/dumpPriming';
import { registerHover } from './features/hover';
import { LibraryService } from './features/libraryService';
import { registerPaperCommands } from './features/paperCommands';
import { registerPaperPreview } from './features/paperPreview';
import { registerPaperTree, type PaperTree } from './features/paperTree';
import { registerSearchPicker } from './features/searchPicker';
import { registerStatusBar } from './features/statusBar';

/** What `activate` returns; integration tests use it to inspect the library and the tree. */
export interface LitnotesApi {
  library: LibraryService;
  tree: PaperTree;
  statusBar: vscode.StatusBarItem;
  /** How long `activate` took; `npm run bench` reads it in a real extension host (bench/activation.ts). */
  activation: ActivationTiming;
}

/** `performance.now()` readings of this extension host process, in milliseconds. */
export interface ActivationTiming {
  /** `activate` itself: from its first statement to just before it returns (all UI registered, indexing only scheduled). */
  ms: number;
  startedAt: number;
  returnedAt: number;
  /** When the first full index was ready (`library.whenReady()` resolved); unset until then. */
  readyAt?: number;
  /** When the last session's library snapshot was served; unset when none was (yet). */
  restoredAt?: number;
}

/** Wires the contributions (each registerX returns a Disposable) and starts indexing in the background. */
export function activate(context: vscode.ExtensionContext): LitnotesApi {
  const started = performance.now();
  const output = vscode.window.createOutputChannel('Literature Notes', { log: true });
  const library = new LibraryService(output, context.storageUri ?? context.globalStorageUri);
  const tree = registerPaperTree(library, context.workspaceState);
  const statusBar = registerStatusBar(library);
  context.subscriptions.push(
    output,
    library,
    tree,
    statusBar,
    registerPaperCommands(library, output),
    registerPaperPreview(library),
    registerCreateNote(library),
    registerSearchPicker(library),
    registerCompletion(library),
    registerHover(library),
    registerDefinitions(library),
    registerDiagnostics(library),
    registerDumpPriming(library),
  );
  library.start();
  output.info(`Activated in ${(performance.now() - started).toFixed(1)} ms; indexing in the background`);
  const activation: ActivationTiming = { ms: 0, startedAt: started, returnedAt: 0 };
  void library.whenReady().then(() => (activation.readyAt = performance.now()));
  context.subscriptions.push(library.onDidChange(() => library.fromSnapshot && (activation.restoredAt ??= performance.now())));
  activation.returnedAt = performance.now();
  activation.ms = activation.returnedAt - started;
  return { library, tree, statusBar: statusBar.item, activation };
}

export function deactivate(): void {}
