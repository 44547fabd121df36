/** Reports scan results: lines in the "Literature Notes" output channel and dump problems in the Problems panel. */
import * as vscode from 'vscode';
import type { Problem } from '../core/model';
import type { FileReport, IndexUpdate } from '../indexer/libraryProtocol';

export type { IndexUpdate };

/** Writes scan results to the output channel and dump problems to the `litnotes-dumps` diagnostics. */
export class DumpReport implements vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('litnotes-dumps');

  constructor(private readonly output: vscode.LogOutputChannel) {}

  /** Logs each freshly parsed file (dumps, and non-dumps with problems) and every problem as `file:line: message`. */
  logFiles(files: readonly FileReport[]): void {
    for (const { file, entries: n, layout, topic, problems } of files) {
      if (n > 0) this.output.info(`${file}: ${n} ${n === 1 ? 'entry' : 'entries'} (${layout}), topic "${topic}"`);
      else if (problems.length > 0) this.output.info(`${file}: not indexed as a paper dump`);
      for (const p of problems) this.log(p);
    }
  }

  /** Logs the outcome of an update. */
  logUpdate(update: IndexUpdate, files: number, problems: number): void {
    for (const file of update.removed) this.output.info(`${file}: removed`);
    const cached = update.fromCache.length > 0 ? `, ${update.fromCache.length} from the parse cache` : '';
    const what = update.full ? `${plural(files, 'file')} scanned${cached}` : `${plural(update.parsed.length + update.removed.length, 'changed file')}`;
    const search = update.searchMs === undefined ? '' : `, ${update.searchMs} ms of it searching the workspace`;
    this.output.info(`Indexed ${plural(update.papers, 'paper')} from ${plural(update.dumps, 'dump')} (${what}, ${plural(problems, 'problem')}) in ${update.ms} ms${search}`);
  }

  /** Replaces the diagnostics with the errors and warnings of the scanned files. */
  publish(files: Iterable<FileReport>): void {
    this.diagnostics.clear();
    for (const { uri, problems } of files) {
      const shown = problems.filter((p) => p.severity !== 'info').map(toDiagnostic);
      if (shown.length > 0) this.diagnostics.set(vscode.Uri.parse(uri), shown);
    }
  }

  dispose(): void {
    this.diagnostics.dispose();
  }

  private log(p: Problem): void {
    const line = `${p.file}:${p.line}: ${p.message}`;
    if (p.severity === 'error') this.output.error(line);
    else if (p.severity === 'warning') this.output.warn(line);
    else this.output.info(line);
  }
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function toDiagnostic(p: Problem): vscode.Diagnostic {
  const line = Math.max(0, p.line - 1);
  const severity = p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
  const diagnostic = new vscode.Diagnostic(new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER), p.message, severity);
  diagnostic.source = 'litnotes';
  return diagnostic;
}
