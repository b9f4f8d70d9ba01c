import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { haproxyCtld } from './haproxy-ctld.js';
import { haproxyLog } from './haproxy-log.js';
import { herokuLog } from './heroku-log.js';
import { nginxAccess } from './nginx-access.js';

const fixture = readFileSync(new URL('../../../test/fixtures/log/heroku/heroku.log', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean);

test('every sample parses', () => {
  for (const line of herokuLog.samples) assert.ok(herokuLog.parse(line), line);
});

test('router H12: logfmt fields, request with status, service time, client and dyno; explicit offset', () => {
  const p = herokuLog.parse(herokuLog.samples[0])!;
  assert.deepEqual(p.ts, { year: 2012, month: 11, day: 5, hour: 17, minute: 1, second: 30, ms: 234, offsetMinutes: 0 });
  assert.equal(p.level, 'error');
  assert.equal(p.program, 'heroku[router]');
  assert.equal(p.fields?.code, 'H12');
  assert.equal(p.fields?.desc, 'Request timeout');
  assert.deepEqual(p.request, {
    method: 'GET',
    path: '/',
    status: 503,
    bytes: 0,
    duration: 30,
    client: '1.2.3.4',
    server: 'web.1',
  });
  const pacific = herokuLog.parse(herokuLog.samples[10])!;
  assert.equal(pacific.ts?.offsetMinutes, -420);
  assert.equal(pacific.request?.duration, 30.001);
});

test('seed 000 case 6: idling, SIGTERM, exit 143, then H99', () => {
  const parsed = fixture.map((l) => herokuLog.parse(l)!);
  assert.equal(parsed[0].program, 'app[web.1]');
  assert.equal(parsed[0].level, 'info');
  assert.equal(parsed[1].request?.status, 200);
  assert.equal(parsed[1].level, 'info');
  assert.equal(parsed[2].message, 'Idling');
  assert.equal(parsed[2].level, 'warning');
  assert.equal(parsed[3].fields?.stateFrom, 'up');
  assert.equal(parsed[3].fields?.stateTo, 'down');
  assert.equal(parsed[4].message, 'Stopping all processes with SIGTERM');
  assert.equal(parsed[5].fields?.exitStatus, 143);
  assert.equal(parsed[6].fields?.code, 'H99');
  assert.equal(parsed[6].request?.status, 503);
  assert.equal(parsed[6].request?.duration, undefined);
});

test('R14 and memory lines; the old router format', () => {
  const r14 = herokuLog.parse(herokuLog.samples[8])!;
  assert.equal(r14.fields?.code, 'R14');
  assert.equal(r14.fields?.desc, 'Memory quota exceeded');
  assert.equal(r14.level, 'error');
  assert.equal(herokuLog.parse(herokuLog.samples[7])!.fields?.memoryPercent, 104.1);
  const old = herokuLog.parse(herokuLog.samples[11])!;
  assert.equal(old.fields?.code, 'H12');
  assert.equal(old.request?.status, 503);
});

test('drain (RFC 5424 framed) lines parse the same way', () => {
  const p = herokuLog.parse(
    '<158>1 2012-11-05T17:01:30.234567+00:00 host heroku router - at=error code=H10 desc="App crashed" method=GET path="/" host=myapp.herokuapp.com fwd="1.2.3.4" dyno= connect= service= status=503 bytes=',
  )!;
  assert.equal(p.fields?.code, 'H10');
  assert.equal(p.request?.status, 503);
});

test('detect: high on heroku logs, low elsewhere; garbage is null', () => {
  assert.ok(herokuLog.detect(fixture, 'heroku.log') >= 0.9);
  for (const other of [nginxAccess, haproxyLog, haproxyCtld]) assert.equal(herokuLog.detect(other.samples, 'x'), 0);
  assert.equal(herokuLog.parse('2012-11-05T17:01:30+00:00 nginx[1]: x'), null);
});

test('property: never throws, linear', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (s) => {
      herokuLog.parse(s);
      herokuLog.parse(`2012-11-05T17:01:30.234567+00:00 heroku[router]: ${s}`);
      herokuLog.parse(`2012-11-05T17:01:30.234567+00:00 heroku[web.1]: ${s}`);
    }),
    { numRuns: 2000 },
  );
  const t0 = performance.now();
  herokuLog.parse(`2012-11-05T17:01:30.234567+00:00 heroku[router]: a="${'\\"'.repeat(50_000)}`);
  herokuLog.parse(`2012-11-05T17:01:30.234567+00:00 heroku[router]: ${'a=b '.repeat(25_000)}`);
  assert.ok(performance.now() - t0 < 1000);
});
