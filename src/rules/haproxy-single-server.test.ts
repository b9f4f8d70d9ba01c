import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditFiles, findingsOf, where } from '../../test/helpers/audit-fixture.js';

const ID = 'haproxy-single-server';

// The OpenShift gear of seed 000: one local gear behind HAProxy with an HTTP check.
const GEAR = `global
    maxconn 256

defaults
    mode http
    option httplog
    timeout connect 10s
    timeout client 1m
    timeout server 1m
    maxconn 128

listen express 127.9.9.1:8080
    cookie GEAR insert indirect nocache
    option httpchk GET /
    http-check expect rstatus 2..|3..|401
    balance leastconn
    server local-gear 127.9.9.2:8080 check fall 2 rise 3 inter 2000 cookie local-xyz
`;

test('fires on one health-checked server and computes the time to DOWN', () => {
  const f = findingsOf(auditFiles({ 'haproxy/conf/haproxy.cfg': GEAR }), ID);
  assert.equal(f.length, 1);
  assert.deepEqual(where(f), ['haproxy/conf/haproxy.cfg:17', 'haproxy/conf/haproxy.cfg:12']);
  assert.match(f[0].message, /after 2 failed checks 2 s apart \(≈ 4 s\)/);
  assert.match(f[0].message, /until 3 checks pass/);
});

test('uses HAProxy defaults fall 3 / inter 2 s', () => {
  const f = findingsOf(
    auditFiles({ 'etc/haproxy/haproxy.cfg': 'backend app\n  timeout server 30s\n  server a 10.0.0.1:8080 check\n' }),
    ID,
  );
  assert.match(f[0].message, /after 3 failed checks 2 s apart \(≈ 6 s\)/);
});

const mustNot: [string, string][] = [
  ['two servers', 'backend app\n  server a 10.0.0.1:8080 check\n  server b 10.0.0.2:8080 check\n'],
  ['no health check', 'backend app\n  server a 10.0.0.1:8080\n'],
  ['a backup server', 'backend app\n  server a 10.0.0.1:8080 check\n  server sorry 10.0.0.9:8080 check backup\n'],
];
for (const [name, cfg] of mustNot) {
  test(`does not fire: ${name}`, () => {
    assert.deepEqual(findingsOf(auditFiles({ 'etc/haproxy/haproxy.cfg': cfg }), ID), []);
  });
}
