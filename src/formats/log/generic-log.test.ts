import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { genericLog, leadingTime } from './generic-log.js';
import { detectLogFormat, LOG_FORMATS } from './registry.js';

test('every sample parses with a time', () => {
  for (const line of genericLog.samples) assert.ok(genericLog.parse(line)?.ts, line);
});

test('the times it reads: ISO with offset and fraction, comma fraction, CLF, dd-Mon-yyyy, year-less forms', () => {
  assert.deepEqual(leadingTime('2024-03-05T10:12:01.123456+01:00 x')?.ts, {
    year: 2024,
    month: 3,
    day: 5,
    hour: 10,
    minute: 12,
    second: 1,
    ms: 123,
    offsetMinutes: 60,
  });
  assert.deepEqual(leadingTime('2024-03-05 10:12:01,123 ERROR x')?.ts, {
    year: 2024,
    month: 3,
    day: 5,
    hour: 10,
    minute: 12,
    second: 1,
    ms: 123,
  });
  assert.equal(leadingTime('[05/Mar/2024:10:12:01 +0000] x')?.ts.offsetMinutes, 0);
  assert.equal(leadingTime('05-Mar-2024 10:12:01 NOTICE: x')?.ts.month, 3);
  assert.deepEqual(leadingTime('Mar  5 10:12:01 host x')?.ts, { month: 3, day: 5, hour: 10, minute: 12, second: 1 });
  assert.equal(leadingTime('[10.30 16:49:06] chrome.exe - x')?.ts.month, 10);
  assert.equal(leadingTime('Tue Mar  5 10:12:01 2024 x')?.ts.year, 2024);
  for (const no of ['2024-13-05 10:12:01 x', '10:12:01 x', 'hello 2024-03-05 10:12:01', '[2024-03-05 10:12:01 x']) {
    assert.equal(leadingTime(no), null, no);
  }
});

test('level words and the message; a line without a time continues the record above', () => {
  const p = genericLog.parse(
    '2016-09-28 04:30:31, Info                  CBS    Ending TrustedInstaller initialization.',
  );
  assert.equal(p?.level, 'info');
  assert.match(p?.message ?? '', /^CBS {4}Ending/);
  assert.equal(genericLog.parse('2024-03-05 10:12:01 [ERROR] disk full')?.level, 'error');
  assert.equal(genericLog.parse('2024-03-05 10:12:01 FATAL: out of memory')?.level, 'critical');
  assert.deepEqual(genericLog.parse('    at com.example.Job.run(Job.java:12)'), {
    message: '    at com.example.Job.run(Job.java:12)',
    continuation: true,
  });
  assert.equal(genericLog.parse('   '), null);
});

test('scores below every specific format: it never takes a file a specific format reads', () => {
  for (const f of LOG_FORMATS) {
    if (f.id === 'generic-log') continue;
    const got = detectLogFormat(f.samples, 'x.log');
    if (got) assert.notEqual(got.format.id, 'generic-log', `${f.id}'s samples`);
  }
});

test('claims a file only when nearly every line starts with a time', () => {
  const stamped = Array.from({ length: 20 }, (_, i) => `2024-03-05 10:12:${String(i).padStart(2, '0')} job ${i} done`);
  assert.ok(genericLog.detect(stamped, 'a.log') > 0);
  const prose = [...stamped.slice(0, 15), 'Dear team,', 'see below', 'thanks', 'bye', 'x'];
  assert.equal(genericLog.detect(prose, 'a.log'), 0);
});

test('property: never throws, and a claimed time is a valid date', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 80 }), (s) => {
      const t = leadingTime(s);
      if (t) assert.ok(t.ts.month >= 1 && t.ts.month <= 12 && t.ts.day >= 1 && t.ts.day <= 31);
      genericLog.parse(s);
    }),
  );
});

test("VMware's `--> ` lines continue the record above (lnav logfile_vmw_log); prose after one time does not", () => {
  const vpxd = [
    '2022-06-02T11:58:12.194Z info vpxd[45715] [Originator@6876 sub=vpxLro opID=7e1280cf] [VpxLRO] -- FINISH lro-846063',
    '2022-06-02T11:59:41.498Z warning vpxd[47756] [Originator@6876 sub=drmLogger opID=SWI-66b629ff] Exception was thrown: N3Vim5Fault8NotFound9ExceptionE(Fault cause: vim.fault.NotFound',
    '--> )',
  ];
  assert.ok(genericLog.detect(vpxd, 'vpxd.log') > 0);
  assert.equal(detectLogFormat(vpxd, 'vpxd.log')?.format.id, 'generic-log');
  assert.deepEqual(genericLog.parse(vpxd[2]), { message: '--> )', continuation: true });
  // Continuations count at most once per record: one stamp does not carry a page of indented text.
  const letter = ['2024-03-05 10:12:01 note', '  Dear team,', '  see below', '  thanks', '  bye'];
  assert.equal(genericLog.detect(letter, 'a.log'), 0);
});
