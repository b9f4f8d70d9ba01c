// collect's --since/--until inside a log (window.ts), on real lines: a zone-less nginx error log written in
// America/Los_Angeles (test/fixtures/hosts/zone-offset), a year-less syslog line of the lab (test/corpus/upstream-timeout)
// and a PM2 error log whose stack traces carry no stamp (test/corpus/crash-loop).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { LineWindow, type Window } from './window.js';

const fixture = (p: string) => readFileSync(new URL(`../../test/${p}`, import.meta.url));
const ERROR_LOG = fixture('fixtures/hosts/zone-offset/bundle/var/log/nginx/error.log');
const SYSLOG = fixture('corpus/upstream-timeout/var/log/syslog');
const PM2_ERR = fixture('corpus/crash-loop/home/app/.pm2/logs/checkout-error.log');

/** The file through a window in chunks of `size` bytes (splits inside lines). */
function through(path: string, data: Buffer, mtime: string, w: Window, size = 97): { text: string; dropped: number } {
  const lw = new LineWindow(path, new Date(mtime), w);
  const out: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) out.push(lw.push(data.subarray(i, i + size)));
  out.push(lw.end());
  return { text: Buffer.concat(out).toString('latin1'), dropped: lw.dropped };
}

test("zone-less stamps are read in the host's zone: nginx's 04:52 in Los Angeles is 12:52 UTC", () => {
  const w = { since: new Date('2026-12-03T12:52:00Z'), until: new Date('2026-12-03T12:53:00Z') };
  const la = through('var/log/nginx/error.log', ERROR_LOG, '2026-12-03T12:53:00Z', {
    ...w,
    zone: 'America/Los_Angeles',
  });
  assert.equal(la.text, ERROR_LOG.toString('latin1'));
  assert.equal(la.dropped, 0);
  const utc = through('var/log/nginx/error.log', ERROR_LOG, '2026-12-03T12:53:00Z', { ...w, zone: 'UTC' });
  assert.equal(utc.text, '');
  assert.equal(utc.dropped, 3);
});

test('a year-less syslog line takes the year before the file was last written', () => {
  const at = (since: string, until: string, mtime: string) =>
    through('var/log/syslog', SYSLOG, mtime, { since: new Date(since), until: new Date(until), zone: 'UTC' }).dropped;
  assert.equal(at('2026-12-04T19:00:00Z', '2026-12-04T20:00:00Z', '2026-12-04T19:30:00Z'), 0);
  assert.equal(at('2026-12-04T19:30:00Z', '2026-12-04T20:00:00Z', '2026-12-04T19:30:00Z'), 1);
  // Written in January: December's line is last year's.
  assert.equal(at('2026-12-04T19:00:00Z', '2026-12-04T20:00:00Z', '2027-01-02T00:00:00Z'), 0);
});

test('lines without a stamp go with the stamped line above them, those before the first stamp with the first', () => {
  const lines = PM2_ERR.toString('latin1').split('\n');
  // Line 15 is the first stamp (03:02:49.275Z), line 43 the second (03:02:49.434Z).
  assert.match(lines[14], /^2026-11-23T03:02:49\.275Z/);
  assert.match(lines[42], /^2026-11-23T03:02:49\.434Z/);
  const w = { since: new Date('2026-11-23T03:02:49.300Z'), zone: 'UTC' };
  for (const size of [97, 4096, PM2_ERR.length]) {
    const r = through('home/app/.pm2/logs/checkout-error.log', PM2_ERR, '2026-11-23T03:05:00Z', w, size);
    assert.equal(r.dropped, 42);
    assert.equal(r.text, lines.slice(42).join('\n'));
  }
});

test('a file no format reads is kept whole', () => {
  const data = Buffer.from('no stamp here\nnor here\n');
  const r = through('notes.txt', data, '2026-11-23T03:05:00Z', {
    since: new Date('2030-01-01T00:00:00Z'),
    zone: 'UTC',
  });
  assert.equal(r.text, data.toString('latin1'));
  assert.equal(r.dropped, 0);
});
