/** Warnings for cited keys that match no indexed paper, with a quick fix to the closest key. */
import * as vscode from 'vscode';
import { findCitations, type CitedKey } from '../core/citationContext';
import { forCitationLanguages, isCitationDocument } from './completion';
import type { PaperLibrary } from './paperLibrary';

/** `source` and `code` of the diagnostics, for filters and quick fixes. */
const DIAGNOSTIC_SOURCE = 'litnotes';
const UNKNOWN_KEY = 'unknown-key';
/** Where notes live (not `git:` or other virtual copies). */
const NOTE_SCHEMES = ['file', 'untitled', 'vscode-vfs'];
/** Delay after the last edit before a document is checked again. */
const DEBOUNCE_MS = 250;
/** A key at the cursor edited this recently is still being typed: not flagged yet. */
const TYPING_MS = 2000;

/** Whether `position` is on the key of `cited` (its `@` up to just after its last character). */
function touches(cited: CitedKey, position: vscode.Position): boolean {
  return position.line === cited.line && position.character >= cited.start - 1 && position.character <= cited.end;
}

/**
 * Diagnoses open notes: on open, on edit (debounced), on every re-index; cleared on close or when
 * turned off. The unknown key at the cursor of the active editor is not flagged while it is being
 * typed (edited in the last TYPING_MS), only once typing pauses or the cursor leaves it.
 */
export function registerDiagnostics(library: PaperLibrary): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** When each open note was last edited. */
  const lastEdit = new Map<string, number>();
  /** Notes with an unknown key left unflagged because it is being typed, and where: re-checked when the cursor leaves it. */
  const held = new Map<string, CitedKey>();
  /** Each open note's latest check: the library answers asynchronously, and only the latest answer is shown. */
  const checks = new Map<string, number>();
  let ready = false;

  /** The primary cursor of the active editor on this document while the user is typing there. */
  const typingAt = (document: vscode.TextDocument): vscode.Position | undefined => {
    const editor = vscode.window.activeTextEditor;
    const edited = lastEdit.get(document.uri.toString());
    return editor?.document === document && edited !== undefined && Date.now() - edited < TYPING_MS ? editor.selection.active : undefined;
  };

  const enabled = (): boolean => vscode.workspace.getConfiguration('litnotes.diagnostics').get<boolean>('unknownKeys', true);
  const check = async (document: vscode.TextDocument): Promise<void> => {
    const isDump = library.dumps().some((d) => d.uri.toString() === document.uri.toString());
    if (!enabled() || !isCitationDocument(document) || !NOTE_SCHEMES.includes(document.uri.scheme) || isDump) {
      collection.delete(document.uri);
      return;
    }
    if (!ready) return;
    const id = document.uri.toString();
    const ask = (checks.get(id) ?? 0) + 1;
    checks.set(id, ask);
    const { version } = document;
    const cited = findCitations(document.getText());
    // A library that stopped answering (indexing stopped) leaves the warnings shown as they were.
    const unknownKeys = await library.unknownKeys([...new Set(cited.map((c) => c.key))]).catch(() => undefined);
    // Edited meanwhile: the check the edit scheduled shows its own answer.
    if (!unknownKeys || checks.get(id) !== ask || document.isClosed || document.version !== version) return;
    const cursor = typingAt(document);
    const missing = cited.filter((c) => unknownKeys.has(c.key));
    const typed = cursor && missing.find((c) => touches(c, cursor));
    const unknown = typed ? missing.filter((c) => c !== typed) : missing;
    if (typed) {
      // Checked again once typing pauses (or earlier, when the cursor leaves the key).
      held.set(id, typed);
      schedule(document, Math.max(DEBOUNCE_MS, TYPING_MS - (Date.now() - (lastEdit.get(id) ?? 0))));
    } else {
      held.delete(id);
    }
    collection.set(document.uri, unknown.map((c) => {
      const range = new vscode.Range(c.line, c.start, c.line, c.end);
      const diagnostic = new vscode.Diagnostic(range, `Unknown citation key "${c.key}": no indexed paper has it.`, vscode.DiagnosticSeverity.Warning);
      diagnostic.source = DIAGNOSTIC_SOURCE;
      diagnostic.code = UNKNOWN_KEY;
      return diagnostic;
    }));
  };
  const checkAll = (): void => vscode.workspace.textDocuments.forEach((document) => void check(document));
  const forget = (document: vscode.TextDocument): void => {
    clearTimeout(timers.get(document.uri.toString()));
    timers.delete(document.uri.toString());
    lastEdit.delete(document.uri.toString());
    held.delete(document.uri.toString());
    checks.delete(document.uri.toString());
    collection.delete(document.uri);
  };
  const schedule = (document: vscode.TextDocument, delay = DEBOUNCE_MS): void => {
    const id = document.uri.toString();
    clearTimeout(timers.get(id));
    timers.set(id, setTimeout(() => {
      timers.delete(id);
      void check(document);
    }, delay));
  };
  const edited = (e: vscode.TextDocumentChangeEvent): void => {
    if (e.contentChanges.length === 0) return; // only the dirty state changed
    lastEdit.set(e.document.uri.toString(), Date.now());
    schedule(e.document);
  };
  /** A held key is checked as soon as the cursor is off it or its editor is no longer the active one. */
  const recheckHeld = (): void => {
    for (const [id, key] of held) {
      const editor = vscode.window.activeTextEditor;
      if (editor?.document.uri.toString() === id && touches(key, editor.selection.active)) continue;
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === id);
      held.delete(id);
      if (document) schedule(document);
    }
  };

  void library.whenReady().then(() => {
    ready = true;
    checkAll();
  });
  const fixes: vscode.CodeActionProvider = {
    async provideCodeActions(document, _range, context) {
      const actions: vscode.CodeAction[] = [];
      for (const d of context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && d.code === UNKNOWN_KEY)) {
        const best = await library.closestKey(document.getText(d.range));
        if (!best) continue;
        const action = new vscode.CodeAction(`Replace with ${best}`, vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(document.uri, d.range, best);
        action.diagnostics = [d];
        action.isPreferred = true;
        actions.push(action);
      }
      return actions;
    },
  };

  return vscode.Disposable.from(
    collection,
    new vscode.Disposable(() => timers.forEach((t) => clearTimeout(t))),
    library.onDidChange(() => {
      if (library.state === 'ready') checkAll();
    }),
    vscode.workspace.onDidOpenTextDocument((document) => void check(document)),
    vscode.workspace.onDidChangeTextDocument(edited),
    vscode.window.onDidChangeTextEditorSelection(recheckHeld),
    vscode.window.onDidChangeActiveTextEditor(recheckHeld),
    vscode.workspace.onDidCloseTextDocument(forget),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('litnotes.diagnostics.unknownKeys') || e.affectsConfiguration('litnotes.completion.languages')) checkAll();
    }),
    forCitationLanguages((selector) => vscode.languages.registerCodeActionsProvider(selector, fixes, {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    })),
  );
}
