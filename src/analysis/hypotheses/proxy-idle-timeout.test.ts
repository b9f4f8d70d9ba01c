import assert from 'node:assert/strict';
import { test } from 'node:test';
import { context, ev, healthy } from '../../../test/helpers/analysis-context.js';
import { keepaliveScenario, proxyIdleScenario } from '../../../test/helpers/scenarios.js';
import { detectProxyIdleTimeout } from './proxy-idle-timeout.js';

test('seed 001: 2013/2006 in Celery, HAProxy cD, MariaDB aborted connections, boosted by the finding', () => {
  const withFinding = detectProxyIdleTimeout(proxyIdleScenario(true))!;
  const without = detectProxyIdleTimeout(proxyIdleScenario(false))!;
  assert.ok(withFinding.confidence > without.confidence);
  assert.ok(without.confidence >= 0.75);
  assert.deepEqual([withFinding.evidence[0].path, withFinding.evidence[0].line], ['var/log/celery/worker.log', 300]);
  assert.match(withFinding.evidence[0].text, /2013, 'Lost connection to MySQL server during query'/);
  assert.ok(withFinding.evidence.some((e) => / cD /.test(e.text)));
  assert.ok(withFinding.evidence.some((e) => /Aborted connection/.test(e.text)));
  assert.deepEqual(withFinding.findings, ['haproxy-timeout-kills-db-sessions']);
  assert.ok(withFinding.fix.some((f) => f.includes('28.8 s')));
});

test('look-alike: 2013 right after the MySQL server itself restarted ranks low', () => {
  const ctx = context({
    events: [
      ev({
        path: 'var/log/mysql/error.log',
        line: 10,
        time: '2024-03-02T10:14:50Z',
        format: 'mysql-log',
        level: 'warning',
        event: 'process-exit',
        text: '240302 10:14:50 mysqld_safe Number of processes running now: 0',
      }),
      ev({
        path: 'var/log/celery/worker.log',
        line: 5,
        time: '2024-03-02T10:15:01Z',
        format: 'json-log',
        event: 'db-connection-lost',
        text: "django.db.utils.OperationalError: (2013, 'Lost connection to MySQL server during query')",
      }),
    ],
  });
  const h = detectProxyIdleTimeout(ctx)!;
  assert.ok(h.confidence < 0.4, String(h.confidence));
  assert.match(h.explanation, /database itself restarted/);
});

test('must not: healthy; nginx 502s', () => {
  assert.equal(detectProxyIdleTimeout(healthy()), null);
  assert.equal(detectProxyIdleTimeout(keepaliveScenario()), null);
});
