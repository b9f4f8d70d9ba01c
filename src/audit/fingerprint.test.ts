// Fingerprints on the seed talk's real HAProxy + MariaDB configs: unchanged when lines are inserted above or the
// file is reformatted, changed when a value involved changes; and the baseline built from them.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { auditFiles } from '../../test/helpers/audit-fixture.js';
import { applyBaseline, baselineOf, parseBaseline } from './baseline.js';
import { keyOf } from './fingerprint.js';

const dir = new URL('../../examples/seed-talk-galera/', import.meta.url).pathname;
const SEED: Record<string, string> = {};
const walk = (d: string) => {
  for (const name of readdirSync(d).sort()) {
    const p = join(d, name);
    if (statSync(p).isDirectory()) walk(p);
    else SEED[relative(dir, p)] = readFileSync(p, 'utf8');
  }
};
walk(dir);
const HAPROXY = 'etc/haproxy/haproxy.cfg';

function prints(edit: (haproxy: string) => string = (t) => t): Map<string, string> {
  const r = auditFiles({ ...SEED, [HAPROXY]: edit(SEED[HAPROXY] as string) });
  return new Map(r.findings.map((f) => [`${f.rule} ${f.messageId}`, f.fingerprint as string]));
}

const base = prints();

test('every finding has a fingerprint, distinct within the run', () => {
  assert.ok(base.size >= 2, [...base.keys()].join(', '));
  for (const fp of base.values()) assert.match(fp, /^[0-9a-f]{32}$/);
  assert.equal(new Set(base.values()).size, base.size);
});

test('unchanged when lines are inserted above (line numbers move, also inside the messages)', () => {
  const moved = prints((t) => `# managed by ansible\n\n# another comment\n${t}`);
  assert.deepEqual(moved, base);
});

test('unchanged when the file is reformatted (indentation, spaces between words)', () => {
  const reformat = (t: string) =>
    t
      .split('\n')
      .map((l) => l.replace(/^\t/, '    ').replace(/ {2,}/g, ' '))
      .join('\n');
  assert.notEqual(reformat(SEED[HAPROXY] as string), SEED[HAPROXY], 'the edit changes the file');
  assert.deepEqual(prints(reformat), base);
});

test('changed when a value involved changes', () => {
  const changed = prints((t) => t.replace('timeout client  50000', 'timeout client  40000'));
  const rule = [...base.keys()].find((k) => k.startsWith('haproxy-timeout-kills-db-sessions'));
  assert.ok(rule, 'the seed trap is found');
  assert.ok(changed.has(rule as string));
  assert.notEqual(changed.get(rule as string), base.get(rule as string));
});

test('the key of a line, across the languages', () => {
  assert.equal(keyOf('\ttimeout client  50000'), 'timeout');
  assert.equal(keyOf('    <Connector port="8080"'), 'connector');
  assert.equal(keyOf("      max_memory_restart: '2G',"), 'max_memory_restart');
  assert.equal(keyOf('wait_timeout=28800'), 'wait_timeout');
  assert.equal(keyOf('[mysqld]'), 'mysqld');
});

test('a baseline holds the findings; matched by fingerprint with counts, the rest new; vanished ones absent', () => {
  const r = auditFiles(SEED);
  const file = JSON.parse(JSON.stringify(baselineOf(r.findings)));
  const entries = parseBaseline(JSON.stringify(file), 'baseline.json');
  assert.equal(entries.length, r.findings.length);
  const again = auditFiles({ ...SEED, [HAPROXY]: `# moved\n${SEED[HAPROXY]}` });
  assert.deepEqual(applyBaseline(again.findings, entries), []);
  assert.ok(again.findings.every((f) => f.baselineState === 'unchanged'));
  const changed = auditFiles({ ...SEED, [HAPROXY]: (SEED[HAPROXY] as string).replace('50000', '40000') });
  const absent = applyBaseline(changed.findings, entries);
  assert.ok(changed.findings.some((f) => f.baselineState === 'new'));
  assert.ok(absent.some((e) => e.rule === 'haproxy-timeout-kills-db-sessions'));
  assert.throws(() => parseBaseline('{"version":2}', 'b.json'), /^Error: b\.json: not a faultline baseline/);
});
