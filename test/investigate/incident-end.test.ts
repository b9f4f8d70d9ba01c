// An incident never extends past the data: its window runs a minute past its last event, but it ends at the
// inputs' last timed line when that comes first (issue 11: the bundled example's incident ended at 03:04:07
// while its logs end at 03:03:15).
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { investigate } from '../../src/investigate.js';

const ROOT = join(import.meta.dirname, '../..');
const corpus = join(ROOT, 'test/corpus');
const bundles = [
  join(ROOT, 'examples/incident-api.tar.gz'),
  ...readdirSync(corpus)
    .filter((d) => existsSync(join(corpus, d, 'MANIFEST.json')))
    .map((d) => join(corpus, d)),
];

test('the bundled example’s incident ends at its last line, 03:03:15.149', async () => {
  const r = await investigate({ paths: [bundles[0]] });
  assert.equal(r.span.end, '2026-11-23T03:03:15.149Z');
  assert.equal(new Date(r.incidents[0].end).toISOString(), '2026-11-23T03:03:15.149Z');
  assert.match(r.incidents[0].summary, /^2026-11-23 03:03 UTC: /);
});

test('no incident of the lab corpus ends after the data', async () => {
  let seen = 0;
  for (const b of bundles) {
    const r = await investigate({ paths: [b] });
    const end = Date.parse(r.span.end ?? '');
    for (const i of r.incidents) {
      seen++;
      assert.ok(
        i.end <= end && i.end >= i.start,
        `${b}: incident ${new Date(i.end).toISOString()} after ${r.span.end}`,
      );
    }
  }
  assert.ok(seen >= 10, `${seen} incidents`);
});
