import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { haproxyCtld } from './haproxy-ctld.js';
import { haproxyLog, monthDayOfYday } from './haproxy-log.js';
import { herokuLog } from './heroku-log.js';
import { nginxAccess } from './nginx-access.js';
import { nginxError } from './nginx-error.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/log/haproxy/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean);

test('every sample parses', () => {
  for (const line of haproxyLog.samples) assert.ok(haproxyLog.parse(line), line);
});

test('HTTP log format (manual example): timers, counters, termination, request', () => {
  const p = haproxyLog.parse(haproxyLog.samples[0])!;
  assert.deepEqual(p.ts, { year: 2009, month: 2, day: 6, hour: 12, minute: 14, second: 14, ms: 655 });
  assert.equal(p.pid, 14389);
  assert.deepEqual(p.request, {
    status: 200,
    bytes: 2750,
    client: '10.0.1.2',
    backend: 'static',
    server: 'srv1',
    termination: '--',
    duration: 0.109,
    method: 'GET',
    path: '/index.html',
  });
  assert.equal(p.fields?.frontend, 'http-in');
  assert.equal(p.fields?.TR, 10);
  assert.equal(p.fields?.Tr, 69);
  assert.equal(p.fields?.Ta, 109);
  assert.equal(p.fields?.terminationState, '----');
  assert.equal(p.fields?.requestHeaders, '1wt.eu');
});

test('TCP log format (manual example): Tw/Tc/Tt, retries, 2-char state', () => {
  const p = haproxyLog.parse(haproxyLog.samples[1])!;
  assert.equal(p.request?.termination, '--');
  assert.equal(p.request?.duration, 5.007);
  assert.equal(p.request?.bytes, 212);
  assert.equal(p.fields?.retries, 3);
  assert.equal(p.fields?.Tt, 5007);
});

test('syslog-filed traffic: termination flags sH, cD, sQ, SC, <NOSRV>, queues, status -1', () => {
  const parsed = fixture('haproxy.log').map((l) => haproxyLog.parse(l));
  assert.ok(parsed.every((p) => p !== null));
  const traffic = parsed.filter((p) => p!.request);
  assert.deepEqual(
    traffic.map((p) => p!.request!.termination),
    ['--', 'sH', 'cD', 'sQ', 'cD', 'SC'],
  );
  const timeout = traffic[1]!;
  assert.equal(timeout.request?.status, 504);
  assert.equal(timeout.fields?.host, 'web1');
  assert.equal(timeout.fields?.backend_queue, 22);
  assert.equal(timeout.fields?.beconn, 128);
  assert.equal(traffic[2]!.request?.status, -1);
  const queued = traffic[3]!;
  assert.equal(queued.request?.server, '<NOSRV>');
  assert.equal(queued.fields?.Tw, 30002);
  assert.equal(queued.request?.status, 503);
  // The accept date (with its year) is kept rather than the year-less syslog stamp.
  assert.equal(queued.ts?.year, 2021);
  assert.equal(queued.ts?.second, 17);
  const refused = traffic[5]!;
  assert.equal(refused.fields?.Tc, -1);
  assert.equal(refused.fields?.retries, 3);
});

test('own messages through syslog: server DOWN with reason, no server available; syslog time without year', () => {
  const [down7, down4, none] = fixture('haproxy.log')
    .filter((l) => /DOWN|no server/.test(l))
    .map((l) => haproxyLog.parse(l)!);
  assert.equal(down7.level, 'warning');
  assert.equal(down7.fields?.backend, 'app');
  assert.equal(down7.fields?.server, 'web1');
  assert.equal(down7.fields?.reason, 'Layer7 timeout');
  assert.deepEqual(down7.ts, { month: 11, day: 22, hour: 19, minute: 56, second: 47 });
  assert.equal(down4.fields?.reason, 'Layer4 connection problem');
  assert.equal(none.level, 'critical');
  assert.equal(none.fields?.backend, 'app');
});

test('stderr messages: pre-2.3 day-of-year stamps (seed 000), 2.3+ pid-only stamps', () => {
  const [down, alert, maint] = fixture('haproxy-openshift.log').map((l) => haproxyLog.parse(l)!);
  // 285 is tm_yday (0-based): Oct 13 in a common year, as the seed's haproxy_ctld line of 2014-10-13 confirms.
  assert.deepEqual(down.ts, { month: 10, day: 13, hour: 7, minute: 15, second: 6 });
  assert.equal(down.fields?.haproxyYday, 285);
  assert.equal(down.pid, 74918);
  assert.equal(down.level, 'warning');
  assert.equal(down.fields?.reason, 'Layer7 timeout');
  assert.equal(alert.level, 'critical');
  assert.equal(alert.fields?.backend, 'express');
  assert.equal(maint.ts?.second, 11);
  const stdout = fixture('haproxy-stdout.log').map((l) => haproxyLog.parse(l)!);
  assert.equal(stdout[2].message, 'haproxy version is 2.6.12-1ppa1~jammy');
  assert.equal(stdout[2].level, 'notice');
  assert.equal(stdout[2].ts, undefined);
  assert.equal(stdout[4].fields?.reason, 'Layer4 connection problem');
  assert.equal(stdout[6].request?.termination, 'SC');
});

test('day of year: 0-based, leap years shift after February', () => {
  assert.deepEqual(monthDayOfYday(0), { month: 1, day: 1 });
  assert.deepEqual(monthDayOfYday(49), { month: 2, day: 19 });
  assert.deepEqual(monthDayOfYday(271, true), { month: 9, day: 28 });
  assert.deepEqual(monthDayOfYday(364), { month: 12, day: 31 });
});

test('detect: high on its files, low on the others; garbage is null', () => {
  assert.ok(haproxyLog.detect(fixture('haproxy.log'), '/var/log/haproxy.log') >= 0.95);
  assert.ok(haproxyLog.detect(fixture('haproxy-stdout.log'), 'stdout.log') >= 0.9);
  for (const other of [nginxAccess, nginxError, haproxyCtld, herokuLog]) {
    assert.equal(haproxyLog.detect(other.samples, 'x.log'), 0, other.id);
  }
  for (const g of ['', 'Nov 22 19:56:45 web1 sshd[1]: Accepted publickey', '[INFO] starting', '1.2.3.4:80 [x] a b/c']) {
    assert.equal(haproxyLog.parse(g), null, g);
  }
});

test('property: never throws, linear on long lines', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (s) => {
      haproxyLog.parse(s);
      haproxyLog.parse(`Nov 22 19:56:45 web1 haproxy[1]: ${s}`);
      haproxyLog.parse(`10.0.0.1:1 [06/Feb/2009:12:14:14.655] a b/c 1/2/3/4/5 200 1 - - ---- 1/1/1/1/0 0/0 ${s}`);
    }),
    { numRuns: 2000 },
  );
  const t0 = performance.now();
  haproxyLog.parse(`${'1:'.repeat(40_000)} [`);
  haproxyLog.parse(
    `1.2.3.4:5 [06/Feb/2009:12:14:14.655] a b/c 1/2/3/4/5 200 1 - - ---- 1/1/1/1/0 0/0 "${'a'.repeat(100_000)}`,
  );
  haproxyLog.parse(`[WARNING] ${' '.repeat(100_000)}x`);
  assert.ok(performance.now() - t0 < 1000);
});
