// The read path's stages, each on its own: line splitting (chunking, CRLF, the line cap), the prefilter (agrees
// with `includes`), the clock (a year-less Dec → Jan file placed line by line), and the sketches (pieces merged
// keep what the file read whole keeps).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { newFacts } from '../../src/formats/log/scan-types.js';
import { Clock } from '../../src/read/clock.js';
import type { PendingRecord } from '../../src/read/records.js';
import { KEEP_EACH, mergeSketch, newSketch, offer, rankOf } from '../../src/read/retention.js';
import { LineSplitter } from '../../src/read/split.js';
import { createPrefilter } from '../../src/signatures/prefilter.js';

/** The obvious, slow definition the fast splitter must agree with. */
function naiveSplit(buf: Buffer, max: number): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i <= buf.length; i++) {
    if (i === buf.length && start === buf.length) break;
    if (i === buf.length || buf[i] === 10) {
      let line = buf.subarray(start, i);
      if (line.length > 0 && line[line.length - 1] === 13) line = line.subarray(0, line.length - 1);
      lines.push(line.subarray(0, max).toString('latin1'));
      start = i + 1;
    }
  }
  return lines;
}

function split(buf: Buffer, sizes: number[], max: number): { lines: string[]; offsets: number[]; truncated: number } {
  const lines: string[] = [];
  const offsets: number[] = [];
  const s = new LineSplitter((b, start, end, offset) => {
    lines.push(b.toString('latin1', start, end));
    offsets.push(offset);
  }, max);
  let pos = 0;
  let i = 0;
  while (pos < buf.length) {
    const n = Math.max(1, sizes.length > 0 ? sizes[i++ % sizes.length] : buf.length);
    s.push(buf.subarray(pos, pos + n));
    pos += n;
  }
  s.end();
  return { lines, offsets, truncated: s.truncated };
}

describe('LineSplitter', () => {
  it('splits an nginx error log with CRLF, a blank line and a last line without newline, with file offsets', () => {
    const text =
      '2024/07/11 03:12:07 [error] 1184#1184: *88231 upstream timed out (110: Connection timed out) while reading response header from upstream\r\n' +
      '\r\n' +
      '2024/07/11 03:12:09 [warn] 1184#1184: *88240 an upstream response is buffered to a temporary file';
    const got = split(Buffer.from(text), [17, 64, 5], 64 * 1024);
    assert.equal(got.lines.length, 3);
    assert.ok(got.lines[0].endsWith('from upstream'));
    assert.equal(got.lines[1], '');
    assert.ok(got.lines[2].endsWith('temporary file'));
    assert.deepEqual(got.offsets, [0, text.indexOf('\r\n') + 2, text.lastIndexOf('\r\n') + 2]);
  });

  it('cuts a line over the cap without growing a buffer, counts it, and reads the next line intact', () => {
    const long = Buffer.alloc(3 * 1024 * 1024, 0x61);
    const buf = Buffer.concat([long, Buffer.from('\nnext line\n')]);
    const got = split(buf, [65536], 1024);
    assert.deepEqual(
      got.lines.map((l) => l.length),
      [1024, 9],
    );
    assert.equal(got.truncated, 1);
  });

  it('yields the lines of a naive split, whatever the chunking (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(10, 13, 97, 98, 0xc3, 0xa9), { maxLength: 300 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 8 }),
        fc.integer({ min: 4, max: 64 }),
        (bytes, sizes, max) => {
          const buf = Buffer.from(bytes);
          const got = split(buf, sizes, max).lines;
          const want = naiveSplit(buf, max);
          assert.equal(got.length, want.length);
          // A cut line may end earlier (never inside a UTF-8 sequence); it is always a prefix.
          for (let i = 0; i < got.length; i++) assert.ok(want[i].startsWith(got[i]) || got[i] === want[i]);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('prefilter', () => {
  it('says a line holds a needle exactly when includes() does (property)', () => {
    const needles = ['upstream timed out', 'ECONNREFUSED', 'Out of memory', 'OOM', 'killed process', 'ab'];
    const pf = createPrefilter(needles);
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...needles, 'x', ' ', 'up', 'ECONN', 'a', 'b', 'Out of'), { maxLength: 30 }),
        (parts) => {
          const line = parts.join('');
          const buf = Buffer.from(`##${line}##`);
          assert.equal(
            pf.any(buf, 2, buf.length - 2),
            needles.some((n) => line.includes(n)),
            line,
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('Clock', () => {
  it('places a year-less December → January file line by line, whichever piece reads the line', () => {
    // The host's dated logs end on 3 January 2027: December lines are 2026's, January lines 2027's.
    const spec = { zone: 'Europe/Berlin', referenceMs: Date.UTC(2027, 0, 4), boots: [] };
    const at = (month: number, day: number) => {
      const f = newFacts();
      Object.assign(f, { month, day, hour: 12, minute: 0, second: 0, ms: 0 });
      return new Clock(spec).place(f);
    };
    assert.equal(new Date(at(12, 31)).toISOString(), '2026-12-31T11:00:00.000Z');
    assert.equal(new Date(at(1, 2)).toISOString(), '2027-01-02T11:00:00.000Z');
    const c = new Clock(spec);
    const f = newFacts();
    Object.assign(f, { month: 7, day: 1, hour: 12, minute: 0, second: 0, ms: 0 });
    assert.equal(new Date(c.place(f)).toISOString(), '2026-07-01T10:00:00.000Z', 'summer time in Berlin');
    assert.ok(c.flags.yearless && c.flags.zoneless && !c.flags.explicit);
  });
});

describe('sketches', () => {
  const record = (offset: number): PendingRecord => ({
    offset,
    line: offset,
    time: offset,
    basis: 'explicit',
    level: 'error',
    wrapper: false,
    firstLine: `line ${offset}`,
    text: `line ${offset}`,
    lines: 1,
  });
  const feed = (offsets: number[]) => {
    const s = newSketch();
    for (const o of offsets) {
      const r = record(o);
      offer(s, { offset: o, hash: rankOf(o, 7), record: r, event: () => ({ line: o }) as never });
    }
    return s;
  };
  const kept = (s: ReturnType<typeof feed>) => ({
    count: s.count,
    first: s.first.map((k) => k.offset),
    last: s.last.map((k) => k.offset),
    sample: s.sample.map((k) => k.offset).sort((a, b) => a - b),
  });

  it('pieces merged in order keep the first, last and sampled lines of the whole (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2000 }),
        fc.array(fc.integer({ min: 1, max: 2000 }), { maxLength: 5 }),
        (n, cuts) => {
          const offsets = Array.from({ length: n }, (_, i) => i * 17);
          const whole = feed(offsets);
          const bounds = [...new Set(cuts.map((c) => c % (n + 1)))].sort((a, b) => a - b);
          const pieces = [0, ...bounds, n].flatMap((b, i, all) => (i === 0 ? [] : [offsets.slice(all[i - 1], b)]));
          const merged = newSketch();
          for (const p of pieces) mergeSketch(merged, feed(p));
          assert.deepEqual(kept(merged), kept(whole));
          assert.ok(
            whole.first.length <= KEEP_EACH && whole.sample.length <= KEEP_EACH && whole.last.length <= KEEP_EACH,
          );
        },
      ),
      { numRuns: 60 },
    );
  });
});
