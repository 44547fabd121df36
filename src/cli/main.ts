/** The `litnotes` command line: parse, search, cite, bib. Returns exit codes, never exits itself. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { toBibtex } from '../core/bibtex';
import { CITATION_FORMATS, formatCitation, type CitationFormat } from '../core/citation';
import { buildLibrary, type Library } from '../core/library';
import type { ParsedDump } from '../core/model';
import { PaperIndex } from '../core/searchIndex';
import { loadDumps } from './files';
import { closestKey, hitJson, paperRow, problemLines, table } from './render';

/** Where the CLI writes and which directory relative paths start from. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  cwd: string;
  /** Terminal width for tables (default 100). */
  columns?: number;
}

/** Exit codes. */
export const EXIT = { ok: 0, usage: 1, unreadable: 2, internal: 3 } as const;

export const HELP = `litnotes - index paper dumps (Hugging Face Papers listings) and cite them

Usage:
  litnotes parse [paths...] [--json]
  litnotes search <query> [paths...] [--limit N] [--json]
  litnotes cite <key> [paths...] [--format pandoc|bare|link|footnote|template] [--template STR]
  litnotes bib [paths...]
  litnotes --help | --version

Paths are dump files or directories, searched recursively for *.txt and *.md
(default: the current directory). Files found in directories that are not
paper dumps are skipped silently; a file named explicitly is always reported.

Commands:
  parse    List the papers: a table and a summary, or with --json
           {"papers": [...], "entries": [...], "problems": [...]}.
  search   Search titles, abstracts and citation keys; the last word may be
           unfinished. Prints the best matches (--json: an array of hits).
  cite     Print a citation: pandoc [@key] (default), bare @key, link
           [Title](url), footnote (reference, then its definition line), or
           template (--template with {key} {title} {year} {url} {arxiv}).
  bib      Print BibTeX @misc entries for every paper.

Options:
  --json            machine-readable output (parse, search)
  --limit N         number of search results (default 20)
  --format F        citation format (cite; default pandoc)
  --template STR    citation template (cite; implies --format template)
  -h, --help        show this help
  --version         show the version

Exit status:
  0  success (also when nothing matches a search)
  1  usage error: unknown command or option, missing argument; or cite with
     an unknown key (the closest key is suggested)
  2  an input path cannot be read (missing, permission denied)
  3  internal error
`;

const OPTIONS = {
  json: { type: 'boolean' },
  limit: { type: 'string' },
  format: { type: 'string' },
  template: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

const ALLOWED: Record<string, readonly string[]> = {
  parse: ['json'],
  search: ['json', 'limit'],
  cite: ['format', 'template'],
  bib: [],
};

class UsageError extends Error {}

/** Runs the CLI on `argv` (without `node` and the script) and returns the exit code. */
export function main(argv: readonly string[], io: CliIo): number {
  try {
    return run(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`litnotes: ${error.message}\n\n${HELP}`);
      return EXIT.usage;
    }
    io.stderr.write(`litnotes: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    return EXIT.internal;
  }
}

function run(argv: readonly string[], io: CliIo): number {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return (io.stdout.write(HELP), EXIT.ok);
  if (values.version) return (io.stdout.write(`${version()}\n`), EXIT.ok);
  const [command, ...rest] = positionals;
  if (command === undefined) throw new UsageError('missing command');
  if (command === 'help') return (io.stdout.write(HELP), EXIT.ok);
  const allowed = ALLOWED[command];
  if (!allowed) throw new UsageError(`unknown command '${command}'`);
  for (const name of Object.keys(values)) {
    if (!allowed.includes(name)) throw new UsageError(`option --${name} does not apply to '${command}'`);
  }
  const needsArg = command === 'search' || command === 'cite';
  if (needsArg && rest.length === 0) throw new UsageError(`'${command}' needs a ${command === 'search' ? 'query' : 'key'}`);
  const arg = needsArg ? rest[0] : undefined;
  const paths = needsArg ? rest.slice(1) : rest;
  const limit = values.limit === undefined ? 20 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit needs a positive integer, got '${values.limit}'`);
  const format = (values.format ?? (values.template !== undefined ? 'template' : 'pandoc')) as CitationFormat;
  if (!CITATION_FORMATS.includes(format)) throw new UsageError(`unknown format '${format}' (${CITATION_FORMATS.join(', ')})`);
  if (format === 'template' && values.template === undefined) throw new UsageError('--format template needs --template');

  const loaded = loadDumps(paths.length ? paths : ['.'], io.cwd);
  if (loaded.errors.length) {
    io.stderr.write(loaded.errors.map((e) => `litnotes: cannot read ${e}\n`).join(''));
    return EXIT.unreadable;
  }
  const library = buildLibrary(loaded.dumps);
  switch (command) {
    case 'parse':
      return parseCommand(library, loaded.dumps, !!values.json, io);
    case 'search':
      return searchCommand(library, arg as string, limit, !!values.json, io);
    case 'cite':
      return citeCommand(library, arg as string, format, values.template, io);
    default:
      io.stdout.write(toBibtex(library.papers));
      if (library.papers.length === 0) io.stderr.write('litnotes: no papers found\n');
      return EXIT.ok;
  }
}

function parseCommand(library: Library, dumps: readonly ParsedDump[], json: boolean, io: CliIo): number {
  const entries = dumps.flatMap((d) => d.entries.map((entry) => ({ ...entry, key: library.keyOf(entry) })));
  const files = dumps.length;
  if (json) {
    const problems = library.problems.map(({ file, line, severity, message }) => ({ file, line, severity, message }));
    io.stdout.write(`${JSON.stringify({ papers: library.papers, entries, problems }, null, 2)}\n`);
    return EXIT.ok;
  }
  if (library.papers.length) io.stdout.write(table(library.papers.map(paperRow), io.columns));
  const s = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  io.stdout.write(`${s(library.papers.length, 'paper')} from ${s(entries.length, 'entry').replace('entrys', 'entries')} ` +
    `in ${s(files, 'file')}; ${s(library.problems.length, 'problem')}\n`);
  io.stderr.write(problemLines(library.problems));
  return EXIT.ok;
}

function searchCommand(library: Library, query: string, limit: number, json: boolean, io: CliIo): number {
  const hits = new PaperIndex(library.papers).search(query, { limit });
  if (json) io.stdout.write(`${JSON.stringify(hits.map((h) => hitJson(h.paper, h.score)), null, 2)}\n`);
  else if (hits.length) io.stdout.write(table(hits.map((h) => paperRow(h.paper)), io.columns));
  else io.stderr.write(`litnotes: no papers match '${query}'\n`);
  return EXIT.ok;
}

function citeCommand(library: Library, wanted: string, format: CitationFormat, template: string | undefined, io: CliIo): number {
  const key = wanted.replace(/^\[?@\{?|\}?\]?$/g, '');
  const paper = library.byKey.get(key);
  if (!paper) {
    const near = closestKey(key, library.byKey.keys());
    io.stderr.write(`litnotes: unknown key '${key}'${near ? `; did you mean '${near}'?` : ''}\n`);
    return EXIT.usage;
  }
  const citation = formatCitation(paper, format, { template });
  io.stdout.write(`${citation.text}\n${citation.definition ? `${citation.definition}\n` : ''}`);
  return EXIT.ok;
}

/** The version in the nearest package.json named litnotes (works from out/ and from dist/). */
function version(): string {
  for (let dir = __dirname, i = 0; i < 5; i++, dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'litnotes' && pkg.version) return pkg.version;
    } catch {
      // not here: look one level up
    }
  }
  return 'unknown';
}
