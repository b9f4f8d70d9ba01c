import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditFiles, findingsOf, where } from '../../test/helpers/audit-fixture.js';

const ID = 'overcommit-conflict-postgres-redis';
const BOTH = {
  'etc/postgresql/15/main/postgresql.conf': "listen_addresses = 'localhost'\nport = 5432\nmax_connections = 100\n",
  'etc/redis/redis.conf': 'bind 127.0.0.1 ::1\nport 6379\ndaemonize yes\nappendonly no\n',
};

test('fires when both run on one host, stating who loses', () => {
  const one = findingsOf(auditFiles({ ...BOTH, 'etc/sysctl.d/99-redis.conf': 'vm.overcommit_memory = 1\n' }), ID);
  assert.deepEqual(where(one), ['etc/sysctl.d/99-redis.conf:1']);
  assert.equal(one[0].severity, 'info');
  assert.match(one[0].message, /protect the postmaster/);
  const two = findingsOf(auditFiles({ ...BOTH, 'proc/sys/vm/overcommit_memory': '2\n' }), ID);
  assert.match(two[0].message, /Redis background saves may fail/);
});

test('does not fire on different hosts', () => {
  const r = auditFiles({
    'db1/etc/postgresql/15/main/postgresql.conf':
      "listen_addresses = 'localhost'\nport = 5432\nmax_connections = 100\n",
    'cache1/etc/redis/redis.conf': 'bind 127.0.0.1 ::1\nport 6379\ndaemonize yes\nappendonly no\n',
  });
  assert.deepEqual(findingsOf(r, ID), []);
});
