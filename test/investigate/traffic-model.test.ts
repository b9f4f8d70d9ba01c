// Issue 11, item 1: a silence is an incident only when it is improbable at the source's own rate for that hour.
// Material: three healthy days of a shop (real nginx in the lab, test/corpus/healthy-shop), real public access
// logs of unrelated sites and years (test/real-logs), and a real kernel log covering a boot.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { investigate } from '../../src/investigate.js';

const ROOT = join(import.meta.dirname, '../..');
const SHOP = join(ROOT, 'test/corpus/healthy-shop');
const DAY2 = 'var/log/nginx/access.log.1';

/** The shop bundle with the lines of one hour of its second day taken out (an outage cut from real traffic). */
function shopWithout(hour: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-traffic-'));
  cpSync(SHOP, dir, { recursive: true });
  const lines = readFileSync(join(SHOP, DAY2), 'utf8').split('\n');
  writeFileSync(join(dir, DAY2), lines.filter((l) => !l.includes(`[13/Nov/2026:${hour}:`)).join('\n'));
  return dir;
}

test('three healthy days of a shop: no incident, although its nights have long gaps', async () => {
  const r = await investigate({ paths: [SHOP] });
  assert.deepEqual(r.incidents, []);
  assert.deepEqual(r.hypotheses, []);
});

test('an hour without requests at the evening peak is a silence, with its probability', async (t) => {
  const dir = shopWithout('19');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const r = await investigate({ paths: [dir] });
  assert.equal(r.incidents.length, 1, r.incidents.map((i) => i.summary).join('\n'));
  const [i] = r.incidents;
  assert.deepEqual(i.kinds, ['silence']);
  assert.ok(i.start <= Date.UTC(2026, 10, 13, 19, 1) && i.end >= Date.UTC(2026, 10, 13, 19, 59));
  assert.match(
    i.summary,
    /no request in var\/log\/nginx\/access\.log for \d+ min from (18:5\d|19:0\d):00, where [\d,]+ are usual/,
  );
  assert.match(i.summary, /p < 1e-12|p = \de-\d+/);
});

test('the same hour cut at night, when the shop is quiet anyway, is no incident', async (t) => {
  const dir = shopWithout('03');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const r = await investigate({ paths: [dir] });
  assert.deepEqual(r.incidents, []);
});

test('a folder of unrelated access logs of many sites and years: no "traffic stopped" spanning years', async () => {
  const dirs = ['access-combined', 'apache-access', 'aws-lb', 'w3c', 'haproxy-public', 'json-access'];
  const r = await investigate({ paths: dirs.map((d) => join(ROOT, 'test/real-logs', d)) });
  assert.ok(r.inputs.filter((i) => i.format === 'nginx-access' || i.format === 'w3c-access').length >= 5);
  assert.deepEqual(r.incidents, []);
  assert.deepEqual(r.hypotheses, []);
});

test('a kernel log that covers a boot is no incident, and investigate exits 0', () => {
  const dmesg = join(ROOT, 'test/fixtures/log/kernel/dmesg-T.txt');
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'src/cli/run.ts'), 'investigate', dmesg, '--format', 'json'],
    {
      encoding: 'utf8',
    },
  );
  const out = JSON.parse(run.stdout);
  assert.ok(
    out.restarts.some((x: { reason: string }) => /reboot/.test(x.reason)),
    'the boot is seen',
  );
  assert.deepEqual(out.incidents, []);
  assert.equal(run.status, 0);
});
