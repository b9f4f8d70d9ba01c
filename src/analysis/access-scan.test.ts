import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { AccessScanner, normaliseEndpoint, scanAccessFile, scanFileRange } from './access-scan.js';

const LINES = [
  '107.167.202.154 - - [11/Jul/2022:14:01:27 +0000] "GET /v1/location?id=4704 HTTP/1.1" 502 157 "-" "okhttp/4.9.3"',
  '107.167.202.154 - - [11/Jul/2022:14:01:30 +0000] "GET /v1/inventory/get/?current=256 HTTP/1.1" 200 5120 "-" "okhttp/4.9.3"',
  '10.0.0.7 - - [11/Jul/2022:14:02:03 +0000] "POST /v1/orders/12345/items HTTP/1.1" 201 88 "-" "axios/0.27.2" 0.120',
  '10.0.0.7 - - [11/Jul/2022:14:02:04 +0000] "POST /v1/orders/98/items HTTP/1.1" 504 167 "-" "axios/0.27.2" 60.001',
  'this is not an access log line',
  '10.0.0.8 - - [11/Jul/2022:10:02:05 -0400] "GET /v1/me/tenant HTTP/1.1" 200 12 "-" "curl/8.0"',
];

test('normalises endpoints: query dropped, ids folded', () => {
  assert.equal(normaliseEndpoint('GET', '/v1/orders/12345/items?x=1'), 'GET /v1/orders/:id/items');
  assert.equal(normaliseEndpoint('GET', '/v1/u/0f8fad5b-d9cb-469f-a165-70867728950e'), 'GET /v1/u/:id');
  assert.equal(normaliseEndpoint('GET', '/v1/blob/deadbeefcafe'), 'GET /v1/blob/:id');
  assert.equal(normaliseEndpoint('GET', '/v1/customer'), 'GET /v1/customer');
});

test('counts per minute, statuses, durations, endpoints and 5xx samples with line numbers', () => {
  const s = new AccessScanner();
  const buf = Buffer.from(LINES.join('\n'), 'latin1');
  let start = 0;
  for (;;) {
    const nl = buf.indexOf(10, start);
    s.line(buf, start, nl === -1 ? buf.length : nl);
    if (nl === -1) break;
    start = nl + 1;
  }
  const r = s.finish();
  assert.equal(r.lines, 6);
  assert.equal(r.parsed, 5);
  assert.equal(r.skipped, 1);
  assert.deepEqual(r.badLines, [5]);
  const m1401 = r.minutes.get(Date.UTC(2022, 6, 11, 14, 1));
  const m1402 = r.minutes.get(Date.UTC(2022, 6, 11, 14, 2));
  assert.deepEqual({ req: m1401?.requests, s5xx: m1401?.s5xx, s502: m1401?.s502 }, { req: 2, s5xx: 1, s502: 1 });
  // -0400 is converted: 10:02:05 -0400 is 14:02:05 UTC.
  assert.equal(m1402?.requests, 3);
  assert.equal(m1402?.s504, 1);
  assert.equal(m1402?.durCount, 2);
  assert.ok(Math.abs((m1402?.durSum ?? 0) - 60.121) < 1e-9);
  const names = r.endpoints;
  assert.ok(names.includes('POST /v1/orders/:id/items'));
  const id = names.indexOf('POST /v1/orders/:id/items');
  assert.equal(r.endpointMinutes.get(Date.UTC(2022, 6, 11, 14, 2))?.counts[id], 2);
  assert.equal(r.endpointMinutes.get(Date.UTC(2022, 6, 11, 14, 2))?.errors[id], 1);
  assert.deepEqual(
    r.firstErrors.map((e) => [e.line, e.status]),
    [
      [1, 502],
      [4, 504],
    ],
  );
});

test('a file split across worker threads gives the same result as one pass, with the file’s line numbers', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fl-scan-'));
  const file = join(dir, 'access.log');
  const lines: string[] = [];
  for (let i = 0; i < 20000; i++) {
    const sec = i % 60;
    const min = Math.floor(i / 300) % 60;
    const status = i % 997 === 0 ? 502 : 200;
    lines.push(
      `10.1.${i % 250}.9 - - [11/Jul/2022:14:${String(min).padStart(2, '0')}:${String(sec).padStart(2, '0')} +0000] "GET /v1/items/${i}?q=${i} HTTP/1.1" ${status} ${i % 5000} "-" "k6/0.45"`,
    );
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  const one = scanFileRange(file, 0, Buffer.byteLength(`${lines.join('\n')}\n`));
  const split = await scanAccessFile(file, { workers: 2, parallelThreshold: 0 });
  assert.equal(split.lines, 20000);
  assert.equal(split.parsed, one.parsed);
  assert.deepEqual([...split.minutes.entries()].sort(), [...one.minutes.entries()].sort());
  assert.deepEqual(split.endpoints, one.endpoints);
  assert.deepEqual(
    split.firstErrors.map((e) => e.line),
    one.firstErrors.map((e) => e.line),
  );
  assert.equal(lines[split.firstErrors[3].line - 1].includes('" 502 '), true);
});
