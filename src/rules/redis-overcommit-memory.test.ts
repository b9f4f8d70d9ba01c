import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditDir, auditFiles, findingsOf, where } from '../../test/helpers/audit-fixture.js';

const ID = 'redis-overcommit-memory';
const root = new URL('../../', import.meta.url).pathname;
const REDIS = 'port 6379\nsave 900 1\n';

test('fires on the postmortem host (overcommit 0 from a /proc/sys snapshot)', () => {
  const f = findingsOf(auditDir(`${root}examples/postmortem-api`), ID);
  assert.equal(f.length, 1);
  assert.equal(where(f)[0], 'proc/sys/vm/overcommit_memory:1');
  assert.match(f[0].message, /is 0 .*persistence on/s);
});

test('the /proc/sys snapshot (what runs) wins over sysctl.d (what boots)', () => {
  const files = {
    'etc/redis/redis.conf': REDIS,
    'etc/sysctl.d/99-redis.conf': 'vm.overcommit_memory = 1\n',
    'proc/sys/vm/overcommit_memory': '0\n',
  };
  assert.deepEqual(where(findingsOf(auditFiles(files), ID)), [
    'proc/sys/vm/overcommit_memory:1',
    'etc/redis/redis.conf:2',
  ]);
});

test('does not fire when it is 1, or when the input does not tell', () => {
  assert.deepEqual(
    findingsOf(
      auditFiles({ 'etc/redis/redis.conf': REDIS, 'etc/sysctl.d/99-redis.conf': 'vm.overcommit_memory = 1\n' }),
      ID,
    ),
    [],
  );
  assert.deepEqual(findingsOf(auditFiles({ 'etc/redis/redis.conf': REDIS }), ID), []);
});
