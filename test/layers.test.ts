// Layers import only from the layers below them (STYLE.md practice 4; insights-core's parsers → combiners →
// rules): the ground floor (model/) imports nothing of the project, the config parsers know nothing of the
// stack combined from them, and the stack knows nothing of the rules that read it.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';

const src = new URL('../src/', import.meta.url).pathname;

/** The files and folders of src/ that a layer must not import. Root files are the pipelines (audit.ts …). */
const FORBIDDEN: Record<string, string[]> = {
  model: ['evidence', 'formats', 'signatures', 'stack', 'rules', 'analysis', 'report', 'cli', '(root)'],
  formats: ['stack', 'rules', 'analysis', 'report', 'cli', '(root)'],
  stack: ['rules', 'analysis', 'report', 'cli', '(root)'],
  rules: ['analysis', 'report', 'cli', '(root)'],
};

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sourceFiles(p, out);
    // Tests may reach across layers for their fixtures; the shipped code may not.
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

/** Relative specifiers of static imports, re-exports and dynamic imports. */
function importsOf(text: string): string[] {
  const specs: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\b[^;'"]*?\bfrom\s+'(\.[^']*)'/gm)) specs.push(m[1]);
  for (const m of text.matchAll(/\bimport\(\s*'(\.[^']*)'\s*\)/g)) specs.push(m[1]);
  return specs;
}

/** "model", "formats", … or "(root)" for src/audit.ts and its siblings. */
function layerOf(path: string): string {
  const rel = relative(src, path).split('\\').join('/');
  return rel.includes('/') ? rel.slice(0, rel.indexOf('/')) : '(root)';
}

test('the import scanner sees static, type-only, re-exported and dynamic imports', () => {
  const text = [
    "import { posix } from 'node:path';",
    "import type { Setting } from '../model/setting.js';",
    'import {',
    '  a,',
    '  b,',
    "} from '../formats/config/types.js';",
    "export type { Stack } from './stack/stack.js';",
    "const m = await import('./audit.js');",
  ].join('\n');
  assert.deepEqual(importsOf(text), [
    '../model/setting.js',
    '../formats/config/types.js',
    './stack/stack.js',
    './audit.js',
  ]);
});

test('each layer imports only from the layers below it', () => {
  const violations: string[] = [];
  for (const file of sourceFiles(src)) {
    const forbidden = FORBIDDEN[layerOf(file)];
    if (!forbidden) continue;
    for (const spec of importsOf(readFileSync(file, 'utf8'))) {
      const target = layerOf(resolve(dirname(file), spec));
      if (forbidden.includes(target)) violations.push(`${relative(src, file)} imports ${spec} (${target})`);
    }
  }
  assert.deepEqual(violations, []);
});
