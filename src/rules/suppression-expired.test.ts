// Its findings come from the suppression pass (src/audit/suppressions.ts), not from check(): the cases run it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditTexts } from '../audit.js';

const REDIS = {
  path: 'etc/redis/redis.conf',
  host: '',
  hostPath: '/etc/redis/redis.conf',
  rootPath: '',
  text: 'port 6379\nbind 127.0.0.1\nsave 900 1\n',
};
const config = (expires: string) => ({
  path: 'faultline.config.yaml',
  ignore: [{ rule: 'redis-maxmemory-unset', reason: 'a cache', expires, line: 4 }],
  rules: {},
});

test('past its day the entry stops applying and says so; on its day it still applies', () => {
  const late = auditTexts([REDIS], {}, { config: config('2026-12-03'), today: '2026-12-04' }).findings;
  const [f] = late.filter((x) => x.rule === 'suppression-expired');
  assert.deepEqual(
    { messageId: f?.messageId, locations: f?.locations },
    { messageId: 'expired', locations: [{ path: 'faultline.config.yaml', line: 4 }] },
  );
  assert.equal(f?.message, 'ignore[0] for redis-maxmemory-unset expired on 2026-12-03: it no longer applies.');
  assert.equal(late.find((x) => x.rule === 'redis-maxmemory-unset')?.suppressed, undefined);
  const onTime = auditTexts([REDIS], {}, { config: config('2026-12-04'), today: '2026-12-04' }).findings;
  assert.deepEqual(
    onTime.filter((x) => x.rule === 'suppression-expired'),
    [],
  );
  assert.equal(onTime.find((x) => x.rule === 'redis-maxmemory-unset')?.suppressed?.source, 'config');
});
