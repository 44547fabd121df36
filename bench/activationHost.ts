/**
 * The "extension tests" entry that bench/activation.ts hands to a real VS Code (loaded inside the
 * extension host, `--extensionTestsPath`): it waits for Literature Notes to be active and its first
 * full index to be ready, then writes what it saw to the JSON file named by
 * `LITNOTES_ACTIVATION_RESULT` and returns (the host then exits with code 0). Not a test.
 */
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { LitnotesApi } from '../src/extension';

const EXTENSION_ID = 'litnotes.litnotes';

/** What one cold start measured; every time is in ms. */
export interface HostActivation {
  /** The extension was already active (activated by its own activation event) when this entry ran. */
  activeAtEntry: boolean;
  /** `activate()` from the extension's API: first statement to just before it returned. */
  activateMs: number;
  /** From `activate()` returning to the first full index being ready. */
  returnToReadyMs: number;
  /** From `activate()` returning to the last session's library snapshot being served (null: none was). */
  returnToRestoredMs: number | null;
  /** How long VS Code's search for dumps took in the first full scan (null: that scan ended before this ran). */
  searchMs: number | null;
  papers: number;
  dumps: number;
  statusBarText: string;
  /** `performance.now()` in the extension host (0 = host process start) of activate's start and of ready. */
  activateStartedAt: number;
  readyAt: number;
  /** The extension host's own marks (`code/extHost/...`, Date.now() resolution), relative to the host's time origin. */
  host: {
    loadCodeMs: number | null;
    activateMs: number | null;
    willActivateAt: number | null;
    marks: { name: string; at: number }[];
  };
}

type Mark = { name: string; startTime: number };

/** VS Code records its marks with Date.now() in `globalThis.MonacoPerformanceMarks` (src/vs/base/common/performance.ts). */
function hostMarks(): Mark[] {
  const perf = (globalThis as { MonacoPerformanceMarks?: { getMarks?: () => Mark[] } }).MonacoPerformanceMarks;
  try {
    return perf?.getMarks?.() ?? [];
  } catch {
    return [];
  }
}

export async function run(): Promise<void> {
  const resultFile = process.env.LITNOTES_ACTIVATION_RESULT;
  if (!resultFile) throw new Error('LITNOTES_ACTIVATION_RESULT is not set (bench/activation.ts sets it)');
  const timeoutMs = Number(process.env.LITNOTES_ACTIVATION_READY_TIMEOUT || 180_000);
  const ext = vscode.extensions.getExtension<LitnotesApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded in this VS Code`);
  const activeAtEntry = ext.isActive;
  const api = ext.isActive ? ext.exports : await ext.activate();
  if (!api?.activation) throw new Error('the extension API has no `activation` timing (an older build?)');
  let searchMs: number | null = null;
  const updates = api.library.onDidUpdate((u) => u.full && searchMs === null && (searchMs = u.searchMs ?? null));
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    api.library.whenReady(),
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`the library was not ready within ${timeoutMs} ms`)), timeoutMs))),
  ]).finally(() => (clearTimeout(timer), updates.dispose()));
  // What the next start of the same user data will restore from.
  await api.library.store.whenSaved();
  await api.library.snapshots.whenSaved();
  const a = api.activation;
  const readyAt = a.readyAt ?? performance.now();

  const marks = hostMarks();
  const origin = marks.find((m) => m.name === 'code/timeOrigin')?.startTime ?? performance.timeOrigin;
  const at = (name: string): number | null => {
    const m = marks.find((x) => x.name === name);
    return m ? Math.round(m.startTime - origin) : null;
  };
  const span = (from: string, to: string): number | null => {
    const a0 = at(from);
    const b0 = at(to);
    return a0 === null || b0 === null ? null : b0 - a0;
  };
  const result: HostActivation = {
    activeAtEntry,
    activateMs: a.ms,
    returnToReadyMs: readyAt - a.returnedAt,
    returnToRestoredMs: a.restoredAt === undefined ? null : a.restoredAt - a.returnedAt,
    searchMs,
    papers: api.library.paperCount,
    dumps: api.library.dumps().length,
    statusBarText: api.statusBar.text,
    activateStartedAt: a.startedAt,
    readyAt,
    host: {
      loadCodeMs: span(`code/extHost/willLoadExtensionCode/${EXTENSION_ID}`, `code/extHost/didLoadExtensionCode/${EXTENSION_ID}`),
      activateMs: span(`code/extHost/willActivateExtension/${EXTENSION_ID}`, `code/extHost/didActivateExtension/${EXTENSION_ID}`),
      willActivateAt: at(`code/extHost/willActivateExtension/${EXTENSION_ID}`),
      marks: marks.filter((m) => m.name.startsWith('code/extHost/') && (!m.name.includes('Extension') || m.name.endsWith(`/${EXTENSION_ID}`)))
        .map((m) => ({ name: m.name, at: Math.round(m.startTime - origin) })),
    },
  };
  fs.writeFileSync(resultFile, JSON.stringify(result, null, 1));
}
