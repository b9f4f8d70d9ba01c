import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { compileNginxLogFormat, joinQuotedFormat } from './log-format-compiler.js';

// As written in nginx.conf by people who add timings (the shape the assignment and many Stack Overflow answers use).
const CONF_VALUE = `'$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent '
                    '"$http_referer" "$http_user_agent" $request_time $upstream_response_time "$upstream_addr"'`;

test('a timed main format: every mapped variable lands in request / fields', () => {
  const format = compileNginxLogFormat(joinQuotedFormat(CONF_VALUE))!;
  assert.equal(format.id, 'nginx-access');
  const p = format.parse(
    '10.1.0.4 - - [11/Jul/2022:14:01:27 +0000] "GET /v1/location?id=4704 HTTP/1.1" 502 157 "-" "Go-http-client/1.1" 0.004 0.004 "127.0.0.1:8080"',
  )!;
  assert.deepEqual(p.ts, { year: 2022, month: 7, day: 11, hour: 14, minute: 1, second: 27, offsetMinutes: 0 });
  assert.deepEqual(p.request, {
    client: '10.1.0.4',
    method: 'GET',
    path: '/v1/location?id=4704',
    status: 502,
    bytes: 157,
    duration: 0.004,
    server: '127.0.0.1:8080',
  });
  assert.equal(p.message, 'GET /v1/location?id=4704 HTTP/1.1');
  assert.equal(p.fields?.http_user_agent, 'Go-http-client/1.1');
  assert.equal(p.fields?.upstream_response_time, '0.004');
  // Two upstreams tried (nginx writes "a, b" and "x, y" for them).
  const retried = format.parse(
    '10.1.0.4 - - [11/Jul/2022:14:01:28 +0000] "GET / HTTP/1.1" 200 5 "-" "curl/7.84.0" 2.010 2.000, 0.010 "127.0.0.1:8080, 127.0.0.1:8081"',
  )!;
  assert.equal(retried.fields?.upstream_response_time, '2.000, 0.010');
  assert.equal(retried.request?.server, '127.0.0.1:8080, 127.0.0.1:8081');
  assert.equal(format.detect(['not it', 'nope'], 'access.log'), 0);
});

test('escape=json with $time_iso8601 and $msec; credentials kept only as "set"', () => {
  const format = compileNginxLogFormat(
    '{"time":"$time_iso8601","ts":"$msec","addr":"$remote_addr","method":"$request_method","uri":"$request_uri","status":$status,"bytes":$bytes_sent,"rt":$request_time,"us":"$upstream_status","ua":"$http_user_agent","auth":"$http_authorization"}',
    { escape: 'json' },
  )!;
  const p = format.parse(
    '{"time":"2022-07-11T14:01:27+02:00","ts":"1657540887.123","addr":"10.0.0.1","method":"POST","uri":"/login?next=%2F","status":401,"bytes":512,"rt":0.031,"us":"401","ua":"Mozilla/5.0 \\"quoted\\"","auth":"Bearer abc.def"}',
  )!;
  // $msec comes after $time_iso8601 and wins: it is UTC with milliseconds.
  assert.deepEqual(p.ts, { year: 2022, month: 7, day: 11, hour: 12, minute: 1, second: 27, ms: 123, offsetMinutes: 0 });
  assert.equal(p.request?.method, 'POST');
  assert.equal(p.request?.path, '/login?next=%2F');
  assert.equal(p.request?.status, 401);
  assert.equal(p.request?.bytes, 512);
  assert.equal(p.request?.upstreamStatus, '401');
  assert.equal(p.fields?.http_user_agent, 'Mozilla/5.0 "quoted"');
  assert.equal(p.fields?.http_authorization, 'set');
  assert.ok(!JSON.stringify(p).includes('abc.def'));
});

test('nginx brace variables, $uri fallback, an uncompilable format', () => {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: nginx's own ${var} syntax
  const format = compileNginxLogFormat('${remote_addr}|${time_local}|$uri|$status')!;
  const p = format.parse('1.2.3.4|10/Oct/2000:13:55:36 -0700|/index.html|200')!;
  assert.equal(p.request?.path, '/index.html');
  assert.equal(p.ts?.offsetMinutes, -420);
  assert.equal(compileNginxLogFormat('$remote_addr$status'), null);
  assert.equal(compileNginxLogFormat('no variables'), null);
});

test('property: never throws, linear', () => {
  const format = compileNginxLogFormat(joinQuotedFormat(CONF_VALUE))!;
  const json = compileNginxLogFormat('{"a":"$remote_addr","r":"$request"}', { escape: 'json' })!;
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (s) => {
      format.parse(s);
      json.parse(s);
      json.parse(`{"a":"${s}","r":"${s}"}`);
    }),
    { numRuns: 2000 },
  );
  const t0 = performance.now();
  json.parse(`{"a":"${'\\"'.repeat(50_000)}`);
  format.parse(`1 - - [${' ['.repeat(50_000)}`);
  assert.ok(performance.now() - t0 < 1000);
});

test("a format that ends with a space (as `'$status '` pieces do) still reads its last value", () => {
  // Found by the fuzz round trip: nginx writes the trailing space, the line's trailing spaces are trimmed.
  const format = compileNginxLogFormat('$remote_addr [$time_local] "$request" $status $body_bytes_sent ')!;
  const p = format.parse('10.0.0.1 [01/Jan/2000:00:00:00 +0000] "GET / HTTP/1.1" 200 1234 ');
  assert.equal(p?.request?.status, 200);
  assert.equal(p?.request?.bytes, 1234);
});

test('an out-of-range $time_local leaves the line untimed; a 10^27 status drops the line', () => {
  const format = compileNginxLogFormat('$remote_addr [$time_local] $status')!;
  const untimed = format.parse('10.0.0.1 [01/Jan/2000:99:00:00 +0000] 200');
  assert.ok(untimed);
  assert.equal(untimed.ts, undefined);
  assert.equal(untimed.request?.status, 200);
  assert.equal(format.parse('10.0.0.1 [01/Jan/2000:09:00:00 +0000] 1000000000000000000000000000'), null);
});

test('variables named like Object.prototype members are plain fields, not setters found on the prototype', () => {
  // Found by the fuzz: `$__proto__` threw "setters[i] is not a function"; `$hasOwnProperty` was silently lost.
  for (const name of ['__proto__', 'constructor', 'hasOwnProperty', 'toString']) {
    const format = compileNginxLogFormat(`$remote_addr [$${name}]`)!;
    const p = format.parse('1.2.3.4 [x]');
    assert.equal(p?.request?.client, '1.2.3.4', name);
    assert.ok(p?.fields && Object.hasOwn(p.fields, name), name);
    assert.equal(p.fields[name], 'x', name);
  }
});
