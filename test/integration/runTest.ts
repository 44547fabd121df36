// Runs the integration suites inside a real VS Code, in two passes (one VS Code each):
//
//   1. single folder: test/integration/suite in a copy of test/fixtures/workspace;
//   2. multi-root:    test/integration/multiRoot in a two-folder workspace opened from its
//                     .code-workspace file: folder "papers" (seed dumps 000–002, the broken dump,
//                     notes/) and folder "more-papers" (seed dumps 003–004), plus the extra files in
//                     test/fixtures/multi-root (the workspace file, each folder's drafts/, and
//                     more-papers/.vscode/settings.json).
//
// Both passes always run; the exit code is non-zero if either fails. The last line sums both:
// `integration: N passed, N failed` (scripts/test-all.mjs reads the last such line).
//
// By default VS Code is the VS Code server bundled in code-server, driven by
// scripts/vscode-launcher (see scripts/provision.mjs), which needs nothing from the internet.
// LITNOTES_VSCODE=/path/to/code  runs the same suites in that desktop VS Code instead;
// LITNOTES_VSCODE=stable|insiders|1.x.y  lets @vscode/test-electron download that version.
// LITNOTES_PASS=single|multi-root  runs only that pass.
//
// Each pass opens fresh temporary copies of the fixtures, so tests may write files.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(__dirname, '..', '..', '..');
const fixtures = path.join(root, 'test', 'fixtures');

/** The seed dumps of test/fixtures/workspace/dumps that go to the multi-root workspace's second folder. */
const SECOND_FOLDER_DUMPS = ['003_8408f118e69440e1.txt', '004_54a2025a6e864eb8.txt'];

interface Pass {
  name: 'single' | 'multi-root';
  /** The suite directory under test/integration (LITNOTES_SUITE). */
  suite: string;
  /** Builds the workspace under `tmp`: its directory, and what VS Code opens (that folder or a .code-workspace file). */
  prepare(tmp: string): { dir: string; open: string };
}

const PASSES: Pass[] = [
  {
    name: 'single',
    suite: 'suite',
    prepare(tmp) {
      const workspace = path.join(tmp, 'workspace');
      fs.cpSync(path.join(fixtures, 'workspace'), workspace, { recursive: true });
      return { dir: workspace, open: workspace };
    },
  },
  {
    name: 'multi-root',
    suite: 'multiRoot',
    prepare(tmp) {
      const workspace = path.join(tmp, 'multi-root');
      const [first, second] = [path.join(workspace, 'papers'), path.join(workspace, 'more-papers')];
      fs.cpSync(path.join(fixtures, 'multi-root'), workspace, { recursive: true });
      fs.cpSync(path.join(fixtures, 'workspace', 'notes'), path.join(first, 'notes'), { recursive: true });
      const seeds = path.join(fixtures, 'workspace', 'dumps');
      for (const file of fs.readdirSync(seeds)) {
        const folder = SECOND_FOLDER_DUMPS.includes(file) ? second : first;
        fs.mkdirSync(path.join(folder, 'dumps'), { recursive: true });
        fs.copyFileSync(path.join(seeds, file), path.join(folder, 'dumps', file));
      }
      return { dir: workspace, open: path.join(workspace, 'litnotes.code-workspace') };
    },
  },
];

interface Result {
  name: string;
  ok: boolean;
  passed: number;
  failed: number;
  ms: number;
  error?: string;
}

async function runPass(pass: Pass, target: { vscodeExecutablePath?: string; version?: string }): Promise<Result> {
  const started = Date.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `litnotes-it-${pass.name}-`));
  const results = path.join(tmp, 'results.json');
  try {
    const workspace = pass.prepare(tmp);
    console.log(`\nintegration (${pass.name}): VS Code = ${target.vscodeExecutablePath ?? `download ${target.version}`}; workspace = ${workspace.open}`);
    const extensionTestsEnv: Record<string, string> = {
      LITNOTES_TEST_WORKSPACE: workspace.dir,
      LITNOTES_SUITE: pass.suite,
      LITNOTES_RESULTS: results,
      // A grep that selects tests of one pass only must not fail the other; the total below decides.
      ...(process.env.LITNOTES_GREP ? { LITNOTES_ALLOW_NO_MATCH: '1' } : {}),
      // Each pass keeps its own workbench logs (the launcher replaces the directory).
      LITNOTES_LOGS_DIR:
        process.env.LITNOTES_LOGS_DIR ?? path.join(root, 'test-results', pass.name === 'single' ? 'integration-logs' : `integration-logs-${pass.name}`),
    };
    let error: string | undefined;
    try {
      await runTests({
        ...target,
        extensionDevelopmentPath: root,
        extensionTestsPath: path.resolve(__dirname, 'index.js'),
        launchArgs: [
          workspace.open,
          '--disable-extensions',
          `--user-data-dir=${path.join(tmp, 'user-data')}`,
          `--extensions-dir=${path.join(tmp, 'extensions')}`,
        ],
        extensionTestsEnv,
      });
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    const counts = fs.existsSync(results) ? (JSON.parse(fs.readFileSync(results, 'utf8')) as { passed: number; failed: number }) : null;
    if (!counts && !error) error = 'the tests reported no results';
    const passed = counts?.passed ?? 0;
    const failed = counts?.failed ?? 0;
    return { name: pass.name, ok: !error && failed === 0, passed, failed, ms: Date.now() - started, error };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  if (!fs.existsSync(path.join(root, 'dist', 'extension.js'))) {
    console.error('dist/extension.js is missing: run `npm run build` first');
    return 1;
  }
  const only = process.env.LITNOTES_PASS;
  const passes = only ? PASSES.filter((p) => p.name === only) : PASSES;
  if (passes.length === 0) {
    console.error(`LITNOTES_PASS=${only}: expected one of ${PASSES.map((p) => p.name).join(', ')}`);
    return 1;
  }

  const which = process.env.LITNOTES_VSCODE;
  const target: { vscodeExecutablePath?: string; version?: string } = {};
  if (!which) target.vscodeExecutablePath = path.join(root, 'scripts', 'vscode-launcher');
  else if (/^(stable|insiders|\d+\.\d+\.\d+)$/.test(which)) target.version = which;
  else target.vscodeExecutablePath = which;

  const results: Result[] = [];
  for (const pass of passes) results.push(await runPass(pass, target));

  console.log('');
  for (const r of results) {
    const why = r.error ? `: ${r.error}` : '';
    console.log(`integration (${r.name}): ${r.ok ? 'ok' : 'FAILED'} in ${(r.ms / 1000).toFixed(1)} s, ${r.passed} passing / ${r.failed} failing${why}`);
  }
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  let ok = results.every((r) => r.ok);
  if (ok && passed === 0) {
    console.log(`integration: FAILED: no test ran${process.env.LITNOTES_GREP ? ` (nothing matched LITNOTES_GREP=${process.env.LITNOTES_GREP})` : ''}`);
    ok = false;
  }
  // Last: scripts/test-all.mjs takes the layer's counts from the last `N passed, N failed` line.
  console.log(`integration: ${passed} passed, ${failed} failed`);
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`integration: FAILED: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
