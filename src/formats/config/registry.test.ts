// The config registry is generated in id order (scripts/gen-registries.mjs), so detection must not depend on it.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CONFIG_FORMAT_IDS } from '../../model/ids.generated.js';
import { CONFIG_PARSERS, configParser, detectConfigFormat } from './registry.js';

const repo = new URL('../../../', import.meta.url).pathname;

/** Every file of the config fixtures and of the corpus bundles (logs included: they must not tie either). */
function inputs(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk(`${repo}test/fixtures/config`);
  walk(`${repo}test/corpus`);
  return files;
}

test('every config format file is registered once, named after its id', () => {
  assert.deepEqual(
    CONFIG_PARSERS.map((p) => p.id),
    [...CONFIG_FORMAT_IDS],
  );
  for (const id of CONFIG_FORMAT_IDS) assert.equal(configParser(id)?.id, id);
});

test('detection does not depend on the order of the registry: no two config formats tie on a real file', () => {
  const reversed = [...CONFIG_PARSERS].reverse();
  const files = inputs();
  assert.ok(files.length > 100, `${files.length} files`);
  for (const file of files) {
    const sample = readFileSync(file, 'utf8').slice(0, 64 * 1024);
    const path = file.slice(repo.length);
    const id = (parsers: typeof CONFIG_PARSERS) => detectConfigFormat(path, sample, parsers)?.parser.id ?? null;
    assert.equal(id(reversed), id(CONFIG_PARSERS), path);
  }
});
