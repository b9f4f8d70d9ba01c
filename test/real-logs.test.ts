// Every real log file of test/real-logs/<kind>/ is read as its EXPECTED.json says: the format detected from its
// content (null: no format may claim it), and the lines read and skipped. See test/real-logs/README.md. A file
// listed in real-logs-pending.ts is read wrong today: it must still be read wrong (else trim the list).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ingest } from '../src/read/ingest.js';
import { WRONG_TODAY } from './real-logs-pending.js';

interface Expected {
  format: string | null;
  lines?: number;
  skipped?: number;
}

const ROOT = join(import.meta.dirname, 'real-logs');
const kinds = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('real logs', () => {
  test('every pending file is in the corpus, expected as another format than it gets today', () => {
    for (const [key, { today }] of Object.entries(WRONG_TODAY)) {
      const [kind, name] = key.split('/') as [string, string];
      const file = join(ROOT, kind, 'EXPECTED.json');
      assert.ok(existsSync(file), `${key}: no such kind`);
      const want: Expected | undefined = JSON.parse(readFileSync(file, 'utf8')).files[name];
      assert.ok(want, `${key}: not in ${kind}/EXPECTED.json`);
      assert.notEqual(want.format, today, `${key}: expected and today's format are the same`);
    }
  });

  test('every kind has its provenance and expectations', () => {
    for (const kind of kinds) {
      assert.ok(existsSync(join(ROOT, kind, 'README.md')), `${kind}/README.md`);
      assert.ok(existsSync(join(ROOT, kind, 'EXPECTED.json')), `${kind}/EXPECTED.json`);
      const files = readdirSync(join(ROOT, kind)).filter((f) => f !== 'README.md' && f !== 'EXPECTED.json');
      const expected = JSON.parse(readFileSync(join(ROOT, kind, 'EXPECTED.json'), 'utf8')).files;
      assert.deepEqual(Object.keys(expected).sort(), files.sort(), `${kind}: every file has an expectation`);
    }
  });

  for (const kind of kinds) {
    const file = join(ROOT, kind, 'EXPECTED.json');
    if (!existsSync(file)) continue;
    const expected: Record<string, Expected> = JSON.parse(readFileSync(file, 'utf8')).files;
    for (const [name, want] of Object.entries(expected)) {
      const pending = WRONG_TODAY[`${kind}/${name}`];
      test(`${kind}/${name}: ${want.format ?? 'not claimed'}${pending ? ' (pending)' : ''}`, async () => {
        const r = await ingest({ paths: [join(ROOT, kind, name)], workers: 0 });
        const input = r.inputs.find((i) => i.path.endsWith(name));
        assert.ok(input, `${name} is listed`);
        if (pending) {
          const got = input.format ?? null;
          assert.notEqual(
            got,
            want.format,
            `${kind}/${name} is now read as ${got}: remove it from real-logs-pending.ts`,
          );
          return;
        }
        assert.equal(input.format ?? null, want.format, `${kind}/${name}: format`);
        if (want.lines !== undefined) assert.equal(input.lines, want.lines, `${kind}/${name}: lines`);
        if (want.skipped !== undefined) assert.equal(input.skipped, want.skipped, `${kind}/${name}: skipped`);
      });
    }
  }
});
