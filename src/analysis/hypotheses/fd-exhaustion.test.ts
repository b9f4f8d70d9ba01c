import assert from 'node:assert/strict';
import { test } from 'node:test';
import { context, ev, healthy } from '../../../test/helpers/analysis-context.js';
import { fdScenario, keepaliveScenario } from '../../../test/helpers/scenarios.js';
import { detectFdExhaustion } from './fd-exhaustion.js';

test('EMFILE and nginx (24: Too many open files): high confidence, both processes named', () => {
  const h = detectFdExhaustion(fdScenario())!;
  assert.ok(h.confidence >= 0.9);
  assert.deepEqual(
    h.evidence.slice(0, 2).map((e) => `${e.path}:${e.line}`),
    ['var/log/nginx/error.log:410', 'home/deploy/.pm2/logs/api-error.log:90'],
  );
  assert.match(
    h.explanation,
    /nginx, api ran out of file descriptors twice|nginx, api ran out of file descriptors 2 times/,
  );
  assert.match(h.explanation, /1019 ESTABLISHED/);
  assert.deepEqual(h.findings, ['fd-limit-below-connections']);
  assert.ok(h.confirm.some((c) => c.includes("/limits | grep 'open files'")));
});

test('must not: healthy input; 502s without any descriptor error', () => {
  assert.equal(detectFdExhaustion(healthy()), null);
  assert.equal(detectFdExhaustion(keepaliveScenario()), null);
  // A finding alone never creates the hypothesis.
  const onlyFinding = context({
    events: [
      ev({
        path: 'var/log/nginx/error.log',
        line: 1,
        time: '2024-03-02T10:00:00Z',
        format: 'nginx-error',
        event: 'upstream-timeout',
        text: '2024/03/02 10:00:00 [error] 12#12: *1 upstream timed out (110: Connection timed out) while reading response header from upstream',
      }),
    ],
    findings: fdScenario().findings,
  });
  assert.equal(detectFdExhaustion(onlyFinding), null);
});
