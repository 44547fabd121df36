import type GrayMatter from 'gray-matter';
import type { DumpMeta, Problem } from '../model';

let grayMatter: typeof GrayMatter | undefined;
/** gray-matter (with js-yaml), loaded on first use: it takes ~30 ms, and most parses and sessions never need it. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const matter = (): typeof GrayMatter => (grayMatter ??= require('gray-matter') as typeof GrayMatter);

/** Front matter split off the body. `bodyStart` is the 0-based index of the first body line. */
export interface FrontMatter {
  meta: DumpMeta;
  bodyStart: number;
  problems: Problem[];
}

const MAX_FRONT_MATTER_LINES = 200;

/**
 * Reads YAML front matter (`---` … `---`) with gray-matter. Invalid YAML is a
 * problem, and the block is still skipped so the rest of the file parses.
 */
export function readFrontMatter(lines: readonly string[], file: string): FrontMatter {
  if (lines.length === 0 || lines[0].trim() !== '---') return { meta: {}, bodyStart: 0, problems: [] };
  const end = findClose(lines);
  if (end < 0) return { meta: {}, bodyStart: 0, problems: [] };
  const block = lines.slice(0, end + 1).join('\n') + '\n';
  try {
    // Passing options disables gray-matter's unbounded content cache.
    const data: unknown = matter()(block, {}).data;
    return { meta: toMeta(data), bodyStart: end + 1, problems: [] };
  } catch (error) {
    const mark = (error as { mark?: { line?: number } }).mark;
    const line = typeof mark?.line === 'number' ? mark.line + 1 : 1;
    const reason = String((error as Error).message ?? error).split('\n')[0];
    return {
      meta: {},
      bodyStart: end + 1,
      problems: [{ file, line, severity: 'warning', message: `Invalid YAML front matter ignored: ${reason}` }],
    };
  }
}

function findClose(lines: readonly string[]): number {
  const limit = Math.min(lines.length, MAX_FRONT_MATTER_LINES);
  for (let i = 1; i < limit; i++) {
    const t = lines[i].trim();
    if (t === '---' || t === '...') return i;
  }
  return -1;
}

function toMeta(data: unknown): DumpMeta {
  if (!data || typeof data !== 'object') return {};
  const d = data as Record<string, unknown>;
  const meta: DumpMeta = {};
  for (const key of ['topic', 'title', 'url', 'retrieved'] as const) {
    const v = d[key];
    if (typeof v === 'string' && v.trim()) meta[key] = v.trim();
    else if (v instanceof Date) meta[key] = v.toISOString().slice(0, 10);
  }
  const flag = d.litnotes ?? d.dump;
  if (typeof flag === 'boolean') meta.dump = flag;
  return meta;
}
