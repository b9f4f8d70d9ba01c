import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { journald } from './journald.js';
import { detectLogFormat } from './registry.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/log/syslog/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean);

test('every sample parses', () => {
  for (const line of journald.samples) assert.ok(journald.parse(line), line);
});

test('-o json: exact UTC time, PRIORITY as the level, the program, and the entry as its syslog line inside', () => {
  const p = journald.parse(journald.samples[0])!;
  assert.deepEqual(p.ts, { year: 2015, month: 2, day: 3, hour: 19, minute: 6, second: 4, ms: 739, offsetMinutes: 0 });
  assert.equal(p.level, 'info');
  assert.equal(p.program, 'systemd');
  assert.equal(p.pid, 1);
  assert.deepEqual(p.inner, {
    text: 'Feb  3 19:06:04 desktop systemd[1]: Starting A high performance web server and a reverse proxy server...',
    format: 'syslog',
  });
});

test('-o json: the kernel transport is read with the kernel format; PRIORITY 3 is an error; bytes arrays decode', () => {
  const line = JSON.stringify({
    __REALTIME_TIMESTAMP: '1709633522000001',
    _HOSTNAME: 'web1',
    _TRANSPORT: 'kernel',
    PRIORITY: '3',
    MESSAGE: [79, 117, 116, 32, 111, 102, 32, 109, 101, 109, 111, 114, 121],
  });
  const p = journald.parse(line)!;
  assert.equal(p.level, 'error');
  assert.equal(p.message, 'Out of memory');
  assert.deepEqual(p.inner, { text: 'Mar  5 10:12:02 web1 kernel: Out of memory', format: 'kernel' });
  assert.equal(journald.parse('{"MESSAGE":"no time"}'), null);
  assert.equal(journald.parse('{"__REALTIME_TIMESTAMP":"x","MESSAGE":"bad time"}'), null);
});

test('-o export: the cursor opens an entry (its t= is the time), fields continue it, MESSAGE is the inner line', () => {
  const cursor = journald.parse(
    '__CURSOR=s=13a21661cf4948289c63075db6c25c00;i=116f1;b=81b58db8fd9046ab9f847ddb82a2fa2d;m=19f0daa;t=50e33c33587ae;x=e307daadb4858635',
  )!;
  assert.equal(cursor.ts?.year, 2015);
  assert.ok(!cursor.continuation);
  assert.deepEqual(journald.parse('PRIORITY=6'), { message: 'PRIORITY=6', continuation: true });
  assert.deepEqual(journald.parse('MESSAGE=Started Session 2 of user root.')?.inner, {
    text: 'Started Session 2 of user root.',
    format: 'syslog',
  });
});

test('-o short-iso under journalctl’s markers is journald; the same lines without a marker stay syslog', () => {
  const lines = fixture('journal-short-iso.txt');
  assert.equal(detectLogFormat(lines, 'journal.txt')?.format.id, 'journald');
  assert.equal(
    detectLogFormat(
      lines.filter((l) => !l.startsWith('-- ')),
      'journal.txt',
    )?.format.id,
    'syslog',
  );
  assert.deepEqual(journald.parse('-- Boot 81b58db8fd9046ab9f847ddb82a2fa2d --')?.fields, { boot: 1 });
});

test('property: never throws on JSON-ish and export-ish lines', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.json(),
        fc.string({ maxLength: 80 }).map((s) => `__${s}`),
        fc.string(),
      ),
      (s) => {
        journald.parse(s);
      },
    ),
  );
});
