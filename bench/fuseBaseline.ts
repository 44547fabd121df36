/** The comparison engine: Fuse.js over the same papers, configured as citation plugins typically do. */
import Fuse from 'fuse.js';
import type { Paper } from '../src/core/model';

/** Typical plugin settings: fuzzy, anywhere in the text, title weighted double. */
export const FUSE_OPTIONS = {
  keys: [
    { name: 'title', weight: 2 },
    { name: 'abstract', weight: 1 },
  ],
  threshold: 0.4,
  ignoreLocation: true,
  includeScore: true,
};

export interface FuseDoc {
  key: string;
  title: string;
  abstract: string;
}

export interface FuseEngine {
  search(query: string, limit: number): FuseDoc[];
}

/** Builds a Fuse index over the papers' keys, titles and full abstracts. */
export function buildFuse(papers: readonly Paper[]): FuseEngine {
  const docs: FuseDoc[] = papers.map((p) => ({ key: p.key, title: p.title, abstract: p.abstract }));
  const fuse = new Fuse(docs, FUSE_OPTIONS, Fuse.createIndex(FUSE_OPTIONS.keys, docs));
  return { search: (query, limit) => fuse.search(query, { limit }).map((r) => r.item) };
}
