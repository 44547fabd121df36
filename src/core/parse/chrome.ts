/** Hugging Face page chrome that clippers copy along with the papers. */

const CHROME_LINES = new Set(
  [
    'new', 'subscribe', 'daily papers', 'trending papers', 'papers', 'trending', 'daily', 'weekly', 'monthly',
    'byak and the research community', 'by ak and the research community', 'upvote', 'submit', 'submit paper',
    'get trending papers in your email inbox!', 'get trending papers in your email inbox once a day!',
    'previous', 'next', 'search', 'hugging face', 'models', 'datasets', 'spaces', 'docs', 'pricing',
    'log in', 'sign up', 'enterprise', 'community', 'collections', 'view all', 'load more', 'show more',
    'search papers', 'search any paper with ai', 'browse papers', 'most recent', 'most upvoted',
    'submitted by', 'arxiv page', 'github', 'add to collection', 'comment', 'comments', 'share', 'view pdf',
    'pdf', 'code', 'project page', 'buckets new', 'blog', 'posts', 'learn', 'discord', 'forum', 'tasks',
    'huggingchat', 'languages', 'organizations', 'website', 'solutions', 'and the research community', 'by',
  ],
);

const GLUED_PREFIX = /^(?:Subscribe|Daily Papers|Trending Papers|byAK and the research community|Get trending papers in your email inbox(?: once a day)?!|new)(?=[A-Z0-9"“'$\\[(])/;

/** Star counts (`1.3k`), avatar overflow (`+2`), `Submitted by …` and image placeholders. */
const CHROME_PATTERN = /^(?:[\d.,]+k|\+\d+|submitted by\b.*|\[(?:image|图片)[^\]]*\]|!\[[^\]]*\]\([^)]*\))$/i;

/** True for a line that is page chrome, not paper content. */
export function isChromeLine(line: string): boolean {
  const text = line.trim();
  return CHROME_LINES.has(text.toLowerCase()) || CHROME_PATTERN.test(text);
}

/** Removes chrome glued to the start of a line (`SubscribeDeBERTaV3: …` → `DeBERTaV3: …`). */
export function stripGluedChrome(line: string): string {
  let out = line;
  for (let i = 0; i < 4; i++) {
    const m = GLUED_PREFIX.exec(out);
    if (!m) break;
    out = out.slice(m[0].length);
  }
  return out;
}
