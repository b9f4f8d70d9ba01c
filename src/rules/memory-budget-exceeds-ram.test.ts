import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditDir, auditFiles, findingsOf, where } from '../../test/helpers/audit-fixture.js';
import { GiB } from '../model/units.js';

const ID = 'memory-budget-exceeds-ram';
const root = new URL('../../', import.meta.url).pathname;

test('fires on the postmortem host: 2 × 2G PM2 + 1GB shared_buffers on 3.8 GiB, Redis unbounded', () => {
  const f = findingsOf(auditDir(`${root}examples/postmortem-api`), ID);
  assert.equal(f.length, 1);
  assert.match(f[0].message, /3\.8 GiB RAM.*may take 5 GiB/s);
  assert.match(
    f[0].message,
    /PM2 "ob_api_server": instances: 'max' = 2 CPUs \(proc\/cpuinfo\) × 2 GiB max_memory_restart/,
  );
  assert.match(f[0].message, /PostgreSQL shared_buffers 1 GiB/);
  assert.match(f[0].message, /Not bounded at all: Redis/);
  const w = where(f);
  assert.ok(w.includes('etc/postgresql/14/main/postgresql.conf:7'), w.join());
  assert.ok(w.includes('proc/meminfo:1'));
});

test('adds InnoDB and Redis limits on one host of a multi-host bundle only', () => {
  const r = auditFiles({
    'db1/etc/mysql/my.cnf': '[mysqld]\ninnodb_buffer_pool_size = 6G\n',
    'db1/etc/redis/redis.conf': 'maxmemory 3gb\n',
    'db1/proc/meminfo': 'MemTotal:        8041224 kB\nMemFree:  100 kB\n',
    'app1/proc/meminfo': 'MemTotal:        8041224 kB\nMemFree:  100 kB\n',
  });
  const f = findingsOf(r, ID);
  assert.equal(f.length, 1);
  assert.match(f[0].message, /host db1/);
  assert.deepEqual(where(f), ['db1/etc/mysql/my.cnf:2', 'db1/etc/redis/redis.conf:1', 'db1/proc/meminfo:1']);
});

test('does not fire when the limits fit, or without RAM', () => {
  assert.deepEqual(findingsOf(auditFiles({ 'etc/redis/redis.conf': 'maxmemory 1gb\n' }, { ram: 4 * GiB }), ID), []);
  assert.deepEqual(findingsOf(auditFiles({ 'etc/mysql/my.cnf': '[mysqld]\ninnodb_buffer_pool_size = 64G\n' }), ID), []);
});
