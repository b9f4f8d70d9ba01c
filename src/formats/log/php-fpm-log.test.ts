import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { LEVEL_RANK } from '../../read/tally.js';
import { phpFpmLog } from './php-fpm-log.js';
import { LOG_FORMATS } from './registry.js';
import { CONTINUATION, NOT_MINE, newFacts, resetFacts, UNSURE } from './scan-types.js';

const realLog = (name: string) =>
  readFileSync(new URL(`../../../test/real-logs/php-fpm-log/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean);

test('master log: level, pool, child; debug lines with microseconds and the C function', () => {
  const [first, kill] = realLog('nextcloud-snap-2852.log')
    .slice(0, 2)
    .map((l) => phpFpmLog.parse(l)!);
  assert.deepEqual(first.ts, { year: 2024, month: 8, day: 18, hour: 0, minute: 0, second: 16 });
  assert.equal(first.level, 'notice');
  assert.equal(kill.level, 'warning');
  assert.deepEqual(kill.fields, { pool: 'www', child: 118112 });
  assert.match(kill.message, /^\[pool www\] child 118112 exited on signal 9 \(SIGKILL\)/);
  const debug = phpFpmLog.parse(phpFpmLog.samples[3])!;
  assert.equal(debug.ts?.ms, 249);
  assert.equal(debug.fields?.function, 'fpm_children_bury');
  assert.equal(phpFpmLog.parse(phpFpmLog.samples[1])!.level, 'critical');
});

test('slow log: the header is a record, script and frames continue it', () => {
  const lines = realLog('www-slow.log').map((l) => phpFpmLog.parse(l)!);
  assert.equal(lines[0].pid, 2874);
  assert.deepEqual(lines[0].fields, { pool: 'www', slow: 1 });
  assert.equal(lines[0].level, 'warning');
  assert.ok(lines.slice(1).every((l) => l.continuation === true));
  assert.equal(lines[2].message, '[0x0000000001cf4ff0] mysql_query() /htdocs/blog/class/mysql.php:9');
});

test('not claimed: Apache, Monolog, a bad stamp, stray text', () => {
  for (const line of [
    '[Sun Dec 04 04:47:44 2005] [error] mod_jk child workerEnv in error state 6',
    '[2024-02-04 19:22:11] production.ERROR: SQLSTATE[HY000] [2002] Connection refused',
    '[32-Oct-2022 15:31:40] NOTICE: x',
    '[20-Oct-2022 15:31:40] FATAL: x',
    'some text',
  ])
    assert.equal(phpFpmLog.parse(line), null, line);
});

test('detect: its real files ≥ 0.9, other formats below 0.5', () => {
  for (const f of ['php-src-9792-php8.1.log', 'nextcloud-snap-2852.log', 'www-slow.log'])
    assert.ok(phpFpmLog.detect(realLog(f), f) >= 0.9, f);
  for (const other of LOG_FORMATS) {
    if (other.id === 'php-fpm-log') continue;
    assert.ok(phpFpmLog.detect(other.samples, 'x.log') < 0.5, other.id);
  }
});

test('property: never throws, linear on long lines', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (s) => {
      phpFpmLog.parse(s);
      phpFpmLog.parse(`[20-Oct-2022 15:31:40] WARNING: ${s}`);
      phpFpmLog.parse(`[20-Oct-2022 15:31:40] [pool ${s}`);
    }),
    { numRuns: 2000 },
  );
  const t0 = performance.now();
  phpFpmLog.parse(`[20-Oct-2022 15:31:40] [pool www] pid 1${' '.repeat(300_000)}x`);
  phpFpmLog.parse(`[20-Oct-2022 15:31:40] WARNING: [pool ${'x'.repeat(300_000)}`);
  assert.ok(performance.now() - t0 < 1000);
});

/** What the scanner says of a line, beside what the string parser says (scan-types.ts: they must agree). */
function scanAgreesWithParse(line: string): void {
  const buf = Buffer.from(line, 'utf8');
  const f = newFacts();
  resetFacts(f);
  const verdict = phpFpmLog.behaviour.scan!(buf, 0, buf.length, f);
  if (verdict === UNSURE) return;
  const parsed = phpFpmLog.parse(line);
  if (verdict === NOT_MINE) {
    assert.equal(parsed, null, line);
    return;
  }
  assert.ok(parsed, `scanned as a line of php-fpm but not parsed: ${line}`);
  assert.equal(verdict === CONTINUATION, parsed.continuation === true, line);
  if (verdict === CONTINUATION) return;
  const ts = parsed.ts!;
  assert.deepEqual(
    [f.year, f.month, f.day, f.hour, f.minute, f.second, f.ms, f.level],
    [ts.year, ts.month, ts.day, ts.hour, ts.minute, ts.second, ts.ms ?? 0, LEVEL_RANK[parsed.level!]],
    line,
  );
  assert.ok(Number.isNaN(f.offset), line);
}

test('scanner: agrees with parse on every sample, fixture and real line, and answers the common shapes', () => {
  const fixture = JSON.parse(
    readFileSync(new URL('../../../test/fixtures/log-samples/php-fpm-log.json', import.meta.url), 'utf8'),
  ) as { samples: { line: string }[] };
  const real = [
    'php-src-9792-php8.1.log',
    'nextcloud-snap-2852.log',
    'tsn-ranksystem-572-plesk-php7.3.log',
    'www-slow.log',
  ];
  const lines = [...phpFpmLog.samples, ...fixture.samples.map((s) => s.line), ...real.flatMap(realLog)];
  for (const line of lines) scanAgreesWithParse(line);
  const answered = realLog('nextcloud-snap-2852.log').filter((l) => {
    const b = Buffer.from(l);
    return phpFpmLog.behaviour.scan!(b, 0, b.length, newFacts()) !== UNSURE;
  });
  assert.equal(answered.length, realLog('nextcloud-snap-2852.log').length);
});

test('scanner: agrees with parse on damaged and random lines', () => {
  for (const line of [
    '[20-Oct-2022 15:31:40] NOTICE:x',
    '[20-OCT-2022 15:31:40] NOTICE: x',
    '[32-Oct-2022 15:31:40] NOTICE: x',
    '[20-Oct-2022 25:31:40] NOTICE: x',
    '[20-Oct-2022 15:31:40.1234567] NOTICE: x',
    '[20-Oct-2022 15:31:40.] NOTICE: x',
    '[20-Oct-2022 15:31:40] NOTICE: x\r',
    '[0x] f() /x.php:1',
    '[0xZZ] f() /x.php:1',
  ])
    scanAgreesWithParse(line);
  fc.assert(
    fc.property(
      fc.constantFrom('[20-Oct-2022 15:31:40', '[20-Oct-2022 15:31:40.249662', '[0x0000', 'script_filename = ', '['),
      fc.string({ maxLength: 60 }),
      (head, tail) => scanAgreesWithParse(head + tail),
    ),
    { numRuns: 3000 },
  );
});
