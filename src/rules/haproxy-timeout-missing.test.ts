import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditDir, auditFiles, findingsOf, where } from '../../test/helpers/audit-fixture.js';

const ID = 'haproxy-timeout-missing';
const root = new URL('../../', import.meta.url).pathname;

test('fires on proxies with neither written nor inherited timeouts', () => {
  const r = auditFiles({
    'etc/haproxy/haproxy.cfg': `global
    maxconn 256

defaults
    mode http
    timeout connect 5s

frontend www
    bind *:80
    default_backend app

backend app
    server a 127.0.0.1:3000 check
`,
  });
  const f = findingsOf(r, ID);
  assert.deepEqual(where(f), ['etc/haproxy/haproxy.cfg:8', 'etc/haproxy/haproxy.cfg:12']);
  assert.match(f[0].message, /frontend "www" has no `timeout client`/);
  assert.match(f[1].message, /backend "app" has no `timeout server`/);
  assert.doesNotMatch(f[1].message, /connect/);
});

test('does not fire when defaults set them (the distribution file)', () => {
  assert.deepEqual(findingsOf(auditDir(`${root}examples/seed-talk-galera`), ID), []);
});
