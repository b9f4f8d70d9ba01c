import assert from 'node:assert/strict';
import { test } from 'node:test';
import { healthy } from '../../../test/helpers/analysis-context.js';
import { crashLoopScenario, keepaliveScenario, oversizedScenario } from '../../../test/helpers/scenarios.js';
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
    assert.match(h.explanation, /within 15 s of an app crash or restart/);
  }
});

test('must not: healthy', () => {
  assert.equal(detectKeepaliveRace(healthy()), null);
});
