/** Nodes of the Papers tree: grouping, sorting and how each node looks. */
import * as vscode from 'vscode';
import type { Paper } from '../core/model';
import { escapeMarkdown } from './markdownText';
import type { PaperLibrary } from './paperLibrary';

export type GroupBy = 'topic' | 'file' | 'year';
export type SortBy = 'date' | 'title' | 'upvotes';

/** A topic, dump file or year with its papers. */
export interface GroupNode {
  kind: 'group';
  id: string;
  label: string;
  /** The dump, when grouped by file. */
  uri?: vscode.Uri;
  children: PaperNode[];
}

/** A paper under a group (a paper appears under every topic or file it belongs to). */
export interface PaperNode {
  kind: 'paper';
  paper: Paper;
  parent: GroupNode;
}

export type PaperTreeNode = GroupNode | PaperNode;

/** The groups of the library's papers, each group's papers sorted. */
export function groupPapers(library: PaperLibrary, by: GroupBy, sort: SortBy): GroupNode[] {
  const groups = new Map<string, { label: string; uri?: vscode.Uri; papers: Paper[] }>();
  const add = (label: string, paper: Paper, uri?: vscode.Uri): void => {
    const group = groups.get(label) ?? { label, uri, papers: [] };
    if (group.papers[group.papers.length - 1] !== paper) group.papers.push(paper);
    groups.set(label, group);
  };
  for (const paper of library.papers()) {
    if (by === 'topic') for (const topic of paper.topics) add(topic, paper);
    else if (by === 'year') add(paper.year === null ? 'Unknown year' : String(paper.year), paper);
    else for (const entry of library.entriesOf(paper.key)) add(entry.file, paper, entry.uri);
  }
  const order = by === 'year' ? (a: string, b: string) => yearRank(b) - yearRank(a) : compareText;
  return [...groups.values()]
    .sort((a, b) => order(a.label, b.label))
    .map(({ label, uri, papers }) => {
      const group: GroupNode = { kind: 'group', id: `${by}:${label}`, label, uri, children: [] };
      group.children = sortPapers(papers, sort).map((paper) => ({ kind: 'paper', paper, parent: group }));
      return group;
    });
}

/** Papers newest first, by title, or most upvoted first (then newest). */
export function sortPapers(papers: readonly Paper[], by: SortBy): Paper[] {
  const byDate = (a: Paper, b: Paper): number => compareDesc(paperTime(a), paperTime(b)) || compareText(a.title, b.title);
  const compare =
    by === 'title' ? (a: Paper, b: Paper) => compareText(a.title, b.title)
    : by === 'upvotes' ? (a: Paper, b: Paper) => compareDesc(a.upvotes ?? -1, b.upvotes ?? -1) || byDate(a, b)
    : byDate;
  return [...papers].sort(compare);
}

/** `2020 · 4 authors`, `2024 · NAVER AI Lab`; unknown parts are left out. */
export function paperDescription(paper: Paper): string {
  return [paper.year, authorship(paper)].filter((part) => part !== null).join(' · ');
}

/** `4 authors`, `1 author`, or the organisation shown instead; null when unknown. */
function authorship(paper: Paper): string | null {
  return paper.authors !== null ? `${paper.authors} author${paper.authors === 1 ? '' : 's'}` : paper.org || null;
}

/** The tree item of a node. */
export function treeItem(node: PaperTreeNode): vscode.TreeItem {
  if (node.kind === 'group') {
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = node.id;
    item.description = String(node.children.length);
    item.tooltip = `${node.label}: ${node.children.length} paper${node.children.length === 1 ? '' : 's'}`;
    item.contextValue = 'group';
    item.iconPath = new vscode.ThemeIcon(node.uri ? 'file' : node.id.startsWith('year:') ? 'calendar' : 'tag');
    return item;
  }
  const { paper } = node;
  const item = new vscode.TreeItem(paper.title, vscode.TreeItemCollapsibleState.None);
  item.id = `${node.parent.id}/${paper.key}`;
  item.description = paperDescription(paper);
  item.tooltip = paperTooltip(paper);
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

/** Milliseconds of the paper's date (its year when the date has none); -1 when unknown. */
function paperTime(paper: Paper): number {
  const date = paper.date && paper.year !== null && !/\b\d{4}\b/.test(paper.date) ? `${paper.date}, ${paper.year}` : paper.date;
  const time = date ? Date.parse(date) : NaN;
  if (!Number.isNaN(time)) return time;
  return paper.year !== null ? Date.UTC(paper.year, 0, 1) : -1;
}

function yearRank(label: string): number {
  return /^\d+$/.test(label) ? Number(label) : -1;
}

function compareDesc(a: number, b: number): number {
  return a === b ? 0 : a > b ? -1 : 1;
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

function compareText(a: string, b: string): number {
  return collator.compare(a, b);
}
