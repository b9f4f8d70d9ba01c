import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { LEVEL_RANK } from '../../read/tally.js';
import { apacheError } from './apache-error.js';
import { LOG_FORMATS } from './registry.js';
import { newFacts, RECORD, resetFacts, UNSURE } from './scan-types.js';

const realLog = (name: string) =>
  readFileSync(new URL(`../../../test/real-logs/apache-error/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean);

test('httpd 2.0/2.2: ctime stamp, level, client; no space after the level', () => {
  const lines = realLog('loghub-httpd-2.0-error_log').map((l) => apacheError.parse(l)!);
  assert.deepEqual(lines[0].ts, { year: 2005, month: 12, day: 4, hour: 4, minute: 47, second: 44 });
  assert.equal(lines[0].level, 'notice');
  assert.equal(lines[1].level, 'error');
  const client = lines.find((l) => l.fields?.client)!;
  assert.equal(client.fields?.client, '222.166.160.184');
  const tight = apacheError.parse(realLog('openshift-2.2-error_log')[0])!;
  assert.equal(tight.fields?.errno, 111);
  assert.equal(tight.fields?.error, 'Connection refused');
});

test('httpd 2.4: microseconds, module, pid, errno, client and AH code', () => {
  const [, , refused, backend] = realLog('freedombox-2.4-error.log').map((l) => apacheError.parse(l)!);
  assert.deepEqual(refused.ts, { year: 2017, month: 7, day: 8, hour: 17, minute: 40, second: 54, ms: 742 });
  assert.equal(refused.pid, 1081);
  assert.deepEqual(refused.fields, { module: 'proxy', errno: 111, error: 'Connection refused', code: 'AH00957' });
  assert.match(refused.message, /^\(111\)Connection refused: AH00957: HTTP: attempt to connect/);
  assert.equal(backend.fields?.client, '10.0.2.2:53768');
  assert.equal(backend.fields?.code, 'AH01114');
  const tid = apacheError.parse(
    '[Tue Mar 05 10:12:01.123456 2024] [mpm_event:error] [pid 123:tid 456] AH00484: server reached MaxRequestWorkers setting, consider raising the MaxRequestWorkers setting',
  )!;
  assert.equal(tid.fields?.tid, '456');
});

test('not claimed: a line without its stamp, nginx, dmesg, a bad month', () => {
  for (const line of [
    ...realLog('perimeterx-no-stamp.log'),
    '2022/07/11 14:01:27 [error] 8934#8934: *220129 upstream prematurely closed connection',
    '[    0.000000] Linux version 5.15.0',
    '[Sun Foo 04 04:47:44 2005] [error] x',
    '[Sun Dec 04 04:47:44 2005] [fatal] x',
  ])
    assert.equal(apacheError.parse(line), null, line);
});

test('detect: above the kernel format on 2.0/2.2 files, 0 on other formats', () => {
  const kernel = LOG_FORMATS.find((f) => f.id === 'kernel')!;
  const file = realLog('loghub-httpd-2.0-error_log');
  assert.ok(apacheError.detect(file, 'error_log') > kernel.detect(file, 'error_log'));
  for (const other of LOG_FORMATS) {
    if (other.id === 'apache-error') continue;
    assert.ok(apacheError.detect(other.samples, 'x.log') < 0.5, other.id);
  }
});

test('property: never throws, linear on long lines', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (s) => {
      apacheError.parse(s);
      apacheError.parse(`[Sun Dec 04 04:47:44 2005] [error] ${s}`);
    }),
    { numRuns: 2000 },
  );
  const t0 = performance.now();
  apacheError.parse(`[Sun Dec 04 04:47:44.123456 2005] [proxy:error] [pid 1] (${'1'.repeat(100_000)}`);
  apacheError.parse(`[Sun Dec 04 04:47:44 2005] [error] [client ${'x'.repeat(300_000)}`);
  assert.ok(performance.now() - t0 < 1000);
});

/** The scanner's verdict and facts beside the string parser's (scan-types.ts: they must agree). */
function scanAgreesWithParse(line: string): number {
  const buf = Buffer.from(line, 'utf8');
  const f = newFacts();
  resetFacts(f);
  const verdict = apacheError.behaviour.scan!(buf, 0, buf.length, f);
  if (verdict === UNSURE) return verdict;
  assert.equal(verdict, RECORD, line);
  const parsed = apacheError.parse(line);
  assert.ok(parsed && !parsed.continuation, `scanned as a record but not parsed as one: ${line}`);
  const ts = parsed.ts!;
  assert.deepEqual(
    [f.year, f.month, f.day, f.hour, f.minute, f.second, f.ms, f.level],
    [ts.year, ts.month, ts.day, ts.hour, ts.minute, ts.second, ts.ms ?? 0, LEVEL_RANK[parsed.level!]],
    line,
  );
  return verdict;
}

test('scanner: agrees with parse on samples, fixtures and real files, and answers all of them', () => {
  const fixture = JSON.parse(
    readFileSync(new URL('../../../test/fixtures/log-samples/apache-error.json', import.meta.url), 'utf8'),
  ) as { samples: { line: string }[] };
  const real = [
    'loghub-httpd-2.0-error_log',
    'freedombox-2.4-error.log',
    'openshift-2.2-error_log',
    'perimeterx-no-stamp.log',
  ];
  for (const line of [...apacheError.samples, ...fixture.samples.map((s) => s.line), ...real.flatMap(realLog)])
    scanAgreesWithParse(line);
  for (const line of realLog('freedombox-2.4-error.log')) assert.equal(scanAgreesWithParse(line), RECORD, line);
});

test('scanner: agrees with parse on damaged and random lines', () => {
  for (const line of [
    '[Sun Dec  4 04:47:44 2005] [error] x',
    '[Sun Dec 4 04:47:44 2005] [error] x',
    '[Sun DEC 04 04:47:44 2005] [error] x',
    '[Sun Dec 04 04:47:44.1234567 2005] [error] x',
    '[Sun Dec 04 04:47:44. 2005] [error] x',
    '[Sun Dec 04 24:47:44 2005] [error] x',
    '[Sun Dec 04 04:47:44 2005] [proxy_http:trace8] x',
    '[Sun Dec 04 04:47:44 2005] [proxy:fatal] x',
    '[Sun Dec 04 04:47:44 2005] [error]x\r',
    '[Xyz Dec 04 04:47:44 2005] [error] x',
  ])
    scanAgreesWithParse(line);
  fc.assert(
    fc.property(
      fc.constantFrom(
        '[Sun Dec 04 04:47:44 2005] [',
        '[Sat Jul 08 17:40:54.742169 2017] [proxy:',
        '[Mon Jan  1 00:00:00 2024] ',
      ),
      fc.string({ maxLength: 60 }),
      (head, tail) => {
        scanAgreesWithParse(head + tail);
      },
    ),
    { numRuns: 3000 },
  );
});
