import * as assert from 'assert';
import * as path from 'path';
import { ESLint } from 'eslint';

const root = path.resolve(__dirname, '../../..');

describe('the src/core seam (lint rule)', () => {
  it('rejects a vscode import in src/core and allows it in src/features', async () => {
    const eslint = new ESLint({ cwd: root });
    const source = "import * as vscode from 'vscode';\nexport const x = vscode.version;\n";
    const [core] = await eslint.lintText(source, { filePath: path.join(root, 'src/core/example.ts') });
    const [feature] = await eslint.lintText(source, { filePath: path.join(root, 'src/features/example.ts') });
    assert.deepStrictEqual(core.messages.map((m) => m.ruleId), ['no-restricted-imports']);
    assert.deepStrictEqual(feature.messages, []);
  });
});
