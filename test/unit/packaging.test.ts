// What goes into the VSIX, and the README screenshots that stay out of it.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('packaging', () => {
  it('packages the bundle, manifest, README and assets, not docs/ or sources', () => {
    const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
    const files = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' })
      .split('\n').map((l) => l.trim()).filter(Boolean);
    for (const needed of ['package.json', 'README.md', 'dist/extension.js', 'dist/libraryWorker.js', 'dist/parseWorker.js', 'media/icon.png']) {
      assert.ok(files.includes(needed), `${needed} is packaged (${files.join(', ')})`);
    }
    const unwanted = files.filter((f) => /^(docs|src|test|bench|scripts|out|node_modules)\//.test(f) || f.endsWith('.map'));
    assert.deepEqual(unwanted, []);
  });

  it('keeps the README\'s relative links when packaging (no repository base URL needed)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    assert.match(pkg.scripts.package, /vsce package .*--no-rewrite-relative-links/);
  });

  it('README images are relative links to PNG screenshots under 250 KB', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const images = [...readme.matchAll(/!\[([^\]]*)\]\(([^)\s]+)\)/g)].map((m) => ({ alt: m[1], src: m[2] }));
    assert.deepEqual(images.map((i) => path.basename(i.src)).sort(), ['completion-suggest.png', 'hover.png', 'search-picker.png', 'tree.png']);
    for (const { alt, src } of images) {
      assert.match(src, /^docs\/screenshots\/[\w-]+\.png$/, `relative path: ${src}`);
      assert.ok(alt.length > 10, `alt text for ${src}`);
      const file = path.join(ROOT, src);
      assert.ok(fs.existsSync(file), `${src} exists`);
      assert.ok(fs.readFileSync(file).subarray(0, 8).equals(PNG), `${src} is a PNG`);
      assert.ok(fs.statSync(file).size < 250_000, `${src} is ${fs.statSync(file).size} bytes`);
    }
  });
});
