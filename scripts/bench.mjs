#!/usr/bin/env node
// `npm run bench [-- FLAGS]`: runs the benchmark (out/bench/run.js, compiled by `npm run
// compile-tests`) on the Node the extension runs on. VS Code 1.139's extension host runs Node 24
// (code-server, which the tests drive, requires it), so the bench provisions Node 24 as the test
// layers do (scripts/provision.mjs, cached outside the repo) and runs there; every child process
// the bench starts uses the same Node. `--node current` runs on the Node that runs this script
// instead (the oldest VS Code this extension supports, 1.90, runs Node 20).
// The other flags go to out/bench/run.js (see bench/run.ts).

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { node24Env, provisionNode, StepError } from './provision.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const at = args.indexOf('--node');
const which = at >= 0 ? args.splice(at, 2)[1] : '24';
if (which !== '24' && which !== 'current') {
  console.error(`bench: --node takes 24 or current, not ${JSON.stringify(which)}`);
  process.exit(2);
}

let node = process.execPath;
let env = process.env;
if (which === '24') {
  try {
    node = await provisionNode();
    env = node24Env();
  } catch (err) {
    console.error(`bench: could not provision Node 24: ${err instanceof StepError ? err.message : err}`);
    process.exit(1);
  }
}
const result = spawnSync(node, [path.join(ROOT, 'out', 'bench', 'run.js'), ...args], { cwd: ROOT, env, stdio: 'inherit' });
process.exit(result.status ?? 1);
