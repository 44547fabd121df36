// Paper commands: copy key and BibTeX, open in dump, the escaped preview, literature notes.
import * as assert from 'assert';
import matter from 'gray-matter';
import * as vscode from 'vscode';
import type { LitnotesApi } from '../../../src/extension';
import type { GroupNode, PaperNode } from '../../../src/features/paperTreeItems';
import { pickItems } from '../../../src/features/paperPicks';
import { activateExtension, closeAllEditors, deleteWorkspaceFile, waitFor, workspaceUri, writeWorkspaceFile } from '../helpers';
import { testDump } from '../testDumps';

const ELECTRA = 'ELECTRA: Pre-training Text Encoders as Discriminators Rather Than Generators';
const HOSTILE = {
  title: 'Hostile <script>alert(1)</script> [x](y) *Bold* | Pipes $x$ Title',
  abstract: 'An abstract with <b>html</b>, a [link](javascript:alert(1)) and `code` inside.',
};

const text = async (uri: vscode.Uri): Promise<string> => Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');

describe('paper commands', () => {
  let api: LitnotesApi;
  const electraNode = async (group: string): Promise<PaperNode> => {
    const root = ((await api.tree.getChildren()) as GroupNode[]).find((g) => g.label === group);
    const node = root && ((await api.tree.getChildren(root)) as PaperNode[]).find((n) => n.paper.key === 'electra2020');
    assert.ok(node, `electra2020 under ${group}`);
    return node;
  };

  before(async () => {
    api = (await activateExtension()).exports as LitnotesApi;
    await api.library.whenReady();
  });

  afterEach(closeAllEditors);

  it('copies the citation key', async () => {
    await vscode.env.clipboard.writeText('');
    await vscode.commands.executeCommand('litnotes.copyKey', 'electra2020');
    assert.strictEqual(await vscode.env.clipboard.readText(), 'electra2020');
  });

  it('asks which paper when given none: a picker over the index, the most upvoted papers first', async () => {
    await vscode.env.clipboard.writeText('');
    const [first] = await pickItems(api.library, '');
    const copied = vscode.commands.executeCommand('litnotes.copyKey');
    await waitFor(async () => {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return (await vscode.env.clipboard.readText()) === first.key;
    }, { message: `the picker to copy ${first.key}` });
    await copied;
  });

  it('copies BibTeX for a tree node', async () => {
    await vscode.commands.executeCommand('litnotes.copyBibtex', await electraNode('Masked'));
    const bibtex = await vscode.env.clipboard.readText();
    assert.match(bibtex, /^@misc\{electra2020,\n/);
    assert.match(bibtex, /year = \{2020\}/);
    assert.match(bibtex, /title = \{\{ELECTRA\}: Pre-training/);
  });

  it('opens the dump and selects the entry lines', async () => {
    await vscode.commands.executeCommand('litnotes.openInDump', 'electra2020');
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'an editor is open');
    assert.strictEqual(vscode.workspace.asRelativePath(editor.document.uri), 'dumps/001_fd33f1a6bc32f27b.txt');
    assert.deepStrictEqual([editor.selection.start.line, editor.selection.end.line], [24, 25]);
    assert.ok(editor.document.getText(editor.selection).startsWith(ELECTRA));
    assert.strictEqual(editor.document.isDirty, false);
  });

  it('opens the dump of the node\'s file group', async () => {
    await vscode.commands.executeCommand('litnotes.groupBy', 'file');
    try {
      await vscode.commands.executeCommand('litnotes.openInDump', await electraNode('dumps/003_8408f118e69440e1.txt'));
    } finally {
      await vscode.commands.executeCommand('litnotes.groupBy', 'topic');
    }
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    assert.strictEqual(vscode.workspace.asRelativePath(editor.document.uri), 'dumps/003_8408f118e69440e1.txt');
    assert.deepStrictEqual([editor.selection.start.line, editor.selection.end.line], [404, 410]);
    assert.strictEqual(editor.document.lineAt(404).text, ELECTRA);
  });

  describe('paper preview', () => {
    const DUMP = 'dumps/escape-test.papers.txt';
    after(async () => {
      await deleteWorkspaceFile(DUMP);
      await waitFor(async () => api.library.paperCount === 342, { timeout: 5000, message: 'the test dump to go' });
    });

    const preview = async (key: string): Promise<string> => {
      await vscode.commands.executeCommand('litnotes.previewPaper', key);
      const editor = await waitFor(async () => vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'litnotes-paper'), {
        message: 'the preview document',
      });
      assert.strictEqual(editor.document.uri.toString(), `litnotes-paper:/${key}.md`);
      assert.strictEqual(editor.document.languageId, 'markdown');
      return editor.document.getText();
    };

    it('shows title, metadata, topics, abstract and occurrences', async () => {
      const doc = await preview('electra2020');
      assert.ok(doc.startsWith(`# ${ELECTRA}\n`));
      assert.match(doc, /\| Citation key \| @electra2020 \|/);
      assert.match(doc, /\| Date \| Mar 23, 2020 \|/);
      assert.match(doc, /## Topics\n\nMasked · Masked Language Modeling · Tokens/);
      assert.match(doc, /## Abstract\n\nMasked language modeling \(MLM\) pre-training methods such as BERT corrupt the input by replacing some tokens with \\\[MASK\\\]/);
      assert.match(doc, /dumps\/001\\_fd33f1a6bc32f27b.txt, lines 25–26\]\(<file:\/\/\/.*#L25>\)/);
    });

    it('escapes hostile paper text', async () => {
      await writeWorkspaceFile(DUMP, testDump([HOSTILE, { title: 'Plain Second Paper About Nothing', abstract: 'Nothing much.' }]));
      const paper = await waitFor(async () => (await api.library.papers()).find((p) => p.title === HOSTILE.title), { timeout: 5000, message: 'the hostile dump' });
      const doc = await preview(paper.key);
      assert.ok(doc.startsWith('# Hostile \\<script\\>alert(1)\\</script\\> \\[x\\](y) \\*Bold\\* \\| Pipes \\$x\\$ Title\n'), doc.split('\n')[0]);
      assert.ok(!/(^|[^\\])<(script|b)>/.test(doc), 'no raw HTML tag');
      assert.match(doc, /a \\\[link\\\]\(javascript:alert\(1\)\) and \\`code\\` inside/);
    });
  });

  describe('literature notes', () => {
    const NOTE = 'notes/electra2020.md';
    after(async () => {
      await deleteWorkspaceFile(NOTE);
    });

    it('creates a note with YAML front matter and opens it', async () => {
      await deleteWorkspaceFile(NOTE);
      const uri = await vscode.commands.executeCommand<vscode.Uri>('litnotes.createNote', 'electra2020');
      assert.strictEqual(uri?.toString(), workspaceUri(...NOTE.split('/')).toString());
      const note = matter(await text(uri));
      assert.deepStrictEqual(note.data, {
        key: 'electra2020',
        title: ELECTRA,
        year: 2020,
        links: [],
        topics: ['Masked', 'Masked Language Modeling', 'Tokens'],
      });
      assert.ok(note.content.startsWith(`# ${ELECTRA}\n\n[@electra2020]\n\n## Summary`), note.content);
      await waitFor(async () => vscode.window.activeTextEditor?.document.uri.toString() === uri.toString(), { message: 'the note in an editor' });
      assert.ok(!api.library.dumps().some((d) => d.uri.toString() === uri.toString()), 'a note is not a dump');
    });

    it('opens an existing note instead of overwriting it', async () => {
      const uri = await writeWorkspaceFile(NOTE, '# My own words\n');
      await vscode.commands.executeCommand('litnotes.createNote', await electraNode('Tokens'));
      await waitFor(async () => vscode.window.activeTextEditor?.document.uri.toString() === uri.toString(), { message: 'the note in an editor' });
      assert.strictEqual(await text(uri), '# My own words\n');
      // The editor's document model picks the rewritten file up from the file watcher.
      await waitFor(async () => vscode.window.activeTextEditor?.document.getText() === '# My own words\n', { message: 'the note\'s own text' });
    });
  });
});
