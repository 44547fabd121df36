/** The search picker (`litnotes.search`, `litnotes.insertCitation`) and citation insertion at the cursors. */
import * as vscode from 'vscode';
import { formatCitation } from '../core/citation';
import { citationContext, citationEdit, footnoteAppendix } from '../core/citationContext';
import type { Paper } from '../core/model';
import { citationSettings, isCitationDocument } from './completion';
import { paperFromArg } from './paperArgs';
import type { PaperLibrary } from './paperLibrary';
import { paperQuickPick, saysIndexingStopped, type PaperPickItem } from './paperPicks';

/** The keys of `litnotes.picker.openInDump` / `litnotes.picker.copyKey` (package.json `keybindings`), as shown. */
const PICKER_KEYS = process.platform === 'darwin'
  ? { openInDump: '⌥⌘Enter', copyKey: '⌥⌘C' }
  : { openInDump: 'Ctrl+Alt+Enter', copyKey: 'Ctrl+Alt+C' };
const OPEN_IN_DUMP: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('go-to-file'), tooltip: `Open in Dump (${PICKER_KEYS.openInDump})` };
const COPY_KEY: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('copy'), tooltip: `Copy Citation Key (${PICKER_KEYS.copyKey})` };
/** The picker on screen, for the keyboard versions of its item buttons. */
let openPicker: vscode.QuickPick<PaperPickItem> | undefined;

/**
 * Inserts the citation of `paper` (format from the settings) at every cursor, replacing
 * selections; after a bare typed `@` or `[@` it completes that. A footnote definition is
 * appended once at the end of the note.
 */
async function insertCitation(editor: vscode.TextEditor, paper: Paper): Promise<boolean> {
  const { format, template } = citationSettings();
  const document = editor.document;
  const citation = formatCitation(paper, format, { template });
  const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const appendix = citation.definition && footnoteAppendix(document.getText(), paper.key, citation.definition, eol);
  return editor.edit((builder) => {
    for (const selection of editor.selections) {
      const { line, character } = selection.active;
      const ctx = selection.isEmpty ? citationContext(document.lineAt(line).text, character) : null;
      const edit = ctx?.typed === '' ? citationEdit(ctx, paper, format, template) : null;
      if (edit) builder.replace(new vscode.Range(line, edit.start, line, edit.end), edit.text);
      else builder.replace(selection, citation.text);
    }
    if (appendix) builder.insert(document.lineAt(document.lineCount - 1).range.end, appendix);
  });
}

/**
 * Shows the picker, with `query` already typed. `insert`: Enter always inserts; `search`: inserts
 * in a note editor, else previews. The title names the keys of the item buttons (it stays visible
 * while typing, the placeholder does not).
 */
function showPicker(library: PaperLibrary, mode: 'search' | 'insert', query = ''): void {
  if (saysIndexingStopped(library)) return;
  const rows = paperQuickPick(library, query, [OPEN_IN_DUMP, COPY_KEY]);
  const { picker } = rows;
  picker.title = `${mode === 'insert' ? 'Insert Citation' : 'Search Papers'}  ·  ${PICKER_KEYS.openInDump} open in dump  ·  ${PICKER_KEYS.copyKey} copy key`;
  picker.placeholder = 'Title or abstract words, or a citation key — Enter to '
    + (mode === 'insert' || isCitationEditor() ? 'insert the citation' : 'preview the paper');
  const editor = vscode.window.activeTextEditor;
  const subscriptions = [
    picker.onDidTriggerItemButton(async ({ item, button }) => {
      if (button === COPY_KEY) return vscode.commands.executeCommand('litnotes.copyKey', item.key);
      picker.hide();
      return vscode.commands.executeCommand('litnotes.openInDump', item.key);
    }),
    picker.onDidAccept(async () => {
      const paper = await library.get((picker.selectedItems[0] ?? picker.activeItems[0])?.key ?? '');
      if (!paper) return;
      picker.hide();
      if (editor && (mode === 'insert' || isCitationDocument(editor.document))) await insertAndFocus(editor, paper);
      else if (mode === 'insert') void vscode.window.showInformationMessage('Open a note to insert a citation.');
      else await vscode.commands.executeCommand('litnotes.previewPaper', paper.key);
    }),
    picker.onDidHide(() => {
      subscriptions.forEach((s) => s.dispose());
      rows.dispose();
      if (openPicker === picker) setOpenPicker(undefined);
    }),
  ];
  setOpenPicker(picker);
  picker.show();
}

function setOpenPicker(picker: vscode.QuickPick<PaperPickItem> | undefined): void {
  openPicker = picker;
  void vscode.commands.executeCommand('setContext', 'litnotes.searchPickerOpen', picker !== undefined);
}

/** The item buttons from the keyboard (bound while `litnotes.searchPickerOpen`): act on the picker's highlighted row. */
function pickerAction(action: 'openInDump' | 'copyKey'): Thenable<unknown> | undefined {
  const item = openPicker?.activeItems[0];
  if (!openPicker || !item) return undefined;
  if (action === 'openInDump') openPicker.hide();
  return vscode.commands.executeCommand(`litnotes.${action}`, item.key);
}

async function insertAndFocus(editor: vscode.TextEditor, paper: Paper): Promise<void> {
  const shown = await vscode.window.showTextDocument(editor.document, editor.viewColumn);
  await insertCitation(shown, paper);
}

function isCitationEditor(): boolean {
  const editor = vscode.window.activeTextEditor;
  return !!editor && isCitationDocument(editor.document);
}

/** The search and insert commands, and the `litnotes.citationEditor` context key; returns their Disposable. */
export function registerSearchPicker(library: PaperLibrary): vscode.Disposable {
  const updateContext = (): void => void vscode.commands.executeCommand('setContext', 'litnotes.citationEditor', isCitationEditor());
  updateContext();
  return vscode.Disposable.from(
    vscode.window.onDidChangeActiveTextEditor(updateContext),
    vscode.workspace.onDidOpenTextDocument(updateContext),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('litnotes.completion.languages')) updateContext();
    }),
    vscode.commands.registerCommand('litnotes.search', (query?: unknown) => showPicker(library, 'search', typeof query === 'string' ? query : '')),
    vscode.commands.registerCommand('litnotes.picker.openInDump', () => pickerAction('openInDump')),
    vscode.commands.registerCommand('litnotes.picker.copyKey', () => pickerAction('copyKey')),
    vscode.commands.registerCommand('litnotes.insertCitation', async (arg?: unknown) => {
      if (arg === undefined) return showPicker(library, 'insert');
      const paper = await paperFromArg(library, arg, 'Paper to cite');
      const editor = vscode.window.activeTextEditor;
      if (!paper) return undefined;
      if (!editor) return void vscode.window.showInformationMessage('Open a note to insert a citation.');
      return insertAndFocus(editor, paper);
    }),
  );
}
