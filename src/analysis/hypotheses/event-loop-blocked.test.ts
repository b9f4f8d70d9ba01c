import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { context, ev, healthy } from '../../../test/helpers/analysis-context.js';
import { cascadeScenario, eventLoopScenario, oomScenario } from '../../../test/helpers/scenarios.js';
import { gunicornTimeouts } from '../../../test/helpers/stack-corpus.js';
import { investigate } from '../../investigate.js';
import { detectEventLoopBlocked } from './event-loop-blocked.js';
import { detectKeepaliveRace } from './keepalive-race.js';

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

test('gunicorn WORKER TIMEOUT: named as a gunicorn worker blocked past --timeout, with gunicorn commands', () => {
  for (const skew of [0, 120_000]) {
    const ctx = gunicornTimeouts(skew);
    const h = detectEventLoopBlocked(ctx)!;
    assert.match(h.title, /^gunicorn worker blocked past --timeout/);
    assert.doesNotMatch(`${h.title} ${h.explanation}`, /event loop|Node/);
    assert.match(h.explanation, /gunicorn's arbiter killed 3 workers that stayed in one request past `--timeout`/);
    assert.ok(h.confirm[0].includes('/var/log/gunicorn/error.log') && h.confirm[0].includes('WORKER TIMEOUT'));
    assert.ok(!h.confirm.some((c) => /node|pgrep -of node/.test(c)));
    assert.ok(h.confidence > detectKeepaliveRace(ctx)!.confidence, String(h.confidence));
  }
});

test('uWSGI HARAKIRI: named as a uWSGI worker blocked past harakiri, with uWSGI commands', () => {
  // The catalog's samples (uWSGI core/master_checks.c's trigger_harakiri line), as a uWSGI log would hold them.
  const ctx = context({
    events: [
      ev({
        path: 'var/log/uwsgi/app/shop.log',
        line: 40,
        time: '2017-07-03T03:55:12Z',
        text: 'Mon Jul  3 03:55:12 2017 - *** HARAKIRI ON WORKER 1 (pid: 17511, try: 1) ***',
        format: 'uwsgi-log',
        event: 'request-timeout',
      }),
      ev({
        path: 'var/log/uwsgi/app/shop.log',
        line: 57,
        time: '2017-07-03T03:57:40Z',
        text: '*** HARAKIRI ON WORKER 10 (pid: 97702, try: 1) ***',
        format: 'uwsgi-log',
        event: 'request-timeout',
      }),
    ],
  });
  const h = detectEventLoopBlocked(ctx)!;
  assert.match(h.title, /^uWSGI worker blocked past harakiri/);
  assert.match(h.explanation, /uWSGI's master killed 2 workers that stayed in one request past `harakiri`/);
  assert.ok(h.confirm[0].includes('HARAKIRI') && h.confirm[0].includes('/var/log/uwsgi/app/shop.log'));
  assert.ok(!h.confirm.some((c) => /gunicorn|node/.test(c)));
});

test('the proxy timeouts alone, with no log from behind the proxy: a symptom, not a stalled app', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-proxy-only-'));
  try {
    const nginx = join(import.meta.dirname, '../../../test/corpus/upstream-timeout/var/log/nginx');
    cpSync(nginx, join(dir, 'var/log/nginx'), { recursive: true });
    const r = await investigate({ paths: [dir], rawConfidence: true });
    const h = r.hypotheses.find((x) => x.cause === 'event-loop-blocked');
    assert.ok(h, r.hypotheses.map((x) => x.cause).join(', '));
    assert.ok(h.confidence <= 0.35, String(h.confidence));
    assert.match(h.explanation, /no log from behind the proxy is among the inputs/);
    assert.doesNotMatch(h.explanation, /its own work kept it from answering/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
