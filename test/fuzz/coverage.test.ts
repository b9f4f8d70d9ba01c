// The fuzz harness covers every parser the registries hold (test/fuzz/targets.ts derives its targets from them, so
// a new format is fuzzed without editing the harness; this test fails if one is left out): every log format, every
// config parser, every codec alone and under a tarball, zip, collect's bundle and MANIFEST.json, and every user
// format of the project-config fixtures.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadProjectConfig } from '../../src/config/project-config.js';
import { CODEC_SUFFIXES } from '../../src/evidence/codecs.js';
import { CONFIG_PARSER_DEFINITIONS } from '../../src/formats/config/registry.generated.js';
import { LOG_FORMAT_DEFINITIONS } from '../../src/formats/log/registry.generated.js';
import { TARGETS } from './targets.js';
import { userFormatNames } from './targets-inputs.js';

const names = new Set(TARGETS.map((t) => t.name));
const missing = (wanted: string[]) => wanted.filter((n) => !names.has(n));

test('every registered log format and config parser is a fuzz target', () => {
  assert.deepEqual(missing(LOG_FORMAT_DEFINITIONS.map((f) => `log/${f.id} detect+parse`)), []);
  assert.deepEqual(missing(CONFIG_PARSER_DEFINITIONS.map((p) => `config/${p.id} detect+parse`)), []);
  assert.ok(CONFIG_PARSER_DEFINITIONS.length >= 21 && LOG_FORMAT_DEFINITIONS.length >= 33);
});

test('every codec, alone and under a tarball, and zip, tar and collect’s bundle are fuzz targets', () => {
  assert.deepEqual(missing(CODEC_SUFFIXES.map(([codec]) => `container/${codec} decode`)), []);
  assert.deepEqual(missing(CODEC_SUFFIXES.map(([, suffix]) => `container/tar${suffix} walk`)), []);
  assert.deepEqual(
    missing([
      'container/tar walk',
      'container/zip walk',
      'collect/bundle walk',
      'collect/bundle redacted, nothing outside',
      'collect/MANIFEST.json survey+parse',
      'e2e/investigate+audit every report',
      'config/faultline.config load',
    ]),
    [],
  );
  assert.equal(CODEC_SUFFIXES.length, 4);
});

test('every user format of the project-config fixtures is fuzzed', async () => {
  const dir = join(import.meta.dirname, '../fixtures/project-config');
  const wanted: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.endsWith('.md')) continue;
    const config = await loadProjectConfig({ cwd: join(dir, name) });
    wanted.push(...(config?.formats ?? []).map((f) => `user:${f.name}`));
  }
  const target = TARGETS.find((t) => t.name === 'log/user formats detect+parse');
  assert.ok(target);
  await target.property();
  assert.ok(wanted.length >= 3, wanted.join(', '));
  assert.deepEqual([...userFormatNames].sort(), [...wanted].sort());
});
