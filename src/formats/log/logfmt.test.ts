import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { herokuLog } from './heroku-log.js';
import { jsonLog } from './json-log.js';
import { goDuration, logfmt, logfmtPairs } from './logfmt.js';
import { syslog } from './syslog.js';

const real = (name: string) =>
  readFileSync(new URL(`../../../test/real-logs/logfmt/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean);

test('every sample parses with a time', () => {
  for (const line of logfmt.samples) assert.ok(logfmt.parse(line)?.ts, line);
});

test('logrus: quoted time, level, msg; the other pairs are fields', () => {
  const p = logfmt.parse(logfmt.samples[0])!;
  assert.deepEqual(p.ts, {
    year: 2021,
    month: 9,
    day: 15,
    hour: 21,
    minute: 17,
    second: 10,
    ms: 220,
    offsetMinutes: 0,
  });
  assert.equal(p.level, 'error');
  assert.match(p.message, /^error retrieving pod status: pod inc-1/);
  assert.equal(p.fields?.status, 'Pending');
  assert.equal(p.fields?.reason, '');
  assert.equal(logfmt.parse(logfmt.samples[1])!.level, 'warning');
});

test("Grafana: log15's `eror`, t= with an offset, logger as program, escapes unquoted", () => {
  const p = logfmt.parse(logfmt.samples[4])!;
  assert.equal(p.level, 'error');
  assert.equal(p.ts?.offsetMinutes, 120);
  assert.equal(p.program, 'sqlstore');
  assert.equal(p.fields?.error, "Sqlstore::Migration failed err: Error 1049: Unknown database 'grafana'\n");
  const g11 = logfmt.parse(logfmt.samples[2])!;
  assert.equal(g11.level, 'info');
  assert.equal(g11.ts?.ms, 520);
});

test('pairs: quoted values with spaces and escapes, bare keys; anything else is not logfmt', () => {
  assert.deepEqual(logfmtPairs('a=1 b="x y" c= d'), [
    ['a', '1'],
    ['b', 'x y'],
    ['c', ''],
    ['d', ''],
  ]);
  assert.deepEqual(logfmtPairs('m="say \\"hi\\""'), [['m', 'say "hi"']]);
  assert.equal(logfmtPairs('a="open'), null);
  assert.equal(logfmtPairs('Starting up: port 80'), null);
  assert.equal(goDuration('1m3.5s'), 63.5);
  assert.equal(goDuration('1.3ms'), 0.0013);
  assert.equal(goDuration('fast'), undefined);
});

test('request pairs (Grafana "Request Completed") become a request', () => {
  const p = logfmt.parse(
    'logger=context userId=1 orgId=1 uname=admin t=2022-08-11T14:02:17.51+0200 level=info msg="Request Completed" method=GET path=/api/live/ws status=500 remote_addr=127.0.0.1 time_ms=1 duration=1.3ms size=0 referer=',
  )!;
  assert.deepEqual(p.request, {
    method: 'GET',
    status: 500,
    path: '/api/live/ws',
    duration: 0.0013,
    client: '127.0.0.1',
  });
});

test('a line needs a time and a level or message; indented lines continue the record', () => {
  assert.equal(logfmt.parse('level=info msg="no time"'), null);
  assert.equal(logfmt.parse('time="2021-09-15T21:17:10Z" foo=bar'), null);
  assert.equal(logfmt.parse('    goroutine 1 [running]:')?.continuation, true);
  assert.equal(logfmt.parse('   '), null);
});

test('detect: the real files are logfmt; Heroku, JSON and syslog files are not', () => {
  for (const f of ['logrus.log', 'grafana-11.log', 'grafana-log15.log']) assert.ok(logfmt.detect(real(f), f) >= 0.9, f);
  for (const other of [herokuLog, jsonLog, syslog]) assert.equal(logfmt.detect(other.samples, 'x.log'), 0, other.id);
});

test('property: never throws, linear on long lines', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (s) => {
      logfmt.parse(s);
      logfmt.parse(`t=2021-09-15T21:17:10Z level=info msg=${s}`);
      logfmt.parse(`a="${s}`);
    }),
    { numRuns: 2000 },
  );
  const t0 = performance.now();
  logfmt.parse(`t=2021-09-15T21:17:10Z msg="${'\\"'.repeat(30_000)}`);
  logfmt.parse(`${'a=b '.repeat(15_000)}`);
  assert.ok(performance.now() - t0 < 1000);
});
