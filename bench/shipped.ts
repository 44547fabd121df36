/**
 * The shipped architecture as the extension host feels it: this process plays the host, the
 * library lives in its worker (`connectLibrary`, the extension's own code), and the host's
 * event loop is watched while the worker builds, saves, restores and answers. Each session
 * runs in a new process (`node --expose-gc out/bench/shipped.js <task.json>`), as a new
 * extension host would.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { DEFAULT_KEY_FORMAT } from '../src/core/citeKeys';
import type { Candidate } from '../src/indexer/dumpFiles';
import { connectLibrary, type LibraryConnection } from '../src/indexer/libraryClient';
import type { LibraryEvent } from '../src/indexer/libraryProtocol';
import { collect, longestStall, memory, now, round } from './measure';
import { FILE_SEARCH_MS } from './pipeline';

/** `cold`: a first session (empty storage): build, queries, edits, snapshot save. `warm`: the next session, from that storage. */
export interface ShippedTask {
  kind: 'cold' | 'warm';
  files: string[];
  storage: string;
  /** Asked `passes` times each, after the build (none: a session that only counts the host's stalls). */
  queries: string[];
  completions: string[];
  passes: number;
  /** Cold sessions: the dump edited (a word changed and back, in turn), and how many times. */
  edit?: { file: string; times: number };
}

export interface ShippedResult {
  kind: 'cold' | 'warm';
  /** Cold: from the files handed over to the library built. Warm: from the worker's start to the snapshot served. */
  readyMs: number;
  /** The host's longest event-loop stall from its start until then. */
  hostMaxStallMs: number;
  /** Warm: the scan that follows (parse cache, merge, index adopted). */
  scanMs?: number;
  scanHostMaxStallMs?: number;
  /** Round trips as the host sees them: the question sent, the answer (50 papers at most) received. */
  searchMs: number[];
  completeMs: number[];
  /** Cold: one changed dump sent to the worker until the library is updated. */
  editMs: number[];
  editHostMaxStallMs?: number;
  /** Cold: the snapshot's save after the build, and the host's longest stall meanwhile. */
  saveMs?: number;
  saveHostMaxStallMs?: number;
  /** The host's heap after a full collection, with the library built (what the extension adds to the host). */
  hostHeapMB: number;
  /** The top 20 keys of each query, comma-joined (compared with the bench's own index). */
  results: string[];
}

/**
 * The library worker as the extension ships it (`npm run build` bundles it, with its parse worker
 * beside it); `LITNOTES_BENCH_WORKER` names another build's, to compare two versions alternately.
 */
function shippedWorker(): string {
  const bundled = process.env.LITNOTES_BENCH_WORKER ?? path.join(__dirname, '../../dist/libraryWorker.js');
  if (!fs.existsSync(bundled)) throw new Error(`${bundled} is missing: run npm run build first`);
  return bundled;
}

const candidateOf = (file: string, root: string): Candidate => ({ uri: pathToFileURL(file).href, file: path.relative(root, file), maxBytes: 50 * 1024 * 1024 });

/** Runs one session in a new process and returns what it measured. */
export function shippedSession(task: ShippedTask): ShippedResult {
  const file = path.join(os.tmpdir(), `litnotes-bench-shipped-${process.pid}.json`);
  fs.writeFileSync(file, JSON.stringify(task));
  try {
    const out = execFileSync(process.execPath, ['--expose-gc', __filename, file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    return JSON.parse(out.trim().split('\n').pop() as string) as ShippedResult;
  } finally {
    fs.rmSync(file, { force: true });
  }
}

async function session(task: ShippedTask): Promise<ShippedResult> {
  const root = path.dirname(task.files[0]);
  const candidates = task.files.map((f) => candidateOf(f, root));
  const byUri = new Map(candidates.map((c) => [c.uri, c]));
  let restored: () => void = () => undefined;
  const served = new Promise<void>((resolve) => (restored = resolve));
  const connection: LibraryConnection = connectLibrary(task.storage, {
    answers: {
      stat: async () => null,
      read: async () => new Uint8Array(),
      judge: async (uris) => uris.map((uri) => byUri.get(uri) ?? null),
    },
    onEvent: (event: LibraryEvent) => event.type === 'restored' && restored(),
    onExit: (reason) => process.stderr.write(`${reason}\n`),
    onFallback: (reason) => process.stderr.write(`${reason}\n`),
  }, shippedWorker());
  const { library } = connection;
  collect();
  const result: ShippedResult = { kind: task.kind, readyMs: 0, hostMaxStallMs: 0, searchMs: [], completeMs: [], editMs: [], hostHeapMB: 0, results: [] };
  const scan = async (): Promise<number> => {
    void library.call('beginScan', 1);
    const start = now();
    // VS Code's search for dumps takes at least this long: the worker starts meanwhile.
    await new Promise((resolve) => setTimeout(resolve, FILE_SEARCH_MS));
    const scanStart = now();
    if (!(await library.call('scan', 1, candidates, false, DEFAULT_KEY_FORMAT, round(scanStart - start)))) throw new Error('the scan was superseded');
    return now() - scanStart;
  };
  if (task.kind === 'cold') {
    const built = await longestStall(async () => {
      void library.call('start', DEFAULT_KEY_FORMAT);
      return scan();
    });
    Object.assign(result, { readyMs: built.result, hostMaxStallMs: built.maxStallMs });
    const save = await longestStall(() => library.call('whenSnapshotSaved'));
    Object.assign(result, { saveMs: save.ms, saveHostMaxStallMs: save.maxStallMs });
  } else {
    const start = now();
    const warm = await longestStall(async () => {
      void library.call('start', DEFAULT_KEY_FORMAT);
      await served;
      return now() - start;
    });
    Object.assign(result, { readyMs: warm.result, hostMaxStallMs: warm.maxStallMs });
    const rescan = await longestStall(scan);
    Object.assign(result, { scanMs: rescan.result, scanHostMaxStallMs: rescan.maxStallMs });
  }
  for (let pass = 0; pass < task.passes; pass++) {
    for (const query of task.queries) {
      const start = now();
      const hits = await library.call('search', query, 50);
      result.searchMs.push(now() - start);
      if (pass === 0) result.results.push(hits.slice(0, 20).map((h) => h.key).join(','));
    }
    for (const prefix of task.completions) {
      const start = now();
      await library.call('complete', prefix, 50);
      result.completeMs.push(now() - start);
    }
  }
  if (task.edit) {
    const { file, times } = task.edit;
    const original = fs.readFileSync(file, 'utf8');
    const { atime, mtime } = fs.statSync(file);
    const edited = original.replace(/\b(the)\b/, 'a');
    try {
      const edits = await longestStall(async () => {
        for (let i = 0; i < times; i++) {
          fs.writeFileSync(file, i % 2 === 0 ? edited : original);
          const start = now();
          await library.call('applyChanges', [], [candidateOf(file, root)], DEFAULT_KEY_FORMAT);
          result.editMs.push(now() - start);
        }
      });
      result.editHostMaxStallMs = edits.maxStallMs;
    } finally {
      // As it was, its time too: the next session's snapshot is still current.
      fs.writeFileSync(file, original);
      fs.utimesSync(file, atime, mtime);
    }
  }
  collect();
  result.hostHeapMB = memory().heapUsedMB;
  connection.dispose();
  return result;
}

if (require.main === module) {
  const task = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) as ShippedTask;
  void session(task).then((result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  });
}
