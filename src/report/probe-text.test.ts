// The probe text report: forecasts first, then findings, and a process's own name (chosen by whoever started it)
// shown with its control characters escaped.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { combine } from '../probe/probe.js';
import { takeSnapshot } from '../probe/snapshot.js';
import type { Snapshot } from '../probe/types.js';
import { probeText } from './probe-text.js';

const root = new URL('../../test/fixtures/probe-root', import.meta.url).pathname;

function growing(): Snapshot[] {
  return Array.from({ length: 5 }, (_, i) => {
    const s = takeSnapshot({ root, ss: false });
    s.time = new Date(Date.parse('2026-12-04T18:00:00Z') + i * 10_000).toISOString();
    s.processes[0].fds = 900 + 20 * i;
    s.processes[0].fdSoftLimit = 1024;
    s.processes[0].name = 'evil\x1b[2J';
    return s;
  });
}

test('what runs out first comes before the findings; names are neutralised', () => {
  const r = combine(growing(), 40);
  r.findings = [
    {
      rule: 'fd-usage-near-limit',
      severity: 'error',
      title: 'A process is close to its open-file limit',
      message: 'm',
      locations: [{ path: '/proc/13351', line: 1 }],
      fix: 'f',
      references: [],
    },
  ];
  const text = probeText(r, { color: false });
  const forecast = text.indexOf('What runs out first');
  const line = text.split('\n').find((l) => l.startsWith('  fds '));
  assert.ok(line, text);
  assert.match(line, /evil\\x1b\[2J \(pid 13351\): 980 of 1024, \+7200\/h → full 2026-12-04 18:01 UTC \(in 22 s\)/);
  assert.ok(forecast >= 0 && forecast < text.indexOf('ERROR (1)'));
  assert.ok(!text.includes('\x1b'));
});

test('a certificate is forecast by its date', () => {
  const r = combine(growing().slice(0, 1), 0);
  r.forecasts = [
    {
      resource: 'certificate',
      subject: 'CN=ISRG Root X1 (/etc/ssl/example/isrg.pem)',
      limit: 0,
      current: 3103,
      slopePerHour: -1 / 24,
      eta: '2035-06-04T11:04:38.000Z',
      low: '2035-06-04T11:04:38.000Z',
      high: '2035-06-04T11:04:38.000Z',
      evidence: [],
    },
  ];
  assert.match(
    probeText(r, { color: false }),
    /isrg\.pem\): expires 2035-06-04 11:04 UTC \(in 3104 days\)\n {2}One snapshot/,
  );
  r.duration = 30;
  assert.match(
    probeText(r, { color: false }),
    /\n {2}certificate {2}CN=ISRG Root X1 \(\/etc\/ssl\/example\/isrg\.pem\): expires 2035-06-04 11:04 UTC \(in 3104 days\)\n/,
  );
});

test('one snapshot says how to get forecasts; a quiet window says nothing grew', () => {
  const one = combine(growing().slice(0, 1), 0);
  assert.match(probeText(one, { color: false }), /One snapshot: sample with --duration 30s/);
  const flat = growing().map((s) => {
    s.processes[0].fds = 10;
    return s;
  });
  const quiet = combine(flat, 40);
  quiet.forecasts = [];
  assert.match(probeText(quiet, { color: false }), /Nothing grew beyond doubt over the 40 s sampled\./);
});
