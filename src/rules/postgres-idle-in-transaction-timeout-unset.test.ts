import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditDir, auditFiles, findingsOf, where } from '../../test/helpers/audit-fixture.js';

const ID = 'postgres-idle-in-transaction-timeout-unset';
const root = new URL('../../', import.meta.url).pathname;

test('fires when only the commented-out default is there', () => {
  const f = findingsOf(auditDir(`${root}examples/postmortem-api`), ID);
  assert.equal(f.length, 1);
  assert.match(f[0].message, /0 \(the default, disabled\)/);
});

test('fires on an explicit 0 and cites it', () => {
  const f = findingsOf(
    auditFiles({
      'etc/postgresql/15/main/postgresql.conf':
        'port = 5432\nmax_connections = 100\nidle_in_transaction_session_timeout = 0\n',
    }),
    ID,
  );
  assert.deepEqual(where(f), ['etc/postgresql/15/main/postgresql.conf:3']);
});

test('does not fire when set', () => {
  const conf = "port = 5432\nidle_in_transaction_session_timeout = '5min'\n";
  assert.deepEqual(findingsOf(auditFiles({ 'etc/postgresql/15/main/postgresql.conf': conf }), ID), []);
});
