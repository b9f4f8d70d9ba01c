// Records cut apart where a file does not put one a line: the real rsyslog captures of
// test/real-logs/rsyslog-forward (RSYSLOG_ForwardFormat to a file, RFC 6587 octet counting), fed in every chunking,
// give the same records with their file offsets; an over-long record is cut at the cap and the rest dropped.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { syslog } from '../../src/formats/log/syslog.js';
import { framingOf, splitFrames } from '../../src/formats/log/syslog-frames.js';
import { FrameSplitter, frameStartAt } from '../../src/read/frames.js';

const real = (name: string) => readFileSync(new URL(`../real-logs/rsyslog-forward/${name}`, import.meta.url));
const forward = real('forward-format.log');
const octet = real('octet-counted.log');

/** Records and their offsets, the bytes pushed in chunks of `size`. */
function records(buf: Buffer, framing: 'forward' | 'octet', size: number, max?: number) {
  const out: { text: string; offset: number }[] = [];
  const s = new FrameSplitter(
    (b, start, end, offset) => out.push({ text: b.toString('utf8', start, end), offset }),
    framing,
    max,
  );
  for (let i = 0; i < buf.length; i += size) s.push(buf.subarray(i, Math.min(buf.length, i + size)));
  s.end();
  return { out, s };
}

test('the survey tells the framing from the head, and splits the head into the records', () => {
  assert.equal(framingOf(forward.toString('utf8')), 'forward');
  assert.equal(framingOf(octet.toString('utf8')), 'octet');
  // One record a line is no framing; nor is a line quoting a few `<PRI>`s after its start.
  const plain = readFileSync(new URL('../real-logs/loghub-openssh/OpenSSH_2k-head.log', import.meta.url), 'utf8');
  assert.equal(framingOf(plain), undefined);
  assert.equal(
    framingOf('note: <13>2024-03-05T10:12:01Z a <13>2024-03-05T10:12:02Z b <13>2024-03-05T10:12:03Z c'),
    undefined,
  );
  const heads = splitFrames(forward.toString('utf8'), 'forward', true);
  assert.equal(heads.length, 36);
  assert.ok(
    heads.every((r) => syslog.parse(r)?.ts !== undefined),
    'every record is a syslog record',
  );
  assert.equal(splitFrames(octet.toString('utf8'), 'octet', true).length, 36);
});

test('forward format: the same 36 records and offsets in any chunking; each is a syslog record', () => {
  const whole = records(forward, 'forward', forward.length);
  assert.equal(whole.out.length, 36);
  assert.equal(whole.s.lines, 36);
  assert.equal(whole.out[0].offset, 0);
  for (const r of whole.out) assert.equal(forward.toString('utf8', r.offset, r.offset + r.text.length), r.text);
  const first = syslog.parse(whole.out[0].text);
  assert.equal(first?.program, 'sshd');
  assert.equal(first?.pid, 24200);
  assert.equal(first?.level, 'info');
  assert.equal(syslog.parse(whole.out[33].text)?.level, 'error');
  for (const size of [1, 2, 7, 64, 1000])
    assert.deepEqual(records(forward, 'forward', size).out, whole.out, `chunks of ${size}`);
  assert.deepEqual(
    splitFrames(forward.toString('utf8'), 'forward', true),
    whole.out.map((r) => r.text),
  );
});

test('octet counting: the records by their lengths, in any chunking', () => {
  const whole = records(octet, 'octet', octet.length);
  assert.equal(whole.out.length, 36);
  assert.ok(whole.out.every((r) => r.text.startsWith('<') && syslog.parse(r.text.trimEnd())?.ts !== undefined));
  for (const size of [1, 3, 100]) assert.deepEqual(records(octet, 'octet', size).out, whole.out, `chunks of ${size}`);
});

test('an over-long record is cut at the cap and the rest of it dropped; the next record is whole', () => {
  const huge = Buffer.from(`<13>2024-03-05T10:12:01Z h app: ${'x'.repeat(5000)}<13>2024-03-05T10:12:02Z h app: next`);
  for (const size of [1, 100, huge.length]) {
    const { out, s } = records(huge, 'forward', size, 1000);
    assert.deepEqual(
      out.map((r) => [r.text.length, r.offset]),
      [
        [1000, 0],
        [36, huge.length - 36],
      ],
      `chunks of ${size}`,
    );
    assert.equal(s.truncated, 1);
  }
  const body = `<13>1 2024-03-05T10:12:01Z h app - - - ${'y'.repeat(4961)}`;
  const long = Buffer.from(`${body.length} ${body}11 <13>1 - - x`);
  const { out, s } = records(long, 'octet', 7, 1000);
  assert.deepEqual(
    out.map((r) => r.text.length),
    [1000, 11],
  );
  assert.equal(s.truncated, 1);
});

test('frameStartAt: the shapes after `<PRI>`, and "more bytes needed" at a chunk end', () => {
  const at = (t: string) => frameStartAt(Buffer.from(t), 0, Buffer.byteLength(t));
  assert.equal(at('<13>2024-03-05T10:12:01Z'), 1);
  assert.equal(at('<13>Mar  5 10:12:01 h'), 1);
  assert.equal(at('<165>1 2003-10-11T22:14:15Z'), 1);
  assert.equal(at('<13>1 - h'), 1);
  assert.equal(at('<192>2024-03-05T10:12:01Z'), 0);
  assert.equal(at('<13>hello world, more'), 0);
  assert.equal(at('<b>bold</b>'), 0);
  assert.equal(at('<13>2024-03'), -1);
  assert.equal(at('<13'), -1);
});

test('a 17 MiB forward-format file (the capture repeated) reads the same on 0 and 2 workers', {
  timeout: 120_000,
}, async () => {
  const { ingest } = await import('../../src/read/ingest.js');
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const copies = Math.ceil((17 * 1024 * 1024) / forward.length);
  const path = join(mkdtempSync(join(tmpdir(), 'fl-frames-')), 'all.log');
  writeFileSync(path, Buffer.concat(Array.from({ length: copies }, () => forward)));
  const run = async (workers: number) => {
    const r = await ingest({ paths: [path], workers, pieceBytes: 4 * 1024 * 1024 });
    return { inputs: r.inputs, events: r.events.length, sig: r.signatureCounts };
  };
  const main = await run(0);
  assert.equal(main.inputs[0].format, 'syslog');
  assert.equal(main.inputs[0].lines, 36 * copies);
  assert.equal(main.inputs[0].skipped, 0);
  assert.deepEqual(await run(2), main);
});
