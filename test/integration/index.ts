// Loaded by VS Code inside the extension host (--extensionTestsPath): finds the compiled suites
// under ./suite and runs them with mocha.
//
//   LITNOTES_GREP=<text or /regex/>  run only the tests whose full title matches
//
// The run fails (and so the layer fails) when any test fails or when no test ran at all.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

/** Compiled suites under `dir`; when the sources are present, only those whose .ts still exists
 *  (tsc never deletes out/ files of removed or renamed suites). */
function findTests(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const srcDir = path.resolve(__dirname, '..', '..', '..', 'test', 'integration', 'suite');
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

  const files = findTests(path.resolve(__dirname, 'suite'));
  for (const file of files) mocha.addFile(file);

  return new Promise((resolve, reject) => {
    if (files.length === 0) {
      reject(new Error(`no compiled integration suites under ${path.resolve(__dirname, 'suite')} (run \`npm run compile-tests\`)`));
      return;
    }
    let passed = 0;
    let failed = 0;
    let pending = 0;
    try {
      const runner = mocha.run(() => {
        console.log(`integration tests: ${passed} passed, ${failed} failed${pending ? `, ${pending} pending` : ''}`);
        if (failed > 0) reject(new Error(`${failed} integration test(s) failed`));
        else if (passed === 0) reject(new Error(grep ? `no test matched LITNOTES_GREP=${grep}` : 'no integration test ran'));
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
