import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { cloudInitLog } from './cloud-init-log.js';
import { mysqlLog } from './mysql-log.js';
import { postgresLog } from './postgres-log.js';
import { syslog } from './syslog.js';

const lines = readFileSync(new URL('../../../test/fixtures/log/cloud-init/cloud-init.log', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean);

test('every sample parses', () => {
  for (const line of cloudInitLog.samples) assert.ok(cloudInitLog.parse(line)?.ts, line);
});

test("init-local banner (seed 002) marks a boot; other stages don't", () => {
  const parsed = lines.map((l) => cloudInitLog.parse(l)!);
  const banner = parsed[0];
  assert.deepEqual(banner.ts, { year: 2022, month: 7, day: 11, hour: 14, minute: 19, second: 13, ms: 123 });
  assert.equal(banner.level, 'debug');
  assert.equal(banner.program, 'cloud-init');
  assert.deepEqual(banner.fields, {
    module: 'util.py',
    cloudInitVersion: '21.4-0ubuntu1~18.04.1',
    stage: 'init-local',
    stageTime: '11 Jul 2022 14:19:13 +0000',
    upSeconds: 21.52,
    boot: 1,
  });
  assert.equal(parsed.filter((p) => p.fields?.boot === 1).length, 1);
  assert.equal(parsed[4].fields?.stage, 'init');
  assert.equal(parsed[5].level, 'warning');
  assert.equal(parsed[5].fields?.module, 'url_helper.py');
});

test('older syslog-style lines with [CLOUDINIT]', () => {
  const p = cloudInitLog.parse(cloudInitLog.samples[5])!;
  assert.deepEqual(p.ts, { month: 7, day: 11, hour: 14, minute: 19, second: 13 });
  assert.equal(p.fields?.host, 'ip-172-31-1-2');
  assert.equal(p.fields?.boot, 1);
});

test('detect: cloud-init high and above syslog; others 0; garbage null', () => {
  assert.ok(cloudInitLog.detect(lines, '/var/log/cloud-init.log') >= 0.97);
  const old = [cloudInitLog.samples[5]];
  assert.ok(cloudInitLog.detect(old, 'x') > syslog.detect(old, 'x'));
  for (const other of [syslog, mysqlLog, postgresLog])
    assert.equal(cloudInitLog.detect(other.samples, 'x'), 0, other.id);
  for (const g of ['', '2022-07-11 14:19:13,123 - util.py[TRACE]: x', '2022-07-11 14:19:13,123 util.py[DEBUG]: x']) {
    assert.equal(cloudInitLog.parse(g), null, g);
  }
});

test('property: never throws, linear on long lines', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (s) => {
      cloudInitLog.parse(s);
      cloudInitLog.parse(`2022-07-11 14:19:13,123 - util.py[DEBUG]: Cloud-init v. ${s}`);
    }),
    { numRuns: 2000 },
  );
  const t0 = performance.now();
  cloudInitLog.parse(
    `2022-07-11 14:19:13,123 - util.py[DEBUG]: Cloud-init v. 1 running 'x' at ${'1 '.repeat(100_000)}`,
  );
  assert.ok(performance.now() - t0 < 1000);
});
