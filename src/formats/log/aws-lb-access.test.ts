import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { SIGNATURES } from '../../signatures/catalog.js';
import { createMatcher } from '../../signatures/match.js';
import { awsLbAccess } from './aws-lb-access.js';
import { detectLogFormat } from './registry.js';
import { syslog } from './syslog.js';

const real = (name: string) =>
  readFileSync(new URL(`../../../test/real-logs/aws-lb/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean);

test('every sample parses with a UTC time', () => {
  for (const line of awsLbAccess.samples) assert.equal(awsLbAccess.parse(line)?.ts?.offsetMinutes, 0, line);
});

test('ALB: status, target status, path, method, duration = the three processing times', () => {
  const p = awsLbAccess.parse(awsLbAccess.samples[1])!;
  assert.deepEqual(p.ts, { year: 2018, month: 7, day: 2, hour: 22, minute: 23, second: 0, ms: 186, offsetMinutes: 0 });
  assert.deepEqual(p.request, {
    method: 'GET',
    path: '/',
    status: 200,
    upstreamStatus: '200',
    bytes: 57,
    duration: 0.171,
    client: '192.168.131.39',
    backend: '10.0.0.1:80',
  });
  assert.equal(p.fields?.type, 'https');
  assert.equal(p.fields?.actions, 'authenticate,forward');
});

test('ALB 502 with target status `-`: no upstream status, the error reason kept', () => {
  const p = awsLbAccess.parse(awsLbAccess.samples[2])!;
  assert.equal(p.request?.status, 502);
  assert.equal(p.request?.upstreamStatus, undefined);
  assert.equal(p.request?.backend, undefined);
  assert.equal(p.fields?.targetStatus, '-');
  assert.equal(p.fields?.errorReason, 'LambdaInvalidResponse');
});

test('Classic ELB: HTTP, TCP (`- - - `, no status), a 504 with -1 times and backend `-`', () => {
  const http = awsLbAccess.parse(awsLbAccess.samples[3])!;
  assert.equal(http.request?.duration, 0.001178);
  assert.equal(http.request?.path, '/');
  const tcp = awsLbAccess.parse(awsLbAccess.samples[4])!;
  assert.equal(tcp.request?.status, undefined);
  assert.equal(tcp.request?.method, undefined);
  const gw = awsLbAccess.parse(awsLbAccess.samples[5])!;
  assert.equal(gw.request?.status, 504);
  assert.equal(gw.request?.duration, undefined);
  assert.equal(gw.request?.path, '/xxxx');
  assert.equal(gw.fields?.targetStatus, '0');
});

test('detect: ELB and ALB files are aws-lb-access, not syslog; other lines are not claimed', () => {
  for (const f of ['alb-docs-examples.log', 'elb-classic-docs-examples.log', 'elb-classic-issues.log']) {
    assert.equal(detectLogFormat(real(f), f)?.format.id, 'aws-lb-access', f);
    // syslog reads `stamp host tag` into a Classic line: it must score below.
    assert.ok(awsLbAccess.detect(real(f), f) > syslog.detect(real(f), f), f);
  }
  assert.equal(awsLbAccess.detect(syslog.samples, 'syslog'), 0);
  for (const g of [
    '',
    'http 2018-07-02T22:23:00Z app/x',
    '2015-05-13T23:39:43.945958Z my-lb 1.2.3.4:1 - x -1 -1 504 0 0 0 "GET / HTTP/1.1"',
  ])
    assert.equal(awsLbAccess.parse(g), null, g);
});

test('502/503/504 the load balancer made itself (target status `-` or 0) are signatures; a target 502 is not', () => {
  const matcher = createMatcher(SIGNATURES);
  assert.equal(matcher.match('aws-lb-access', awsLbAccess.samples[2])?.signature.id, 'aws-lb-502-target-closed');
  assert.equal(matcher.match('aws-lb-access', awsLbAccess.samples[5])?.signature.id, 'aws-lb-504-target-timeout');
  assert.equal(matcher.match('aws-lb-access', real('elb-classic-issues.log')[1]), null, 'a 503 the backend sent');
  for (const line of awsLbAccess.samples.slice(0, 2)) assert.equal(matcher.match('aws-lb-access', line), null);
  const fromTarget = awsLbAccess.samples[0].replace(' 200 200 34 366 ', ' 502 502 34 366 ');
  assert.equal(matcher.match('aws-lb-access', fromTarget), null);
});

test('property: never throws, linear on long lines', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (s) => {
      awsLbAccess.parse(s);
      awsLbAccess.parse(`http 2018-07-02T22:23:00.186641Z ${s}`);
      awsLbAccess.parse(`2015-05-13T23:39:43.945958Z my-lb ${s}`);
    }),
    { numRuns: 2000 },
  );
  const t0 = performance.now();
  awsLbAccess.parse(`2015-05-13T23:39:43.945958Z a ${'b '.repeat(20_000)}`);
  awsLbAccess.parse(
    `http 2018-07-02T22:23:00.186641Z a b c 0 0 0 200 200 1 1 "GET / HTTP/1.1" "${'\\"'.repeat(20_000)}`,
  );
  assert.ok(performance.now() - t0 < 1000);
});
