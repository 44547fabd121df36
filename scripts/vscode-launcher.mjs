#!/usr/bin/env node
// A stand-in for the `code` executable, for extension tests. It takes VS Code's own command-line
// arguments, so `runTests({ vscodeExecutablePath: 'scripts/vscode-launcher', ... })` from
// @vscode/test-electron (or `useInstallation.fromPath` in @vscode/test-cli) runs unchanged:
//
//   --extensionDevelopmentPath=DIR  --extensionTestsPath=FILE  --user-data-dir=DIR
//   --extensions-dir=DIR  [FOLDER | FILE.code-workspace]   (every other VS Code flag is accepted and ignored)
//
// It starts the VS Code server bundled in code-server (see scripts/provision.mjs) with the
// smoke-test driver, opens the workbench in headless Chromium with the test payload, forwards
// the extension host's log to stdout, and exits with the tests' exit code. It has an overall
// timeout (LITNOTES_TEST_TIMEOUT seconds, default 300) and ends the server's whole process group
// and the browser on every exit path, signals included.
//
// Env: LITNOTES_TEST_TIMEOUT (s), LITNOTES_VERBOSE=1 (also print the server's and the browser
// page's own output), LITNOTES_LOGS_DIR (where to write the workbench logs; default
// test-results/integration-logs), LITNOTES_VSCODE_PORT (the server's port instead of a free one:
// VS Code keys a workspace's storage by its URI, port included, so two starts that should share
// the extension's workspace storage need the same port).

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { format } from 'node:util';
import path from 'node:path';
import { CHROMIUM_ARGS, REPO_ROOT, StepError, loadPlaywright, node24Env, provision } from './provision.mjs';

const TAG = '[vscode-launcher]';
const VERBOSE = !!process.env.LITNOTES_VERBOSE && process.env.LITNOTES_VERBOSE !== '0';
const TIMEOUT_S = Number(process.env.LITNOTES_TEST_TIMEOUT || 300);
const LOGS_DIR = process.env.LITNOTES_LOGS_DIR || path.join(REPO_ROOT, 'test-results', 'integration-logs');
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
const note = (msg) => console.log(`${TAG} ${msg}`);

// ---------------------------------------------------------------------------------------------
// arguments

/** Parses the subset of VS Code's CLI the launcher needs; both `--flag=value` and `--flag value`. */
export function parseArgs(argv) {
  const valued = new Set(['extensionDevelopmentPath', 'extensionTestsPath', 'user-data-dir', 'extensions-dir']);
  // Other VS Code flags that take a separate value, so that value is not mistaken for a folder.
  const otherValued = new Set(['locale', 'profile', 'log', 'sync', 'inspect-extensions', 'inspect-brk-extensions', 'category', 'install-extension', 'uninstall-extension', 'enable-proposed-api', 'disable-extension', 'remote', 'folder-uri', 'file-uri']);
  const out = { extensionDevelopmentPath: [], extensionTestsPath: null, userDataDir: null, extensionsDir: null, folder: null, ignored: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const m = /^--([^=]+)(?:=(.*))?$/s.exec(arg);
    if (m) {
      const [, name, inline] = m;
      if (valued.has(name)) {
        const value = inline ?? argv[++i];
        if (value === undefined) throw new Error(`${arg} needs a value`);
        if (name === 'extensionDevelopmentPath') out.extensionDevelopmentPath.push(path.resolve(value));
        else if (name === 'extensionTestsPath') out.extensionTestsPath = path.resolve(value);
        else if (name === 'user-data-dir') out.userDataDir = path.resolve(value);
        else out.extensionsDir = path.resolve(value);
      } else {
        if (inline === undefined && otherValued.has(name) && i + 1 < argv.length) out.ignored.push(arg, argv[++i]);
        else out.ignored.push(arg);
      }
    } else if (arg.startsWith('-')) {
      out.ignored.push(arg);
    } else if (out.folder === null) {
      out.folder = path.resolve(arg);
    } else {
      out.ignored.push(arg);
    }
  }
  return out;
}

/** A multi-root workspace file (opened with `?workspace=`) rather than a folder (`?folder=`). */
function isWorkspaceFile(p) {
  return /\.code-workspace$/i.test(p) && fs.existsSync(p) && fs.statSync(p).isFile();
}

// ---------------------------------------------------------------------------------------------
// cleanup: every exit path goes through exit()

let server = null; // ChildProcess, leader of its own process group
let browser = null;
const tempDirs = [];
let exiting = false;

function killServerGroup(signal) {
  if (!server?.pid) return;
  try {
    process.kill(-server.pid, signal);
  } catch {
    /* already gone */
  }
}

function serverGroupAlive() {
  if (!server?.pid) return false;
  try {
    process.kill(-server.pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function exit(code, why) {
  if (exiting) return;
  exiting = true;
  if (why) note(why);
  const hardStop = setTimeout(() => {
    killServerGroup('SIGKILL');
    process.exit(code);
  }, 10_000);
  hardStop.unref();
  try {
    await Promise.race([browser?.close(), new Promise((r) => setTimeout(r, 5000))]);
  } catch {
    /* ignore */
  }
  killServerGroup('SIGTERM');
  for (let i = 0; i < 30 && serverGroupAlive(); i++) await new Promise((r) => setTimeout(r, 100));
  killServerGroup('SIGKILL');
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  process.exit(code);
}

// Last resort if something calls process.exit directly.
process.on('exit', () => killServerGroup('SIGKILL'));
for (const [sig, n] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]]) {
  process.on(sig, () => exit(128 + n, `received ${sig}; shutting down`));
}
process.on('uncaughtException', (err) => exit(1, `internal error: ${err?.stack ?? err}`));
process.on('unhandledRejection', (err) => exit(1, `internal error: ${err?.stack ?? err}`));

// ---------------------------------------------------------------------------------------------

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Starts server-main.js in its own process group; resolves once it listens. */
function startServer(paths, { port, dataDir, extensionsDir }) {
  const args = [
    paths.serverMain,
    '--host', '127.0.0.1',
    '--port', String(port),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--enable-smoke-test-driver',
    '--disable-telemetry',
    '--disable-workspace-trust',
    '--server-data-dir', path.join(dataDir, 'server'),
    '--user-data-dir', path.join(dataDir, 'user'),
    '--extensions-dir', extensionsDir,
  ];
  const recent = [];
  server = spawn(paths.node, args, {
    detached: true, // its own process group, so that exit() can end all of it
    stdio: ['ignore', 'pipe', 'pipe'],
    env: node24Env(),
  });
  return new Promise((resolve, reject) => {
    let ready = false;
    const timer = setTimeout(() => reject(new Error(`the VS Code server did not report "Extension host agent listening" within 60 s. Its last output:\n${recent.join('')}`)), 60_000);
    const onData = (chunk) => {
      const text = chunk.toString();
      recent.push(text);
      if (recent.length > 40) recent.shift();
      if (VERBOSE) process.stdout.write(text.replace(/^/gm, '[server] '));
      if (!ready && text.includes('Extension host agent listening')) {
        ready = true;
        clearTimeout(timer);
        resolve();
      }
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
    server.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${paths.node}: ${err.message}`));
    });
    server.on('exit', (code, signal) => {
      clearTimeout(timer);
      const msg = `the VS Code server exited (${signal ?? `code ${code}`}) ${ready ? 'while the tests ran' : 'before it was ready'}. Its last output:\n${recent.join('')}`;
      if (!ready) reject(new Error(msg));
      else if (!exiting) exit(1, msg);
    });
  });
}

function writeLogs(logs) {
  if (!Array.isArray(logs) || logs.length === 0) return;
  try {
    fs.rmSync(LOGS_DIR, { recursive: true, force: true });
    for (const { relativePath, contents } of logs) {
      const file = path.join(LOGS_DIR, relativePath);
      if (!file.startsWith(LOGS_DIR)) continue;
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, contents);
    }
    note(`workbench logs written to ${path.relative(process.cwd(), LOGS_DIR) || LOGS_DIR}`);
  } catch (err) {
    note(`could not write the workbench logs: ${err.message}`);
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (VERBOSE && opts.ignored.length) note(`ignoring ${opts.ignored.join(' ')}`);
  if (!opts.extensionTestsPath) {
    throw new Error('this launcher only runs extension tests: pass --extensionTestsPath=FILE (and --extensionDevelopmentPath=DIR)');
  }
  if (opts.extensionDevelopmentPath.length > 1) {
    note(`only one --extensionDevelopmentPath is supported; using ${opts.extensionDevelopmentPath[0]}`);
  }
  const devPath = opts.extensionDevelopmentPath[0];
  for (const [what, p] of [['extensionDevelopmentPath', devPath], ['extensionTestsPath', opts.extensionTestsPath], ['folder', opts.folder]]) {
    if (p && !fs.existsSync(p) && !fs.existsSync(`${p}.js`)) throw new Error(`${what} ${p} does not exist`);
  }

  const paths = await provision({ quiet: false });
  const playwright = await loadPlaywright();

  const timer = setTimeout(() => {
    exit(1, `TIMEOUT: the tests did not finish within ${TIMEOUT_S} s (set LITNOTES_TEST_TIMEOUT to change it)`);
  }, TIMEOUT_S * 1000);
  timer.unref();

  let dataDir = opts.userDataDir;
  if (!dataDir) {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'litnotes-vscode-'));
    tempDirs.push(dataDir);
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const extensionsDir = opts.extensionsDir ?? path.join(dataDir, 'extensions');
  fs.mkdirSync(extensionsDir, { recursive: true });

  const port = Number(process.env.LITNOTES_VSCODE_PORT) || (await freePort());
  note(`starting the VS Code server (code-server's VS Code) on 127.0.0.1:${port}`);
  await startServer(paths, { port, dataDir, extensionsDir });
  note(`server ready after ${elapsed()}; opening the workbench in headless Chromium`);

  browser = await playwright.chromium.launch({
    executablePath: paths.chromium,
    args: CHROMIUM_ARGS,
    headless: true,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  browser.on('disconnected', () => {
    if (!exiting) exit(1, 'the browser closed unexpectedly');
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.on('crash', () => exit(1, 'the workbench page crashed'));
  if (VERBOSE) {
    page.on('console', (msg) => console.log(`[page:${msg.type()}] ${msg.text()}`));
    page.on('pageerror', (err) => console.log(`[page:error] ${err.message}`));
  }

  // The workbench calls these when started with --enable-smoke-test-driver.
  // codeAutomationLog(level, args): every workbench log entry, including the extension host's
  // console output (mocha's reporter); args are console.log's arguments (format string first).
  await page.exposeFunction('codeAutomationLog', (level, args) => {
    const text = Array.isArray(args) ? format(...args) : String(args);
    if (VERBOSE) console.log(`[${level}] ${text}`);
    else if (!isNoise(text)) console.log(text);
  });
  await page.exposeFunction('codeAutomationExit', (code, logs) => {
    writeLogs(logs);
    const n = Number(code);
    exit(Number.isInteger(n) ? n : 1, `tests finished with exit code ${code} after ${elapsed()}`);
  });

  const authority = `127.0.0.1:${port}`;
  const remote = (p) => `vscode-remote://${authority}${p.split(path.sep).map(encodeURIComponent).join('/')}`;
  const payload = [
    ['extensionTestsPath', remote(opts.extensionTestsPath)],
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
  ];
  if (devPath) payload.unshift(['extensionDevelopmentPath', remote(devPath)]);
  // Like VS Code's `code DIR` / `code FILE.code-workspace`: the workbench turns an absolute path in
  // `?folder=` / `?workspace=` into a vscode-remote URI on this server (a multi-root workspace file
  // lists its folders relative to itself).
  const query = new URLSearchParams();
  if (opts.folder) query.set(isWorkspaceFile(opts.folder) ? 'workspace' : 'folder', opts.folder);
  else query.set('ew', 'true');
  query.set('payload', JSON.stringify(payload));
  const url = `http://${authority}/?${query}`;
  if (VERBOSE) note(`opening ${url}`);
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  // From here on the run ends through codeAutomationExit, the timeout, or a crash.
}

/** Workbench chatter that is not about the tests (no network, no accounts, connection setup).
 *  Shown with LITNOTES_VERBOSE=1, and always in the logs written at the end. */
const NOISE = [
  /^\[(AgentHost(:[\w-]+)?|ChatModelSelection|AccountPolicyGate|reconnection-grace-time|Service Worker)\]/,
  /^(Resolving|Resolved) connection token/,
  /^Creating a socket \(/,
  /^Updating additional builtin extensions cache/,
  /authentication provider '[\w-]+'/,
  /ENOTFOUND|open-vsx\.org|vsda|update\.code\.visualstudio\.com|\[driver\]/,
];
function isNoise(text) {
  return NOISE.some((re) => re.test(text));
}

main().catch((err) => {
  const msg = err instanceof StepError ? `provisioning failed: ${err.message}` : `FAILED to start: ${err?.message ?? err}`;
  exit(1, msg);
});
