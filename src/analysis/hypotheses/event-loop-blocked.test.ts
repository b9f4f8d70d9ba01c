import assert from 'node:assert/strict';
import { test } from 'node:test';
import { healthy } from '../../../test/helpers/analysis-context.js';
import { cascadeScenario, eventLoopScenario, oomScenario } from '../../../test/helpers/scenarios.js';
import { detectEventLoopBlocked } from './event-loop-blocked.js';

test('Layer7 health-check timeouts, upstream timeouts, slow responses, servers back by themselves', () => {
  const h = detectEventLoopBlocked(eventLoopScenario())!;
  assert.ok(h.confidence >= 0.7, String(h.confidence));
  assert.deepEqual(
    h.evidence.slice(0, 2).map((e) => `${e.path}:${e.line}`),
    ['var/log/haproxy.log:501', 'var/log/haproxy.log:502'],
  );
  assert.match(h.explanation, /Health checks of express\/web1, express\/web2 timed out/);
  assert.match(h.explanation, /Mean response time rose to 6\.00 s/);
  assert.match(h.explanation, /came back by themselves/);
});

test('look-alikes: a server refusing connections (dead) and an OOM kill lower it', () => {
  const cascade = detectEventLoopBlocked(cascadeScenario())!;
  assert.ok(cascade.confidence < 0.6);
  assert.match(cascade.explanation, /connection refused/);
  const oom = detectEventLoopBlocked(oomScenario());
  assert.equal(oom, null);
});

test('must not: healthy', () => {
  assert.equal(detectEventLoopBlocked(healthy()), null);
});
