// What ships in dist/ is the code, not its test data: no module under src/ exists only for the tests (fixtures,
// scenarios and helpers live under test/), and the shipped modules import nothing of the tests.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';

const repo = new URL('../', import.meta.url).pathname;

function tsFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (!['fixtures', 'corpus', 'node_modules'].includes(e.name)) tsFiles(p, out);
    } else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Resolved .ts targets of the relative imports of a file. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [
    ...text.matchAll(/^\s*(?:import|export)\b[^;'"]*?\bfrom\s+'(\.[^']*)'/gm),
    ...text.matchAll(/\bimport\(\s*'(\.[^']*)'\s*\)/g),
  ].map((m) => m[1]);
  return specs.map((s) => resolve(dirname(file), s).replace(/\.js$/, '.ts'));
}

const isShipped = (f: string) => f.startsWith(join(repo, 'src/')) && !f.endsWith('.test.ts');

test('no module under src/ is imported by tests only (test data belongs under test/)', () => {
  const importers = new Map<string, string[]>();
  for (const file of [...tsFiles(join(repo, 'src')), ...tsFiles(join(repo, 'test'))]) {
    for (const target of importsOf(file)) importers.set(target, [...(importers.get(target) ?? []), file]);
  }
  const testOnly = [...importers]
    .filter(([target, by]) => isShipped(target) && by.every((f) => !isShipped(f)))
    .map(([target]) => relative(repo, target));
  assert.deepEqual(testOnly, []);
});

test('shipped modules import nothing of the tests and no test runner', () => {
  const bad: string[] = [];
  for (const file of tsFiles(join(repo, 'src')).filter(isShipped)) {
    const text = readFileSync(file, 'utf8');
    if (/from '(node:test|node:assert[^']*|fast-check)'/.test(text)) bad.push(`${relative(repo, file)}: test library`);
    for (const target of importsOf(file))
      if (!target.startsWith(join(repo, 'src/'))) bad.push(`${relative(repo, file)} imports ${relative(repo, target)}`);
  }
  assert.deepEqual(bad, []);
});

test('the build compiles src/ without its tests', () => {
  const build = JSON.parse(readFileSync(join(repo, 'tsconfig.build.json'), 'utf8'));
  assert.deepEqual(build.include, ['src']);
  assert.ok(build.exclude.includes('src/**/*.test.ts'));
});
