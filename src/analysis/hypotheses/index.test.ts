import assert from 'node:assert/strict';
import { test } from 'node:test';
import { healthy } from '../../../test/helpers/analysis-context.js';
import * as s from '../../../test/helpers/scenarios.js';
import { CAUSE_IDS, type CauseId } from '../../model/causes.js';
import type { AnalysisContext, Hypothesis } from '../types.js';
import { DETECTORS } from './index.js';

function rank(ctx: AnalysisContext): Hypothesis[] {
  return DETECTORS.map((d) => d.detect(ctx))
    .filter((h): h is Hypothesis => h !== null)
    .sort((a, b) => b.confidence - a.confidence);
}

test('every cause id of the contract has exactly one detector, and each returns its own cause', () => {
  assert.deepEqual(DETECTORS.map((d) => d.cause).sort(), [...CAUSE_IDS].sort());
});

test('a healthy context yields no hypothesis from any detector', () => {
  for (const d of DETECTORS) assert.equal(d.detect(healthy()), null, d.cause);
});

const LAB: [string, () => AnalysisContext, CauseId, CauseId[]][] = [
  ['proxy-idle-timeout (seed 001)', s.proxyIdleScenario, 'proxy-idle-timeout', []],
  ['keepalive-race', s.keepaliveScenario, 'keepalive-race', []],
  ['event-loop-blocked with its cascade', s.eventLoopScenario, 'event-loop-blocked', ['health-check-cascade']],
  ['fd-exhaustion', s.fdScenario, 'fd-exhaustion', []],
  ['memory-exhaustion (OOM killer)', s.oomScenario, 'memory-exhaustion', []],
  ['memory-exhaustion (Redis maxmemory)', s.redisMaxmemoryScenario, 'memory-exhaustion', []],
  ['crash-loop', s.crashLoopScenario, 'crash-loop', []],
  ['oversized-payload (seed 002)', s.oversizedScenario, 'oversized-payload', ['crash-loop']],
  ['connection-limit', s.connectionLimitScenario, 'connection-limit', []],
  ['db-pool-exhaustion', s.dbPoolScenario, 'db-pool-exhaustion', []],
  ['platform-recycle (seed 000)', s.platformScenario, 'platform-recycle', []],
  ['disk-full', s.diskScenario, 'disk-full', []],
  ['starved host (seed 002)', s.starvedHostScenario, 'memory-exhaustion', []],
  ['health-check-cascade', s.cascadeScenario, 'health-check-cascade', []],
];

for (const [name, build, first, also] of LAB) {
  test(`calibration: ${name} ranks ${first} first`, () => {
    const ranked = rank(build());
    assert.ok(ranked.length > 0, 'some hypothesis');
    assert.equal(ranked[0].cause, first, ranked.map((h) => `${h.cause} ${h.confidence}`).join(', '));
    for (const c of also)
      assert.ok(
        ranked.some((h) => h.cause === c),
        `${c} also present`,
      );
    for (const h of ranked) {
      assert.ok(h.confidence > 0 && h.confidence < 1);
      assert.ok(h.evidence.length > 0 && h.evidence.length <= 10, `${h.cause} evidence`);
      assert.ok(h.fix.length > 0 && h.confirm.length > 0, `${h.cause} fix/confirm`);
      for (const e of h.evidence) assert.match(e.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
  });
}

test('calibration: direct evidence outranks indirect — OOM killer above the keep-alive look-alike', () => {
  const ranked = rank(s.oomScenario());
  const keepalive = ranked.find((h) => h.cause === 'keepalive-race');
  assert.ok(!keepalive || keepalive.confidence < 0.4, `keepalive-race ${keepalive?.confidence}`);
});

test('every cause has a docs page with the seed story, evidence, fixes and confirm sections', async () => {
  const { readFileSync } = await import('node:fs');
  for (const cause of CAUSE_IDS) {
    const page = readFileSync(new URL(`../../../docs/causes/${cause}.md`, import.meta.url), 'utf8');
    assert.match(page, new RegExp(`^# ${cause}\\n`), cause);
    for (const h of ['## Seed stor', '## Evidence faultline uses', '## Fixes', '## Confirm'])
      assert.ok(page.includes(h), `${cause}: ${h}`);
  }
});

test('every cause declares what it predicts: lines that must appear, lines that speak against it, their order', () => {
  for (const d of DETECTORS) {
    assert.ok(d.predicts.must.length > 0, `${d.cause}: must`);
    assert.ok(d.predicts.mustNot.length > 0, `${d.cause}: mustNot`);
    assert.ok(d.predicts.order.length > 0, `${d.cause}: order`);
    for (const line of [...d.predicts.must, ...d.predicts.mustNot, ...d.predicts.order])
      assert.ok(line.length >= 10 && !/TO WRITE/.test(line), `${d.cause}: ${line}`);
  }
});
