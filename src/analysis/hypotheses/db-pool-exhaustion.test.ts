import assert from 'node:assert/strict';
import { test } from 'node:test';
import { healthy } from '../../../test/helpers/analysis-context.js';
import { dbPoolScenario, proxyIdleScenario } from '../../../test/helpers/scenarios.js';
import { detectDbPoolExhaustion } from './db-pool-exhaustion.js';

test('Knex acquire timeouts and idle-in-transaction terminations', () => {
  const h = detectDbPoolExhaustion(dbPoolScenario())!;
  assert.ok(h.confidence >= 0.85);
  assert.deepEqual(
    h.evidence.map((e) => `${e.path}:${e.line}`),
    [
      'home/deploy/.pm2/logs/api-error.log:120',
      'home/deploy/.pm2/logs/api-error.log:131',
      'var/log/postgresql/postgresql-14-main.log:902',
    ],
  );
  assert.match(h.explanation, /timed out waiting for a free pooled DB connection 2 times/);
  assert.deepEqual(h.findings, ['postgres-idle-in-transaction-timeout-unset']);
});

test('must not: healthy; sessions cut by a proxy are not a pool leak', () => {
  assert.equal(detectDbPoolExhaustion(healthy()), null);
  assert.equal(detectDbPoolExhaustion(proxyIdleScenario()), null);
});
