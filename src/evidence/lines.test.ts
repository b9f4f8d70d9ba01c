import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { InputStreamError } from './gzip.js';
import { forEachLineBuffer, readLines } from './lines.js';
import type { InputProblem } from './types.js';

function chunked(buf: Buffer, sizes: number[]): Readable {
  const chunks: Buffer[] = [];
  let pos = 0;
  let i = 0;
  while (pos < buf.length) {
    const n = Math.max(1, sizes.length > 0 ? sizes[i++ % sizes.length] : buf.length);
    chunks.push(buf.subarray(pos, pos + n));
    pos += n;
  }
  return Readable.from(chunks, { objectMode: false });
}

async function allLines(stream: Readable, opts = {}): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of readLines(stream, opts)) for (const l of batch) out.push(l.line);
  return out;
}

/** The obvious, slow definition the fast splitter must agree with. */
function naiveSplit(buf: Buffer, max: number): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  for (let i = 0; i <= buf.length; i++) {
    if (i === buf.length && start === buf.length) break;
    if (i === buf.length || buf[i] === 10) {
      let line = buf.subarray(start, i);
      if (line.length > 0 && line[line.length - 1] === 13) line = line.subarray(0, line.length - 1);
      lines.push(line.subarray(0, max));
      start = i + 1;
    }
  }
  return lines;
}

describe('readLines', () => {
  it('splits an nginx error log with CRLF, a blank line and a last line without newline', async () => {
    const text =
      '2024/07/11 03:12:07 [error] 1184#1184: *88231 upstream timed out (110: Connection timed out) while reading response header from upstream\r\n' +
      '\r\n' +
      '2024/07/11 03:12:09 [warn] 1184#1184: *88240 an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/1/00/0000000001';
    const got: { line: string; lineNo: number }[] = [];
    for await (const batch of readLines(chunked(Buffer.from(text), [17, 64, 5]))) got.push(...batch);
    assert.deepEqual(
      got.map((l) => l.lineNo),
      [1, 2, 3],
    );
    assert.equal(got[0].line.endsWith('from upstream'), true);
    assert.equal(got[1].line, '');
    assert.equal(got[2].line.endsWith('0000000001'), true);
  });

  it('decodes invalid UTF-8 as U+FFFD, keeps NUL bytes, and reads latin1 when asked', async () => {
    const buf = Buffer.concat([
      Buffer.from('Jul 11 03:12:01 app1 app[812]: user=J'),
      Buffer.from([0xfc, 0x72]),
      Buffer.from('gen\n'),
      Buffer.from([0, 0, 0, 0]),
      Buffer.from('Jul 11 03:12:02 app1 kernel: eth0: link up\n'),
    ]);
    assert.deepEqual(await allLines(chunked(buf, [7])), [
      'Jul 11 03:12:01 app1 app[812]: user=J\ufffdrgen',
      '\0\0\0\0Jul 11 03:12:02 app1 kernel: eth0: link up',
    ]);
    assert.equal(
      (await allLines(chunked(buf, [7]), { encoding: 'latin1' }))[0],
      'Jul 11 03:12:01 app1 app[812]: user=Jürgen',
    );
  });

  it('cuts a 100 MB line at the cap, reports it once, and reads the next line intact', async () => {
    const mib = Buffer.alloc(1024 * 1024, 'x');
    async function* body() {
      yield Buffer.from('2024-07-11T03:12:00Z app started\n{"dump":"');
      for (let i = 0; i < 100; i++) yield mib;
      yield Buffer.from('"}\n2024-07-11T03:12:05Z app ready\n');
      yield Buffer.from(`${'y'.repeat(70 * 1024)}\n`);
    }
    const problems: InputProblem[] = [];
    const got = await allLines(Readable.from(body(), { objectMode: false }), {
      path: 'var/log/app/out.log',
      onProblem: (p: InputProblem) => problems.push(p),
    });
    assert.equal(got.length, 4);
    assert.equal(got[1].length, 64 * 1024);
    assert.ok(got[1].startsWith('{"dump":"xxx'));
    assert.equal(got[2], '2024-07-11T03:12:05Z app ready');
    assert.equal(got[3].length, 64 * 1024);
    assert.deepEqual(
      problems.map((p) => p.message),
      ['var/log/app/out.log:2: line longer than 64 KiB truncated (2 lines)'],
    );
  });

  it('does not split a UTF-8 character when cutting an overlong line', async () => {
    const line = 'é'.repeat(10);
    const got = await allLines(chunked(Buffer.from(`${line}\n`), [3]), { maxLineBytes: 7 });
    assert.equal(got[0], 'ééé');
  });

  it('ends quietly after the lines read so far when the walk already reported a read problem', async () => {
    async function* cut() {
      yield Buffer.from('Jul 11 03:12:01 db1 mysqld[812]: ready\nJul 11 03:12:0');
      throw new InputStreamError('var/log/mysql/error.log.1.gz: gzip stream truncated after 52 bytes');
    }
    const got = await allLines(Readable.from(cut(), { objectMode: false }));
    assert.deepEqual(got, ['Jul 11 03:12:01 db1 mysqld[812]: ready', 'Jul 11 03:12:0']);
    const stats = await forEachLineBuffer(Readable.from(cut(), { objectMode: false }), () => {});
    assert.equal(stats.lines, 2);
    assert.match(stats.error ?? '', /gzip stream truncated after 52 bytes/);
  });
});

describe('forEachLineBuffer', () => {
  it('yields the same lines as a naive split, whatever the chunking (property)', async () => {
    const byte = fc.constantFrom(10, 13, 0, 0x41, 0x62, 0xc3, 0xa9, 0xff, 0x20);
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 400 }).map((a) => a),
        fc.array(byte, { maxLength: 400 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { maxLength: 8 }),
        fc.integer({ min: 1, max: 40 }),
        async (noise, text, sizes, max) => {
          const buf = Buffer.concat([Buffer.from(text), Buffer.from(noise), Buffer.from(text)]);
          const got: Buffer[] = [];
          const stats = await forEachLineBuffer(
            chunked(buf, sizes),
            (b, start, end) => got.push(Buffer.from(b.subarray(start, end))),
            { maxLineBytes: max },
          );
          const want = naiveSplit(buf, max);
          assert.deepEqual(got, want);
          assert.equal(stats.lines, want.length);
          assert.equal(stats.bytes, buf.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('numbers lines from 1 and hands out views into the chunk, not copies', async () => {
    const seen: [number, string][] = [];
    await forEachLineBuffer(chunked(Buffer.from('a\nbb\nccc\n'), []), (buf, start, end, lineNo) => {
      seen.push([lineNo, buf.toString('latin1', start, end)]);
    });
    assert.deepEqual(seen, [
      [1, 'a'],
      [2, 'bb'],
      [3, 'ccc'],
    ]);
  });
});
