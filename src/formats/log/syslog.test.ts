import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { jsonLog } from './json-log.js';
import { nodeLog } from './node-log.js';
import { pm2Log } from './pm2-log.js';
import { postgresLog } from './postgres-log.js';
import { redisLog } from './redis-log.js';
import { detectLogFormat } from './registry.js';
import { parseIsoStamp, syslog } from './syslog.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/log/syslog/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean);

test('every sample parses', () => {
  for (const line of syslog.samples) assert.ok(syslog.parse(line), line);
});

test('RFC 3164 (seed 002): no year, host, program, pid, message; no level unless a PRI says so', () => {
  const p = syslog.parse(syslog.samples[0])!;
  assert.deepEqual(p.ts, { month: 7, day: 11, hour: 13, minute: 59, second: 43 });
  assert.equal(p.fields?.host, 'ip-172-31-1-2');
  assert.equal(p.program, 'systemd-udevd');
  assert.equal(p.pid, 450);
  assert.match(p.message, /^seq 26654 '.*' is taking a long time$/);
  assert.equal(p.level, undefined);
  const watchdog = syslog.parse(syslog.samples[1])!;
  assert.equal(watchdog.program, 'systemd');
  assert.equal(watchdog.pid, 1);
  assert.equal(watchdog.message, 'snapd.service: Watchdog timeout (limit 5min)!');
  // Space-padded day
  assert.equal(syslog.parse(syslog.samples[2])!.ts?.day, 1);
  // <34> = facility 4 (auth), severity 2 (crit)
  const pri = syslog.parse("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8")!;
  assert.equal(pri.level, 'critical');
  assert.equal(pri.fields?.facility, 4);
  assert.equal(pri.program, 'su');
  assert.equal(pri.pid, undefined);
  // journalctl short-precise
  assert.equal(syslog.parse(syslog.samples[9])!.ts?.ms, 123);
});

test('kernel lines through syslog keep uptime and mark the boot banner', () => {
  const p = syslog.parse(syslog.samples[3])!;
  assert.equal(p.program, 'kernel');
  assert.equal(p.uptime, 0);
  assert.equal(p.fields?.boot, 1);
  assert.equal(p.fields?.kernelVersion, '5.4.0-1060-aws');
  assert.match(p.message, /^Linux version 5\.4\.0-1060-aws \(buildd@lgw01-amd64-054\)/);
  const oom = syslog.parse(fixture('syslog')[3])!;
  assert.equal(oom.uptime, 8843.221532);
  assert.match(oom.message, /^Out of memory: Killed process 23512 \(node\)/);
});

test('RFC 3339 stamps: rsyslog high precision and journalctl short-iso keep their offset', () => {
  const rsyslog = syslog.parse(syslog.samples[4])!;
  assert.deepEqual(rsyslog.ts, {
    year: 2022,
    month: 7,
    day: 11,
    hour: 13,
    minute: 59,
    second: 43,
    ms: 123,
    offsetMinutes: 0,
  });
  assert.equal(rsyslog.program, 'systemd');
  const iso = syslog.parse('2022-07-11T09:02:17-0500 web1 nginx[812]: signal process started')!;
  assert.equal(iso.ts?.offsetMinutes, -300);
  assert.equal(iso.ts?.hour, 9);
  assert.equal(iso.program, 'nginx');
});

test('RFC 5424: structured data skipped, BOM removed, NILVALUE fields absent', () => {
  const p = syslog.parse(syslog.samples[6])!;
  assert.deepEqual(p.ts, { year: 2003, month: 10, day: 11, hour: 22, minute: 14, second: 15, ms: 3, offsetMinutes: 0 });
  assert.equal(p.program, 'evntslog');
  assert.equal(p.pid, undefined);
  assert.equal(p.fields?.msgid, 'ID47');
  assert.equal(p.fields?.sd, 'exampleSDID@32473');
  assert.equal(p.message, 'An application event log entry...');
  assert.equal(p.level, 'notice'); // 165 = local4.notice
  const bom = syslog.parse(syslog.samples[7])!;
  assert.equal(bom.message, "'su root' failed for lonvick on /dev/pts/8");
  const escaped = syslog.parse('<14>1 2022-07-11T14:02:17+02:00 h app 42 - [a@1 x="]\\"]"][b@2] done')!;
  assert.equal(escaped.pid, 42);
  assert.equal(escaped.fields?.sd, 'a@1,b@2');
  assert.equal(escaped.message, 'done');
  assert.equal(escaped.ts?.offsetMinutes, 120);
});

test('journal export: reboot marker and header', () => {
  const lines = fixture('journal-short-iso.txt').map((l) => syslog.parse(l)!);
  assert.equal(lines[0].fields?.journalHeader, 1);
  assert.equal(lines[0].ts, undefined);
  assert.equal(lines[5].fields?.boot, 1);
  assert.equal(lines[6].fields?.boot, 1); // kernel banner without uptime (journal strips it)
  assert.equal(lines[6].uptime, undefined);
  assert.equal(lines[1].ts?.offsetMinutes, 0);
});

test('detect: high on syslog files, low on other formats; garbage is null', () => {
  assert.ok(syslog.detect(fixture('syslog'), '/var/log/syslog') >= 0.9);
  assert.ok(syslog.detect(fixture('journal-short-iso.txt'), 'journal.txt') >= 0.9);
  for (const other of [pm2Log, nodeLog, jsonLog, redisLog, postgresLog]) {
    assert.ok(syslog.detect(other.samples, 'x.log') < 0.2, other.id);
  }
  for (const g of [
    '',
    'hello',
    'Jul 32 13:59:43 host x: y',
    'Jux 11 13:59:43 host x: y',
    '2022-07-11T14:02:17: GET /',
    '<999>1 - - - - - - x',
  ]) {
    assert.equal(syslog.parse(g), null, g);
  }
});

test('parseIsoStamp reads the logger variants and rejects impossible times', () => {
  assert.deepEqual(parseIsoStamp('2022-07-11 14:02:17 +00:00: x')?.ts.offsetMinutes, 0);
  assert.equal(parseIsoStamp('2022-07-11T14:02:17,5+05:30 x')?.ts.offsetMinutes, 330);
  assert.equal(parseIsoStamp('2022-07-11T14:02:17,5+05:30 x')?.ts.ms, 500);
  assert.equal(parseIsoStamp('2022-07-11T14:02:17: x')?.end, 19);
  assert.equal(parseIsoStamp('2022-13-11T14:02:17'), null);
  assert.equal(parseIsoStamp('2022-07-11T14:02:17Zulu')?.ts.offsetMinutes, undefined);
});

test('property: never throws, linear on long lines', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (s) => {
      syslog.parse(s);
      syslog.parse(`Jul 11 13:59:43 host ${s}`);
      syslog.parse(`<13>1 2022-07-11T13:59:43Z h a - - ${s}`);
      syslog.parse(`2022-07-11T13:59:43+00:00 h ${s}`);
    }),
    { numRuns: 2000 },
  );
  const t0 = performance.now();
  syslog.parse(`Jul 11 13:59:43 host ${'a'.repeat(200_000)}`);
  syslog.parse(`<13>1 2022-07-11T13:59:43Z h a - - ${'[x a="'.repeat(30_000)}`);
  syslog.parse(`Jul 11 13:59:43 host kernel: [${' '.repeat(100_000)}1.0`);
  assert.ok(performance.now() - t0 < 1000);
});

test('RFC 5424 after a relay dropped `<PRI>1`: app, pid, MSGID and SD-IDs are read (lnav logfile_with_zones)', () => {
  const nsx =
    '2022-08-27T14:22:01.888Z space01.global-acme.entp NSX 4828 SWITCHING [abc@6876 comp="abc-edge" level="INFO"] dynamic arp entry is created';
  const p = syslog.parse(nsx);
  assert.equal(p?.program, 'NSX');
  assert.equal(p?.pid, 4828);
  assert.deepEqual(p?.fields, { host: 'space01.global-acme.entp', msgid: 'SWITCHING', sd: 'abc@6876' });
  assert.equal(p?.message, 'dynamic arp entry is created');
  assert.deepEqual(p?.ts, {
    year: 2022,
    month: 8,
    day: 27,
    hour: 14,
    minute: 22,
    second: 1,
    ms: 888,
    offsetMinutes: 0,
  });
  const cron =
    '2022-08-27T17:22:01.694554+03:00 space01.global-acme.entp CRON 20856 - -  (root) CMD (   /usr/bin/nice -n 10 x)';
  assert.equal(syslog.parse(cron)?.program, 'CRON');
  assert.equal(syslog.parse(cron)?.message, ' (root) CMD (   /usr/bin/nice -n 10 x)');
  assert.ok(syslog.detect([nsx, cron], 'x') >= 0.9);
  // A tagged line stays a tagged line, whatever its message holds.
  const tagged = syslog.parse('2022-07-11T13:59:43.123456+00:00 web1 systemd[1]: a b - c');
  assert.equal(tagged?.program, 'systemd');
  assert.equal(tagged?.message, 'a b - c');
});

test('an RFC 3339 time then a level word is an application line, not syslog with host INFO (lnav ts_value)', () => {
  const lines = [
    '2024-01-01T15:00:00Z INFO session_start=2024-01-01T10:30:00Z user=alice logged in',
    '2024-01-01T15:05:00Z WARN session_start=2024-01-01T14:00:00Z user=bob session expired',
  ];
  assert.equal(syslog.detect(lines, 'x'), 0);
  assert.equal(syslog.detect(['Mar  5 10:12:01 error worker: job failed', 'Mar  5 10:12:02 [INFO] api: up'], 'x'), 0);
  assert.equal(detectLogFormat(lines, 'syslog')?.format.id, 'generic-log');
});
