// Loaded by VS Code inside the extension host (--extensionTestsPath): finds the compiled suites
// under ./suite (or the directory LITNOTES_SUITE names) and runs them with mocha.
//
//   LITNOTES_GREP=<text or /regex/>  run only the tests whose full title matches
//   LITNOTES_SUITE=<dir>             the suite directory under test/integration: `suite` (default,
//                                    single folder) or `multiRoot` (set by runTest.ts)
//   LITNOTES_RESULTS=<file>          also write {"passed", "failed", "pending"} there as JSON
//                                    (runTest.ts sums the passes from it)
//   LITNOTES_ALLOW_NO_MATCH=1        with LITNOTES_GREP, matching no test here is not a failure
//                                    (runTest.ts then requires a match in some pass)
//
// The run fails (and so the layer fails) when any test fails or when no test ran at all.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

/** Compiled suites under `dir`; when the sources are present, only those whose .ts still exists
 *  (tsc never deletes out/ files of removed or renamed suites). */
function findTests(dir: string, name: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const srcDir = path.resolve(__dirname, '..', '..', '..', 'test', 'integration', name);
  const checkSources = fs.existsSync(srcDir);
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.test.js'))
    .filter((f) => !checkSources || fs.existsSync(path.join(srcDir, f.replace(/\.js$/, '.ts'))))
    .map((f) => path.join(dir, f))
    .sort();
}

function grepPattern(grep: string): string | RegExp {
  const m = /^\/(.*)\/([a-z]*)$/.exec(grep);
  return m ? new RegExp(m[1], m[2]) : grep;
}

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false,
    timeout: Number(process.env.LITNOTES_MOCHA_TIMEOUT || 30000),
  });
  const grep = process.env.LITNOTES_GREP;
  if (grep) mocha.grep(grepPattern(grep));

  const suite = process.env.LITNOTES_SUITE || 'suite';
  if (!/^[\w-]+$/.test(suite)) return Promise.reject(new Error(`LITNOTES_SUITE=${suite}: expected a directory name under test/integration`));
  const suiteDir = path.resolve(__dirname, suite);
  const files = findTests(suiteDir, suite);
  for (const file of files) mocha.addFile(file);

  return new Promise((resolve, reject) => {
    if (files.length === 0) {
      reject(new Error(`no compiled integration suites under ${suiteDir} (run \`npm run compile-tests\`)`));
      return;
    }
    let passed = 0;
    let failed = 0;
    let pending = 0;
    try {
      const runner = mocha.run(() => {
        console.log(`integration tests: ${passed} passed, ${failed} failed${pending ? `, ${pending} pending` : ''}`);
        if (process.env.LITNOTES_RESULTS) fs.writeFileSync(process.env.LITNOTES_RESULTS, JSON.stringify({ passed, failed, pending }));
        if (failed > 0) reject(new Error(`${failed} integration test(s) failed`));
        else if (passed === 0 && !(grep && process.env.LITNOTES_ALLOW_NO_MATCH)) reject(new Error(grep ? `no test matched LITNOTES_GREP=${grep}` : 'no integration test ran'));
        else resolve();
      });
      runner.on('pass', () => passed++);
      runner.on('fail', () => failed++);
      runner.on('pending', () => pending++);
    } catch (err) {
      reject(err);
    }
  });
}
