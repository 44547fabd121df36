// The Papers view: topic groups with counts, paper nodes, grouping by file and year, sorting, reveal.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { LitnotesApi } from '../../../src/extension';
import type { GroupNode, MoreNode, PaperNode, PaperTreeNode } from '../../../src/features/paperTreeItems';
import { activateExtension, waitFor } from '../helpers';

const ELECTRA = 'ELECTRA: Pre-training Text Encoders as Discriminators Rather Than Generators';

describe('papers tree', () => {
  let api: LitnotesApi;
  const roots = async (): Promise<GroupNode[]> => (await api.tree.getChildren()) as GroupNode[];
  const children = async (node: GroupNode): Promise<PaperNode[]> => (await api.tree.getChildren(node)) as PaperNode[];
  const item = (node: PaperTreeNode): vscode.TreeItem => api.tree.getTreeItem(node);
  const group = async (label: string): Promise<GroupNode> => {
    const found = (await roots()).find((g) => g.label === label);
    assert.ok(found, `group "${label}" among ${(await roots()).map((g) => g.label).join(', ')}`);
    return found;
  };
  /** Every group's papers, in order. */
  const allChildren = async (): Promise<PaperNode[][]> => Promise.all((await roots()).map(children));

  before(async () => {
    api = (await activateExtension()).exports as LitnotesApi;
    await api.library.whenReady();
    await vscode.commands.executeCommand('litnotes.groupBy', 'topic');
    await vscode.commands.executeCommand('litnotes.sortBy', 'date');
  });

  after(async () => {
    await vscode.commands.executeCommand('litnotes.groupBy', 'topic');
    await vscode.commands.executeCommand('litnotes.sortBy', 'date');
  });

  it('has the topics at the root, with paper counts', async () => {
    assert.deepStrictEqual((await roots()).map((g) => item(g).label), ['Masked', 'Masked Language Modeling', 'MLMs', 'Positional Encoding', 'Tokens']);
    assert.deepStrictEqual((await roots()).map((g) => item(g).description), ['54', '200', '4', '46', '64']);
    assert.ok((await roots()).every((g) => item(g).collapsibleState === vscode.TreeItemCollapsibleState.Collapsed));
  });

  it('lists papers with title, year · authors, an escaped tooltip and the preview command', async () => {
    const papers = await children(await group('Masked'));
    assert.strictEqual(papers.length, 54);
    const electra = papers.find((p) => p.paper.key === 'electra2020');
    assert.ok(electra, 'ELECTRA is under Masked');
    const it = item(electra);
    assert.strictEqual(it.label, ELECTRA);
    assert.strictEqual(it.description, '2020 · 4 authors');
    assert.strictEqual(it.contextValue, 'paper');
    assert.deepStrictEqual(it.command && { command: it.command.command, arguments: it.command.arguments }, {
      command: 'litnotes.previewPaper',
      arguments: ['electra2020'],
    });
    assert.strictEqual(it.tooltip, undefined, 'the tooltip is asked for when the paper is hovered');
    const resolved = await api.tree.resolveTreeItem(it, electra);
    const tooltip = resolved.tooltip as vscode.MarkdownString;
    assert.ok(tooltip instanceof vscode.MarkdownString);
    assert.match(tooltip.value, /replaced token detection/);
    assert.match(tooltip.value, /\\\[MASK\\\]/, 'brackets of the abstract are escaped');
    assert.ok(!tooltip.isTrusted && !tooltip.supportHtml);
  });

  it('describes papers with an organisation instead of an author count', async () => {
    const paper = (await api.library.papers()).find((p) => p.org && p.authors === null && p.year !== null);
    assert.ok(paper, 'the seeds have a paper with an organisation');
    const node = (await allChildren()).flat().find((n) => n.paper.key === paper.key) as PaperNode;
    assert.strictEqual(item(node).description, `${paper.year} · ${paper.org}`);
  });

  it('sorts papers newest first by default', async () => {
    const years = (await children(await group('Masked Language Modeling'))).map((n) => n.paper.year ?? 0);
    assert.deepStrictEqual(years, [...years].sort((a, b) => b - a));
    assert.ok(years[0] > years[years.length - 1]);
  });

  it('sorts by title and by upvotes', async () => {
    await vscode.commands.executeCommand('litnotes.sortBy', 'title');
    assert.strictEqual(api.tree.sortBy, 'title');
    const labels = (await children(await group('Tokens'))).map((n) => String(item(n).label));
    assert.deepStrictEqual(labels, [...labels].sort(new Intl.Collator('en', { sensitivity: 'base', numeric: true }).compare));
    await vscode.commands.executeCommand('litnotes.sortBy', 'upvotes');
    const groups = await roots();
    const papers = await allChildren();
    const upvotes = papers.flatMap((nodes) => nodes.map((n) => n.paper.upvotes ?? -1));
    for (const [i, g] of groups.entries()) {
      const votes = papers[i].map((n) => n.paper.upvotes ?? -1);
      assert.deepStrictEqual(votes, [...votes].sort((a, b) => b - a), `upvotes order in ${g.label}`);
    }
    assert.ok(upvotes.length > 0);
  });

  it('groups by dump file', async () => {
    await vscode.commands.executeCommand('litnotes.groupBy', 'file');
    assert.strictEqual(api.tree.groupBy, 'file');
    assert.deepStrictEqual((await roots()).map((g) => item(g).label), [
      'dumps/000_078c4363ea6d0778.txt',
      'dumps/001_fd33f1a6bc32f27b.txt',
      'dumps/002_114d13bd9a7fb12f.txt',
      'dumps/003_8408f118e69440e1.txt',
      'dumps/004_54a2025a6e864eb8.txt',
    ]);
    assert.deepStrictEqual((await roots()).map((g) => item(g).description), ['4', '200', '54', '64', '46']);
    assert.ok((await roots()).every((g) => g.uri && vscode.workspace.asRelativePath(g.uri) === g.label));
  });

  it('groups by year, newest first, each paper once', async () => {
    await vscode.commands.executeCommand('litnotes.groupBy', 'year');
    const labels = (await roots()).map((g) => g.label);
    const years = labels.filter((l) => /^\d{4}$/.test(l)).map(Number);
    assert.ok(years.length >= 3, `years: ${labels.join(', ')}`);
    assert.deepStrictEqual(years, [...years].sort((a, b) => b - a));
    assert.ok(!labels.includes('Unknown year') || labels[labels.length - 1] === 'Unknown year');
    assert.strictEqual((await allChildren()).reduce((n, nodes) => n + nodes.length, 0), 342);
    assert.strictEqual((await roots()).reduce((n, g) => n + g.count, 0), 342);
    assert.ok((await children(await group('2020'))).some((n) => n.paper.key === 'electra2020'));
  });

  it('shows a large group a page at a time, and reveals a paper beyond the first page', async () => {
    await vscode.commands.executeCommand('litnotes.groupBy', 'topic');
    const full = await children(await group('Masked Language Modeling'));
    api.tree.pageSize = 80;
    try {
      await vscode.commands.executeCommand('litnotes.sortBy', 'date'); // the tree is shown again, paged
      const masked = await group('Masked Language Modeling');
      const first = await api.tree.getChildren(masked);
      assert.strictEqual(first.length, 81, '80 papers and a node for the rest');
      const more = first[80] as MoreNode;
      assert.strictEqual(more.kind, 'more');
      assert.deepStrictEqual([item(more).label, item(more).description], ['Show 80 more…', '80 of 200 shown']);
      const click = item(more).command;
      assert.ok(click);
      await vscode.commands.executeCommand(click.command, ...(click.arguments ?? []));
      const second = await api.tree.getChildren(masked);
      assert.strictEqual(second.length, 161);
      assert.strictEqual(item(second[160]).label, 'Show 40 more…');
      const last = full[full.length - 1].paper.key;
      const revealed = await api.tree.revealPaper(last);
      assert.strictEqual(revealed?.paper.key, last, 'found on the last page');
      const shown = (await api.tree.getChildren(masked)) as PaperNode[];
      assert.deepStrictEqual(shown.map((n) => n.paper.key), full.map((n) => n.paper.key), 'every page, in order, and no node for more');

      // From the first page only, the command reveals a paper on the second page: the pages through it, and no further.
      await vscode.commands.executeCommand('litnotes.sortBy', 'date');
      const fresh = await group('Masked Language Modeling');
      assert.strictEqual((await api.tree.getChildren(fresh)).length, 81);
      const onSecond = full[100].paper.key;
      await vscode.commands.executeCommand('litnotes.revealPaper', onSecond);
      await waitFor(() => api.tree.view.selection[0]?.kind === 'paper' && (api.tree.view.selection[0] as PaperNode).paper.key === onSecond, {
        message: `${onSecond} selected`,
      });
      const through = await api.tree.getChildren(fresh);
      assert.strictEqual(through.length, 161, 'two pages (160 papers) and the node for more');
      assert.deepStrictEqual((through.slice(0, 160) as PaperNode[]).map((n) => n.paper.key), full.slice(0, 160).map((n) => n.paper.key));
    } finally {
      api.tree.pageSize = 500;
      await vscode.commands.executeCommand('litnotes.sortBy', 'date');
    }
  });

  it('reveals and selects a paper', async () => {
    await vscode.commands.executeCommand('litnotes.groupBy', 'topic');
    const node = await api.tree.revealPaper('electra2020');
    assert.ok(node, 'electra2020 found in the tree');
    await waitFor(() => api.tree.view.selection[0]?.kind === 'paper' && (api.tree.view.selection[0] as PaperNode).paper.key === 'electra2020', {
      message: 'the revealed paper to be selected',
    });
    assert.ok(api.tree.view.visible, 'the Papers view is shown');
  });
});
