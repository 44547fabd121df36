/** `litnotes.createNote`: a literature note with YAML front matter, opened rather than overwritten when it exists. */
import * as vscode from 'vscode';
import { fillTemplate, paperUrl } from '../core/citation';
import type { Paper } from '../core/model';
import { matter } from '../core/parse/frontMatter';
import { paperFromArg } from './paperArgs';
import type { PaperLibrary } from './paperLibrary';

/** Registers the command; it resolves to the note's URI. */
export function registerCreateNote(library: PaperLibrary): vscode.Disposable {
  return vscode.commands.registerCommand('litnotes.createNote', async (arg?: unknown) => {
    const paper = await paperFromArg(library, arg, 'Paper to write a literature note about');
    return paper ? createNote(paper) : undefined;
  });
}

/**
 * The workspace folder a new note goes to: the folder of the active editor's file, else the first
 * folder (in a multi-root workspace, the first listed in the .code-workspace file).
 */
function noteFolder(): vscode.WorkspaceFolder | undefined {
  const active = vscode.window.activeTextEditor?.document.uri;
  return (active && vscode.workspace.getWorkspaceFolder(active)) || vscode.workspace.workspaceFolders?.[0];
}

/**
 * Creates `<litnotes.notes.folder>/<key>.md` in the {@link noteFolder} (that folder's own setting
 * applies) unless it exists, and opens it.
 */
async function createNote(paper: Paper): Promise<vscode.Uri | undefined> {
  const folder = noteFolder();
  if (!folder) {
    void vscode.window.showErrorMessage('Open a folder to create literature notes in.');
    return undefined;
  }
  const config = vscode.workspace.getConfiguration('litnotes.notes', folder.uri);
  const segments = config.get<string>('folder', 'notes').split(/[\\/]+/).filter((s) => s !== '' && s !== '.' && s !== '..');
  const dir = vscode.Uri.joinPath(folder.uri, ...segments);
  const uri = vscode.Uri.joinPath(dir, `${paper.key.replace(/[\\/:*?"<>|\s]/g, '_')}.md`);
  const exists = await vscode.workspace.fs.stat(uri).then(() => true, () => false);
  if (!exists) {
    await vscode.workspace.fs.createDirectory(dir);
    await vscode.workspace.fs.writeFile(uri, Buffer.from(noteText(paper, config.get<string>('template', '')), 'utf8'));
  }
  await vscode.window.showTextDocument(uri, { preview: false });
  return uri;
}

/** Front matter (key, title, year, arxiv, links, topics; unknown values left out) and the filled template. */
export function noteText(paper: Paper, template: string): string {
  const data: Record<string, unknown> = { key: paper.key, title: paper.title };
  if (paper.year !== null) data.year = paper.year;
  if (paper.arxiv) data.arxiv = paper.arxiv;
  data.links = [...new Set([paperUrl(paper), paper.github, ...paper.links].filter((l): l is string => !!l))];
  data.topics = paper.topics;
  return matter().stringify(fillNoteTemplate(template, paper), data);
}

/** Replaces `{key} {title} {year} {url} {arxiv} {abstract} {topics}` (and `{github} {date}`) in one pass. */
function fillNoteTemplate(template: string, paper: Paper): string {
  return fillTemplate(template, paper, { abstract: paper.abstract, topics: paper.topics.join(', ') });
}
