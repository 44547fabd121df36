/** Nodes of the Papers tree and how each looks (the library groups and sorts them: core/paperGroups.ts). */
import * as vscode from 'vscode';
import type { Paper } from '../core/model';
import type { PaperRow } from '../core/paperGroups';
import { escapeMarkdown } from './markdownText';

/** A topic, dump file or year; its papers are fetched when it is expanded. */
export interface GroupNode {
  kind: 'group';
  id: string;
  label: string;
  /** The dump, when grouped by file. */
  uri?: vscode.Uri;
  /** How many papers it holds. */
  count: number;
}

/** A paper under a group (a paper appears under every topic or file it belongs to). */
export interface PaperNode {
  kind: 'paper';
  paper: PaperRow;
  parent: GroupNode;
}

/** The last node of a group whose papers are not all shown yet: clicked, it shows the next page. */
export interface MoreNode {
  kind: 'more';
  parent: GroupNode;
  /** Papers of the group shown above it. */
  shown: number;
  pageSize: number;
}

export type PaperTreeNode = GroupNode | PaperNode | MoreNode;

/** `2020 · 4 authors`, `2024 · NAVER AI Lab`; unknown parts are left out. */
export function paperDescription(paper: PaperRow): string {
  return [paper.year, authorship(paper)].filter((part) => part !== null).join(' · ');
}

/** `4 authors`, `1 author`, or the organisation shown instead; null when unknown. */
function authorship(paper: PaperRow): string | null {
  return paper.authors !== null ? `${paper.authors} author${paper.authors === 1 ? '' : 's'}` : paper.org || null;
}

/** The tree item of a node (a paper's tooltip comes with `resolveTreeItem`: see {@link paperTooltip}). */
export function treeItem(node: PaperTreeNode): vscode.TreeItem {
  if (node.kind === 'group') {
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = node.id;
    item.description = String(node.count);
    item.tooltip = `${node.label}: ${node.count} paper${node.count === 1 ? '' : 's'}`;
    item.contextValue = 'group';
    item.iconPath = new vscode.ThemeIcon(node.uri ? 'file' : node.id.startsWith('year:') ? 'calendar' : 'tag');
    return item;
  }
  if (node.kind === 'more') {
    const next = Math.min(node.pageSize, node.parent.count - node.shown);
    const item = new vscode.TreeItem(`Show ${next.toLocaleString('en')} more…`, vscode.TreeItemCollapsibleState.None);
    item.id = `${node.parent.id}/more`;
    item.description = `${node.shown.toLocaleString('en')} of ${node.parent.count.toLocaleString('en')} shown`;
    item.tooltip = 'Papers are shown a page at a time; Search Papers finds any of them.';
    item.iconPath = new vscode.ThemeIcon('ellipsis');
    item.command = { command: 'litnotes.showMorePapers', title: 'Show More Papers', arguments: [node] };
    return item;
  }
  const { paper } = node;
  const item = new vscode.TreeItem(paper.title, vscode.TreeItemCollapsibleState.None);
  item.id = `${node.parent.id}/${paper.key}`;
  item.description = paperDescription(paper);
  item.contextValue = 'paper';
  item.iconPath = new vscode.ThemeIcon('book');
  item.command = { command: 'litnotes.previewPaper', title: 'Preview Paper', arguments: [paper.key] };
  return item;
}

/** Title, key, date, topics and abstract, all escaped. */
export function paperTooltip(paper: Paper): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${escapeMarkdown(paper.title)}**\n\n`);
  const facts = [`@${paper.key}`, paper.date ?? paper.year, authorship(paper)].filter((f) => f !== null);
  md.appendMarkdown(`${facts.map((f) => escapeMarkdown(String(f))).join(' · ')}\n\n`);
  if (paper.topics.length > 0) md.appendMarkdown(`*${escapeMarkdown(paper.topics.join(', '))}*\n\n`);
  if (paper.abstract) md.appendMarkdown(escapeMarkdown(paper.abstract));
  return md;
}
