// Config detection by content: a config keeps its format when renamed, and source code, build logs and other
// programs' `.cfg` files are never claimed as configs, whatever they are named. Kinds whose path is what they are
// (a /proc or /sys file holding `0`, a Node app's own package.json and modules, a Procfile) are only claimed
// where they are: renamed, they are not claimed at all, never taken for another format.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { detectConfigFormat } from '../../src/formats/config/registry.js';

const ROOT = join(import.meta.dirname, '../..');
const DECOYS = ['data.txt', 'etc/libnet.cfg', 'etc/app/settings.cfg', 'srv/app/app.conf', 'etc/nginx/conf.d/x.conf'];
/** Identified by where they are, not by a content shape of their own. */
const BY_LOCATION = new Set(['host-facts', 'node-app', 'procfile']);

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) files(p, out);
    else out.push(p);
  }
  return out;
}
const sampleOf = (file: string) => readFileSync(file, 'utf8').slice(0, 64 * 1024);
const formatOf = (path: string, sample: string) => detectConfigFormat(path, sample)?.parser.id ?? null;

test('a config renamed to an unrelated name keeps its format', () => {
  const changed: string[] = [];
  let kept = 0;
  for (const file of [...files(join(ROOT, 'test/fixtures/config')), ...files(join(ROOT, 'test/corpus'))]) {
    const rel = relative(ROOT, file);
    const sample = sampleOf(file);
    const own = formatOf(rel, sample);
    if (own === null) continue;
    for (const decoy of DECOYS) {
      const other = formatOf(decoy, sample);
      if (other === own) continue;
      if (BY_LOCATION.has(own) && other === null) continue;
      changed.push(`${rel}: ${own} → ${other} as ${decoy}`);
    }
    if (!BY_LOCATION.has(own)) kept++;
  }
  assert.ok(kept > 60, `${kept} configs with a shape of their own`);
  assert.deepEqual(changed, []);
});

test('source code, build logs and unrelated .cfg files are not claimed as configs under any name', () => {
  // Real files: test/fixtures/not-config/README.md says where each comes from; and this project's own source.
  // Tests are left out: they hold configs as data on purpose (an ecosystem file in a template string).
  const code = files(join(ROOT, 'src')).filter((f) => /\.(ts|mjs)$/.test(f) && !f.endsWith('.test.ts'));
  const others = files(join(ROOT, 'test/fixtures/not-config')).filter((f) => !f.endsWith('README.md'));
  assert.ok(code.length > 150 && others.length >= 3, `${code.length} source files`);
  const claimed: string[] = [];
  for (const file of [...others, ...code]) {
    const sample = sampleOf(file);
    const rel = relative(ROOT, file);
    for (const name of [rel, ...DECOYS]) {
      const id = formatOf(name, sample);
      // This project's own config-format sources quote real config lines in their comments, and an app's own
      // modules are what node-app reads: neither may be taken for an nginx, HAProxy, MySQL … config.
      if (id !== null && id !== 'node-app') claimed.push(`${rel} as ${name}: ${id}`);
    }
  }
  assert.deepEqual(claimed, []);
});
