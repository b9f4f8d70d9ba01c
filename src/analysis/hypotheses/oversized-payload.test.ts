import assert from 'node:assert/strict';
import { test } from 'node:test';
import { healthy } from '../../../test/helpers/analysis-context.js';
import { crashLoopScenario, oversizedScenario } from '../../../test/helpers/scenarios.js';
import { detectOversizedPayload } from './oversized-payload.js';

test('seed 002: RangeError from JSON.stringify, with the 502s and restarts at the same moments', () => {
  const h = detectOversizedPayload(oversizedScenario())!;
  assert.ok(h.confidence >= 0.9);
  assert.deepEqual(
    [h.evidence[0].path, h.evidence[0].line],
    ['var/lib/jenkins/.pm2/logs/ob-api-server-error.log', 1400],
  );
  assert.match(h.evidence[0].text, /RangeError: Invalid string length/);
  assert.match(h.explanation, /from \/var\/lib\/jenkins\/workspace\/dev_backend\/app\/utils\/base-controller\.ts:199/);
  assert.match(h.explanation, /proxy lost 4 upstream connections/);
  assert.match(h.explanation, /GET \/v1\/customer\/customers \(5\)/);
  assert.ok(h.evidence.some((e) => e.path === 'var/log/nginx/error.log'));
});

test('must not: healthy; crashes from other errors', () => {
  assert.equal(detectOversizedPayload(healthy()), null);
  assert.equal(detectOversizedPayload(crashLoopScenario()), null);
});
