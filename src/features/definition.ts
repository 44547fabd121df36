/** Go to definition (the paper's entries in its dumps) and find all references (every note citing it). */
import * as vscode from 'vscode';
import { findCitations } from '../core/citationContext';
import { forCitationLanguages, isCitationDocument } from './completion';
import { citationUnder } from './hover';
import type { PaperLibrary } from './paperLibrary';

/** Notes searched for references, besides open documents of the citation languages. */
const NOTE_GLOB = '**/*.{md,markdown,qmd,rmd,Rmd,mdx}';
const NOTE_EXCLUDE = '{**/node_modules/**,**/.git/**}';
/** Files larger than this are not notes. */
const MAX_NOTE_BYTES = 5 * 1024 * 1024;

/** Every entry of the paper, as a location spanning the entry's lines. */
async function paperLocations(library: PaperLibrary, key: string): Promise<vscode.Location[]> {
  return (await library.entriesOf(key)).map((e) => new vscode.Location(e.uri, new vscode.Range(e.line - 1, 0, e.endLine, 0)));
}

/** Every citation of `key` in the workspace's notes (open documents as edited, others from disk, unsaved ones too), dumps excluded. */
async function citingLocations(library: PaperLibrary, key: string, token?: vscode.CancellationToken): Promise<vscode.Location[]> {
  const dumps = new Set(library.dumps().map((d) => d.uri.toString()));
  const open = new Map(vscode.workspace.textDocuments.filter(isCitationDocument).map((d) => [d.uri.toString(), d]));
  // Unsaved notes count; open documents of files deleted since do not.
  const files = new Map([...open.values()].filter((d) => d.isUntitled || d.isDirty).map((d) => [d.uri.toString(), d.uri]));
  for (const uri of await vscode.workspace.findFiles(NOTE_GLOB, NOTE_EXCLUDE, undefined, token)) files.set(uri.toString(), uri);
  const found: vscode.Location[] = [];
  for (const [id, uri] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (token?.isCancellationRequested) break;
    if (dumps.has(id)) continue;
    const text = open.get(id)?.getText() ?? (await readNote(uri));
    if (!text?.includes(key)) continue;
    for (const c of findCitations(text)) {
      if (c.key === key) found.push(new vscode.Location(uri, new vscode.Range(c.line, c.start, c.line, c.end)));
    }
  }
  return found;
}

async function readNote(uri: vscode.Uri): Promise<string | undefined> {
  try {
    if ((await vscode.workspace.fs.stat(uri)).size > MAX_NOTE_BYTES) return undefined;
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/** Definition and reference providers for cited keys; returns their Disposable. */
export function registerDefinitions(library: PaperLibrary): vscode.Disposable {
  const definitions: vscode.DefinitionProvider = {
    provideDefinition(document, position) {
      const cited = citationUnder(document, position);
      return cited ? paperLocations(library, cited.key) : undefined;
    },
  };
  const references: vscode.ReferenceProvider = {
    async provideReferences(document, position, context, token) {
      const cited = citationUnder(document, position);
      if (!cited) return undefined;
      const citing = await citingLocations(library, cited.key, token);
      return context.includeDeclaration ? [...(await paperLocations(library, cited.key)), ...citing] : citing;
    },
  };
  return forCitationLanguages((selector) => vscode.Disposable.from(
    vscode.languages.registerDefinitionProvider(selector, definitions),
    vscode.languages.registerReferenceProvider(selector, references),
  ));
}
