import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditDir, auditFiles, findingsOf, where } from '../../test/helpers/audit-fixture.js';

const ID = 'redis-transparent-huge-pages';
const root = new URL('../../', import.meta.url).pathname;

test('fires on the postmortem host ([always])', () => {
  const f = findingsOf(auditDir(`${root}examples/postmortem-api`), ID);
  assert.deepEqual(where(f), ['sys/kernel/mm/transparent_hugepage/enabled:1']);
});

test('does not fire on madvise or never, nor without Redis', () => {
  const thp = 'sys/kernel/mm/transparent_hugepage/enabled';
  assert.deepEqual(
    findingsOf(
      auditFiles({
        'etc/redis/redis.conf': 'bind 127.0.0.1 ::1\nport 6379\ndaemonize yes\nappendonly no\n',
        [thp]: 'always [madvise] never\n',
      }),
      ID,
    ),
    [],
  );
  assert.deepEqual(
    findingsOf(
      auditFiles({
        'etc/redis/redis.conf': 'bind 127.0.0.1 ::1\nport 6379\ndaemonize yes\nappendonly no\n',
        [thp]: 'always madvise [never]\n',
      }),
      ID,
    ),
    [],
  );
  assert.deepEqual(findingsOf(auditFiles({ [thp]: '[always] madvise never\n' }), ID), []);
});
