#!/usr/bin/env node
// UI end-to-end layer (`npm run test:e2e`): packages the VSIX, installs it into a fresh
// code-server with `code-server --install-extension` as a user would, opens a temporary copy of
// test/fixtures/workspace, and drives headless Chromium with Playwright through the steps in
// ./steps.mjs. Screenshots: test-results/e2e-<n>-<step>.png after each step,
// test-results/e2e-FAILED-<step>.png when a step fails.
//
// Options (env):
//   LITNOTES_E2E_STEPS=tree,search   run only these steps (the workbench check always runs)
//   LITNOTES_E2E_VSIX=path.vsix      install this VSIX instead of packaging one
//   LITNOTES_E2E_STEP_TIMEOUT=30     seconds a step may wait for its conditions
//   LITNOTES_TEST_TIMEOUT=300        seconds for the whole layer
//   LITNOTES_E2E_KEEP=1              keep code-server running after the steps (prints the URL)
//   LITNOTES_VERBOSE=1               print code-server's output and the page's console

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CHROMIUM_ARGS, REPO_ROOT, freePort, installVsix, loadPlaywright, provision, startCodeServer,
  stopGroup, killGroup, writeCodeServerConfig, writeUserSettings,
} from '../../scripts/provision.mjs';
import { STEPS } from './steps.mjs';

const VERBOSE = !!process.env.LITNOTES_VERBOSE && process.env.LITNOTES_VERBOSE !== '0';
const STEP_TIMEOUT = Number(process.env.LITNOTES_E2E_STEP_TIMEOUT || 30) * 1000;
const TOTAL_TIMEOUT = Number(process.env.LITNOTES_TEST_TIMEOUT || 300) * 1000;
const RESULTS = path.join(REPO_ROOT, 'test-results');
const t0 = Date.now();
const secs = (ms) => `${(ms / 1000).toFixed(1)}s`;
const log = (msg) => console.log(`[e2e] ${msg}`);

let server = null;
let browser = null;
let tmp = null;
let finishing = false;

async function cleanup() {
  try {
    await Promise.race([browser?.close(), new Promise((r) => setTimeout(r, 5000))]);
  } catch {
    /* ignore */
  }
  await stopGroup(server);
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
}

async function finish(code, why) {
  if (finishing) return;
  finishing = true;
  if (why) log(why);
  setTimeout(() => {
    killGroup(server, 'SIGKILL');
    process.exit(code);
  }, 10_000).unref();
  await cleanup();
  process.exit(code);
}

process.on('exit', () => killGroup(server, 'SIGKILL'));
for (const [sig, n] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]]) {
  process.on(sig, () => finish(128 + n, `received ${sig}; shutting down`));
}

function packageVsix() {
  if (process.env.LITNOTES_E2E_VSIX) return path.resolve(process.env.LITNOTES_E2E_VSIX);
  const { version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  const vsix = path.join(REPO_ROOT, `litnotes-${version}.vsix`);
  log('packaging the extension (npm run package)');
  const r = spawnSync('npm', ['run', 'package'], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) {
    throw new Error(`npm run package failed (exit ${r.status}):\n${(r.stdout + r.stderr).trim().split('\n').slice(-25).join('\n')}`);
  }
  if (!fs.existsSync(vsix)) throw new Error(`npm run package did not produce ${vsix}`);
  return vsix;
}

async function main() {
  const overall = setTimeout(() => finish(1, `TIMEOUT: the UI layer did not finish within ${secs(TOTAL_TIMEOUT)} (LITNOTES_TEST_TIMEOUT)`), TOTAL_TIMEOUT);
  overall.unref();

  await provision();
  const vsix = packageVsix();
  const playwright = await loadPlaywright();

  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'litnotes-e2e-'));
  const userDataDir = path.join(tmp, 'user-data');
  const extensionsDir = path.join(tmp, 'extensions');
  const config = path.join(tmp, 'config.yaml');
  const workspace = path.join(tmp, 'workspace');
  fs.cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  const port = await freePort();
  writeCodeServerConfig(config, port);
  writeUserSettings(userDataDir);

  log(`installing ${path.basename(vsix)} with code-server --install-extension`);
  const installed = installVsix(vsix, { userDataDir, extensionsDir, config });
  if (VERBOSE) console.log(installed);

  const cs = startCodeServer({
    port, userDataDir, extensionsDir, config, folder: workspace,
    onOutput: VERBOSE ? (t) => process.stdout.write(t.replace(/^/gm, '[code-server] ')) : undefined,
  });
  server = cs.child;
  server.on('exit', (code, signal) => {
    if (!finishing) finish(1, `code-server exited unexpectedly (${signal ?? `code ${code}`}); its output:\n${cs.recentOutput()}`);
  });
  await cs.ready;
  log(`code-server listening at ${cs.url} after ${secs(Date.now() - t0)}`);

  browser = await playwright.chromium.launch({
    executablePath: (await provision({ quiet: true })).chromium,
    args: CHROMIUM_ARGS,
    headless: true,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  if (VERBOSE) page.on('console', (m) => console.log(`[page:${m.type()}] ${m.text()}`));
  await page.goto(cs.url, { waitUntil: 'domcontentloaded' });

  fs.mkdirSync(RESULTS, { recursive: true });
  for (const f of fs.readdirSync(RESULTS)) if (/^e2e-.*\.png$/.test(f)) fs.rmSync(path.join(RESULTS, f));

  const only = (process.env.LITNOTES_E2E_STEPS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = only.filter((s) => !STEPS.some((st) => st.name === s));
  if (unknown.length) throw new Error(`unknown step(s) in LITNOTES_E2E_STEPS: ${unknown.join(', ')} (steps: ${STEPS.map((s) => s.name).join(', ')})`);

  const ctx = { page, timeout: STEP_TIMEOUT, state: {} };
  let passed = 0;
  let failed = 0;
  let workbenchOk = true;
  for (const step of STEPS) {
    if (step.name !== 'workbench' && only.length && !only.includes(step.name)) continue;
    const started = Date.now();
    const label = `step ${step.n} ${step.name}`;
    if (!workbenchOk) {
      failed++;
      console.log(`FAIL ${label}: not run, the workbench did not load`);
      continue;
    }
    try {
      const detail = await step.fn(ctx);
      const shot = path.join(RESULTS, `e2e-${step.n}-${step.name}.png`);
      await page.screenshot({ path: shot });
      passed++;
      console.log(`ok   ${label} (${secs(Date.now() - started)})${detail ? ` — ${detail}` : ''}`);
    } catch (err) {
      failed++;
      if (step.name === 'workbench') workbenchOk = false;
      const shot = path.join(RESULTS, `e2e-FAILED-${step.name}.png`);
      await page.screenshot({ path: shot }).catch(() => {});
      const msg = String(err?.message ?? err).split('\n').map((l, i) => (i ? `     ${l}` : l)).join('\n');
      console.log(`FAIL ${label} (${secs(Date.now() - started)}): ${msg}\n     screenshot: ${path.relative(REPO_ROOT, shot)}`);
    }
    // Leave no widget open for the next step.
    await page.keyboard.press('Escape').catch(() => {});
  }

  log(`done in ${secs(Date.now() - t0)}; screenshots in ${path.relative(REPO_ROOT, RESULTS)}/`);
  console.log(`${passed} passed, ${failed} failed`);
  if (process.env.LITNOTES_E2E_KEEP) {
    log(`LITNOTES_E2E_KEEP: code-server stays at ${cs.url} — Ctrl+C to stop`);
    await browser.close();
    browser = null;
    return;
  }
  await finish(failed > 0 || passed === 0 ? 1 : 0);
}

main().catch((err) => {
  console.log(`FAIL e2e setup: ${err?.message ?? err}`);
  console.log('0 passed, 1 failed');
  finish(1);
});
