import assert from 'node:assert/strict';
import { test } from 'node:test';
import { context, ev, healthy } from '../../../test/helpers/analysis-context.js';
import { oomScenario, redisMaxmemoryScenario, starvedHostScenario } from '../../../test/helpers/scenarios.js';
import { memoryRestartsAt, shopSeries } from '../../../test/helpers/stack-corpus.js';
import { investigate } from '../../investigate.js';
import { detectMemoryExhaustion } from './memory-exhaustion.js';

test('OOM killer: high confidence, the kill line first, the victim named', () => {
  const h = detectMemoryExhaustion(oomScenario())!;
  assert.ok(h.confidence >= 0.88, String(h.confidence));
  assert.deepEqual([h.evidence[0].path, h.evidence[0].line], ['var/log/kern.log', 2263]);
  assert.match(h.evidence[0].text, /Killed process 8412 \(node\)/);
  assert.match(h.explanation, /OOM killer fired once .* killing node/);
});

test('Redis at maxmemory: OOM replies and failed forks, Redis fix proposed', () => {
  const h = detectMemoryExhaustion(redisMaxmemoryScenario())!;
  assert.ok(h.confidence >= 0.85);
  assert.equal(h.evidence[0].path, 'home/deploy/.pm2/logs/api-error.log');
  assert.match(h.evidence[0].text, /OOM command not allowed/);
  assert.ok(h.fix.some((f) => /maxmemory-policy allkeys-lru/.test(f)));
  assert.deepEqual(h.findings, ['redis-overcommit-memory']);
});

test('seed 002 starved host: hung tasks + watchdog + reboot give a moderate hypothesis', () => {
  const h = detectMemoryExhaustion(starvedHostScenario())!;
  assert.ok(h.confidence > 0.55 && h.confidence < 0.85, String(h.confidence));
  assert.match(h.evidence[0].text, /systemd-udevd\[450\]: seq 26654 .* is taking a long time/);
  assert.ok(h.evidence.some((e) => /blocked for more than 120 seconds/.test(e.text)));
  assert.match(h.explanation, /snapd\.service/);
});

test('must not: healthy input, or Redis startup warnings alone during an unrelated incident', () => {
  assert.equal(detectMemoryExhaustion(healthy()), null);
  const warningsOnly = context({
    events: [
      ev({
        path: 'var/log/redis/redis-server.log',
        line: 7,
        time: '2024-03-02T10:00:00Z',
        format: 'redis-log',
        level: 'warning',
        event: 'redis-config-warning',
        text: '1027:M 02 Mar 2024 10:00:00.311 # WARNING you have Transparent Huge Pages (THP) support enabled in your kernel.',
      }),
      ev({
        path: 'var/log/nginx/error.log',
        line: 3,
        time: '2024-03-02T10:05:00Z',
        format: 'nginx-error',
        event: 'upstream-refused',
        text: '2024/03/02 10:05:00 [error] 12#12: *9 connect() failed (111: Connection refused) while connecting to upstream',
      }),
    ],
  });
  assert.equal(detectMemoryExhaustion(warningsOnly), null);
});

test('counts come from the complete per-type counts when the pipeline kept only a sample of the events', () => {
  const ctx = oomScenario();
  ctx.eventTypeCounts['oom-kill'] = 40;
  const h = detectMemoryExhaustion(ctx)!;
  assert.match(h.explanation, /OOM killer fired 40 times/);
  assert.ok(h.confidence > detectMemoryExhaustion(oomScenario())!.confidence);
});

test('load: PM2 memory restarts at the busiest minutes of a real day of traffic — "under load", with PM2 commands', () => {
  const series = shopSeries();
  const busiest = [...series].sort((a, b) => b.requests - a.requests).slice(0, 3);
  const events = memoryRestartsAt(busiest.map((r) => r.t + 30_000).sort((a, b) => a - b));
  const h = detectMemoryExhaustion(context({ events, series }))!;
  assert.match(h.title, /under load: memory grew with the requests/);
  assert.match(
    h.explanation,
    /Memory ran out when the traffic peaked: \d+ requests\/min in the 5 minutes before them, against a usual \d+\/min/,
  );
  assert.ok(h.fix[0].startsWith('Stop-gap: the memory followed the requests'), h.fix[0]);
  assert.ok(h.confirm.some((c) => c.startsWith('pm2 describe ')) && !h.confirm.some((c) => c.includes('<app>')));
  assert.ok(!h.confirm.some((c) => c.startsWith('dmesg')), 'a PM2 memory restart is not a kernel OOM kill');
});

test('leak: PM2 memory restarts every few hours at the usual traffic of the same day — "a leak"', () => {
  const series = shopSeries();
  const usual = [...series.map((r) => r.requests)].sort((a, b) => a - b)[Math.floor(series.length / 2)];
  // Ordinary minutes, hours apart: the traffic there is what it always is.
  const ordinary = series.filter((r, i) => i % 240 === 120 && r.requests <= usual + 1);
  assert.ok(ordinary.length >= 3, String(ordinary.length));
  const h = detectMemoryExhaustion(context({ events: memoryRestartsAt(ordinary.map((r) => r.t)), series }))!;
  assert.match(h.title, /a leak: memory kept growing while the load stayed flat/);
  assert.match(
    h.explanation,
    /while the load stayed flat: \d+ requests\/min in the 5 minutes before them, against a usual \d+\/min/,
  );
});

test("the lab's leaking API and worker: steady restarts under one steady stream of requests read as a leak", async () => {
  const r = await investigate({
    paths: [new URL('../../../test/corpus/memory-exhaustion/', import.meta.url).pathname],
  });
  const h = r.hypotheses.find((x) => x.cause === 'memory-exhaustion')!;
  assert.match(h.title, /a leak/);
  assert.match(h.explanation, /at steady intervals .* The capture is too short to compare with the usual load/);
  assert.ok(!h.confirm.some((c) => c.startsWith('dmesg')), h.confirm.join('\n'));
});

test("the lab's Tomcat: OutOfMemoryError after OutOfMemoryError in a JVM that lives on reads as memory held, not a refill pace", async () => {
  const r = await investigate({
    paths: [new URL('../../../test/corpus/tomcat-heap-exhaustion/', import.meta.url).pathname],
  });
  assert.equal(r.hypotheses[0]?.cause, 'memory-exhaustion');
  const h = r.hypotheses[0];
  assert.match(h.explanation, /The JVM threw OutOfMemoryError \d+ times/);
  assert.match(h.explanation, /each within seconds of the last, and the process lived on: the memory stayed full/);
  assert.doesNotMatch(h.explanation, /steady intervals/);
  assert.equal(h.title, 'Memory ran out');
  assert.ok(
    h.evidence.every((e) => e.path.startsWith('var/log/tomcat10/localhost.')),
    JSON.stringify(h.evidence),
  );
  assert.ok(
    h.confirm.some((c) => c.startsWith('jcmd')),
    h.confirm.join('\n'),
  );
});
