import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import type { LocalTime } from '../../model/event.js';
import { haproxyLog } from './haproxy-log.js';
import { herokuLog } from './heroku-log.js';
import { nginxAccess } from './nginx-access.js';
import { nginxError } from './nginx-error.js';
import { tomcatLog } from './tomcat-log.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/log/nginx/${name}`, import.meta.url), 'utf8');
const lines = (text: string) => text.split('\n').filter((l) => l.length > 0);

function epochOf(ts: LocalTime): number {
  return Date.UTC(ts.year!, ts.month - 1, ts.day, ts.hour, ts.minute, ts.second) - (ts.offsetMinutes ?? 0) * 60000;
}

test('every sample parses', () => {
  for (const line of nginxAccess.samples) assert.ok(nginxAccess.parse(line), line);
});

test('combined: time with its offset, method, path with query, status, bytes, user agent', () => {
  const p = nginxAccess.parse(nginxAccess.samples[0])!;
  assert.deepEqual(p.ts, { year: 2022, month: 7, day: 10, hour: 13, minute: 55, second: 36, offsetMinutes: 0 });
  assert.equal(p.message, 'GET /v1/orders/status?order_id=12 HTTP/1.1');
  assert.deepEqual(p.request, {
    method: 'GET',
    path: '/v1/orders/status?order_id=12',
    status: 502,
    bytes: 157,
    client: '93.184.216.34',
  });
  assert.equal(p.fields?.http_user_agent, 'okhttp/4.9.3');
});

test('Apache common: a negative offset, the remote user, no referer', () => {
  const p = nginxAccess.parse(nginxAccess.samples[1])!;
  assert.equal(p.ts?.offsetMinutes, -420);
  assert.equal(p.ts?.hour, 13);
  assert.equal(p.request?.status, 200);
  assert.equal(p.request?.bytes, 2326);
  assert.equal(p.fields?.remote_user, 'frank');
  assert.equal(p.fields?.http_referer, undefined);
});

test('appended $request_time $upstream_response_time "$upstream_status"', () => {
  const [, bad, slow, aborted] = lines(fixture('access-timed.log')).map((l) => nginxAccess.parse(l)!);
  assert.equal(bad.request?.duration, 0.004);
  assert.equal(bad.request?.upstreamStatus, '502');
  assert.equal(slow.request?.duration, 60.001);
  assert.equal(slow.fields?.upstream_response_time, '60.000');
  assert.equal(slow.request?.upstreamStatus, '504');
  assert.equal(aborted.request?.status, 499);
  assert.equal(aborted.request?.duration, 5.21);
  assert.equal(aborted.request?.upstreamStatus, undefined);
});

test('rt=/urt= pairs and a garbage request line', () => {
  const pairs = nginxAccess.parse(nginxAccess.samples[6])!;
  assert.equal(pairs.request?.duration, 0.004);
  assert.equal(pairs.fields?.upstream_response_time, '0.004');
  const tls = nginxAccess.parse(nginxAccess.samples[5])!;
  assert.equal(tls.request?.status, 400);
  assert.equal(tls.request?.method, undefined);
  assert.equal(tls.request?.path, undefined);
});

test('fixture: every line of a real-shaped access.log parses; 5xx are seen', () => {
  const parsed = lines(fixture('access.log')).map((l) => nginxAccess.parse(l));
  assert.ok(parsed.every((p) => p !== null));
  assert.deepEqual(
    parsed.map((p) => p!.request?.status),
    [200, 200, 201, 502, 504, 400, 404],
  );
});

test('detect: high on its own lines, low on the other formats', () => {
  assert.ok(nginxAccess.detect(lines(fixture('access.log')), '/var/log/nginx/access.log') >= 0.95);
  for (const other of [nginxError, haproxyLog, herokuLog, tomcatLog]) {
    assert.equal(nginxAccess.detect(other.samples, 'x.log'), 0, other.id);
  }
});

test('garbage returns null', () => {
  for (const g of [
    '',
    '-',
    'hello world',
    '1.2.3.4 - - [not a date] "GET / HTTP/1.1" 200 1',
    '1.2.3.4 - - [10/Foo/2022:13:55:36 +0000] "GET / HTTP/1.1" 200 1',
  ]) {
    assert.equal(nginxAccess.parse(g), null, g);
  }
});

// The Buffer scanner (nginx-access-scan.ts) is checked against this parser in test/read/fast-scan.test.ts.

const token = (chars: string, min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...chars.split('')), minLength: min, maxLength: max });
const SAFE = 'abcdefghijklmnopqrstuvwxyzABCXYZ0123456789/?&=%._-~:;,()[]+';

const combinedLine = fc
  .record({
    ip: fc.ipV4(),
    user: fc.oneof(fc.constant('-'), token('abcxyz0', 1, 8)),
    date: fc.date({
      min: new Date('1990-01-01T00:00:00Z'),
      max: new Date('2099-12-31T23:59:59Z'),
      noInvalidDate: true,
    }),
    offset: fc.integer({ min: -12 * 60, max: 14 * 60 }).map((m) => m - (m % 15)),
    method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PROPFIND'),
    path: token(SAFE, 1, 60).map((p) => `/${p}`),
    proto: fc.constantFrom(' HTTP/1.1', ' HTTP/2.0', ' HTTP/1.0', ''),
    garbage: fc.boolean(),
    status: fc.integer({ min: 100, max: 599 }),
    bytes: fc.oneof(fc.constant(-1), fc.nat({ max: 10_000_000 })),
    combined: fc.boolean(),
    referer: fc.oneof(
      fc.constant('-'),
      token(SAFE, 1, 40).map((r) => `https://x.example/${r}`),
    ),
    ua: token(`${SAFE} `, 0, 80).map((u) => u.replace(/"/g, '\\x22')),
    tail: fc.constantFrom(
      '',
      ' 0.004',
      ' 60.001 60.000 "504"',
      ' "0.120" "0.118"',
      ' rt=1.500 uct="0.000"',
      ' - -',
      ' 12 0.1',
    ),
  })
  .map((r) => {
    const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const local = new Date(r.date.getTime() + r.offset * 60000);
    const p2 = (n: number) => String(n).padStart(2, '0');
    const abs = Math.abs(r.offset);
    const stamp = `${p2(local.getUTCDate())}/${MON[local.getUTCMonth()]}/${local.getUTCFullYear()}:${p2(local.getUTCHours())}:${p2(local.getUTCMinutes())}:${p2(local.getUTCSeconds())} ${r.offset < 0 ? '-' : '+'}${p2(Math.floor(abs / 60))}${p2(abs % 60)}`;
    const request = r.garbage ? '\\x16\\x03\\x01' : `${r.method} ${r.path}${r.proto}`;
    const bytes = r.bytes < 0 ? '-' : String(r.bytes);
    const tail = r.combined ? ` "${r.referer}" "${r.ua}"${r.tail}` : '';
    return {
      line: `${r.ip} - ${r.user} [${stamp}] "${request}" ${r.status} ${bytes}${tail}`,
      epoch: Math.floor(r.date.getTime() / 1000) * 1000,
    };
  });

test('property: generated combined/common lines parse to their time', () => {
  fc.assert(
    fc.property(combinedLine, ({ line, epoch }) => {
      const p = nginxAccess.parse(line);
      assert.ok(p?.ts, line);
      assert.equal(epochOf(p.ts), epoch);
    }),
    { numRuns: 2000 },
  );
});

test('property: the parser never throws and stays fast on arbitrary and adversarial input', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 400 }), (s) => {
      nginxAccess.parse(s);
    }),
    { numRuns: 2000 },
  );
  const t0 = performance.now();
  const evil = [
    `1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "${'\\"'.repeat(50_000)}`,
    `1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1 ${'"a" '.repeat(50_000)}`,
    `${'a '.repeat(50_000)}`,
  ];
  for (const s of evil) nginxAccess.parse(s);
  assert.ok(performance.now() - t0 < 1000, 'linear time on 100 kB lines');
});
