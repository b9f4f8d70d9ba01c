// Every frame of a zstd stream has its window checked before fzstd allocates it: real multi-frame streams made
// with the zstd tool (checksums, a skippable frame between) still decode whole; a later frame that asks for a
// 1 GiB window is refused with the same one-line problem as a first one, before fzstd allocates it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { CodecError, decode } from './codecs.js';
import type { InputProblem } from './types.js';
import { walkInputs } from './walk.js';
import { ZSTD_MAX_WINDOW, ZstdFrameGuard, ZstdWindowError } from './zstd-frames.js';

const LOG = join(import.meta.dirname, '../../test/fixtures/log/nginx/error.log');
let tmp: string;
let real: Buffer;
let log: Buffer;

/** A frame header asking for a 2^exp window (no single segment, no checksum), then one raw block of `text`. */
function frameWithWindow(exp: number, text: string): Buffer {
  const body = Buffer.from(text);
  const block = 1 | (body.length << 3);
  return Buffer.concat([
    Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, (exp - 10) << 3]),
    Buffer.from([block & 0xff, (block >> 8) & 0xff, (block >> 16) & 0xff]),
    body,
  ]);
}

/** A skippable frame (RFC 8878, 3.1.2) of `n` bytes. */
function skippable(n: number): Buffer {
  const head = Buffer.from([0x53, 0x2a, 0x4d, 0x18, 0, 0, 0, 0]);
  head.writeUInt32LE(n, 4);
  return Buffer.concat([head, Buffer.alloc(n, 7)]);
}

async function drain(bytes: Buffer, chunk = 1): Promise<{ out: string; error?: Error }> {
  const pieces: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += chunk) pieces.push(bytes.subarray(at, at + chunk));
  const out: Buffer[] = [];
  try {
    for await (const c of decode('zstd', Readable.from(pieces))) out.push(c as Buffer);
  } catch (err) {
    return { out: Buffer.concat(out).toString('utf8'), error: err as Error };
  }
  return { out: Buffer.concat(out).toString('utf8') };
}

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'faultline-zstd-'));
  log = readFileSync(LOG);
  const once = execFileSync('zstd', ['-q', '-c', LOG]);
  const noCheck = execFileSync('zstd', ['-q', '-c', '--no-check', '-19', LOG]);
  real = Buffer.concat([once, skippable(100), noCheck, once]);
});
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('zstd: every frame within the window budget', () => {
  it('decodes real multi-frame streams whole, fed in any slicing', async () => {
    for (const chunk of [1, 7, 4096, real.length]) {
      const { out, error } = await drain(real, chunk);
      assert.equal(error, undefined, `chunk ${chunk}: ${error?.message}`);
      assert.equal(out, `${log}${log}${log}`, `chunk ${chunk}`);
    }
  });

  it('refuses a second frame asking for a 1 GiB window, the first frame decoded', async () => {
    const first = execFileSync('zstd', ['-q', '-c', LOG]);
    const crafted = Buffer.concat([first, skippable(10), frameWithWindow(30, 'never decoded\n')]);
    for (const chunk of [1, 16, crafted.length]) {
      const { out, error } = await drain(crafted, chunk);
      assert.ok(error instanceof CodecError, `chunk ${chunk}: ${String(error)}`);
      assert.equal(error.message, `zstd frame needs a ${2 ** 30}-byte window, beyond the 128 MiB decoding limit`);
      // What the first frame gave is kept up to the refusal (a stream destroyed on error drops what it buffered).
      assert.ok(log.toString('utf8').startsWith(out), 'only the first frame was decoded');
    }
  });

  it('refuses the same frame first, and lets a 128 MiB one through', () => {
    assert.throws(() => new ZstdFrameGuard().feed(frameWithWindow(30, 'x')), ZstdWindowError);
    assert.throws(() => new ZstdFrameGuard().feed(frameWithWindow(28, 'x')), ZstdWindowError);
    assert.ok(2 ** 27 === ZSTD_MAX_WINDOW);
    const guard = new ZstdFrameGuard();
    guard.feed(Buffer.concat([frameWithWindow(27, 'x'), frameWithWindow(10, 'y')]));
    assert.throws(() => guard.feed(frameWithWindow(29, 'z')), ZstdWindowError);
  });

  it('a .zst log whose third frame is a window bomb: one one-line problem, nothing past it', async () => {
    const file = join(tmp, 'access.log.1.zst');
    writeFileSync(
      file,
      Buffer.concat([execFileSync('zstd', ['-q', '-c', LOG]), skippable(3), frameWithWindow(31, 'x\n')]),
    );
    const problems: InputProblem[] = [];
    const texts: string[] = [];
    for await (const e of walkInputs([file], { onProblem: (p) => problems.push(p) })) {
      const chunks: Buffer[] = [];
      try {
        for await (const c of e.open()) chunks.push(c as Buffer);
      } catch {
        // The problem reaches onProblem.
      }
      texts.push(Buffer.concat(chunks).toString('utf8'));
    }
    assert.equal(texts.length, 1);
    assert.ok(log.toString('utf8').startsWith(texts[0] as string), 'nothing of the refused frame');
    assert.equal(problems.length, 1, JSON.stringify(problems));
    assert.match(
      problems[0]?.message ?? '',
      /zstd frame needs a 2147483648-byte window, beyond the 128 MiB decoding limit/,
    );
  });
});
