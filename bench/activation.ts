/**
 * Activation time in a real VS Code extension host (part of `npm run bench`; alone:
 * `node out/bench/activation.js [--runs 5] [--papers 10000] [--seed 42] [--out FILE] [--markdown]`).
 *
 * Starts a fresh VS Code N times per workspace — the VS Code server from code-server in headless
 * Chromium through scripts/vscode-launcher, via @vscode/test-electron's runTests as the integration
 * layer does, each with a new user-data-dir (no persisted parse cache, nothing remembered) — on
 * (a) a copy of the test fixture workspace and (b) a workspace holding the generated corpus of
 * `--papers` papers (bench/generate.ts). The extension is a minified bundle built from src/ into a
 * temporary folder (as the VSIX ships it; dist/ is not touched). The host runs
 * bench/activationHost.ts, which waits for the first full index and writes, through the JSON file
 * named in LITNOTES_ACTIVATION_RESULT, what `activate()` reported (its API's `activation`) and the
 * extension host's own marks.
 *
 * LITNOTES_ACTIVATION_KEEP=1 keeps the temporary folders; a failed run's folder is always kept.
 *
 * Never installs anything: when the VS Code server is not provisioned the result says so
 * (`measured: false`) and no number is made up.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { runTests } from '@vscode/test-electron';
import { buildSync } from 'esbuild';
import type { HostActivation } from './activationHost';
import { ensureDataset } from './generate';
import { stats, type Stats } from './measure';
import { activationRows, notMeasuredLine, table } from './report';

/** From the issue: activation ≤ 50 ms before background indexing. */
export const ACTIVATION_TARGET_MS = 50;
/** LITNOTES_ACTIVATION_KEEP=1 keeps the temporary folders (workspaces, user data, logs) and prints where. */
const KEEP = !!process.env.LITNOTES_ACTIVATION_KEEP && process.env.LITNOTES_ACTIVATION_KEEP !== '0';

const repoRoot = (): string => {
  const fromOut = path.resolve(__dirname, '..', '..');
  return fs.existsSync(path.join(fromOut, 'package.json')) ? fromOut : path.resolve(__dirname, '..');
};

export interface ActivationOptions {
  runs: number;
  papers: number;
  seed: number;
  log: (message: string) => void;
}

export type ActivationRun =
  | ({ ok: true; run: number; wallMs: number; activationEvent: string | null } & HostActivation)
  | { ok: false; run: number; wallMs: number; error: string; kept: string };

export interface WorkspaceActivation {
  name: string;
  description: string;
  runs: ActivationRun[];
  ok: number;
  activateMs: Stats | null;
  hostActivateMs: Stats | null;
  hostLoadCodeMs: Stats | null;
  /** Load code + activate call: what VS Code's "Running Extensions" view reports as activation. */
  hostLoadAndActivateMs: Stats | null;
  returnToReadyMs: Stats | null;
  /** Cold starts: VS Code's search for dumps in the first scan. */
  searchMs: Stats | null;
  /** Starts reusing the user data of the cold start before them: the library snapshot is served first. */
  warm: { ok: number; runs: number; restored: number; returnToRestoredMs: Stats | null; returnToReadyMs: Stats | null; activateMs: Stats | null } | null;
  /** When the host called activate, in ms after the extension host process started. */
  willActivateAt: Stats | null;
  papers: number[];
}

export type ActivationResult =
  /** `reason` reads after "activation: not measured — ". */
  | { measured: false; reason: string }
  | {
    measured: true;
    targetMs: number;
    vscode: string;
    build: string;
    runsPerWorkspace: number;
    seconds: number;
    workspaces: WorkspaceActivation[];
  };

interface Provisioned {
  ok: boolean;
  why: string;
  vscode: string;
}

/** Whether `npm run provision` has installed the VS Code server, Node 24 and Chromium (checked, never installed). */
export function checkProvisioned(root = repoRoot()): Provisioned {
  const script = `const m = await import(${JSON.stringify(pathToFileURL(path.join(root, 'scripts', 'provision.mjs')).href)});
process.stdout.write(JSON.stringify({ PATHS: m.PATHS, PINS: m.PINS, CACHE: m.CACHE }));`;
  const probe = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  if (probe.status !== 0) return { ok: false, why: `cannot load scripts/provision.mjs: ${probe.stderr.trim().split('\n')[0]}`, vscode: '' };
  const { PATHS, PINS, CACHE } = JSON.parse(probe.stdout) as { PATHS: Record<string, string>; PINS: Record<string, string>; CACHE: string };
  const stampIs = (step: string, version: string): boolean => {
    try {
      return (JSON.parse(fs.readFileSync(path.join(CACHE, `.stamp-${step}`), 'utf8')) as { version?: string }).version === version;
    } catch {
      return false;
    }
  };
  const playwright = [path.join(root, 'node_modules', 'playwright-core', 'package.json'), path.join(CACHE, 'playwright', 'node_modules', 'playwright-core', 'package.json')];
  const missing = [
    !stampIs('node24', PINS.node) || !fs.existsSync(PATHS.node) ? `Node ${PINS.node}` : '',
    !stampIs('code-server', PINS.codeServer) || !fs.existsSync(PATHS.serverMain) ? `code-server ${PINS.codeServer}` : '',
    !fs.existsSync(PATHS.chromium) ? `Chromium (${PATHS.chromium})` : '',
    !playwright.some((p) => fs.existsSync(p)) ? 'playwright-core' : '',
  ].filter(Boolean);
  return { ok: missing.length === 0, why: missing.length ? `missing ${missing.join(', ')} in ${CACHE}` : '', vscode: `VS Code ${PINS.vscode} (code-server ${PINS.codeServer}'s VS Code server, headless Chromium)` };
}

/** The extension as the VSIX ships it (minified esbuild bundle), plus the host entry, in `dir`. */
function buildExtension(root: string, dir: string): void {
  const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify: true, logLevel: 'warning', absWorkingDir: root } as const;
  buildSync({ ...common, entryPoints: [path.join(root, 'src/extension.ts')], outfile: path.join(dir, 'dist/extension.js'), external: ['vscode'] });
  buildSync({ ...common, entryPoints: [path.join(root, 'src/indexer/parseWorker.ts')], outfile: path.join(dir, 'dist/parseWorker.js') });
  buildSync({ ...common, minify: false, entryPoints: [path.join(root, 'bench/activationHost.ts')], outfile: path.join(dir, 'bench-host/activationHost.js'), external: ['vscode'] });
  fs.copyFileSync(path.join(root, 'package.json'), path.join(dir, 'package.json'));
  for (const sub of ['media', 'syntaxes']) fs.cpSync(path.join(root, sub), path.join(dir, sub), { recursive: true });
}

/** "startup: true, activationEvent: 'workspaceContains:…'" from the remote extension host's log. */
function activationEventIn(dir: string): string | null {
  const logs = (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => /exthost\.log$/i.test(f));
  for (const f of logs) {
    const m = /_doActivateExtension litnotes\.litnotes, startup: (\w+), activationEvent: '([^']*)'/.exec(fs.readFileSync(path.join(dir, f), 'utf8'));
    if (m) return `${m[2]}${m[1] === 'true' ? ' (startup)' : ''}`;
  }
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * One start of VS Code on `workspace` with the user data in `runDir` (new: a cold start; reused,
 * with the same `port`: a warm one, as VS Code keys workspace storage by the URI, port included).
 */
async function start(root: string, ext: string, workspace: string, runDir: string, run: number, port: number): Promise<ActivationRun> {
  const resultFile = path.join(runDir, 'result.json');
  const userData = path.join(runDir, 'user-data');
  const t0 = performance.now();
  try {
    await runTests({
      vscodeExecutablePath: path.join(root, 'scripts', 'vscode-launcher'),
      extensionDevelopmentPath: ext,
      extensionTestsPath: path.join(ext, 'bench-host', 'activationHost.js'),
      launchArgs: [workspace, '--disable-extensions', `--user-data-dir=${userData}`, `--extensions-dir=${path.join(runDir, 'extensions')}`],
      extensionTestsEnv: {
        LITNOTES_ACTIVATION_RESULT: resultFile,
        LITNOTES_VSCODE_PORT: String(port),
        LITNOTES_LOGS_DIR: path.join(runDir, 'workbench-logs'),
        LITNOTES_TEST_TIMEOUT: process.env.LITNOTES_TEST_TIMEOUT || '300',
      },
    });
    const host = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as HostActivation;
    const result: ActivationRun = { ok: true, run, wallMs: performance.now() - t0, activationEvent: activationEventIn(runDir), ...host };
    fs.rmSync(resultFile);
    return result;
  } catch (error) {
    return { ok: false, run, wallMs: performance.now() - t0, error: error instanceof Error ? error.message : String(error), kept: runDir };
  }
}

type OkRun = Extract<ActivationRun, { ok: true }>;

function statsOf(runs: readonly ActivationRun[], pick: (r: OkRun) => number | null): Stats | null {
  const xs = runs.filter((r): r is OkRun => r.ok).map(pick).filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  return xs.length ? stats(xs) : null;
}

function summarize(name: string, description: string, runs: ActivationRun[], warmRuns: ActivationRun[]): WorkspaceActivation {
  const ok = runs.filter((r): r is OkRun => r.ok);
  const of = (pick: (r: OkRun) => number | null): Stats | null => statsOf(runs, pick);
  const ofWarm = (pick: (r: OkRun) => number | null): Stats | null => statsOf(warmRuns, pick);
  return {
    name, description, runs, ok: ok.length,
    activateMs: of((r) => r.activateMs),
    hostActivateMs: of((r) => r.host.activateMs),
    hostLoadCodeMs: of((r) => r.host.loadCodeMs),
    hostLoadAndActivateMs: of((r) => (r.host.loadCodeMs === null || r.host.activateMs === null ? null : r.host.loadCodeMs + r.host.activateMs)),
    returnToReadyMs: of((r) => r.returnToReadyMs),
    searchMs: of((r) => r.searchMs),
    warm: warmRuns.length ? { ok: warmRuns.filter((r) => r.ok).length, runs: warmRuns.length, restored: warmRuns.filter((r) => r.ok && r.returnToRestoredMs !== null).length, returnToRestoredMs: ofWarm((r) => r.returnToRestoredMs), returnToReadyMs: ofWarm((r) => r.returnToReadyMs), activateMs: ofWarm((r) => r.activateMs) } : null,
    willActivateAt: of((r) => r.host.willActivateAt),
    papers: [...new Set(ok.map((r) => r.papers))],
  };
}

/** Does the measuring (in the child process: runTests writes VS Code's chatter to stdout). */
async function measure(o: ActivationOptions, vscodeLabel: string): Promise<ActivationResult> {
  const root = repoRoot();
  const started = Date.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'litnotes-activation-'));
  let keep = KEEP;
  try {
    const ext = path.join(tmp, 'extension');
    buildExtension(root, ext);
    const fixture = path.join(tmp, 'fixture');
    fs.cpSync(path.join(root, 'test', 'fixtures', 'workspace'), fixture, { recursive: true });
    o.log(`activation: corpus of ${o.papers} papers (seed ${o.seed})`);
    const dataset = ensureDataset(o.papers, o.seed);
    const corpus = path.join(tmp, `corpus-${o.papers}`);
    fs.mkdirSync(path.join(corpus, 'dumps'), { recursive: true });
    for (const f of dataset.files) fs.copyFileSync(f.path, path.join(corpus, 'dumps', path.basename(f.path)));
    const workspaces = [
      { name: 'fixture', description: 'test/fixtures/workspace (5 seed dumps, 1 broken, 3 notes)', dir: fixture, runs: [] as ActivationRun[], warmRuns: [] as ActivationRun[] },
      { name: `${o.papers / 1000}k`, description: `${o.papers.toLocaleString('en-US')} generated papers, ${dataset.files.length} dumps, ${(dataset.totalBytes / 1e6).toFixed(1)} MB`, dir: corpus, runs: [] as ActivationRun[], warmRuns: [] as ActivationRun[] },
    ];
    // Rounds alternate the workspaces, so that a change of machine load hits both alike. Each
    // round is a cold start (new user data) and a warm one reusing its user data.
    for (let i = 1; i <= o.runs; i++) {
      for (const w of workspaces) {
        const runDir = path.join(tmp, `run-${w.name}-${i}`);
        const port = await freePort();
        for (const [kind, list] of [['cold', w.runs], ['warm', w.warmRuns]] as const) {
          const r = await start(root, ext, w.dir, runDir, i, port);
          list.push(r);
          if (r.ok) o.log(`activation: ${w.name} run ${i}/${o.runs}, ${kind}: activate() ${r.activateMs.toFixed(2)} ms (host ${r.host.activateMs ?? '?'} ms), ${r.returnToRestoredMs === null ? '' : `snapshot served ${Math.round(r.returnToRestoredMs)} ms later, `}ready ${Math.round(r.returnToReadyMs)} ms later with ${r.papers} papers (search for dumps ${r.searchMs ?? "?"} ms); start ${(r.wallMs / 1000).toFixed(1)} s`);
          else {
            keep = true;
            o.log(`activation: ${w.name} run ${i}/${o.runs}, ${kind} FAILED: ${r.error} (its folder is kept: ${r.kept})`);
            break;
          }
        }
        if (!KEEP && !keep) fs.rmSync(runDir, { recursive: true, force: true });
      }
    }
    return {
      measured: true, targetMs: ACTIVATION_TARGET_MS, vscode: vscodeLabel, build: 'minified esbuild bundle of src/ (as in the VSIX)', runsPerWorkspace: o.runs,
      seconds: Math.round((Date.now() - started) / 1000),
      workspaces: workspaces.map((w) => summarize(w.name, w.description, w.runs, w.warmRuns)),
    };
  } finally {
    if (!keep) fs.rmSync(tmp, { recursive: true, force: true });
    else o.log(`activation: kept ${tmp}`);
  }
}

/**
 * Measures activation in child processes' VS Codes; their output goes to a log file (kept only on
 * failure). Resolves `measured: false` when the VS Code server is not provisioned.
 */
export async function activationBench(o: ActivationOptions): Promise<ActivationResult> {
  const provisioned = checkProvisioned();
  if (!provisioned.ok) return { measured: false, reason: `run \`npm run provision\` (the VS Code server is not provisioned: ${provisioned.why})` };
  const resultFile = path.join(os.tmpdir(), `litnotes-activation-${process.pid}.json`);
  const logFile = path.join(os.tmpdir(), `litnotes-activation-${process.pid}.log`);
  const out = fs.openSync(logFile, 'w');
  const args = [__filename, '--child', '--runs', String(o.runs), '--papers', String(o.papers), '--seed', String(o.seed), '--result', resultFile, '--vscode', provisioned.vscode];
  o.log(`activation: ${o.runs} cold and ${o.runs} warm starts of VS Code per workspace (VS Code output: ${logFile})`);
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', out, 'inherit'] });
    child.on('error', () => resolve(1));
    child.on('close', (c) => resolve(c ?? 1));
  });
  fs.closeSync(out);
  if (code !== 0 || !fs.existsSync(resultFile)) {
    return { measured: false, reason: `the activation bench failed (exit code ${code}); VS Code's output is in ${logFile}` };
  }
  const result = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as ActivationResult;
  fs.rmSync(resultFile, { force: true });
  if (result.measured && result.workspaces.every((w) => w.ok === w.runs.length)) fs.rmSync(logFile, { force: true });
  return result;
}

async function main(argv: readonly string[]): Promise<void> {
  const o: ActivationOptions & { child: boolean; result: string; vscode: string; out: string; markdown: boolean } = {
    runs: 5, papers: 10_000, seed: 42, log: (m) => process.stderr.write(`${m}\n`), child: false, result: '', vscode: '', out: '', markdown: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = (): string => inline ?? argv[++i];
    if (flag === '--runs') o.runs = Number(value());
    else if (flag === '--papers') o.papers = Math.round(Number(value().replace(/k$/i, '000')));
    else if (flag === '--seed') o.seed = Number(value());
    else if (flag === '--out') o.out = path.resolve(value());
    else if (flag === '--markdown') o.markdown = true;
    else if (flag === '--child') o.child = true;
    else if (flag === '--result') o.result = value();
    else if (flag === '--vscode') o.vscode = value();
    else throw new Error(`unknown flag ${argv[i]} (use --runs N --papers N --seed N --out FILE --markdown)`);
  }
  if (!(o.runs >= 1) || !(o.papers >= 10)) throw new Error('bad --runs or --papers');
  if (o.child) {
    fs.writeFileSync(o.result, JSON.stringify(await measure(o, o.vscode)));
    return;
  }
  const result = await activationBench(o);
  if (!result.measured) process.stdout.write(`\n${notMeasuredLine(result)}\n`);
  else process.stdout.write(`\n${table(`activation in a real VS Code extension host (${result.runsPerWorkspace} cold + ${result.runsPerWorkspace} warm starts per workspace, ${result.seconds} s)`, activationRows(result), o.markdown)}\n\n`);
  if (o.out) fs.writeFileSync(o.out, JSON.stringify({ date: new Date().toISOString(), command: `node out/bench/activation.js ${argv.join(' ')}`.trim(), activation: result }, null, 1) + '\n');
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
