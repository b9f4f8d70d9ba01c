import assert from 'node:assert/strict';
import { test } from 'node:test';
import { healthy } from '../../../test/helpers/analysis-context.js';
import { crashLoopScenario, platformScenario } from '../../../test/helpers/scenarios.js';
import { detectPlatformRecycle } from './platform-recycle.js';

test('seed 000: Heroku idling, SIGTERM, then H99', () => {
  const h = detectPlatformRecycle(platformScenario())!;
  assert.ok(h.confidence >= 0.65);
  assert.deepEqual(
    h.evidence.map((e) => e.line),
    [10, 12, 19, 11],
  );
  assert.match(h.explanation, /idled the instance once/);
  assert.match(h.explanation, /code=H99/);
  assert.ok(h.fix[0].includes("process.on('SIGTERM'"));
});

test('must not: healthy; app crashes (SIGINT from PM2) are not the platform', () => {
  assert.equal(detectPlatformRecycle(healthy()), null);
  assert.equal(detectPlatformRecycle(crashLoopScenario()), null);
});
