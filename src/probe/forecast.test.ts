// Forecasts and the combined result from a series of snapshots: the captured root's snapshot (real files of this
// machine) with fds, memory and disk set per sample.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forecasts } from './forecast.js';
import { combine } from './probe.js';
import { takeSnapshot } from './snapshot.js';
import type { Snapshot } from './types.js';

const root = new URL('../../test/fixtures/probe-root', import.meta.url).pathname;
const T0 = Date.parse('2026-12-04T18:00:00Z');

/** Snapshots 10 s apart; `edit(s, i)` sets the sample's values. */
function series(n: number, edit: (s: Snapshot, i: number) => void): Snapshot[] {
  return Array.from({ length: n }, (_, i) => {
    const s = takeSnapshot({ root, ss: false });
    s.time = new Date(T0 + i * 10_000).toISOString();
    s.mounts = [];
    edit(s, i);
    return s;
  });
}

test('fds growing 2 a second toward the soft limit: slope, eta, ranked first', () => {
  const snaps = series(7, (s, i) => {
    s.processes[0].fds = 100 + 20 * i;
    s.processes[0].fdSoftLimit = 1024;
  });
  const [f] = forecasts(snaps);
  assert.equal(f.resource, 'fds');
  assert.equal(f.subject, 'node (pid 13351)');
  assert.equal(f.current, 220);
  assert.equal(f.limit, 1024);
  assert.equal(f.slopePerHour, 7200);
  // (1024 − 220) / 2 per second = 402 s after the last sample; an exact line has no spread.
  const eta = new Date(T0 + 60_000 + 402_000).toISOString();
  assert.deepEqual([f.eta, f.low, f.high], [eta, eta, eta]);
  assert.match(f.evidence[0], /^7 samples over 60 s: 100 → 220 fds \(limit 1024\)$/);
});

test('noise around a flat line, and a shrinking resource: no forecast', () => {
  const flat = series(8, (s, i) => {
    s.processes[0].fds = 100 + [0, 3, -2, 1, -3, 2, 0, -1][i];
  });
  assert.deepEqual(
    forecasts(flat).filter((f) => f.resource === 'fds'),
    [],
  );
  const falling = series(5, (s, i) => {
    s.host.memAvailable = s.host.memTotal / 2 + i * 1e8;
  });
  assert.deepEqual(
    forecasts(falling).filter((f) => f.subject.startsWith('host')),
    [],
  );
  assert.deepEqual(forecasts(flat.slice(0, 2)), []);
});

test('noisy growth: the interval brackets the eta, the earliest end first', () => {
  const snaps = series(10, (s, i) => {
    s.host.memAvailable = s.host.memTotal - (1e9 + i * 1e8 + (i % 2 ? 3e7 : -3e7));
  });
  const f = forecasts(snaps).find((x) => x.resource === 'memory' && x.subject === 'host vm');
  assert.ok(f?.eta && f.low && f.high);
  assert.ok(f.low < f.eta && f.eta < f.high, `${f.low} < ${f.eta} < ${f.high}`);
  assert.ok(Math.abs(f.slopePerHour - 3.6e10) / 3.6e10 < 0.05);
});

test('combine: samples per process, overflow delta put on the listener seen full', () => {
  const snaps = series(3, (s, i) => {
    s.host.listenOverflows = 10 + 5 * i;
    const l = s.listeners.find((x) => x.port === 43699);
    if (l && i === 1) Object.assign(l, { backlog: 511, backlogLimit: 511 });
  });
  const r = combine(snaps, 20);
  assert.equal(r.samples.length, 3);
  assert.equal(r.hostSamples[1].fullListeners[0], '127.0.0.1:43699');
  assert.equal(r.host.listenOverflowsDelta, 10);
  assert.equal(r.listeners.find((x) => x.port === 43699)?.overflows, 10);
  assert.equal(r.listeners.find((x) => x.port === 33071)?.overflows, null);
  // One snapshot: no samples, no deltas.
  const one = combine(snaps.slice(0, 1), 0);
  assert.deepEqual([one.samples, one.host.listenOverflowsDelta], [[], null]);
});

test("connections toward a config's limit: accepted on its port, every listener of the port counted", () => {
  const snaps = series(6, (s, i) => {
    const l = s.listeners.find((x) => x.port === 43699);
    if (l) l.established = 40 + 10 * i;
  });
  const limits = [
    { port: 43699, limit: 151, subject: 'mysql :43699', describe: "max_connections 151 (MySQL's default)" },
  ];
  const f = forecasts(snaps, limits).find((x) => x.resource === 'connections');
  assert.ok(f);
  assert.deepEqual([f.subject, f.current, f.limit, f.slopePerHour], ['mysql :43699', 90, 151, 3600]);
  // (151 − 90) / 1 per second after the last sample at +50 s.
  assert.equal(f.eta, new Date(T0 + 50_000 + 61_000).toISOString());
});
