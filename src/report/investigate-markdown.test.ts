import assert from 'node:assert/strict';
import { test } from 'node:test';
import { healthyResult, seed002Result } from '../../test/helpers/investigate-fixture.js';
import { investigateMarkdown } from './investigate-markdown.js';

test('markdown: the seed postmortem sections, in order', () => {
  const md = investigateMarkdown(seed002Result());
  const headings = [...md.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
  assert.deepEqual(headings, [
    'Summary',
    'Timeline (UTC)',
    'Analysis',
    'What preceded failures',
    'Stop-gap remedies',
    'Long-term remedies',
    'Config findings',
    'Time assumptions',
    'Inputs',
  ]);
  assert.match(md, /^# Postmortem draft: a response too large to build .*\(2022-07-11\)$/m);
});

test('markdown: timeline rows are UTC time | file:line | line, with pipes escaped', () => {
  const md = investigateMarkdown(seed002Result());
  assert.match(
    md,
    /^\| 2022-07-11 14:01:27 \| `var\/log\/nginx\/error\.log:3300` \| `2022\/07\/11 14:01:27 \[error\] 8934#8934: \*220129 upstream prematurely closed connection/m,
  );
  assert.match(md, /^\| ~2022-07-11 14:02:17 \| /m);
  const table = md.split('## Timeline (UTC)')[1].split('## Analysis')[0];
  for (const row of table.trim().split('\n').slice(2)) assert.equal(row.replace(/\\\|/g, '').split('|').length, 5, row);
});

test('markdown: analysis with evidence and confirm commands, restarts and the endpoint table', () => {
  const md = investigateMarkdown(seed002Result());
  assert.match(
    md,
    /### 1\. A response too large to build \(RangeError: Invalid string length\) — `oversized-payload`, 9\d%/,
  );
  assert.match(md, /```sh\ngrep -n 'Invalid string length'/);
  assert.match(md, /\| `GET \/v1\/customer\/customers` \| 5 \| 4% \| 0 \|/);
  assert.match(
    md,
    /\| `pm2:ob_api_server:0` \| exited with code \\\[1\\\] via signal \\\[SIGINT\\\] \| \d\d:\d\d:\d\d `GET \/v1\/customer\/customers\?id=\[81\]`<br>/,
  );
  const stop = md.split('## Stop-gap remedies')[1].split('## Long-term remedies')[0];
  assert.match(stop, /Bound the query behind the endpoint/);
  assert.doesNotMatch(stop, /Stop-gap:/, 'prefixes are dropped');
  assert.match(md.split('## Long-term remedies')[1], /alert on memory use before the OOM killer/);
});

test('markdown: redacted, and a healthy input says so', () => {
  const md = investigateMarkdown(seed002Result());
  assert.doesNotMatch(md, /s3cretpw|hunter2/);
  const ok = investigateMarkdown(healthyResult());
  assert.match(ok, /^# Log review: no incident found/m);
  assert.match(ok, /No incident found/);
  assert.doesNotMatch(ok, /## Analysis/);
});

test('markdown: a "What changed" table of the changes in or just before each incident (gunicorn lab capture)', async () => {
  const { investigate } = await import('../investigate.js');
  const root = new URL('../../', import.meta.url).pathname;
  const result = await investigate({ paths: [`${root}test/corpus/gunicorn-worker-timeout`], workers: 0 });
  const md = investigateMarkdown(result);
  assert.match(
    md,
    /## What changed\n[\s\S]*\| #1 \| 2026-12-03 13:05:58 \| restart \| `gunicorn` \| `var\/log\/gunicorn\/error\.log:4` \|/,
  );
  assert.doesNotMatch(investigateMarkdown({ ...result, changes: [] }), /## What changed/);
});
