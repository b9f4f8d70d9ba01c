import assert from 'node:assert/strict';
import { test } from 'node:test';
import { healthyResult, seed002Result } from '../../test/helpers/investigate-fixture.js';
import { investigateText } from './investigate-text.js';

test('text: incident in UTC and New York time, top hypotheses with evidence, restarts, assumptions', () => {
  const out = investigateText(seed002Result(), { color: false });
  assert.match(
    out,
    /#1 2022-07-11 14:01:27 → 14:19:19 UTC, 18 min {2}\(10:01:27 EDT – 10:19:19 EDT America\/New_York\)/,
  );
  assert.match(out, /Most likely causes/);
  assert.match(
    out,
    /1\. A response too large to build \(RangeError: Invalid string length\) {2}oversized-payload {2}9\d%/,
  );
  assert.match(out, /var\/lib\/jenkins\/\.pm2\/logs\/ob-api-server-error\.log:1400 {2}2022-07-11 14:01:27/);
  assert.match(out, /Fix: Bound the query behind the endpoint/);
  assert.match(out, /Confirm: \$ grep -n 'Invalid string length'/);
  assert.match(out, /Restarts \(4\)/);
  assert.match(
    out,
    /← \d\d:\d\d:\d\d {2}var\/lib\/jenkins\/workspace\/dev_backend\/logs\/ob_api_server_out\.log:881 {2}PUT \/v1\/inventory\/attach_location\/14176/,
  );
  assert.match(out, / {5}5 {2}GET \/v1\/customer\/customers/);
  assert.match(out, /Time assumptions\n {2}- api1\/var\/log\/nginx\/error\.log: zone America\/New_York/);
  assert.match(out, /~2022-07-11 14:02:17/, 'inferred times are marked');
  assert.match(out, /var\/log\/wtmp {2}skipped: binary file/);
  assert.doesNotMatch(out, /\x1b\[/, 'no colour codes when color is false');
});

test('text: secrets in log lines are redacted', () => {
  const out = investigateText(seed002Result(), { color: false, maxEvents: 100 });
  assert.match(out, /token=\[REDACTED\]/);
  assert.doesNotMatch(out, /s3cretpw|eyJhbGciOiJIUzI1NiJ9|hunter2/);
});

test('text: key events are bounded and in time order', () => {
  const out = investigateText(seed002Result(), { color: false, maxEvents: 5 });
  const m = /Key events \((\d+) of (\d+), UTC\)/.exec(out)!;
  assert.equal(m[1], '5');
  const times = [
    ...out
      .split('Key events')[1]
      .split('Restarts')[0]
      .matchAll(/^ {2}[~ ](\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)/gm),
  ].map((x) => x[1]);
  assert.equal(times.length, 5);
  assert.deepEqual(times, [...times].sort());
});

test('text: healthy input says no incident, and colours when asked', () => {
  const out = investigateText(healthyResult(), { color: true });
  assert.match(out, /No incident found\./);
  assert.doesNotMatch(out, /Most likely causes/);
  assert.match(out, /\x1b\[/);
});

test('text: every remedy of a shown hypothesis, with the label of its kind, wherever it stands in the list', () => {
  const result = seed002Result();
  const out = investigateText(result, { color: false }).replace(/\n\s+/g, ' ');
  const shown = result.hypotheses.slice(0, 3);
  assert.ok(
    shown.some((h) => h.remedies.length >= 3),
    'a hypothesis with three remedies or more is shown',
  );
  for (const h of shown) {
    for (const r of h.remedies) {
      const label = { 'stop-gap': 'Stop-gap', fix: 'Fix', 'long-term': 'Long-term' }[r.kind];
      assert.ok(out.includes(`${label}: ${r.text.slice(0, 60)}`), `${h.cause}: ${label}: ${r.text.slice(0, 60)}`);
    }
  }
});

test('text: "What changed" lists the changes in or up to 30 min before each incident (gunicorn lab capture)', async () => {
  const { investigate } = await import('../investigate.js');
  const root = new URL('../../', import.meta.url).pathname;
  const result = await investigate({ paths: [`${root}test/corpus/gunicorn-worker-timeout`], workers: 0 });
  const out = investigateText(result, { color: false });
  assert.match(
    out,
    /What changed \(in each incident or the 30 min before it\)\n {2}#1 2026-12-03 13:05:58 {2}restart {5}gunicorn {2}var\/log\/gunicorn\/error\.log:4\n/,
  );
  // A change 31 minutes before the incident is the JSON's, not the section's.
  const start = result.incidents[0].start;
  const early = { ...result, changes: result.changes.map((c) => ({ ...c, time: start - 31 * 60_000 })) };
  assert.doesNotMatch(investigateText(early, { color: false }), /What changed/);
});
