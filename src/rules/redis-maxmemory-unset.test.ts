import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditDir, auditFiles, findingsOf, where } from '../../test/helpers/audit-fixture.js';

const ID = 'redis-maxmemory-unset';
const root = new URL('../../', import.meta.url).pathname;

test('fires on the postmortem host: Redis without maxmemory on 3.8 GiB', () => {
  const f = findingsOf(auditDir(`${root}examples/postmortem-api`), ID);
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'warning');
  assert.deepEqual(where(f), ['etc/redis/redis.conf:1']);
  assert.match(f[0].message, /3\.8 GiB/);
  assert.match(f[0].fix, /maxmemory \d+mb/);
});

test('fires on `maxmemory 0` and names a policy that has no effect', () => {
  const f = findingsOf(
    auditFiles({ 'etc/redis/redis.conf': 'port 6379\nmaxmemory 0\nmaxmemory-policy allkeys-lru\n' }),
    ID,
  );
  assert.deepEqual(where(f), ['etc/redis/redis.conf:2']);
  assert.match(f[0].message, /allkeys-lru has no effect/);
});

test('does not fire with a limit', () => {
  assert.deepEqual(findingsOf(auditFiles({ 'etc/redis/redis.conf': 'port 6379\nmaxmemory 512mb\n' }), ID), []);
});
