/** Warnings for cited keys that match no indexed paper, with a quick fix to the closest key. */
import * as vscode from 'vscode';
import { closestKey, findCitations } from '../core/citationContext';
import { forCitationLanguages, isCitationDocument } from './completion';
import type { PaperLibrary } from './paperLibrary';

/** `source` and `code` of the diagnostics, for filters and quick fixes. */
const DIAGNOSTIC_SOURCE = 'litnotes';
const UNKNOWN_KEY = 'unknown-key';
/** Where notes live (not `git:` or other virtual copies). */
const NOTE_SCHEMES = ['file', 'untitled', 'vscode-vfs'];
/** Delay after the last edit before a document is checked again. */
const DEBOUNCE_MS = 250;

/** Diagnoses open notes: on open, on edit (debounced), on every re-index; cleared on close or when turned off. */
export function registerDiagnostics(library: PaperLibrary): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  let ready = false;

  const enabled = (): boolean => vscode.workspace.getConfiguration('litnotes.diagnostics').get<boolean>('unknownKeys', true);
  const check = (document: vscode.TextDocument): void => {
    const isDump = library.dumps().some((d) => d.uri.toString() === document.uri.toString());
    if (!enabled() || !isCitationDocument(document) || !NOTE_SCHEMES.includes(document.uri.scheme) || isDump) {
      collection.delete(document.uri);
      return;
    }
    if (!ready) return;
    const unknown = findCitations(document.getText()).filter((c) => !library.get(c.key));
    collection.set(document.uri, unknown.map((c) => {
      const range = new vscode.Range(c.line, c.start, c.line, c.end);
      const diagnostic = new vscode.Diagnostic(range, `Unknown citation key "${c.key}": no indexed paper has it.`, vscode.DiagnosticSeverity.Warning);
      diagnostic.source = DIAGNOSTIC_SOURCE;
      diagnostic.code = UNKNOWN_KEY;
      return diagnostic;
    }));
  };
  const checkAll = (): void => vscode.workspace.textDocuments.forEach(check);
  const forget = (document: vscode.TextDocument): void => {
    clearTimeout(timers.get(document.uri.toString()));
    timers.delete(document.uri.toString());
    collection.delete(document.uri);
  };
  const schedule = (document: vscode.TextDocument): void => {
    const id = document.uri.toString();
    clearTimeout(timers.get(id));
    timers.set(id, setTimeout(() => {
      timers.delete(id);
      check(document);
    }, DEBOUNCE_MS));
  };

  void library.whenReady().then(() => {
    ready = true;
    checkAll();
  });
  let keys: string[] | null = null;
  const fixes: vscode.CodeActionProvider = {
    provideCodeActions(document, _range, context) {
      return context.diagnostics
        .filter((d) => d.source === DIAGNOSTIC_SOURCE && d.code === UNKNOWN_KEY)
        .flatMap((d) => {
          const best = closestKey(document.getText(d.range), (keys ??= library.papers().map((p) => p.key)));
          if (!best) return [];
          const action = new vscode.CodeAction(`Replace with ${best}`, vscode.CodeActionKind.QuickFix);
          action.edit = new vscode.WorkspaceEdit();
          action.edit.replace(document.uri, d.range, best);
          action.diagnostics = [d];
          action.isPreferred = true;
          return [action];
        });
    },
  };

  return vscode.Disposable.from(
    collection,
    new vscode.Disposable(() => timers.forEach((t) => clearTimeout(t))),
    library.onDidChange(() => {
      keys = null;
      if (library.state === 'ready') checkAll();
    }),
    vscode.workspace.onDidOpenTextDocument(check),
    vscode.workspace.onDidChangeTextDocument((e) => schedule(e.document)),
    vscode.workspace.onDidCloseTextDocument(forget),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('litnotes.diagnostics.unknownKeys') || e.affectsConfiguration('litnotes.completion.languages')) checkAll();
    }),
    forCitationLanguages((selector) => vscode.languages.registerCodeActionsProvider(selector, fixes, {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    })),
  );
}
