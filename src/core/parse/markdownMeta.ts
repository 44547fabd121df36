/**
 * Markdown captures, metadata: the Hugging Face and arXiv URLs a capture links to, and a line
 * read as a paper card's metadata (authors or organisation, date, comments, upvotes, GitHub and
 * arXiv buttons).
 */
import { collapse, parseAuthorsLine, parseDateLine, trimUrl } from './fields';
import { absoluteUrl, type Seg } from './markdownInline';

/** Metadata found on one line. `undefined` = absent; null values are real (`-` upvotes). */
export interface Meta {
  authors?: number;
  org?: string;
  date?: string;
  publishedOn?: boolean;
  comments?: number | null;
  upvote?: { value: number | null; id: string | null; label: boolean };
  /** A bare count whose meaning (upvotes or comments) depends on its neighbours. */
  count?: number | null;
  github?: string;
  arxiv?: string;
  sep?: boolean;
  /** Only buttons/labels that carry no field (`[Previous](…)`). */
  soft?: boolean;
}

/** A Hugging Face paper page; its arXiv id. */
const PAPER_URL = /^https?:\/\/(?:www\.)?(?:huggingface|hf)\.co\/papers\/(\d{4}\.\d{4,5})(?:v\d+)?(?:[/?#]|$)/i;
/** A paper's upvote button (a login link back to the paper); its arXiv id. */
const UPVOTE_URL = /^https?:\/\/(?:www\.)?(?:huggingface|hf)\.co\/login\?next=(?:%2F|\/)papers(?:%2F|\/)(\d{4}\.\d{4,5})/i;
/** A paper's comments link. */
export const COMMUNITY_URL = /^https?:\/\/(?:www\.)?(?:huggingface|hf)\.co\/papers\/\d{4}\.\d{4,5}[^#\s]*#community/i;
/** An organisation's page; its name. */
const HF_ORG = /^https?:\/\/(?:www\.)?huggingface\.co\/([A-Za-z0-9][\w.-]*)\/?$/;
const GITHUB_REPO = /^https?:\/\/(?:www\.)?github\.com\/[^/\s]+\/[^/\s]+/i;
/** An arXiv abstract, PDF or HTML page; its id. */
export const ARXIV_URL = /^https?:\/\/(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf|html)\/(\d{4}\.\d{4,5})/i;
/** First path segments of Hugging Face pages that are not organisations. */
const RESERVED = new Set(['papers', 'models', 'datasets', 'spaces', 'docs', 'blog', 'login', 'join', 'pricing', 'enterprise',
  'posts', 'collections', 'organizations', 'tasks', 'chat', 'learn', 'storage', 'languages', 'settings', 'new', 'front',
  'avatars', 'api', 'search', 'terms-of-service', 'privacy', 'huggingface', 'notifications', 'inference-endpoints']);

/** The arXiv id of a Hugging Face paper page or arXiv URL. */
export function paperId(url: string | null): string | null {
  if (!url) return null;
  const m = PAPER_URL.exec(url) ?? ARXIV_URL.exec(url);
  return m ? m[1] : null;
}

/** True for a URL that belongs to the page, not to the paper's abstract. */
export function isPageUrl(url: string): boolean {
  return PAPER_URL.test(url) || /huggingface\.co\/login/i.test(url) || /cdn-(?:avatars|thumbnails)\.huggingface\.co|huggingface\.co\/(?:avatars|front)\//i.test(url);
}

/** `[-] 1`, `Upvote 117`, `1.3k`, `-` → the count (null for `-`); undefined when not a count. */
export function parseCount(text: string): number | null | undefined {
  const t = text.replace(/\[[^[\]]{0,40}\]/g, ' ').replace(/\bupvote\b/gi, ' ').replace(/[▲△↑⬆👍]/gu, ' ').trim();
  if (t === '-' || t === '–' || t === '—' || t === '') return t === '' ? undefined : null;
  if (/^\d{1,3}(?:,\d{3})+$|^\d{1,9}$/.test(t)) return Number(t.replace(/,/g, ''));
  const k = /^(\d{1,4}(?:\.\d{1,2})?)\s*k$/i.exec(t);
  return k ? Math.round(Number(k[1]) * 1000) : undefined;
}

/** `- 3 authors`, `[- ![](…) - 3 authors]` (images already dropped) → 3. */
export function authorsCount(text: string): number | null {
  if (text.length > 400) return null;
  const t = collapse(text.replace(/\[[^[\]]{0,60}\]/g, ' '));
  const m = /^(?:[-*•+·]\s*)*(\d{1,5})\s+authors?$/i.exec(t);
  return m ? Number(m[1]) : parseAuthorsLine(t);
}

/** Removes `[alt]` image placeholders that text browsers leave in link text. */
export function dropPlaceholders(text: string): string {
  return collapse(text.replace(/^\s*\[[^[\]]{0,80}\]\s*(?=\S)/, '').replace(/^\s*\[[^[\]]{0,80}\]\s*$/, ''));
}

type Tok = { t: 'link'; text: string; url: string | null; unresolved: boolean } | { t: 'text'; text: string } | { t: 'sep' };

/** Reads a whole line as metadata tokens; null when anything on it is not metadata. */
export function parseMeta(segs: readonly Seg[]): Meta | null {
  const toks: Tok[] = [];
  for (const g of segs) {
    if (g.kind === 'image') continue;
    if (g.kind === 'link') { toks.push({ t: 'link', text: collapse(g.text), url: absoluteUrl(g.url), unresolved: g.unresolved }); continue; }
    const parts = g.text.split('·');
    parts.forEach((p, idx) => {
      if (idx > 0) toks.push({ t: 'sep' });
      const c = collapse(p);
      if (c) toks.push({ t: 'text', text: c });
    });
  }
  const m: Meta = {};
  let useful = false;
  let prevDate = false;
  for (let k = 0; k < toks.length; k++) {
    const tok = toks[k];
    const wasDate = prevDate;
    prevDate = false;
    if (tok.t === 'sep') { m.sep = true; continue; }
    if (tok.t === 'text') {
      const t = tok.text.replace(/^[-*+•]\s+(?=\S)/, '');
      if (/^(?:\[[^[\]]{0,80}\]\s*)+$/.test(t)) { m.soft = true; continue; }
      const d = parseDateLine(t);
      if (d) {
        m.date ??= d.date;
        if (/^(?:published|submitted) on/i.test(t)) m.publishedOn = true;
        if (d.comments !== null) m.comments ??= d.comments;
        useful = prevDate = true;
        continue;
      }
      const a = authorsCount(t);
      if (a !== null) { m.authors ??= a; useful = true; continue; }
      if (/^(?:[-*+•|]+|upvote)$/i.test(t)) { m.soft = true; continue; }
      const ax = /^arxiv:\s*(\d{4}\.\d{4,5})(?:v\d+)?$/i.exec(t);
      if (ax) { m.arxiv ??= ax[1]; useful = true; continue; }
      const c = parseCount(t);
      if (c !== undefined) {
        if (wasDate) m.comments ??= c;
        else if (/upvote/i.test(t)) m.upvote ??= { value: c, id: null, label: true };
        else m.count = c;
        useful = true;
        continue;
      }
      // Loose text: only an organisation right before `· date`.
      const next = toks[k + 1];
      const after = toks[k + 2];
      if (next?.t === 'sep' && after?.t === 'text' && parseDateLine(after.text) && t.length <= 80) { m.org ??= dropPlaceholders(t); useful = true; continue; }
      return null;
    }
    const url = tok.url;
    const label = dropPlaceholders(tok.text);
    const up = url ? UPVOTE_URL.exec(url) : null;
    if (up) {
      const c = parseCount(tok.text);
      m.upvote ??= { value: c ?? null, id: up[1], label: /upvote/i.test(tok.text) };
      useful = true;
      continue;
    }
    const count = parseCount(tok.text);
    if (url && COMMUNITY_URL.test(url) && count !== undefined) { m.comments ??= count; useful = true; continue; }
    const a = authorsCount(tok.text);
    if (a !== null) { m.authors ??= a; useful = true; continue; }
    if (url && GITHUB_REPO.test(url) && (label === '' || /^(?:link:\s*)?(?:github|code|repo(?:sitory)?)\b/i.test(label) || /^[\d.,]+\s*[km]?$/i.test(label))) {
      m.github ??= trimUrl(url);
      useful = true;
      continue;
    }
    if (url && ARXIV_URL.test(url) && (label === '' || /^(?:link:\s*)?(?:view\s+)?(?:arxiv|pdf|abs|paper)\b/i.test(label))) {
      m.arxiv ??= ARXIV_URL.exec(url)![1];
      useful = true;
      continue;
    }
    const org = url ? HF_ORG.exec(url) : null;
    if (org && !RESERVED.has(org[1].toLowerCase()) && label) { m.org ??= label; useful = true; continue; }
    if (!label) { m.soft = true; continue; }
    if ((!url || tok.unresolved) && count !== undefined) {
      if (wasDate) m.comments ??= count;
      else if (/upvote/i.test(tok.text)) m.upvote ??= { value: count, id: null, label: true };
      else m.count = count;
      useful = true;
      continue;
    }
    if (url && !PAPER_URL.test(url) && label.split(' ').length <= 5 && !/[.!?]$/.test(label)) { m.soft = true; continue; }
    return null;
  }
  if (!useful && !m.soft && !m.sep) return null;
  return m;
}
