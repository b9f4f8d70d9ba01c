// Its findings come from the suppression pass (src/audit/suppressions.ts), not from check(): the cases run it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditFiles } from '../../test/helpers/audit-fixture.js';
import { auditTexts } from '../audit.js';

const REDIS = 'port 6379\nmaxmemory 1gb\n';

test('a directive for a rule that found nothing here, and one naming no rule', () => {
  const text = `# faultline-disable-next-line redis-maxmemory-unset -- set below\n# faultline-disable-next-line redis-maxmemory-unsett -- typo\n${REDIS}`;
  const r = auditFiles({ 'etc/redis/redis.conf': text });
  const found = r.findings.filter((f) => f.rule === 'suppression-unused');
  assert.deepEqual(
    found.map((f) => ({ messageId: f.messageId, line: f.locations[0]?.line, message: f.message })),
    [
      {
        messageId: 'inline',
        line: 1,
        message: 'faultline-disable-next-line for redis-maxmemory-unset matched no finding.',
      },
      {
        messageId: 'unknownRule',
        line: 2,
        message:
          'faultline-disable-next-line names redis-maxmemory-unsett, which is no rule (faultline rules lists them).',
      },
    ],
  );
});

test('an ignore: entry that matched nothing', () => {
  const file = { path: 'etc/redis/redis.conf', host: '', hostPath: '/etc/redis/redis.conf', rootPath: '', text: REDIS };
  const config = {
    path: 'faultline.config.yaml',
    ignore: [{ rule: 'redis-maxmemory-unset', reason: 'a cache', line: 2 }],
    rules: {},
  };
  const [f] = auditTexts([file], {}, { config }).findings.filter((x) => x.rule === 'suppression-unused');
  assert.deepEqual(
    { messageId: f?.messageId, message: f?.message },
    { messageId: 'config', message: 'ignore[0] for redis-maxmemory-unset matched no finding.' },
  );
});
