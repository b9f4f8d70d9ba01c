// Regression tests for issue 11's defects, on the bundled example and the lab corpus (real captures).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { investigate } from '../../src/investigate.js';
import { chartData, investigateHtml } from '../../src/report/investigate-html.js';
import { investigateMarkdown } from '../../src/report/investigate-markdown.js';
import { investigateText } from '../../src/report/investigate-text.js';

const ROOT = join(import.meta.dirname, '../..');
const EXAMPLE = join(ROOT, 'examples/incident-api.tar.gz');

test('the example: the summary counts the restarts the list shows (the clean stop is not one)', async () => {
  const r = await investigate({ paths: [EXAMPLE] });
  assert.equal(r.restarts.length, 2);
  assert.match(r.incidents[0].summary, /; 2 restarts$/);
});

test('the example: 2 crashes each logged twice are thrown 2 times, not 4', async () => {
  const r = await investigate({ paths: [EXAMPLE] });
  const h = r.hypotheses.find((x) => x.cause === 'oversized-payload');
  assert.ok(h);
  assert.match(h.explanation, /`RangeError: Invalid string length` was thrown 2 times at /);
  assert.match(h.explanation, /2 of 2 crashes were followed within a minute by a restart/);
});

test('keepalive-race: no "configs show the mismatch" without upstream keepalive in the nginx config', async () => {
  for (const bundle of [EXAMPLE, join(ROOT, 'test/corpus/fd-exhaustion')]) {
    const r = await investigate({ paths: [bundle] });
    const h = r.hypotheses.find((x) => x.cause === 'keepalive-race');
    assert.ok(h, bundle);
    assert.doesNotMatch(h.explanation, /configs show the mismatch/);
    assert.match(h.explanation, /The configs do not show upstream keep-alive/);
    assert.ok(h.confidence < 0.3, `${bundle}: ${h.confidence}`);
  }
  // Where the config does reuse upstream connections (keepalive 32, HTTP/1.1, Connection ""), it says so.
  const race = await investigate({ paths: [join(ROOT, 'test/corpus/keepalive-race')] });
  assert.equal(race.hypotheses[0].cause, 'keepalive-race');
  assert.match(race.hypotheses[0].explanation, /The configs show the mismatch: .*etc\/nginx\/nginx\.conf:\d+/);
});

test('headers count logs and configs apart, and titles keep the case of the error, in every format', async () => {
  const r = await investigate({ paths: [EXAMPLE] });
  const text = investigateText(r, { color: false });
  const md = investigateMarkdown(r);
  const html = investigateHtml(r);
  assert.match(text.split('\n')[0], /^faultline investigate: 5 logs, 8 configs, 409 lines, 2026-11-23 03:03:00 → /);
  assert.match(md, /\n5 logs, 8 configs, 409 lines, 2026-11-23 03:03:00 → /);
  assert.match(html, /<p class="dim">5 logs, 8 configs, 409 lines, 2026-11-23 03:03:00 → /);
  for (const out of [text, md, html]) assert.doesNotMatch(out, /13 (log )?files/);
  assert.match(md, /^# Postmortem draft: a response too large to build \(RangeError: Invalid string length\) /);
  assert.match(html, /<h1>faultline: A response too large to build \(RangeError: Invalid string length\)/);
  assert.doesNotMatch(md + html, /rangeerror/);
});

test('the span header runs from the first line to the last, plain and gzipped, whole and in pieces', async () => {
  // A lab capture's access log (issue 11: start equalled end for sampled access logs and for every .gz).
  const log = join(ROOT, 'test/corpus/keepalive-race/var/log/nginx/access.log');
  const text = readFileSync(log, 'utf8').trim().split('\n');
  const stamp = (line: string) => {
    const m = /\[(\d\d)\/(\w{3})\/(\d{4}):(\d\d:\d\d:\d\d) \+0000\]/.exec(line);
    assert.ok(m, line);
    return new Date(`${m[2]} ${m[1]} ${m[3]} ${m[4]} UTC`).toISOString();
  };
  const dir = mkdtempSync(join(tmpdir(), 'faultline-span-'));
  const gz = join(dir, 'access.log.1.gz');
  writeFileSync(gz, gzipSync(readFileSync(log)));
  try {
    for (const path of [log, gz]) {
      for (const o of [{}, { workers: 2, pieceBytes: 2048 }]) {
        const r = await investigate({ paths: [path], ...o });
        assert.equal(r.span.start, stamp(text[0]), `${path} ${JSON.stringify(o)}`);
        assert.equal(r.span.end, stamp(text[text.length - 1]), `${path} ${JSON.stringify(o)}`);
        assert.notEqual(r.span.start, r.span.end);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the example: requests in the 60 s before each failure, query strings kept, against the baseline', async () => {
  const r = await investigate({ paths: [EXAMPLE] });
  const big = r.endpoints.find((e) => e.endpoint === '/orders/export?account=big');
  assert.ok(big, JSON.stringify(r.endpoints));
  assert.deepEqual([big.method, big.beforeFailures, big.errors], ['GET', 2, 2]);
  assert.ok(big.beforeShare !== undefined && big.beforeShare > big.overall, 'above its share of all traffic');
  // Not the whole access log (85 requests, the last at 03:03:15, after the last failure at 03:03:07).
  const before = r.endpoints.reduce((n, e) => n + e.beforeFailures, 0);
  assert.ok(before > 0 && before < 85, String(before));
  const h = r.hypotheses.find((x) => x.cause === 'oversized-payload');
  assert.match(
    h?.explanation ?? '',
    /Requests in the 60 s before the failures: .*GET \/orders\/export\?account=big \(2\)/,
  );
  // Ranked first: every one of its requests failed (the busiest endpoint failed 4 times in 42).
  assert.equal(r.endpoints[0].endpoint, '/orders/export?account=big');
  assert.equal(r.endpoints[0].failureRate, 1);
  assert.match(
    investigateText(r, { color: false }),
    /the most failing first\n {6}2 {2}GET \/orders\/export\?account=big {2}2 × 5xx \(100% of its requests\) {2}3% of those/,
  );
});

test('charts: a short capture per second, restarts on an axis of their own', async () => {
  const r = await investigate({ paths: [EXAMPLE] });
  const d = chartData(r);
  assert.equal(d.unit, 'second');
  assert.equal(d.x.length, 16, 'every second of 03:03:00–03:03:15');
  assert.deepEqual(
    d.restarts.filter((v) => v !== null),
    [1, 1],
  );
  assert.match(investigateHtml(r), /scale: 'restarts', side: 1, label: 'restarts'/);
});
