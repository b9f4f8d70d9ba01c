import assert from 'node:assert/strict';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import * as tar from 'tar';
import { isBinary, sampleLines, sniff } from './sample.js';
import { walkInputs } from './walk.js';

let tmp: string;
before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'faultline-sample-'));
});
after(() => rmSync(tmp, { recursive: true, force: true }));

async function readAll(s: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const ACCESS_LINE = (i: number) =>
  `203.0.113.${i % 200} - - [11/Jul/2024:03:12:${String(i % 60).padStart(2, '0')} +0000] "GET /api/cart?item=${i} HTTP/1.1" 502 157 "-" "curl/8.5.0"\n`;

describe('sniff', () => {
  it('returns the head of a 3 MB access log and a stream that replays it, then continues', async () => {
    const text = Array.from({ length: 30000 }, (_, i) => ACCESS_LINE(i)).join('');
    const file = join(tmp, 'access.log');
    writeFileSync(file, text);
    const s = await sniff(createReadStream(file, { highWaterMark: 1024 * 1024 }), { bytes: 4096 });
    assert.equal(s.sample.length, 4096);
    assert.equal(s.binary, false);
    assert.equal(s.ended, false);
    assert.equal(s.sample.toString('latin1'), text.slice(0, 4096));
    assert.equal((await readAll(s.stream)).toString('latin1'), text);
  });

  it('stops at N lines', async () => {
    const text = Array.from({ length: 50 }, (_, i) => ACCESS_LINE(i)).join('');
    const s = await sniff(Readable.from([Buffer.from(text)], { objectMode: false }), { lines: 3 });
    assert.deepEqual(
      sampleLines(s.sample, 10),
      [ACCESS_LINE(0), ACCESS_LINE(1), ACCESS_LINE(2)].map((l) => l.trimEnd()),
    );
    assert.equal((await readAll(s.stream)).toString(), text);
  });

  it('sniffs a bundle member and the consumer reads the rest of that same member', async () => {
    const src = join(tmp, 'bundle-src');
    const text = Array.from({ length: 20000 }, (_, i) => ACCESS_LINE(i)).join('');
    const logDir = join(src, 'var/log/nginx');
    await import('node:fs').then((fs) => fs.mkdirSync(logDir, { recursive: true }));
    writeFileSync(join(logDir, 'access.log'), text);
    writeFileSync(join(logDir, 'access.log.1.gz'), gzipSync(text));
    const bundle = join(tmp, 'b.tgz');
    await tar.c({ gzip: true, file: bundle, cwd: src }, ['var']);
    let checked = 0;
    for await (const entry of walkInputs([bundle])) {
      if (entry.kind !== 'file') continue;
      const s = await sniff(entry.open(), { bytes: 1024 });
      assert.equal(s.sample.toString('latin1'), text.slice(0, 1024), entry.path);
      assert.equal((await readAll(s.stream)).toString('latin1'), text, entry.path);
      checked++;
    }
    assert.equal(checked, 2);
  });

  it('keeps a read problem met within the sample and replays the head before it', async () => {
    async function* cut() {
      yield Buffer.from('2024-07-11 03:12:01.123 UTC [812] LOG:  database system is ready\n');
      throw new Error('var/log/postgresql/postgresql.log.1.gz: gzip stream truncated after 66 bytes');
    }
    const s = await sniff(Readable.from(cut(), { objectMode: false }));
    assert.equal(s.ended, true);
    assert.match(s.error ?? '', /gzip stream truncated after 66 bytes/);
    assert.match(s.sample.toString(), /database system is ready/);
    const chunks: Buffer[] = [];
    await assert.rejects(async () => {
      for await (const c of s.stream) chunks.push(c as Buffer);
    }, /truncated/);
    assert.equal(Buffer.concat(chunks).toString(), s.sample.toString());
  });

  it('handles a stream that ends within the sample, and an empty one', async () => {
    const s = await sniff(Readable.from([Buffer.from('one line\n')], { objectMode: false }));
    assert.equal(s.ended, true);
    assert.equal((await readAll(s.stream)).toString(), 'one line\n');
    const e = await sniff(Readable.from([], { objectMode: false }));
    assert.equal(e.sample.length, 0);
    assert.equal(e.binary, false);
    assert.equal((await readAll(e.stream)).length, 0);
  });
});

describe('isBinary', () => {
  it('flags NUL bytes and control-heavy heads (ELF, gzip), not logs with ANSI colours', () => {
    const elf = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert.equal(isBinary(elf), true);
    assert.equal(isBinary(gzipSync('hello hello hello')), true);
    const pm2 = Buffer.from(
      '\x1b[32m2024-07-11T03:12:00\x1b[39m: PM2 log: App [shop:0] exited with code [1] via signal [SIGINT]\n'.repeat(
        20,
      ),
    );
    assert.equal(isBinary(pm2), false);
    assert.equal(isBinary(Buffer.from(ACCESS_LINE(1))), false);
    const noisy = Buffer.from(Array.from({ length: 200 }, (_, i) => (i % 5 === 0 ? 2 : 0x61)));
    assert.equal(isBinary(noisy), true);
  });
});
