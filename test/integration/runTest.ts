// Runs the integration suites (test/integration/suite) inside a real VS Code.
//
// By default VS Code is the VS Code server bundled in code-server, driven by
// scripts/vscode-launcher (see scripts/provision.mjs), which needs nothing from the internet.
// LITNOTES_VSCODE=/path/to/code  runs the same suites in that desktop VS Code instead;
// LITNOTES_VSCODE=stable|insiders|1.x.y  lets @vscode/test-electron download that version.
//
// Each run opens a fresh temporary copy of test/fixtures/workspace, so tests may write files.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<number> {
  const root = path.resolve(__dirname, '..', '..', '..');
  const extensionTestsPath = path.resolve(__dirname, 'index.js');
  const fixture = path.join(root, 'test', 'fixtures', 'workspace');
  if (!fs.existsSync(path.join(root, 'dist', 'extension.js'))) {
    console.error('dist/extension.js is missing: run `npm run build` first');
    return 1;
  }

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'litnotes-it-'));
  const workspace = path.join(tmp, 'workspace');
  fs.cpSync(fixture, workspace, { recursive: true });
  const launchArgs = [
    workspace,
    '--disable-extensions',
    `--user-data-dir=${path.join(tmp, 'user-data')}`,
    `--extensions-dir=${path.join(tmp, 'extensions')}`,
  ];

  const which = process.env.LITNOTES_VSCODE;
  const target: { vscodeExecutablePath?: string; version?: string } = {};
  if (!which) target.vscodeExecutablePath = path.join(root, 'scripts', 'vscode-launcher');
  else if (/^(stable|insiders|\d+\.\d+\.\d+)$/.test(which)) target.version = which;
  else target.vscodeExecutablePath = which;
  console.log(`integration: VS Code = ${target.vscodeExecutablePath ?? `download ${target.version}`}; workspace = ${workspace}`);

  try {
    await runTests({
      ...target,
      extensionDevelopmentPath: root,
      extensionTestsPath,
      launchArgs,
      extensionTestsEnv: { LITNOTES_TEST_WORKSPACE: workspace },
    });
    return 0;
  } catch (err) {
    console.error(`integration: FAILED: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code));
