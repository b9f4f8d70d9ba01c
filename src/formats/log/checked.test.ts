// Lines the fuzz harness (test/fuzz) found each format's parser returning unusable numbers for: real sample lines
// with one digit or field changed. Through the registry they are not the format's lines.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LogFormatId } from '../../model/event.js';
import { checkedLine, isValidLocalTime } from './checked.js';
import { logFormatById } from './registry.js';

const parse = (id: LogFormatId, line: string) => {
  const format = logFormatById(id);
  assert.ok(format, id);
  return format.parse(line);
};

const OUT_OF_RANGE: [LogFormatId, string, string][] = [
  ['nginx-access', 'day 32', '0:0:0:0:0:0:0:1 - - [32/Oct/2014:06:01:40 +0200] "GET /manager/html HTTP/1.1" 401 2474'],
  [
    'nginx-access',
    'a byte count of 10^27',
    '127.0.0.1 - - [23/Nov/2026:03:02:49 +0000] "POST HTTP/1.1" 200 1000000000000000000000000012 "-" "-"',
  ],
  [
    'nginx-error',
    'month 21',
    '2026/21/23 03:03:04 [error] 10397#10397: *2 connect() failed (111: Connection refused) while connecting to upstream, client: 127.0.0.1, server: api.example.com, request: "GET /orders?page=1 HTTP/1.1", upstream: "http://127.0.0.1:33391/orders?page=1", host: "127.0.0.1:46605"',
  ],
  ['haproxy-log', 'day 32 in the syslog stamp', 'Nov 32 19:56:01 web1 haproxy[2217]: Proxy www started.'],
  [
    'haproxy-log',
    'a TR timer of 400 digits (Infinity)',
    `Nov 22 19:56:48 web1 haproxy[2217]: 198.51.100.23:40112 [22/Nov/2021:19:56:17.004] www~ app/<NOSRV> 1${'0'.repeat(400)}/30002/-1/-1/30002 503 217 - - sQ-- 128/128/128/0/0 0/128 "POST /api/cart/add HTTP/1.1"`,
  ],
  [
    'haproxy-ctld',
    'month 0',
    'I, [2014-00-13T07:14:48.857616 #74934]  INFO -- : add-gear - capacity: 143.75% gear_count: 1 sessions: 23 up_thresh: 90.0%',
  ],
  ['heroku-log', 'month 16', '2013-16-21T19:54:07.420138+00:00 heroku[router]:'],
  ['tomcat-log', 'day 32', 'Oct 32, 2014 6:01:40 AM o'],
  [
    'socket-states',
    'a receive queue of 400 digits (Infinity)',
    `LISTEN 1${'0'.repeat(400)}      128          *:22                       *:*`,
  ],
];

for (const [id, what, line] of OUT_OF_RANGE) {
  test(`${id}: a line with ${what} is not the format's`, () => {
    assert.equal(parse(id, line), null);
  });
}

test('the same lines with their real numbers still parse', () => {
  assert.ok(parse('nginx-access', OUT_OF_RANGE[0][2].replace('32/Oct', '12/Oct')));
  assert.ok(parse('tomcat-log', 'Oct 12, 2014 6:01:40 AM org.apache.catalina.startup.Catalina start'));
  // HAProxy's status -1 (no response) is a real value, not an out-of-range one.
  const aborted = parse(
    'haproxy-log',
    'Nov 22 19:56:46 web1 haproxy[2217]: 198.51.100.9:40102 [22/Nov/2021:19:56:40.733] www~ app/web2 0/0/0/-1/5912 -1 0 - - cD-- 290/290/127/63/0 0/0 "POST /api/cart/add HTTP/1.1"',
  );
  assert.equal(aborted?.request?.status, -1);
});

test('isValidLocalTime: each part at and past its bounds', () => {
  const base = { year: 2022, month: 7, day: 11, hour: 14, minute: 1, second: 27 };
  assert.ok(isValidLocalTime(base));
  assert.ok(isValidLocalTime({ ...base, second: 60, ms: 999, offsetMinutes: -(99 * 60 + 99) }));
  for (const bad of [
    { month: 0 },
    { month: 13 },
    { day: 0 },
    { day: 32 },
    { hour: 24 },
    { minute: 60 },
    { second: 61 },
    { ms: 1000 },
    { year: 10000 },
    { hour: Number.NaN },
    { minute: 1.5 },
  ]) {
    assert.equal(isValidLocalTime({ ...base, ...bad }), false, JSON.stringify(bad));
  }
});

test('checkedLine keeps a line whose numbers are usable and drops one with NaN, Infinity or an unsafe integer', () => {
  const line = { message: 'GET /', request: { status: 200, bytes: 5, duration: 0.1 }, fields: { TR: 3 } };
  assert.equal(checkedLine(line), line);
  assert.equal(checkedLine(null), null);
  assert.equal(checkedLine({ ...line, pid: 2 ** 60 }), null);
  assert.equal(checkedLine({ ...line, uptime: Number.NaN }), null);
  assert.equal(checkedLine({ ...line, request: { status: 1000 } }), null);
  assert.equal(checkedLine({ ...line, request: { duration: Number.POSITIVE_INFINITY } }), null);
  assert.equal(checkedLine({ ...line, fields: { TR: Number.NEGATIVE_INFINITY } }), null);
});
