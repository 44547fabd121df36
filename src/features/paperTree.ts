/** The `litnotes.papers` view: papers grouped by topic, dump file or year, with remembered grouping and sort order. */
import * as vscode from 'vscode';
import type { PaperLibrary } from './paperLibrary';
import { groupLabels, type GroupBy, type SortBy } from '../core/paperGroups';
import { paperFromArg } from './paperArgs';
import { paperTooltip, treeItem, type GroupNode, type MoreNode, type PaperNode, type PaperTreeNode } from './paperTreeItems';

/**
 * Papers shown per page of a group: receiving a topic of 70k papers at once held the extension
 * host for ~80 ms (and VS Code takes longer to show them); the rest come a page at a time.
 */
const PAGE_SIZE = 500;

const GROUPS: readonly { value: GroupBy; label: string }[] = [
  { value: 'topic', label: 'Topic' },
  { value: 'file', label: 'Dump file' },
  { value: 'year', label: 'Year' },
];
const SORTS: readonly { value: SortBy; label: string }[] = [
  { value: 'date', label: 'Date (newest first)' },
  { value: 'title', label: 'Title' },
  { value: 'upvotes', label: 'Upvotes (most first)' },
];

/** Tree data, view and the Group By / Sort By commands. Tests read it through `getChildren` and `view`. */
export class PaperTree implements vscode.TreeDataProvider<PaperTreeNode>, vscode.Disposable {
  readonly view: vscode.TreeView<PaperTreeNode>;
  private readonly changed = new vscode.EventEmitter<PaperTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** The groups and the papers of each group asked for (the pages shown), until the next refresh. */
  private groups: Promise<GroupNode[]> | undefined;
  private readonly children = new Map<string, Promise<PaperNode[]>>();
  /** Papers per page of a group (tests set a smaller one). */
  pageSize = PAGE_SIZE;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly library: PaperLibrary,
    private readonly state: vscode.Memento,
  ) {
    this.view = vscode.window.createTreeView('litnotes.papers', { treeDataProvider: this, showCollapseAll: true });
    this.describe();
    this.subscriptions = [
      this.view,
      this.changed,
      library.onDidChange(() => this.refresh()),
      vscode.commands.registerCommand('litnotes.groupBy', (value?: GroupBy) => this.choose('litnotes.groupBy', GROUPS, value)),
      vscode.commands.registerCommand('litnotes.sortBy', (value?: SortBy) => this.choose('litnotes.sortBy', SORTS, value)),
      vscode.commands.registerCommand('litnotes.showMorePapers', (node: MoreNode) => this.showMore(node.parent)),
      vscode.commands.registerCommand('litnotes.revealPaper', async (arg?: unknown) => {
        const paper = await paperFromArg(library, arg, 'Paper to reveal in the Papers view');
        if (paper && !(await this.revealPaper(paper.key))) void vscode.window.showWarningMessage(`"${paper.title}" is not in the Papers view.`);
      }),
    ];
  }

  get groupBy(): GroupBy {
    return this.state.get<GroupBy>('litnotes.groupBy', 'topic');
  }

  get sortBy(): SortBy {
    return this.state.get<SortBy>('litnotes.sortBy', 'date');
  }

  getTreeItem(node: PaperTreeNode): vscode.TreeItem {
    return treeItem(node);
  }

  /** A paper's tooltip, asked for when it is hovered (the rows hold only what the tree shows). */
  async resolveTreeItem(item: vscode.TreeItem, node: PaperTreeNode): Promise<vscode.TreeItem> {
    const paper = node.kind === 'paper' && !item.tooltip ? await this.library.get(node.paper.key) : undefined;
    if (paper) item.tooltip = paperTooltip(paper);
    return item;
  }

  async getChildren(node?: PaperTreeNode): Promise<PaperTreeNode[]> {
    if (!node) return this.rootGroups();
    if (node.kind !== 'group') return [];
    const papers = await this.childrenOf(node);
    const more: MoreNode = { kind: 'more', parent: node, shown: papers.length, pageSize: this.pageSize };
    return papers.length < node.count ? [...papers, more] : papers;
  }

  getParent(node: PaperTreeNode): PaperTreeNode | undefined {
    return node.kind === 'group' ? undefined : node.parent;
  }

  /** Selects a paper (under its first group) in the view, showing the view. */
  async revealPaper(key: string): Promise<PaperNode | undefined> {
    const paper = await this.library.get(key);
    const labels = paper ? groupLabels(paper, this.groupBy) : [];
    for (const group of await this.rootGroups()) {
      if (!labels.includes(group.label)) continue;
      const rank = await this.library.rankIn(this.groupBy, group.label, this.sortBy, key);
      if (rank < 0) continue;
      const papers = await this.showThrough(group, () => rank);
      const node = papers.find((p) => p.paper.key === key);
      if (!node) continue;
      await this.view.reveal(node, { select: true, focus: false, expand: true });
      return node;
    }
    return undefined;
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }

  private rootGroups(): Promise<GroupNode[]> {
    if (this.library.state === 'stopped') return Promise.resolve([]); // the view's welcome says why
    const by = this.groupBy;
    return (this.groups ??= this.library.groups(by).then((groups) =>
      groups.map(({ label, uri, count }): GroupNode => ({ kind: 'group', id: `${by}:${label}`, label, uri, count }))));
  }

  /** The group's papers shown so far (the first page, until more are asked for). */
  private childrenOf(group: GroupNode): Promise<PaperNode[]> {
    let children = this.children.get(group.id);
    if (!children) {
      children = this.page(group, 0);
      this.children.set(group.id, children);
    }
    return children;
  }

  /** Adds the group's next page to what it shows. */
  private showMore(group: GroupNode): Promise<PaperNode[]> {
    return this.showThrough(group, (shown) => shown);
  }

  /**
   * Shows the group's pages through the one holding the row `rank(shown)` gives, asked in one
   * question: revealing a paper deep in a large group does not page through it one page at a time.
   */
  private showThrough(group: GroupNode, rank: (shown: number) => number): Promise<PaperNode[]> {
    const more: Promise<PaperNode[]> = this.childrenOf(group).then(async (papers) => {
      const last = rank(papers.length);
      if (last < papers.length) return papers;
      const pages = Math.ceil((last + 1 - papers.length) / this.pageSize);
      const added = [...papers, ...(await this.page(group, papers.length, pages * this.pageSize))];
      if (this.children.get(group.id) === more) this.changed.fire(group); // not after a refresh meanwhile
      return added;
    });
    this.children.set(group.id, more);
    return more;
  }

  private async page(group: GroupNode, from: number, count = this.pageSize): Promise<PaperNode[]> {
    const rows = await this.library.papersIn(this.groupBy, group.label, this.sortBy, from, count);
    return rows.map((paper): PaperNode => ({ kind: 'paper', paper, parent: group }));
  }

  private refresh(): void {
    this.groups = undefined;
    this.children.clear();
    this.describe();
    this.changed.fire(undefined);
  }

  private describe(): void {
    const group = GROUPS.find((g) => g.value === this.groupBy)?.label ?? '';
    const sort = SORTS.find((s) => s.value === this.sortBy)?.label ?? '';
    this.view.description = `by ${group.toLowerCase()}, ${sort.replace(/ \(.*/, '').toLowerCase()}`;
  }

  /** Stores a choice (given, or picked from the list) in workspace state and regroups. */
  private async choose<T extends string>(stateKey: string, options: readonly { value: T; label: string }[], given?: T): Promise<void> {
    const current: string = stateKey === 'litnotes.groupBy' ? this.groupBy : this.sortBy;
    const value = options.some((o) => o.value === given)
      ? given
      : (await vscode.window.showQuickPick(
          options.map((o) => ({ label: o.label, value: o.value, description: o.value === current ? 'current' : undefined })),
          { placeHolder: stateKey === 'litnotes.groupBy' ? 'Group papers by' : 'Sort papers by' },
        ))?.value;
    if (value === undefined) return;
    await this.state.update(stateKey, value);
    this.refresh();
  }
}

/** Creates the Papers view and its commands. */
export function registerPaperTree(library: PaperLibrary, state: vscode.Memento): PaperTree {
  return new PaperTree(library, state);
}
