import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import type { LocalTime } from '../../model/event.js';
import { haproxyLog } from './haproxy-log.js';
import { herokuLog } from './heroku-log.js';
import { type AccessRecord, daysFromCivil, newAccessRecord, nginxAccess, parseCombinedBuffer } from './nginx-access.js';
import { nginxError } from './nginx-error.js';
import { tomcatLog } from './tomcat-log.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/log/nginx/${name}`, import.meta.url), 'utf8');
const lines = (text: string) => text.split('\n').filter((l) => l.length > 0);

function epochOf(ts: LocalTime): number {
  const minutes = daysFromCivil(ts.year!, ts.month, ts.day) * 1440 + ts.hour * 60 + ts.minute - (ts.offsetMinutes ?? 0);
  return minutes * 60000 + ts.second * 1000;
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

// ---- hot path ----

function runBuffer(line: string): AccessRecord | null {
  const buf = Buffer.from(`junk\n${line}\nmore`, 'latin1');
  const out = newAccessRecord();
  return parseCombinedBuffer(buf, 5, 5 + Buffer.byteLength(line, 'latin1'), out) ? out : null;
}

test('hot path: the documented record for a combined line, time from the stamp and its offset', () => {
  const line = '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "-" "curl" 0.250';
  const buf = Buffer.from(line, 'latin1');
  const out = newAccessRecord();
  assert.ok(parseCombinedBuffer(buf, 0, buf.length, out));
  assert.equal(out.epochMs, Date.UTC(2000, 9, 10, 20, 55, 36));
  assert.equal(out.offsetMinutes, -420);
  assert.equal(buf.toString('latin1', out.methodStart, out.methodEnd), 'GET');
  assert.equal(buf.toString('latin1', out.pathStart, out.pathEnd), '/apache_pb.gif');
  assert.equal(buf.toString('latin1', out.clientStart, out.clientEnd), '127.0.0.1');
  assert.equal(out.status, 200);
  assert.equal(out.bytes, 2326);
  assert.equal(out.requestTime, 0.25);
  // Same minute: the cached minute is reused; next minute: recomputed.
  const later = Buffer.from(line.replace('13:55:36', '13:55:59'), 'latin1');
  assert.ok(parseCombinedBuffer(later, 0, later.length, out));
  assert.equal(out.epochMs, Date.UTC(2000, 9, 10, 20, 55, 59));
  const next = Buffer.from(line.replace('13:55:36', '13:56:00').replace('-0700', '+0200'), 'latin1');
  assert.ok(parseCombinedBuffer(next, 0, next.length, out));
  assert.equal(out.epochMs, Date.UTC(2000, 9, 10, 11, 56, 0));
});

test('hot path: every fixture line agrees with the string parser', () => {
  for (const line of [...lines(fixture('access.log')), ...lines(fixture('access-timed.log')), ...nginxAccess.samples]) {
    assertSame(line);
  }
});

function assertSame(line: string): void {
  const s = nginxAccess.parse(line);
  const b = runBuffer(line);
  assert.equal(b !== null, s !== null, line);
  if (!s || !b) return;
  const buf = Buffer.from(`junk\n${line}\nmore`, 'latin1');
  assert.equal(b.epochMs, epochOf(s.ts!), line);
  assert.equal(b.status, s.request!.status, line);
  assert.equal(b.bytes, s.request!.bytes ?? -1, line);
  const method = buf.toString('latin1', b.methodStart, b.methodEnd);
  const path = buf.toString('latin1', b.pathStart, b.pathEnd);
  assert.equal(method || undefined, s.request!.method, line);
  assert.equal(path || undefined, s.request!.path, line);
  assert.equal(Number.isNaN(b.requestTime) ? undefined : b.requestTime, s.request!.duration, line);
}

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

test('property: the hot path and the string parser agree on generated combined/common lines', () => {
  fc.assert(
    fc.property(combinedLine, ({ line, epoch }) => {
      assertSame(line);
      assert.equal(runBuffer(line)!.epochMs, epoch);
    }),
    { numRuns: 2000 },
  );
});

test('property: both parsers never throw and stay fast on arbitrary and adversarial input', () => {
  const out = newAccessRecord();
  fc.assert(
    fc.property(fc.string({ maxLength: 400 }), (s) => {
      nginxAccess.parse(s);
      const buf = Buffer.from(s);
      parseCombinedBuffer(buf, 0, buf.length, out);
    }),
    { numRuns: 2000 },
  );
  const t0 = performance.now();
  const evil = [
    `1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "${'\\"'.repeat(50_000)}`,
    `1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1 ${'"a" '.repeat(50_000)}`,
    `${'a '.repeat(50_000)}`,
  ];
  for (const s of evil) {
    nginxAccess.parse(s);
    const buf = Buffer.from(s);
    parseCombinedBuffer(buf, 0, buf.length, out);
  }
  assert.ok(performance.now() - t0 < 1000, 'linear time on 100 kB lines');
});
