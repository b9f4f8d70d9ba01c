// A source whose clock disagrees with the proxy's about the same requests: the lab's gunicorn-worker-timeout
// capture (nginx in front of gunicorn, one machine, one clock) with gunicorn's logs shifted by a known offset in a
// temp copy, as an app server on a host without NTP writes them. The offset is estimated from the requests both
// logged, taken off gunicorn's lines, and stated; the result is the unshifted capture's.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { investigate } from '../../src/investigate.js';
import { investigateJson } from '../../src/report/investigate-json.js';

const root = new URL('../../', import.meta.url).pathname;
const capture = join(root, 'test/corpus/gunicorn-worker-timeout');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** The capture with gunicorn's access and error logs written by a clock `seconds` ahead. */
function shifted(seconds: number, files = ['access.log', 'error.log']): string {
  const d = mkdtempSync(join(tmpdir(), 'fl-skew-'));
  cpSync(capture, d, { recursive: true });
  const move = (y: number, mo: number, day: number, h: number, mi: number, s: number) =>
    new Date(Date.UTC(y, mo, day, h, mi, s) + seconds * 1000);
  const access = (text: string) =>
    text.replace(/\[(\d\d)\/(\w{3})\/(\d{4}):(\d\d):(\d\d):(\d\d) \+0000\]/g, (_m, day, mon, y, h, mi, s) => {
      const t = move(+y, MONTHS.indexOf(mon), +day, +h, +mi, +s);
      return `[${pad(t.getUTCDate())}/${MONTHS[t.getUTCMonth()]}/${t.getUTCFullYear()}:${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())} +0000]`;
    });
  const error = (text: string) =>
    text.replace(/\[(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d) \+0000\]/g, (_m, y, mo, day, h, mi, s) => {
      const t = move(+y, +mo - 1, +day, +h, +mi, +s);
      return `[${t.toISOString().slice(0, 10)} ${t.toISOString().slice(11, 19)} +0000]`;
    });
  for (const f of files) {
    const p = join(d, 'var/log/gunicorn', f);
    writeFileSync(p, (f === 'access.log' ? access : error)(readFileSync(p, 'utf8')));
  }
  return d;
}

/** What the analysis saw, times included: incidents, the first hypothesis and the timeline. */
async function outcome(dir: string) {
  const r = await investigate({ paths: [dir], workers: 0 });
  const json = JSON.parse(investigateJson(r));
  return {
    r,
    json,
    seen: {
      incidents: json.incidents,
      top: json.hypotheses[0]?.cause,
      timeline: r.timeline.map((e) => `${new Date(e.time).toISOString()} ${e.path}:${e.line}`),
    },
  };
}

test('gunicorn 90 s ahead of nginx: found from the requests both logged, corrected, stated; the result is unchanged', async () => {
  const truth = await outcome(capture);
  const off = await outcome(shifted(90));
  const gunicorn = off.json.inputs.filter((i: { path: string }) => i.path.startsWith('var/log/gunicorn/'));
  assert.deepEqual(
    gunicorn.map((i: { path: string; clockOffsetSeconds?: number; timeBasis: string }) => [
      i.path,
      i.clockOffsetSeconds,
      i.timeBasis,
    ]),
    [
      ['var/log/gunicorn/access.log', 90, 'assumed'],
      ['var/log/gunicorn/error.log', 90, 'assumed'],
    ],
  );
  assert.equal(
    off.r.assumptions.find((a) => a.startsWith('var/log/gunicorn/access.log: ')),
    "var/log/gunicorn/access.log: clock 90 s ahead of var/log/nginx/access.log's (the median difference of the 60 requests both logged with the same method, path and status): its times corrected by −90 s",
  );
  assert.equal(
    off.json.inputs.find((i: { path: string }) => i.path === 'var/log/nginx/access.log').clockOffsetSeconds,
    undefined,
  );
  assert.deepEqual(off.seen, truth.seen);
});

test("a clock 5 min behind: corrected by +5 min, and the timeline is the capture's", async () => {
  const truth = await outcome(capture);
  const off = await outcome(shifted(-300));
  const offsets = off.json.inputs
    .filter((i: { clockOffsetSeconds?: number }) => i.clockOffsetSeconds !== undefined)
    .map((i: { path: string; clockOffsetSeconds: number }) => `${i.path} ${i.clockOffsetSeconds}`);
  assert.deepEqual(offsets, ['var/log/gunicorn/access.log -300', 'var/log/gunicorn/error.log -300']);
  assert.match(
    off.r.assumptions.find((a) => a.startsWith('var/log/gunicorn/error.log: ')) ?? '',
    /^var\/log\/gunicorn\/error\.log: clock 5 min 0 s behind var\/log\/nginx\/access\.log's \(as found for var\/log\/gunicorn\/access\.log, the same clock: .*corrected by \+5 min 0 s$/,
  );
  assert.deepEqual(off.seen, truth.seen);
});
