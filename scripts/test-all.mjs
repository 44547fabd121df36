#!/usr/bin/env node
// `npm test`: lints (incl. the rule that keeps `vscode` out of src/core), builds, then runs the three test layers in order — unit, integration (real VS Code
// extension host), UI end-to-end (real VS Code in headless Chromium) — with provisioning before
// the integration layer. Prints each layer's time and pass/fail counts and ends with one line
// `N passed, N failed` (totals). Exits non-zero if any layer failed, could not start, or ran no
// test: a layer that cannot start is a failure, never a skip.
//
//   node scripts/test-all.mjs [unit] [integration] [e2e]   run only the named layers

import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { failureLines, parseCounts } from './layer-output.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

let current = null;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    console.log(`\ntest-all: received ${sig}; stopping`);
    if (current?.pid) current.kill(sig);
    setTimeout(() => process.exit(130), 15_000).unref();
    current?.on('exit', () => process.exit(130));
    if (!current) process.exit(130);
  });
}

/** Runs a command, streaming its output and capturing it. */
function run(cmd, args) {
  return new Promise((resolve) => {
    const started = Date.now();
    let output = '';
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
    current = child;
    const onData = (stream) => (chunk) => {
      output += chunk.toString();
      stream.write(chunk);
    };
    child.stdout.on('data', onData(process.stdout));
    child.stderr.on('data', onData(process.stderr));
    child.on('error', (err) => {
      output += `\n${err.message}`;
    });
    child.on('close', (code, signal) => {
      current = null;
      resolve({ code: code ?? (signal ? 1 : 0), output, ms: Date.now() - started });
    });
  });
}

const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const banner = (text) => console.log(`\n${'='.repeat(8)} ${text} ${'='.repeat(Math.max(4, 70 - text.length))}`);

async function main() {
  const wanted = process.argv.slice(2);
  const known = ['unit', 'integration', 'e2e'];
  const bad = wanted.filter((w) => !known.includes(w));
  if (bad.length) {
    console.error(`test-all: unknown layer(s) ${bad.join(', ')}; layers: ${known.join(', ')}`);
    process.exit(2);
  }
  const want = (layer) => wanted.length === 0 || wanted.includes(layer);
  const t0 = Date.now();
  const prep = [];
  const results = [];

  for (const [name, script] of [['lint', 'lint'], ['build', 'build'], ['compile-tests', 'compile-tests']]) {
    banner(`${name} (npm run ${script})`);
    const r = await run(NPM, ['run', script]);
    prep.push({ name, ok: r.code === 0, ms: r.ms });
  }

  const layer = async (name, script, blocker) => {
    banner(`${name} layer (npm run ${script})`);
    if (blocker) {
      console.log(`test-all: the ${name} layer cannot start: ${blocker}`);
      results.push({ name, ok: false, passed: 0, failed: 0, ms: 0, note: `could not start: ${blocker}` });
      return;
    }
    const r = await run(NPM, ['run', script]);
    const counts = parseCounts(r.output);
    const passed = counts?.passed ?? 0;
    const failed = counts?.failed ?? 0;
    let note = '';
    if (r.code !== 0 && failed === 0) note = passed === 0 ? `exited with code ${r.code} and ran no test` : `exited with code ${r.code}`;
    else if (r.code !== 0) note = `exited with code ${r.code}`;
    else if (!counts || passed + failed === 0) note = 'ran no test';
    const ok = r.code === 0 && failed === 0 && passed > 0;
    results.push({ name, ok, passed, failed, ms: r.ms, note, failures: ok ? [] : failureLines(r.output) });
  };

  if (want('unit')) await layer('unit', 'test:unit');

  let provisionBlocker = null;
  if (want('integration') || want('e2e')) {
    banner('provision (npm run provision)');
    const r = await run(NPM, ['run', 'provision']);
    prep.push({ name: 'provision', ok: r.code === 0, ms: r.ms });
    if (r.code !== 0) provisionBlocker = 'provisioning failed (see above)';
  }
  if (want('integration')) await layer('integration', 'test:integration', provisionBlocker);
  if (want('e2e')) await layer('e2e', 'test:e2e', provisionBlocker);

  banner('summary');
  for (const p of prep) console.log(`${p.ok ? 'ok  ' : 'FAIL'} ${p.name.padEnd(18)} ${secs(p.ms).padStart(9)}`);
  let passed = 0;
  let failed = 0;
  for (const r of results) {
    passed += r.passed;
    // A layer that failed without a counted failing test still counts as one failure.
    failed += r.failed > 0 ? r.failed : r.ok ? 0 : 1;
    console.log(
      `${r.ok ? 'ok  ' : 'FAIL'} ${`${r.name} layer`.padEnd(18)} ${secs(r.ms).padStart(9)}   ${r.passed} passed, ${r.failed} failed${r.note ? `   (${r.note})` : ''}`,
    );
  }
  for (const r of results) for (const line of r.failures ?? []) console.log(`  ${r.name}: ${line}`);
  const prepFailed = prep.filter((p) => !p.ok);
  failed += prepFailed.length; // a failed build or provisioning step is a failure too
  console.log(`total ${secs(Date.now() - t0)}`);
  console.log(`${passed} passed, ${failed} failed`);
  const ok = results.length > 0 && results.every((r) => r.ok) && prepFailed.length === 0;
  process.exit(ok ? 0 : 1);
}

main().catch((err) => {
  console.error(`test-all: internal error: ${err?.stack ?? err}`);
  process.exit(1);
});
