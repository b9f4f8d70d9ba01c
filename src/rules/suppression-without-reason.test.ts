// Its findings come from the suppression pass (src/audit/suppressions.ts), not from check(): the cases run it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditFiles } from '../../test/helpers/audit-fixture.js';
import { auditTexts } from '../audit.js';

const REDIS = 'port 6379\nbind 127.0.0.1\nsave 900 1\n';

test('an inline directive without " -- reason" is reported and does not apply', () => {
  const r = auditFiles({ 'etc/redis/redis.conf': `# faultline-disable-file redis-maxmemory-unset\n${REDIS}` });
  const found = r.findings.filter((f) => f.rule === 'suppression-without-reason');
  assert.deepEqual(
    found.map((f) => ({ messageId: f.messageId, locations: f.locations, message: f.message })),
    [
      {
        messageId: 'inline',
        locations: [{ path: 'etc/redis/redis.conf', line: 1 }],
        message:
          'faultline-disable-file for redis-maxmemory-unset gives no reason (nothing after " -- "): it does not apply.',
      },
    ],
  );
  assert.equal(r.findings.find((f) => f.rule === 'redis-maxmemory-unset')?.suppressed, undefined);
});

test('an ignore: entry without a reason', () => {
  const text = { path: 'etc/redis/redis.conf', host: '', hostPath: '/etc/redis/redis.conf', rootPath: '', text: REDIS };
  const config = { path: 'faultline.config.yaml', ignore: [{ rule: 'redis-maxmemory-unset', line: 2 }], rules: {} };
  const r = auditTexts([text], {}, { config });
  const [f] = r.findings.filter((x) => x.rule === 'suppression-without-reason');
  assert.deepEqual(
    { messageId: f?.messageId, locations: f?.locations },
    { messageId: 'config', locations: [{ path: 'faultline.config.yaml', line: 2 }] },
  );
  assert.equal(f?.message, 'ignore[0] for redis-maxmemory-unset gives no reason: it does not apply.');
});

test('with a reason nothing is reported', () => {
  const r = auditFiles({
    'etc/redis/redis.conf': `# faultline-disable-file redis-maxmemory-unset -- a cache\n${REDIS}`,
  });
  assert.deepEqual(
    r.findings.filter((f) => f.rule.startsWith('suppression-')),
    [],
  );
});
