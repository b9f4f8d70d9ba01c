import assert from 'node:assert/strict';
import { test } from 'node:test';
import { context, ev, healthy } from '../../../test/helpers/analysis-context.js';
import { cascadeScenario, eventLoopScenario } from '../../../test/helpers/scenarios.js';
import { detectHealthCheckCascade } from './health-check-cascade.js';

test('seed 000: servers DOWN one after another, then "no server available"', () => {
  const h = detectHealthCheckCascade(cascadeScenario())!;
  assert.ok(h.confidence >= 0.55 && h.confidence <= 0.66);
  assert.equal(h.evidence[0].line, 13);
  assert.match(h.evidence[0].text, /has no server available!/);
  assert.match(h.explanation, /express\/gear-2 → express\/local-gear/);
  assert.match(h.explanation, /over 10 s/);
});

test('ranks below the cause of the failing checks', () => {
  const h = detectHealthCheckCascade(eventLoopScenario())!;
  assert.ok(h.confidence <= 0.66);
});

test('must not: healthy; one server bounced with others still up', () => {
  assert.equal(detectHealthCheckCascade(healthy()), null);
  const one = context({
    events: [
      ev({
        path: 'var/log/haproxy.log',
        line: 3,
        time: '2024-03-02T10:00:00Z',
        format: 'haproxy-log',
        level: 'warning',
        event: 'server-down',
        fields: { backend: 'app', server: 'web3', reason: 'Layer4 connection problem' },
        text: '[WARNING] 062/100000 (2201) : Server app/web3 is DOWN, reason: Layer4 connection problem, info: "Connection refused", check duration: 0ms. 3 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.',
      }),
    ],
  });
  assert.equal(detectHealthCheckCascade(one), null);
});
