// The clock of each host, decided before the read: a zone learned from the offsets the host's own logs state,
// a warning for a --tz that contradicts them, and year-less files placed in the year their span shares with
// the host's dated logs.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { investigate } from '../../src/investigate.js';
import { zoneStated } from '../../src/read/hosts.js';
import { localToUtc, zoneOffsetMinutes } from '../../src/read/time.js';

const FIXTURES = join(import.meta.dirname, '../fixtures');
const ZONE_OFFSET = join(FIXTURES, 'hosts/zone-offset/bundle');

/** A host folder made of real files: `{ 'var/log/syslog': 'log/syslog/syslog' }` (paths under test/). */
function host(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'fl-host-'));
  for (const [rel, from] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    copyFileSync(join(import.meta.dirname, '..', from), join(dir, rel));
  }
  return dir;
}

describe('zone of a host', () => {
  it('applies the offset its access log states to its zone-less error log', async () => {
    const r = await investigate({ paths: [ZONE_OFFSET] });
    const error = r.inputs.find((i) => i.path.endsWith('error.log'));
    assert.match(error?.assumption ?? '', /−08:00 that var\/log\/nginx\/access\.log states/);
    const refused = r.timeline.filter((e) => e.signature === 'nginx-upstream-refused');
    assert.equal(refused.length, 3);
    // 04:52:02 local in the error log is 12:52:02 UTC, the instant the access log states for the same requests.
    for (const e of refused) assert.equal(new Date(e.time).toISOString(), '2026-12-03T12:52:02.000Z');
  });

  it('warns when --tz contradicts the offset the logs state, and reads zone-less lines in --tz as asked', async () => {
    const r = await investigate({ paths: [ZONE_OFFSET], tz: 'UTC' });
    assert.ok(
      r.problems.some((p) => /^--tz UTC contradicts var\/log\/nginx\/access\.log, which states UTC−08:00/.test(p)),
    );
    const refused = r.timeline.find((e) => e.signature === 'nginx-upstream-refused');
    assert.equal(refused && new Date(refused.time).toISOString(), '2026-12-03T04:52:02.000Z');
    const agreeing = await investigate({ paths: [ZONE_OFFSET], tz: 'America/Los_Angeles' });
    assert.ok(!agreeing.problems.some((p) => p.includes('contradicts')));
  });

  it('finds a zone that has every stated offset at its instant (DST, half-hour offsets)', () => {
    const lt = (month: number, offsetMinutes: number) => ({
      year: 2024,
      month,
      day: 10,
      hour: 12,
      minute: 0,
      second: 0,
      offsetMinutes,
    });
    assert.equal(zoneStated([lt(1, -480)]), 'Etc/GMT+8');
    assert.equal(zoneStated([lt(1, 0)]), 'UTC');
    const dst = [lt(1, -480), lt(7, -420)];
    const z = zoneStated(dst);
    assert.ok(z && !z.startsWith('Etc/'), String(z));
    for (const s of dst) assert.equal(zoneOffsetMinutes(z, localToUtc(s, 'UTC', 2024)), s.offsetMinutes);
    const india = zoneStated([lt(3, 330)]);
    assert.ok(india, 'a +05:30 zone');
    assert.equal(zoneOffsetMinutes(india, Date.UTC(2024, 2, 10)), 330);
    assert.equal(zoneStated([lt(1, -480), lt(1, 60)].map((x, i) => ({ ...x, hour: 12 + i }))), undefined);
  });
});

describe('year of a year-less file', () => {
  it('is the year its span shares with the dated logs of the host, not the end of the newest one', async () => {
    // cloud-init (2022-07-11, dated), syslog (Jul 11, no year) and a gunicorn error log of 2024-01-09.
    const dir = host({
      'var/log/cloud-init.log': 'fixtures/log/cloud-init/cloud-init.log',
      'var/log/syslog': 'fixtures/log/syslog/syslog',
      'var/log/gunicorn/error.log': 'real-logs/python/gunicorn-20-worker-timeout.log',
    });
    const r = await investigate({ paths: [dir] });
    const syslog = r.timeline.filter((e) => e.path === 'var/log/syslog');
    assert.ok(syslog.length > 0, 'syslog events on the timeline');
    for (const e of syslog) assert.match(new Date(e.time).toISOString(), /^2022-07-11T/);
  });

  it("of a file with dated lines comes from the file's own dated lines", async () => {
    // HAProxy's requests state 2021; its "is DOWN" line has only the syslog prefix. A 2024 log on the same host
    // put that line in 2023 before.
    const dir = host({
      'var/log/haproxy.log': 'fixtures/log/haproxy/haproxy.log',
      'var/log/gunicorn/error.log': 'real-logs/python/gunicorn-20-worker-timeout.log',
    });
    const r = await investigate({ paths: [dir] });
    assert.match(
      r.inputs.find((i) => i.path === 'var/log/haproxy.log')?.assumption ?? '',
      /year from the file's own dated lines/,
    );
    const down = r.timeline.filter((e) => e.path === 'var/log/haproxy.log' && /is DOWN/.test(e.text));
    assert.ok(down.length > 0);
    for (const e of down) assert.match(new Date(e.time).toISOString(), /^2021-11-22T19:56/);
  });

  it('from file dates that every file shares says they are likely copy dates', async () => {
    const dir = host({
      'var/log/syslog': 'fixtures/log/syslog/syslog',
      'var/log/kern.log': 'fixtures/log/kernel/kern.log',
      'var/log/syslog.1': 'fixtures/log/syslog/syslog',
    });
    const r = await investigate({ paths: [dir] });
    const syslog = r.inputs.find((i) => i.path === 'var/log/syslog');
    assert.match(
      syslog?.assumption ?? '',
      /which every log file of the host shares — likely the date they were copied/,
    );
  });
});
