import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { detectLogFormat } from './registry.js';
import { LAYOUTS, w3cAccess, w3cTokens } from './w3c-access.js';

const dir = new URL('../../../test/real-logs/w3c/', import.meta.url);
const real = (name: string) =>
  readFileSync(new URL(name, dir), 'utf8')
    .split('\n')
    .filter((l) => l.trim());

test('every sample parses', () => {
  for (const line of w3cAccess.samples) assert.ok(w3cAccess.parse(line), line);
});

test('IIS 8.5 default fields: UTC time, method, path, status, time-taken in ms', () => {
  const p = w3cAccess.parse(real('u_ex160110.log')[9])!;
  assert.deepEqual(p.ts, { year: 2016, month: 1, day: 10, hour: 0, minute: 29, second: 52, offsetMinutes: 0 });
  assert.deepEqual(p.request, {
    method: 'GET',
    status: 200,
    path: '/',
    duration: 1.183,
    client: '66.249.66.155',
    server: '172.31.22.76',
  });
  assert.equal(p.fields?.layout, 'iis-8.5');
  assert.equal(w3cAccess.parse(real('u_ex160110.log')[4])!.fields?.win32Status, 2);
});

test('two layouts of one field count are told apart by where the method and status sit', () => {
  // IIS 7 with s-sitename and bytes (17 fields), the same count as the 8.5 default with bytes.
  const p = w3cAccess.parse(real('u_ex100815.log')[4])!;
  assert.equal(p.fields?.layout, 'iis-7-site-bytes');
  assert.deepEqual(p.request, {
    method: 'GET',
    status: 200,
    path: '/',
    duration: 0.376,
    bytes: 8999,
    client: '77.88.25.28',
    server: '67.222.136.138',
  });
  const counts = new Map<number, number>();
  for (const l of LAYOUTS) counts.set(l.fields.length, (counts.get(l.fields.length) ?? 0) + 1);
  assert.ok(
    [...counts.values()].some((n) => n > 1),
    'the table has layouts sharing a count',
  );
});

test('directives: #Fields names its layout, #Date carries the time; time-only lines are untimed', () => {
  const fields = w3cAccess.parse(real('u_ex160110.log')[3])!;
  assert.deepEqual(fields.fields, { directive: 'Fields', layout: 'iis-8.5' });
  const date = w3cAccess.parse('#Date: 2016-01-10 00:07:26')!;
  assert.deepEqual(date.ts, { year: 2016, month: 1, day: 10, hour: 0, minute: 7, second: 26, offsetMinutes: 0 });
  const ftp = real('iis4-ftp.log');
  assert.equal(w3cAccess.parse(ftp[3])!.fields?.layout, 'unknown');
  assert.equal(w3cAccess.parse(ftp[4])!.ts, undefined);
  assert.equal(w3cAccess.parse(ftp[4])!.request, undefined);
});

test('IIS Advanced Logging: local time, quoted values with spaces and doubled quotes', () => {
  const lines = real('iis-advanced-logging.log');
  const p = w3cAccess.parse(lines[4])!;
  assert.equal(p.ts?.offsetMinutes, undefined);
  assert.equal(p.request?.duration, 0.109);
  assert.equal(p.request?.client, '70.95.0.0');
  // the third line has garbage in sc-substatus: still timed, no request
  assert.equal(w3cAccess.parse(lines[6])!.fields?.layout, 'unknown');
  assert.deepEqual(w3cTokens('a "b c" "d ""e"" f" g'), ['a', 'b c', 'd "e" f', 'g']);
});

test('detect: every real W3C file is w3c-access; without directives a file is not', () => {
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.log')))
    assert.equal(detectLogFormat(real(f), f)?.format.id, 'w3c-access', f);
  const data = real('u_ex160110.log').filter((l) => !l.startsWith('#'));
  assert.equal(w3cAccess.detect(data, 'u_ex160110.log'), 0);
});

test('property: never throws, linear on long lines', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (s) => {
      w3cAccess.parse(s);
      w3cAccess.parse(`2016-01-10 00:07:26 ${s}`);
      w3cAccess.parse(`#Fields: ${s}`);
    }),
    { numRuns: 2000 },
  );
  const t0 = performance.now();
  w3cAccess.parse(`2016-01-10 00:07:26 "${'" '.repeat(20_000)}`);
  w3cAccess.parse(`2016-01-10 00:07:26 ${'a '.repeat(30_000)}`);
  assert.ok(performance.now() - t0 < 1000);
});
