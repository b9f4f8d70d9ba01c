// Issue 8: a compressed log is decompressed once. The survey drains each stream for its tail and keeps its bytes
// (within a budget shared by the run) for the read, which replays them instead of decompressing again; a bundle
// whose logs were all kept is not walked a second time. Counted, not timed: decodeCounts says
// how many compressed streams were started.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { type Codec, decodeCounts } from '../../src/evidence/codecs.js';
import { ingest } from '../../src/read/ingest.js';
import { KeptStreams } from '../../src/read/kept.js';
import { SURVEY_BYTES } from '../../src/read/survey.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/log');
const lineCount = (p: string) => readFileSync(p, 'utf8').split('\n').filter(Boolean).length;
let tmp: string;

const sh = (cmd: string, args: string[], cwd: string) => execFileSync(cmd, args, { cwd, stdio: 'pipe' });

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'faultline-once-'));
  const logs = join(tmp, 'h/var/log/nginx');
  mkdirSync(logs, { recursive: true });
  copyFileSync(join(FIXTURES, 'nginx/access.log'), join(logs, 'access.log.1'));
  copyFileSync(join(FIXTURES, 'nginx/error.log'), join(logs, 'error.log.2'));
  sh('gzip', ['access.log.1'], logs);
  sh('bzip2', ['error.log.2'], logs);
  const bundled = join(tmp, 'b/var/log/nginx');
  mkdirSync(bundled, { recursive: true });
  copyFileSync(join(FIXTURES, 'nginx/access.log'), join(bundled, 'access.log.3'));
  copyFileSync(join(FIXTURES, 'nginx/error.log'), join(bundled, 'error.log'));
  sh('zstd', ['-q', '--rm', 'access.log.3'], bundled);
  sh('tar', ['czf', '../bundle.tar.gz', '.'], join(tmp, 'b'));
});
after(() => rmSync(tmp, { recursive: true, force: true }));

/** decodeCounts' change over `run`. */
async function decodesOf(run: () => Promise<unknown>): Promise<Record<Codec, number>> {
  const before = { ...decodeCounts };
  await run();
  return {
    gzip: decodeCounts.gzip - before.gzip,
    bzip2: decodeCounts.bzip2 - before.bzip2,
    xz: decodeCounts.xz - before.xz,
    zstd: decodeCounts.zstd - before.zstd,
  };
}

describe('a compressed log is decompressed once', () => {
  it('a .gz and a .bz2 log in a folder: one decompression each, every line read', async () => {
    let lines: Record<string, number> = {};
    const counts = await decodesOf(async () => {
      const r = await ingest({ paths: [join(tmp, 'h')], workers: 0 });
      lines = Object.fromEntries(r.inputs.map((i) => [i.path, i.lines ?? 0]));
    });
    assert.deepEqual(counts, { gzip: 1, bzip2: 1, xz: 0, zstd: 0 });
    assert.deepEqual(lines, {
      'var/log/nginx/access.log.1.gz': lineCount(join(FIXTURES, 'nginx/access.log')),
      'var/log/nginx/error.log.2.bz2': lineCount(join(FIXTURES, 'nginx/error.log')),
    });
  });

  it('a .tar.gz bundle with a .zst member: the member decompressed once, the bundle walked once', async () => {
    let lines: Record<string, number> = {};
    const counts = await decodesOf(async () => {
      const r = await ingest({ paths: [join(tmp, 'bundle.tar.gz')], workers: 0 });
      lines = Object.fromEntries(r.inputs.map((i) => [i.path, i.lines ?? 0]));
    });
    // One walk decompresses a bundle twice (its names first, to place the hosts, then its members): one walk here,
    // where the survey's walk and the read's walk made four.
    assert.deepEqual(counts, { gzip: 2, bzip2: 0, xz: 0, zstd: 1 });
    assert.equal(lines['var/log/nginx/access.log.3.zst'], lineCount(join(FIXTURES, 'nginx/access.log')));
    assert.equal(lines['var/log/nginx/error.log'], lineCount(join(FIXTURES, 'nginx/error.log')));
  });
});

describe('KeptStreams: the budget', () => {
  const bytes = Buffer.from(readFileSync(join(FIXTURES, 'nginx/access.log'), 'utf8').repeat(100));
  const chunked = (b: Buffer) => Readable.from([b.subarray(0, 1000), b.subarray(1000, 70_000), b.subarray(70_000)]);

  it('keeps a stream that fits, replays it whole once, and hands its bytes back', async () => {
    const keeper = new KeptStreams(bytes.length);
    const d = await keeper.drain(chunked(bytes), 1000);
    assert.ok(d.kept);
    assert.deepEqual(d.tail, bytes.subarray(bytes.length - SURVEY_BYTES));
    const again: Buffer[] = [];
    for await (const c of keeper.replay(d.kept)) again.push(c as Buffer);
    assert.ok(Buffer.concat(again).equals(bytes));
    // The budget is free again: the same stream fits a second time.
    assert.ok((await keeper.drain(chunked(bytes), 1000)).kept);
  });

  it('past the budget keeps only the tail (the read streams it again)', async () => {
    const keeper = new KeptStreams(bytes.length - 1);
    const d = await keeper.drain(chunked(bytes), 1000);
    assert.equal(d.kept, undefined);
    assert.deepEqual(d.tail, bytes.subarray(bytes.length - SURVEY_BYTES));
    // What it held went back: a stream that fits is kept.
    assert.ok((await keeper.drain(chunked(bytes.subarray(0, 5000)), 1000)).kept);
  });

  it('a stream that ended on an error replays its bytes, then the same error', async () => {
    const keeper = new KeptStreams();
    const broken = new Readable({ read() {} });
    broken.push(bytes.subarray(0, 500));
    setImmediate(() => broken.destroy(new Error('gzip stream truncated')));
    const d = await keeper.drain(broken, 500);
    assert.ok(d.kept);
    const got: Buffer[] = [];
    await assert.rejects(async () => {
      for await (const c of keeper.replay(d.kept as NonNullable<typeof d.kept>)) got.push(c as Buffer);
    }, /gzip stream truncated/);
    assert.ok(Buffer.concat(got).equals(bytes.subarray(0, 500)));
  });
});
