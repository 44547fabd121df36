#!/usr/bin/env node
// `npm start`: try Literature Notes in a real VS Code in your browser.
// Builds and packages the VSIX, provisions code-server (scripts/provision.mjs), installs the VSIX
// into it as a user would, and serves VS Code on 127.0.0.1 with a sample workspace (the seed
// dumps plus an example note). Runs until Ctrl+C.
//
//   PORT=8080            port to serve on (falls back to a free one when busy)
//   --fresh              recreate the sample workspace and VS Code profile
//   --no-package         install the existing litnotes-<version>.vsix instead of rebuilding
//
// Everything lives under ${LITNOTES_CACHE:-~/.cache/litnotes-test}/start/ and persists between
// runs (your edits in the sample workspace are kept).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  CACHE, REPO_ROOT, StepError, freePort, installVsix, provision, startCodeServer, stopGroup,
  writeCodeServerConfig, writeUserSettings,
} from './provision.mjs';

const args = process.argv.slice(2);
const say = (msg) => console.log(`start: ${msg}`);

const EXAMPLE_NOTE = `# Example note

This workspace holds paper dumps (\`dumps/\`, copied from Hugging Face Papers listings) and
ordinary Markdown notes (\`notes/\`). Things to try:

- Click the **Literature Notes** icon in the activity bar to browse papers by topic.
- Press F1 and run **Literature Notes: Search Papers**, e.g. for \`positional encoding\`.
- Type \`[@electra\` below and pick ELECTRA from the suggestions; hover the key to read the abstract.

## Notes

Replaced token detection makes every token a training signal [@electra2020].

`;

function packageVsix() {
  const { version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  const vsix = path.join(REPO_ROOT, `litnotes-${version}.vsix`);
  if (args.includes('--no-package') && fs.existsSync(vsix)) return vsix;
  say('building and packaging the extension (npm run package)');
  const r = spawnSync('npm', ['run', 'package'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`npm run package failed (exit ${r.status}); fix the build error above and run npm start again`);
  if (!fs.existsSync(vsix)) throw new Error(`npm run package did not produce ${vsix}`);
  return vsix;
}

function sampleWorkspace(dir) {
  if (args.includes('--fresh')) fs.rmSync(dir, { recursive: true, force: true });
  const dumps = path.join(dir, 'dumps');
  const notes = path.join(dir, 'notes');
  fs.mkdirSync(dumps, { recursive: true });
  fs.mkdirSync(notes, { recursive: true });
  const seeds = path.join(REPO_ROOT, 'test', 'fixtures', 'seeds');
  for (const f of fs.readdirSync(seeds)) {
    // *.papers.txt activates the extension as soon as the folder opens (activationEvents).
    const to = path.join(dumps, f.replace(/\.txt$/, '.papers.txt'));
    if (!fs.existsSync(to)) {
      fs.copyFileSync(path.join(seeds, f), to);
      fs.chmodSync(to, 0o644);
    }
  }
  const example = path.join(notes, 'example.md');
  if (!fs.existsSync(example)) fs.writeFileSync(example, EXAMPLE_NOTE);
}

async function main() {
  const vsix = packageVsix();
  await provision();

  const base = path.join(CACHE, 'start');
  if (args.includes('--fresh')) {
    fs.rmSync(path.join(base, 'user-data'), { recursive: true, force: true });
    fs.rmSync(path.join(base, 'extensions'), { recursive: true, force: true });
  }
  const userDataDir = path.join(base, 'user-data');
  const extensionsDir = path.join(base, 'extensions');
  const config = path.join(base, 'config.yaml');
  const workspace = path.join(base, 'workspace');
  sampleWorkspace(workspace);
  if (!fs.existsSync(path.join(userDataDir, 'User', 'settings.json'))) writeUserSettings(userDataDir);

  const wanted = Number(process.env.PORT || 8080);
  const port = await freePort(wanted);
  if (port !== wanted) say(`port ${wanted} is busy; using ${port}`);
  writeCodeServerConfig(config, port);

  say(`installing ${path.basename(vsix)} (code-server --install-extension)`);
  installVsix(vsix, { userDataDir, extensionsDir, config });

  const cs = startCodeServer({ port, userDataDir, extensionsDir, config, folder: workspace });
  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    say('stopping code-server');
    await stopGroup(cs.child);
    process.exit(code);
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => stop(0));
  process.on('exit', () => {
    try {
      process.kill(-cs.child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  });
  cs.child.on('exit', (code, signal) => {
    if (stopping) return;
    say(`code-server stopped unexpectedly (${signal ?? `code ${code}`})`);
    process.exit(code || 1);
  });
  await cs.ready;
  console.log('');
  console.log(`  Literature Notes in VS Code: ${cs.url}`);
  console.log(`  sample workspace:            ${workspace}`);
  console.log('  (Ctrl+C to stop)');
  console.log('');
}

main().catch((err) => {
  console.error(`start: FAILED ${err instanceof StepError ? `provisioning ${err.message}` : err?.message ?? err}`);
  process.exit(1);
});
