import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditDir, auditFiles, findingsOf, where } from '../../test/helpers/audit-fixture.js';
import { readsLikeSeconds } from './haproxy-timeout-unit.js';

const ID = 'haproxy-timeout-unit';
const root = new URL('../../', import.meta.url).pathname;

test('fires on timeout client 28800 (the seed talk: 28.8 s, not 8 h) and on timeout server 30', () => {
  const r = auditFiles({
    'etc/haproxy/haproxy.cfg': `defaults
    mode tcp
    timeout connect 5000
    timeout client 28800
    timeout server 28800

backend api
    mode http
    timeout server 30
    server a 127.0.0.1:3000
`,
  });
  const f = findingsOf(r, ID);
  assert.deepEqual(where(f), ['etc/haproxy/haproxy.cfg:4', 'etc/haproxy/haproxy.cfg:5', 'etc/haproxy/haproxy.cfg:9']);
  assert.equal(f[0].severity, 'warning');
  assert.match(f[0].message, /timeout client 28800.*28\.8 s.*8 h.*timeout client 8h/s);
  assert.match(f[2].message, /30 ms/);
  assert.match(f[2].fix, /timeout server 30s/);
});

test('does not fire on the distribution defaults (5000/50000 ms) or on values with units', () => {
  assert.deepEqual(findingsOf(auditDir(`${root}examples/seed-talk-galera`), ID), []);
  const r = auditFiles({
    'etc/haproxy/haproxy.cfg':
      'defaults\n  timeout connect 5s\n  timeout client 8h\n  timeout server 28800s\n  timeout http-request 10s\n',
  });
  assert.deepEqual(findingsOf(r, ID), []);
});

test('the heuristic', () => {
  assert.equal(readsLikeSeconds('client', 28800), true);
  assert.equal(readsLikeSeconds('client', 50000), false);
  assert.equal(readsLikeSeconds('server', 30), true);
  assert.equal(readsLikeSeconds('connect', 5000), false);
  assert.equal(readsLikeSeconds('connect', 10), true);
  assert.equal(readsLikeSeconds('client', 120000), false);
});
