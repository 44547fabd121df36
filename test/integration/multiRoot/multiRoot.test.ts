// A multi-root workspace (runTest.ts, second pass), opened from litnotes.code-workspace:
//
//   papers/       (first folder)  dumps/000–002 and broken.papers.txt, notes/, drafts/kept.papers.txt
//   more-papers/  (second folder) dumps/003–004, drafts/hidden.papers.txt, and .vscode/settings.json
//                 with its own litnotes.dumps.exclude (adds **/drafts/**) and litnotes.notes.folder ("reading")
//
// The five seed dumps are the single-folder fixture's, split across the folders, so the library
// must hold the same 342 papers (plus the one draft of the first folder).
import * as assert from 'assert';
import matter from 'gray-matter';
import * as vscode from 'vscode';
import type { LitnotesApi } from '../../../src/extension';
import type { GroupNode, PaperNode } from '../../../src/features/paperTreeItems';
import { activateExtension, closeAllEditors, waitFor } from '../helpers';
import { testDump } from '../testDumps';

const FIRST = 'papers';
const SECOND = 'more-papers';
const SEED_DUMPS = [
  `${SECOND}/dumps/003_8408f118e69440e1.txt`,
  `${SECOND}/dumps/004_54a2025a6e864eb8.txt`,
  `${FIRST}/dumps/000_078c4363ea6d0778.txt`,
  `${FIRST}/dumps/001_fd33f1a6bc32f27b.txt`,
  `${FIRST}/dumps/002_114d13bd9a7fb12f.txt`,
];
/** The only paper of papers/drafts/kept.papers.txt (indexed) and of more-papers/drafts/hidden.papers.txt (excluded by more-papers' settings). */
const OKAPI = 'Okapi Tessellations for Glacier Acoustics';
const WALRUS = 'Walrus Topologies in Lichen Networks';
/** more-papers/.vscode/settings.json's litnotes.dumps.exclude. */
const SECOND_EXCLUDE = ['**/node_modules/**', '**/.git/**', '**/drafts/**'];
/** A paper whose only entry is in more-papers/dumps/004_… (lines 19–20). */
const SEQPE = { key: 'seqpe', title: 'SeqPE: Transformer with Sequential Position Encoding', file: `${SECOND}/dumps/004_54a2025a6e864eb8.txt`, line: 19 };
const SEED_PAPERS = 342;

const folder = (name: string): vscode.WorkspaceFolder => {
  const found = vscode.workspace.workspaceFolders?.find((f) => f.name === name);
  assert.ok(found, `workspace folder ${name} among ${vscode.workspace.workspaceFolders?.map((f) => f.name).join(', ')}`);
  return found;
};
const inFolder = (name: string, rel: string): vscode.Uri => vscode.Uri.joinPath(folder(name).uri, ...rel.split('/'));
/** `folder/path`, as the extension names files in a multi-root workspace. */
const rel = (uri: vscode.Uri): string => vscode.workspace.asRelativePath(uri, true);
const folderOf = (uri: vscode.Uri): string | undefined => vscode.workspace.getWorkspaceFolder(uri)?.name;
const write = async (uri: vscode.Uri, text: string): Promise<vscode.Uri> => {
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  return uri;
};
const remove = async (uri: vscode.Uri): Promise<void> => {
  await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: false }).then(undefined, () => undefined);
};

describe('multi-root workspace', () => {
  let api: LitnotesApi;
  const titles = async (): Promise<Set<string>> => new Set((await api.library.papers()).map((p) => p.title));
  const dumpFiles = (): string[] => api.library.dumps().map((d) => rel(d.uri)).sort();
  const seedPapers = async (): Promise<number> => (await api.library.papers()).filter((p) => p.occurrences.some((o) => SEED_DUMPS.includes(o.file))).length;

  before(async () => {
    api = (await activateExtension()).exports as LitnotesApi;
    await api.library.whenReady();
  });

  afterEach(closeAllEditors);

  it('opens both folders from the .code-workspace file', () => {
    assert.ok(vscode.workspace.workspaceFile?.path.endsWith('/litnotes.code-workspace'), `workspace file ${vscode.workspace.workspaceFile?.toString()}`);
    assert.deepStrictEqual(vscode.workspace.workspaceFolders?.map((f) => f.name), [FIRST, SECOND]);
  });

  it('indexes the dumps of both folders as one library, the same papers as in a single folder', async () => {
    assert.strictEqual(api.library.state, 'ready');
    assert.deepStrictEqual(dumpFiles(), [...SEED_DUMPS, `${FIRST}/drafts/kept.papers.txt`].sort());
    assert.strictEqual((await seedPapers()), SEED_PAPERS, 'papers of the seed dumps');
    assert.strictEqual(api.library.paperCount, SEED_PAPERS + 1, 'plus the first folder\'s draft');
    assert.deepStrictEqual(api.library.dumps().filter((d) => SEED_DUMPS.includes(rel(d.uri))).map((d) => d.entries).sort((a, b) => a - b), [4, 46, 54, 64, 200]);
    // 13 papers occur in dumps of both folders, each merged into one paper; ELECTRA has three entries.
    const folders = async (key: string): Promise<Set<string | undefined>> => new Set((await api.library.entriesOf(key)).map((e) => folderOf(e.uri)));
    const all = await api.library.papers();
    const inBoth = await Promise.all(all.map(async (p) => (await folders(p.key)).size === 2));
    assert.strictEqual(inBoth.filter(Boolean).length, 13, 'papers with entries in both folders');
    assert.strictEqual((await api.library.papers()).filter((p) => p.title.startsWith('ELECTRA: Pre-training')).length, 1);
    assert.deepStrictEqual((await api.library.entriesOf('electra2020')).map((e) => `${folderOf(e.uri)}:${e.file}`).sort(), [
      `${SECOND}:${SECOND}/dumps/003_8408f118e69440e1.txt`,
      `${FIRST}:${FIRST}/dumps/001_fd33f1a6bc32f27b.txt`,
      `${FIRST}:${FIRST}/dumps/002_114d13bd9a7fb12f.txt`,
    ]);
    assert.strictEqual((await api.library.get(SEQPE.key))?.title, SEQPE.title);
    assert.ok(api.library.problems().some((p) => p.file === `${FIRST}/dumps/broken.papers.txt`), 'the broken dump is reported under its folder');
    assert.strictEqual(api.statusBar.text, `$(book) ${SEED_PAPERS + 1} papers`);
  });

  it('groups papers of both folders in the tree', async () => {
    const roots = async (): Promise<GroupNode[]> => (await api.tree.getChildren()) as GroupNode[];
    const children = async (group: GroupNode | undefined): Promise<PaperNode[]> => (group ? ((await api.tree.getChildren(group)) as PaperNode[]) : []);
    const count = async (groups: GroupNode[]): Promise<Record<string, number>> =>
      Object.fromEntries(await Promise.all(groups.map(async (g) => [g.label, (await children(g)).length])));
    try {
      await vscode.commands.executeCommand('litnotes.groupBy', 'file');
      const byFile = await count(await roots());
      assert.deepStrictEqual(Object.keys(byFile), [...SEED_DUMPS, `${FIRST}/drafts/kept.papers.txt`].sort(new Intl.Collator('en', { sensitivity: 'base', numeric: true }).compare));
      assert.deepStrictEqual([byFile[SEED_DUMPS[0]], byFile[SEED_DUMPS[1]]], [64, 46], 'the second folder\'s dumps');
      for (const group of (await roots())) {
        assert.ok(group.uri, `${group.label} has its dump's URI`);
        assert.strictEqual(`${folderOf(group.uri)}/`, group.label.slice(0, group.label.indexOf('/') + 1), `${group.label} is in its folder`);
      }
      await vscode.commands.executeCommand('litnotes.groupBy', 'topic');
      const byTopic = await count(await roots());
      // The topics of the single-folder run, with the same counts: 003 (Tokens) and 004 (Positional Encoding) are the second folder's.
      for (const [topic, n] of Object.entries({ Masked: 54, 'Masked Language Modeling': 200, MLMs: 4, 'Positional Encoding': 46, Tokens: 64 })) {
        assert.strictEqual(byTopic[topic], n, `topic ${topic} among ${JSON.stringify(byTopic)}`);
      }
      assert.ok((await children((await roots()).find((g) => g.label === 'Positional Encoding'))).some((n) => n.paper.key === SEQPE.key));
      await vscode.commands.executeCommand('litnotes.groupBy', 'year');
      assert.strictEqual(Object.values(await count(await roots())).reduce((n, c) => n + c, 0), SEED_PAPERS + 1, 'by year, every paper once');
    } finally {
      await vscode.commands.executeCommand('litnotes.groupBy', 'topic');
    }
  });

  it('goes to the definition of a key whose dump is in the second folder, from a note in the first', async () => {
    const note = await write(inFolder(FIRST, 'notes/multi-root-definition.md'), `# Cross-folder\n\nSee [@${SEQPE.key}] and [@electra2020].\n`);
    try {
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(note));
      const at = (key: string): vscode.Position => editor.document.positionAt(editor.document.getText().indexOf(`@${key}`) + 2);
      const targets = async (key: string): Promise<string[]> => {
        const found = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', note, at(key));
        return found.map((l) => ('uri' in l ? `${rel(l.uri)}:${l.range.start.line + 1}` : `${rel(l.targetUri)}:${l.targetRange.start.line + 1}`)).sort();
      };
      assert.deepStrictEqual(await targets(SEQPE.key), [`${SEQPE.file}:${SEQPE.line}`]);
      assert.deepStrictEqual(await targets('electra2020'), [
        `${SECOND}/dumps/003_8408f118e69440e1.txt:405`,
        `${FIRST}/dumps/001_fd33f1a6bc32f27b.txt:25`,
        `${FIRST}/dumps/002_114d13bd9a7fb12f.txt:29`,
      ]);

      // F12 opens the dump in the second folder at the entry.
      editor.selection = new vscode.Selection(at(SEQPE.key), at(SEQPE.key));
      await vscode.commands.executeCommand('editor.action.revealDefinition');
      const dump = inFolder(SECOND, SEQPE.file.slice(SECOND.length + 1));
      const opened = await waitFor(async () => vscode.window.activeTextEditor?.document.uri.toString() === dump.toString() && vscode.window.activeTextEditor, {
        message: `${SEQPE.file} in the active editor`,
      });
      assert.strictEqual(folderOf(opened.document.uri), SECOND);
      assert.strictEqual(opened.selection.start.line, SEQPE.line - 1);
      assert.strictEqual(opened.document.lineAt(SEQPE.line - 1).text, SEQPE.title);
    } finally {
      await remove(note);
    }
  });

  it('picks up a dump written into the second folder, merges a copy in the first, and drops both when deleted', async () => {
    const papers = [
      { title: 'Narwhal Sieves for Cobalt Harmonics', abstract: 'Narwhal sieves separate cobalt harmonics in noisy spectra.' },
      { title: 'Pangolin Ledgers and Basalt Queues', abstract: 'Pangolin ledgers order basalt queues without locks.' },
    ];
    const inSecond = inFolder(SECOND, 'dumps/live-multi.papers.txt');
    const inFirst = inFolder(FIRST, 'dumps/live-copy.papers.txt');
    try {
      await write(inSecond, testDump(papers));
      await waitFor(async () => {
        const known = await titles();
        return papers.every((p) => known.has(p.title));
      }, { timeout: 5000, message: 'the second folder\'s new dump' });
      assert.strictEqual(api.library.paperCount, SEED_PAPERS + 3);
      const key = (await api.library.papers()).find((p) => p.title === papers[0].title)?.key as string;
      assert.deepStrictEqual((await api.library.entriesOf(key)).map((e) => [folderOf(e.uri), e.file]), [[SECOND, `${SECOND}/dumps/live-multi.papers.txt`]]);
      assert.strictEqual((await api.library.search('narwhal cobalt harmonics', 3))[0]?.key, key);

      // The same dump in the first folder: the same papers, now with an entry in each folder.
      await write(inFirst, testDump(papers));
      await waitFor(async () => (await api.library.entriesOf(key)).length === 2, { timeout: 5000, message: 'the copy in the first folder' });
      assert.deepStrictEqual((await api.library.entriesOf(key)).map((e) => folderOf(e.uri)).sort(), [SECOND, FIRST].sort());
      assert.strictEqual(api.library.paperCount, SEED_PAPERS + 3, 'the copy adds no paper');

      await remove(inSecond);
      await waitFor(async () => (await api.library.entriesOf(key)).length === 1, { timeout: 5000, message: 'the second folder\'s dump to go' });
      assert.strictEqual((await api.library.entriesOf(key))[0].file, `${FIRST}/dumps/live-copy.papers.txt`);
      await remove(inFirst);
      await waitFor(async () => api.library.paperCount === SEED_PAPERS + 1, { timeout: 5000, message: 'the papers to go' });
      assert.strictEqual((await api.library.get(key)), undefined);
      const known = await titles();
      assert.ok(!papers.some((p) => known.has(p.title)));
      assert.ok(!dumpFiles().some((f) => f.includes('live-')));
    } finally {
      await remove(inSecond);
      await remove(inFirst);
    }
  });

  it('applies each folder\'s own litnotes.dumps.exclude', async () => {
    assert.deepStrictEqual(vscode.workspace.getConfiguration('litnotes.dumps', folder(SECOND).uri).get('exclude'), SECOND_EXCLUDE);
    assert.ok(!vscode.workspace.getConfiguration('litnotes.dumps', folder(FIRST).uri).get<string[]>('exclude')?.includes('**/drafts/**'));
    assert.ok((await titles()).has(OKAPI), 'papers/drafts is scanned');
    assert.ok(!(await titles()).has(WALRUS), 'more-papers/drafts is excluded');
    assert.ok(!api.library.problems().some((p) => p.file.startsWith(`${SECOND}/drafts/`)));
  });

  it('re-indexes when one folder\'s setting changes, and only that folder is affected', async () => {
    const settings = vscode.workspace.getConfiguration('litnotes.dumps', folder(SECOND).uri);
    try {
      await settings.update('exclude', ['**/node_modules/**', '**/.git/**', '**/004_*'], vscode.ConfigurationTarget.WorkspaceFolder);
      await waitFor(async () => (await titles()).has(WALRUS) && !(await api.library.get(SEQPE.key)) && api.library.state === 'ready', {
        timeout: 5000,
        message: 'more-papers/drafts in and more-papers/dumps/004_* out',
      });
      assert.ok((await titles()).has(OKAPI));
      assert.deepStrictEqual(dumpFiles(), [...SEED_DUMPS.filter((f) => !f.includes('/004_')), `${FIRST}/drafts/kept.papers.txt`, `${SECOND}/drafts/hidden.papers.txt`].sort());
      assert.strictEqual(api.library.paperCount, SEED_PAPERS - 43 + 2, 'without the 43 papers only 004 has, with both drafts');
    } finally {
      await settings.update('exclude', SECOND_EXCLUDE, vscode.ConfigurationTarget.WorkspaceFolder);
    }
    await waitFor(async () => !(await titles()).has(WALRUS) && api.library.paperCount === SEED_PAPERS + 1 && api.library.state === 'ready', {
      timeout: 5000,
      message: 'the folder\'s own exclude back',
    });
    assert.strictEqual((await seedPapers()), SEED_PAPERS);
  });

  describe('createNote', () => {
    const created: vscode.Uri[] = [];
    after(async () => {
      for (const uri of created) await remove(uri);
      await remove(inFolder(SECOND, 'reading'));
    });

    const createNote = async (key: string): Promise<vscode.Uri> => {
      const uri = await vscode.commands.executeCommand<vscode.Uri>('litnotes.createNote', key);
      assert.ok(uri, 'a note was created');
      created.push(uri);
      const note = matter(Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8'));
      assert.strictEqual(note.data.key, key);
      await waitFor(async () => vscode.window.activeTextEditor?.document.uri.toString() === uri.toString(), { message: 'the note in an editor' });
      return uri;
    };

    it('without an active editor, puts the note in the first folder\'s notes folder', async () => {
      await closeAllEditors();
      const uri = await createNote(SEQPE.key);
      assert.strictEqual(rel(uri), `${FIRST}/notes/${SEQPE.key}.md`);
    });

    it('puts the note in the active editor\'s folder, in that folder\'s own litnotes.notes.folder', async () => {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(inFolder(SECOND, 'dumps/003_8408f118e69440e1.txt')));
      const uri = await createNote('electra2020');
      assert.strictEqual(rel(uri), `${SECOND}/reading/electra2020.md`);
      assert.ok(!api.library.dumps().some((d) => d.uri.toString() === uri.toString()), 'a note is not a dump');
    });
  });
});
