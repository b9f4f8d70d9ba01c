// Line boundaries on Buffers: chunks in, lines out as (buffer, start, end, file offset), with no string made.
// Lines end at "\n" with an optional "\r" before it; a last line without newline counts; a line longer than the
// cap is cut there (at a UTF-8 boundary) and the rest of it skipped without growing any buffer.
import { closeSync, readSync } from 'node:fs';

/** Default cap on one line: real log lines are far shorter; longer ones are dumps or binary noise. */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024;
/** Read size for descriptors. */
export const BLOCK_BYTES = 1024 * 1024;

export type LineSink = (buf: Buffer, start: number, end: number, offset: number) => void;

export class LineSplitter {
  /** Lines cut at the cap, and the 1-based number (within this splitter) of the first. */
  truncated = 0;
  firstTruncated = 0;
  lines = 0;
  bytes = 0;
  private readonly carry: Buffer;
  private carryLen = 0;
  /** File offset of the carried line's first byte. */
  private carryOffset = 0;
  /** The carried line is over the cap: its remaining bytes are dropped up to the newline. */
  private skipping = false;
  private pending = false;

  /** `carry`: a buffer of at least max + 1 bytes to reuse (synchronous reads only: a stream needs its own). */
  constructor(
    private readonly sink: LineSink,
    private readonly max = DEFAULT_MAX_LINE_BYTES,
    private offset = 0,
    carry?: Buffer,
  ) {
    this.carry = carry && carry.length >= max + 1 ? carry : Buffer.allocUnsafe(max + 1);
  }

  push(chunk: Buffer): void {
    const base = this.offset;
    this.offset += chunk.length;
    this.bytes += chunk.length;
    let pos = 0;
    if (this.pending) {
      const nl = chunk.indexOf(10);
      if (nl === -1) {
        this.append(chunk, 0, chunk.length);
        return;
      }
      this.append(chunk, 0, nl);
      this.emitCarry();
      pos = nl + 1;
    }
    let nl = chunk.indexOf(10, pos);
    while (nl !== -1) {
      this.emit(chunk, pos, nl, base + pos, false);
      pos = nl + 1;
      nl = chunk.indexOf(10, pos);
    }
    if (pos < chunk.length) {
      this.pending = true;
      this.carryLen = 0;
      this.skipping = false;
      this.carryOffset = base + pos;
      this.append(chunk, pos, chunk.length);
    }
  }

  end(): void {
    if (this.pending) this.emitCarry();
  }

  private append(chunk: Buffer, start: number, end: number): void {
    if (this.skipping) return;
    const room = this.max + 1 - this.carryLen;
    const take = Math.min(room, end - start);
    chunk.copy(this.carry, this.carryLen, start, start + take);
    this.carryLen += take;
    if (take < end - start) this.skipping = true;
  }

  private emitCarry(): void {
    this.pending = false;
    this.emit(this.carry, 0, this.carryLen, this.carryOffset, this.skipping);
    this.carryLen = 0;
    this.skipping = false;
  }

  private emit(buf: Buffer, start: number, end: number, offset: number, over: boolean): void {
    this.lines++;
    if (end > start && buf[end - 1] === 13 && !over) end--;
    if (over || end - start > this.max) {
      end = utf8Boundary(buf, start, start + Math.min(end - start, this.max));
      this.truncated++;
      if (this.firstTruncated === 0) this.firstTruncated = this.lines;
    }
    this.sink(buf, start, end, offset);
  }
}

/** Moves a cut back so that it does not split a UTF-8 sequence (which would decode as U+FFFD). */
export function utf8Boundary(buf: Buffer, start: number, end: number): number {
  let i = end;
  while (i > start && (buf[i - 1] & 0xc0) === 0x80 && end - i < 3) i--;
  if (i > start && buf[i - 1] >= 0xc0) {
    const lead = buf[i - 1];
    const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
    if (end - (i - 1) < need) return i - 1;
  }
  return end;
}

/**
 * The buffers of this thread's synchronous reads, allocated once: a fresh megabyte per piece left the allocator
 * holding ~100 MB of freed blocks at the peak of a 1 GB read. Safe to share because a range is read without
 * yielding (streams, which yield, have their own).
 */
const rangeBuffers: { block?: Buffer; carry?: Buffer } = {};

export function rangeBlock(): Buffer {
  rangeBuffers.block ??= Buffer.allocUnsafeSlow(BLOCK_BYTES);
  return rangeBuffers.block;
}

export function rangeCarry(): Buffer {
  rangeBuffers.carry ??= Buffer.allocUnsafeSlow(DEFAULT_MAX_LINE_BYTES + 1);
  return rangeBuffers.carry;
}

/** What cuts chunks into lines (LineSplitter) or records (read/frames.ts FrameSplitter). */
export interface Splitter {
  push(chunk: Buffer): void;
  end(): void;
}

/** Reads bytes [from, to) of a descriptor in blocks into a splitter (positional reads: the descriptor is shared). */
export function splitRange(fd: number, from: number, to: number, splitter: Splitter): void {
  const block = rangeBlock();
  let pos = from;
  while (pos < to) {
    const n = readSync(fd, block, 0, Math.min(BLOCK_BYTES, to - pos), pos);
    if (n <= 0) break;
    // The splitter copies what it keeps, so the block is reused.
    splitter.push(n === block.length ? block : block.subarray(0, n));
    pos += n;
  }
  splitter.end();
}

export { closeSync };
