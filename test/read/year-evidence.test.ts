// Year-less files whose file date is a copy's, on real logs: MongoDB 2.2's ctime stamps name their weekday
// (mtools' test log, checked out today), a FreeBSD syslog copied a month after its last line, and a host whose
// year-less syslog sits beside another host's dated access log (lnav's samples, 2009) in one bundle.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { investigate } from '../../src/investigate.js';

const real = new URL('../real-logs/', import.meta.url).pathname;
const copied = new Date('2026-12-04T12:00:00Z');

function folder(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'fl-year-'));
  for (const [rel, from] of Object.entries(files)) {
    mkdirSync(join(d, rel, '..'), { recursive: true });
    copyFileSync(join(real, from), join(d, rel));
    utimesSync(join(d, rel), copied, copied);
  }
  return d;
}

test("a weekday in the stamp rules out the copy's year: mongod 2.2's Mon Aug 5 is not in 2026", async () => {
  const r = await investigate({ paths: [folder({ 'mongod.log': 'mongodb/mongod-2.2.log' })], workers: 0 });
  assert.equal(r.span.start, '2024-08-05T20:21:42.000Z');
  assert.equal(new Date('2024-08-05').getUTCDay(), 1);
  assert.match(
    r.assumptions[0],
    /year from the lines' weekdays \(Mon 08-05 is in 2024, not 2026, the nearest year before it where it falls so\)$/,
  );
});

test('a file date a month after the last line is said to be a copy date', async () => {
  const r = await investigate({
    paths: [folder({ messages: 'syslog-variants/freebsd-src-1513-repeated.log' })],
    workers: 0,
  });
  assert.match(
    r.assumptions[0],
    /year from the file date \(2026-12-04\), 30 days after the file's last line — likely the date it was copied, not written: pass --year if it is older$/,
  );
});

test("a host with only year-less logs and a copy's date takes its year from the other hosts' dated logs", async () => {
  const d = folder({
    'web1/var/log/nginx/access.log': 'access-combined/lnav-logfile_access_log.0',
    'db1/var/log/syslog': 'syslog-lnav/lnav-logfile_syslog.0',
  });
  const r = await investigate({ paths: [d], workers: 0 });
  const syslog = r.inputs.find((i) => i.path === 'db1/var/log/syslog');
  // Nov 3 before the dated logs' end (20 Jul 2009): 2008, not the copy's 2026.
  assert.equal(new Date(syslog?.firstTime as number).toISOString(), '2008-11-03T09:23:38.000Z');
  assert.match(
    syslog?.assumption ?? '',
    /year from the dated logs of the input's other hosts \(the file date 2026-12-04, \d+ days after the file's last line, is a copy's\)/,
  );
});
