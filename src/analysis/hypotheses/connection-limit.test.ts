import assert from 'node:assert/strict';
import { test } from 'node:test';
import { context, ev, healthy } from '../../../test/helpers/analysis-context.js';
import { connectionLimitScenario, dbPoolScenario } from '../../../test/helpers/scenarios.js';
import { fpmMaxChildren, nginxConnectTimeouts } from '../../../test/helpers/stack-corpus.js';
import { detectConnectionLimit } from './connection-limit.js';
import { detectEventLoopBlocked } from './event-loop-blocked.js';

test('HAProxy maxconn + sQ sessions + Tomcat threads busy', () => {
  const h = detectConnectionLimit(connectionLimitScenario())!;
  assert.ok(h.confidence >= 0.85);
  const places = h.evidence.map((e) => `${e.path}:${e.line}`);
  assert.ok(places.includes('opt/tomcat/logs/catalina.out:4410'));
  assert.ok(places.includes('var/log/haproxy.log:88'));
  assert.ok(places.includes('var/log/haproxy.log:91'), 'the sQ session line');
  assert.match(h.explanation, /termination sQ/);
  assert.ok(h.fix.some((f) => f.includes('Http11NioProtocol')));
  assert.deepEqual(h.findings, ['tomcat-blocking-connector']);
});

test('MySQL "Too many connections" from the app', () => {
  const h = detectConnectionLimit(
    context({
      events: [
        ev({
          path: 'home/deploy/.pm2/logs/api-error.log',
          line: 14,
          time: '2024-03-02T10:00:00Z',
          format: 'node-log',
          event: 'db-too-many-connections',
          cause: 'connection-limit',
          text: 'Error: ER_CON_COUNT_ERROR: Too many connections',
        }),
      ],
    }),
  )!;
  assert.ok(h.confidence >= 0.8);
  assert.match(h.explanation, /refused connections at its limit once/);
  assert.ok(h.confirm.some((c) => c.includes('max_connections')));
});

test('must not: healthy; a pool that ran dry in the app is not a server limit', () => {
  assert.equal(detectConnectionLimit(healthy()), null);
  assert.equal(detectConnectionLimit(dbPoolScenario()), null);
});

test('php-fpm at pm.max_children with nginx unable to connect: named, with FPM commands, not HAProxy ones', () => {
  const h = detectConnectionLimit(context({ events: [fpmMaxChildren(), ...nginxConnectTimeouts()] }))!;
  assert.ok(h.confidence >= 0.8, String(h.confidence));
  assert.match(h.title, /PHP-FPM ran out of children \(pm\.max_children reached\)/);
  assert.match(h.explanation, /PHP-FPM had every child busy once/);
  assert.match(h.explanation, /could not even connect to the upstream 9 times/);
  assert.ok(h.fix.some((f) => f.includes('pm.max_children')));
  assert.ok(h.confirm.some((c) => c.includes("'sport = :35857'")));
  assert.ok(!h.confirm.some((c) => c.includes('haproxy')), h.confirm.join('\n'));
  assert.ok(!h.fix.some((f) => f.startsWith('HAProxy')));
});

test("a full accept queue alone (a Tomcat or FPM that logs nothing): nginx's connect timeouts are a connection limit", () => {
  const ctx = context({ events: nginxConnectTimeouts() });
  const h = detectConnectionLimit(ctx)!;
  assert.ok(h.confidence >= 0.7, String(h.confidence));
  assert.match(h.title, /accept queue was full/);
  const blocked = detectEventLoopBlocked(ctx);
  assert.ok(!blocked || blocked.confidence < h.confidence, String(blocked?.confidence));
});
