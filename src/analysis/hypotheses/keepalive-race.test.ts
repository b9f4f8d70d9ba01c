import assert from 'node:assert/strict';
import { test } from 'node:test';
import { context, ev, healthy } from '../../../test/helpers/analysis-context.js';
import { crashLoopScenario, keepaliveScenario, oversizedScenario } from '../../../test/helpers/scenarios.js';
import { gunicornTimeouts } from '../../../test/helpers/stack-corpus.js';
import { detectKeepaliveRace } from './keepalive-race.js';

test('thin "prematurely closed"/104 resets with the app alive, and the config mismatch', () => {
  const h = detectKeepaliveRace(keepaliveScenario())!;
  assert.ok(h.confidence >= 0.75, String(h.confidence));
  assert.deepEqual([h.evidence[0].path, h.evidence[0].line], ['var/log/nginx/error.log', 100]);
  assert.match(h.evidence[0].text, /upstream prematurely closed connection/);
  assert.match(h.explanation, /spread thinly: 6 over 6 distinct minutes/);
  assert.ok(h.fix[0].includes('server.keepAliveTimeout = 65000') && h.fix[0].includes('headersTimeout = 66000'));
  assert.ok(h.confirm.includes("grep -c 'prematurely closed' /var/log/nginx/error.log"));
  const bare = detectKeepaliveRace(keepaliveScenario(false))!;
  assert.ok(bare.confidence < h.confidence);
});

test('look-alike: closes at the moments the app crashed rank low', () => {
  for (const ctx of [crashLoopScenario(), oversizedScenario()]) {
    const h = detectKeepaliveRace(ctx)!;
    assert.ok(h.confidence < 0.3, String(h.confidence));
    assert.match(h.explanation, /within 15 s of an app crash, restart or worker timeout/);
  }
});

test('must not: healthy', () => {
  assert.equal(detectKeepaliveRace(healthy()), null);
});

test("must not: Heroku's router closing (H13) — it opens a connection per request, none is reused", () => {
  // The catalog's H13 sample, at four spread moments, typed upstream-closed like nginx's "prematurely closed".
  const sample =
    'heroku[router]: at=error code=H13 desc="Connection closed without response" method=POST path="/api/upload" host=myapp.herokuapp.com request_id=0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d fwd="24.5.12.8" dyno=web.1 connect=0ms service=2210ms status=503 bytes=0';
  const events = ['19:14:01', '19:21:40', '19:33:12', '19:47:05'].map((t, i) =>
    ev({
      path: 'heroku.log',
      line: 10 + i * 7,
      time: `2013-06-21T${t}Z`,
      text: `2013-06-21T${t}.102030+00:00 ${sample}`,
      format: 'heroku-log',
      event: 'upstream-closed',
    }),
  );
  assert.equal(detectKeepaliveRace(context({ events })), null);
  // The same closes from a proxy that reuses connections do raise it.
  const reused = events.map((e) => ({ ...e, format: 'nginx-error' as const }));
  assert.ok(detectKeepaliveRace(context({ events: reused })));
});

test('look-alike: gunicorn killed workers mid-request — not a race, even when the clocks put the closes apart', () => {
  for (const skew of [0, 120_000]) {
    const h = detectKeepaliveRace(gunicornTimeouts(skew))!;
    assert.ok(h.confidence < 0.2, `${skew}: ${h.confidence}`);
    assert.match(h.explanation, /killed 3 workers in the middle of requests for a timeout/);
  }
});

test('proxy logs alone (the keep-alive and the fd-exhaustion captures, nginx only): a symptom, not a race', async () => {
  const { investigate } = await import('../../investigate.js');
  const corpus = new URL('../../../test/corpus/', import.meta.url).pathname;
  for (const name of ['keepalive-race', 'fd-exhaustion']) {
    const r = await investigate({ paths: [`${corpus}${name}/var/log/nginx`] });
    const h = r.hypotheses.find((x) => x.cause === 'keepalive-race');
    assert.ok(h, `${name}: ${r.hypotheses.map((x) => x.cause)}`);
    assert.ok(h.confidence <= 0.25, `${name}: ${h.confidence}`);
    assert.match(h.title, /a keep-alive race, or the app dying — the app's logs are not among the inputs/);
    assert.match(h.explanation, /Only the proxy's logs are among the inputs/);
    assert.ok(h.confirm.some((c) => c.includes("journalctl -k --since -1h | grep -i 'killed process'")));
    // The whole bundle of the race: the app's logs are read and the race stands.
    const whole = await investigate({ paths: [`${corpus}${name}`] });
    if (name === 'keepalive-race') assert.equal(whole.hypotheses[0]?.cause, 'keepalive-race');
  }
});
