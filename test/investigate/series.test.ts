// A rotated series (`access.log.3.gz`, `access.log.2.gz`, `access.log.1`, `access.log`) is one log cut in pieces:
// read oldest first as one source, listed as one input in every report, and each piece's JSON record names its
// series (`series`, an extension of inputs[]). Real material: the healthy-month lab capture (nginx, logrotate's
// numbered and compressed pieces) and a real FreeBSD syslog cut in two as newsyslog leaves it.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { investigate } from '../../src/investigate.js';
import { investigateJson } from '../../src/report/investigate-json.js';
import { investigateMarkdown } from '../../src/report/investigate-markdown.js';
import { investigateText } from '../../src/report/investigate-text.js';

const root = new URL('../../', import.meta.url).pathname;

test('the pieces of a rotated series are one input: JSON names the series, the reports list one row', async () => {
  const r = await investigate({ paths: [join(root, 'test/corpus/healthy-month')], workers: 0 });
  const json = JSON.parse(investigateJson(r)) as { inputs: { path: string; series?: string; lines: number }[] };
  const pieces = json.inputs.filter((i) => i.series === 'var/log/nginx/access.log');
  assert.deepEqual(pieces.map((i) => i.path).sort(), [
    'var/log/nginx/access.log',
    'var/log/nginx/access.log.1',
    'var/log/nginx/access.log.2.gz',
    'var/log/nginx/access.log.3.gz',
  ]);
  const lines = pieces.reduce((n, i) => n + i.lines, 0);
  assert.equal(lines, 21_195);
  // A file that is no series has no `series`.
  assert.equal(json.inputs.find((i) => i.path === 'var/log/quiet-api/app.log')?.series, undefined);
  const text = investigateText(r, { color: false });
  const rows = text.split('\n').filter((l) => l.includes('var/log/nginx/access.log'));
  assert.deepEqual(rows, [
    `  var/log/nginx/access.log  nginx-access, ${lines} lines, UTC (rotated series of 4 files, read oldest first: access.log.3.gz, access.log.2.gz, access.log.1, access.log)`,
  ]);
  assert.match(text, /^faultline investigate: 2 logs, /);
  const md = investigateMarkdown(r)
    .split('\n')
    .filter((l) => l.includes('var/log/nginx/access.log'));
  assert.equal(md.length, 1);
  assert.match(md[0], /rotated series of 4 files/);
});

test("a series' pieces that share a time assumption state it once, for the series", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fl-series-'));
  const real = readFileSync(join(root, 'test/real-logs/syslog-variants/freebsd-src-1513-repeated.log'), 'utf8');
  const lines = real.trimEnd().split('\n');
  writeFileSync(join(dir, 'messages.1'), `${lines.slice(0, 4).join('\n')}\n`);
  writeFileSync(join(dir, 'messages'), `${lines.slice(4).join('\n')}\n`);
  copyFileSync(join(dir, 'messages'), join(dir, 'auth.log'));
  // Each piece last written when its last line was (rotated at 05:32:50), as newsyslog leaves them.
  const at = (f: string, iso: string) => utimesSync(join(dir, f), new Date(iso), new Date(iso));
  at('messages.1', '2025-11-04T05:32:50Z');
  at('messages', '2025-11-04T05:33:17Z');
  at('auth.log', '2025-11-04T06:10:00Z');
  const r = await investigate({ paths: [dir], workers: 0 });
  assert.deepEqual(r.assumptions, [
    'auth.log: zone UTC (no zone in the line or the host folder: UTC assumed); year from the file date (2025-11-04)',
    'messages (rotated series, 2 files): zone UTC (no zone in the line or the host folder: UTC assumed); year from the file date (2025-11-04)',
  ]);
});
