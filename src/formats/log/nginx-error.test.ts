import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { haproxyLog } from './haproxy-log.js';
import { nginxAccess } from './nginx-access.js';
import { nginxError } from './nginx-error.js';
import { tomcatLog } from './tomcat-log.js';

const fixture = readFileSync(new URL('../../../test/fixtures/log/nginx/error.log', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean);

test('every sample parses', () => {
  for (const line of nginxError.samples) assert.ok(nginxError.parse(line), line);
});

test('upstream error: level, pid, connection id, message and the context fields', () => {
  const p = nginxError.parse(nginxError.samples[0])!;
  assert.deepEqual(p.ts, { year: 2022, month: 7, day: 11, hour: 14, minute: 1, second: 27 });
  assert.equal(p.level, 'error');
  assert.equal(p.pid, 8934);
  assert.equal(p.fields?.connection, 220129);
  assert.equal(p.message, 'upstream prematurely closed connection while reading response header from upstream');
  assert.equal(p.fields?.client, '1.2.3.4');
  assert.equal(p.fields?.server, 'api.example.com');
  assert.equal(p.fields?.host, 'api.example.com');
  assert.equal(p.fields?.upstream, 'http://127.0.0.1:8080/v1/location?id=4704');
  assert.deepEqual(p.request, {
    method: 'GET',
    path: '/v1/location?id=4704',
    client: '1.2.3.4',
    server: 'http://127.0.0.1:8080/v1/location?id=4704',
  });
});

test('levels: warn/crit/alert/emerg/notice map to the shared scale; no connection id on process-level lines', () => {
  const levels = fixture.map((l) => nginxError.parse(l)!.level);
  assert.deepEqual(levels, ['notice', 'error', 'error', 'error', 'critical', 'critical']);
  const alert = nginxError.parse(fixture[4])!;
  assert.equal(alert.message, '1024 worker_connections are not enough');
  assert.equal(alert.fields?.connection, undefined);
  assert.equal(alert.fields?.nginxLevel, 'alert');
  const emerg = nginxError.parse(nginxError.samples[8])!;
  assert.equal(emerg.level, 'critical');
  assert.equal(emerg.message, 'bind() to 0.0.0.0:80 failed (98: Address already in use)');
  const withReferrer = nginxError.parse(fixture[3])!;
  assert.equal(withReferrer.fields?.referrer, 'https://admin.example.com/reports');
  assert.equal(withReferrer.request?.method, 'POST');
});

test('detect: high on error.log, low elsewhere; garbage is null', () => {
  assert.ok(nginxError.detect(fixture, '/var/log/nginx/error.log') >= 0.95);
  for (const other of [nginxAccess, haproxyLog, tomcatLog]) assert.equal(nginxError.detect(other.samples, 'x'), 0);
  for (const g of ['', 'error', '2022/07/11 14:01:27 [oops] 1#1: x', '2022-07-11 14:01:27 [error] 1#1: x']) {
    assert.equal(nginxError.parse(g), null, g);
  }
});

test('property: never throws, linear on long lines', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (s) => {
      nginxError.parse(s);
      nginxError.parse(`2022/07/11 14:01:27 [error] 1#1: *1 ${s}, client: ${s}`);
    }),
    { numRuns: 2000 },
  );
  const t0 = performance.now();
  nginxError.parse(`2022/07/11 14:01:27 [error] 1#1: *1 x${', client: a'.repeat(20_000)}`);
  nginxError.parse(`2022/07/11 14:01:27 [error] 1#1: ${'*1 '.repeat(30_000)}`);
  assert.ok(performance.now() - t0 < 1000);
});
