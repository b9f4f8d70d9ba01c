// Every log format of the registry has a row in bench/formats.mjs' per-format table, fed by real lines
// (bench/format-material.mjs): this checks that each registered format has material and that the format reads it
// — a format added without real lines in test/real-logs or test/fixtures/log-samples fails here. Not a timing test.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
// @ts-expect-error: a plain ES module of the bench, without types
import { formatMaterial } from '../bench/format-material.mjs';
import { shareOf } from '../src/formats/log/detect-share.js';
import { LOG_FORMATS } from '../src/formats/log/registry.js';

interface Material {
  source: string;
  text: string;
}

test('every registered log format has real bench material, and reads it', () => {
  const missing: string[] = [];
  for (const format of LOG_FORMATS) {
    const m = formatMaterial(format.id) as Material | undefined;
    if (!m) {
      missing.push(format.id);
      continue;
    }
    assert.ok(m.text.endsWith('\n'), `${format.id}: material ends with a newline (repeats keep lines whole)`);
    const c = shareOf(m.text.split('\n'), (l) => format.parse(l));
    assert.ok(c.seen >= 3, `${format.id}: at least 3 lines (${m.source})`);
    // The material is the format's own: it parses (nearly) every line, as its EXPECTED.json or samples say.
    assert.ok(c.parsed / c.seen >= 0.9, `${format.id}: reads ${c.parsed} of ${c.seen} lines of ${m.source}`);
  }
  assert.deepEqual(missing, [], 'formats without bench material');
});

test('the bench table takes its rows from the registry, not from a list kept by hand', () => {
  const bench = readFileSync(new URL('../bench/formats.mjs', import.meta.url), 'utf8');
  assert.match(bench, /import \{[^}]*\bLOG_FORMATS\b[^}]*\} from '\.\.\/dist\/formats\/log\/registry\.js'/);
  assert.match(bench, /for \(const format of LOG_FORMATS\)/);
  assert.match(bench, /formatMaterial\(format\.id\)/);
  // No format id is named in the bench outside the bundle's rewrites (which only replace rows when --bundle is given).
  const named = LOG_FORMATS.map((f) => f.id).filter((id) => bench.includes(`'${id}'`));
  assert.deepEqual(named.sort(), ['mysql-log', 'node-log']);
});
