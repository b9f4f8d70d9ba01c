// The compressions a log or a bundle may come in: gzip (Node's zlib), bzip2 (FreeBSD's default for rotated logs),
// xz and zstd (Node 20's zlib has no zstd), each a pure-JS or WebAssembly decoder so that `npm ci` builds nothing.
// Every decoder is streaming with bounded memory whatever the ratio: an output piece is at most one bzip2 block
// (≤ 46 MB after its run-length stage), one zstd slice's blocks, or one xz output chunk; the caller caps the rest.
import { createRequire } from 'node:module';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import type { ReadableStream as WebReadable } from 'node:stream/web';
import { createGunzip } from 'node:zlib';
import { Decompress as ZstdDecompress } from 'fzstd';
import { ZstdFrameGuard, ZstdWindowError } from './zstd-frames.js';

export type Codec = 'gzip' | 'bzip2' | 'xz' | 'zstd';

/** Output chunk of zlib (its default, 16 KiB, costs a promise round trip per 16 KiB). */
export const GUNZIP_CHUNK_BYTES = 256 * 1024;

const SUFFIX: readonly [string, Codec][] = [
  ['.gz', 'gzip'],
  ['.bz2', 'bzip2'],
  ['.xz', 'xz'],
  ['.zst', 'zstd'],
];

/** Every codec, with the suffix that names it: what the fuzz harness covers. */
export const CODEC_SUFFIXES: readonly (readonly [Codec, string])[] = SUFFIX.map(([suffix, codec]) => [codec, suffix]);

/** The codec a file name says (`error.log.2.gz`, `messages.1.bz2`); tarballs are bundles, not compressed files. */
export function codecOfName(name: string): Codec | undefined {
  for (const [suffix, codec] of SUFFIX) if (name.endsWith(suffix)) return codec;
  return undefined;
}

/** The codec the first bytes say (by content: a `.tgz` that is really bzip2 still opens). */
export function codecOfMagic(head: Uint8Array): Codec | undefined {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 3 && head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68) return 'bzip2';
  if (head.length >= 6 && head[0] === 0xfd && head[1] === 0x37 && head[2] === 0x7a && head[3] === 0x58) return 'xz';
  if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  return undefined;
}

/** A decoder error, with the codec's name for the one-line problem. */
export class CodecError extends Error {
  constructor(
    readonly codec: Codec,
    message: string,
    readonly truncated: boolean,
  ) {
    super(message);
  }
}

/** Compressed streams started in this process, by codec: what a test counts to show a log is decoded once. */
export const decodeCounts: Record<Codec, number> = { gzip: 0, bzip2: 0, xz: 0, zstd: 0 };

/** The decoded bytes of `source`; errors (the source's or a corrupt stream's) arrive on the returned stream. */
export function decode(codec: Codec, source: Readable): Readable {
  decodeCounts[codec]++;
  if (codec === 'xz') return decodeXz(source);
  const decoder: Transform =
    codec === 'gzip'
      ? createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES })
      : codec === 'bzip2'
        ? new Bunzip2()
        : new Unzstd();
  source.on('error', (err) => decoder.destroy(err));
  source.pipe(decoder);
  return decoder;
}

function decodeXz(source: Readable): Readable {
  const web = Readable.toWeb(source) as unknown as WebReadable<Uint8Array>;
  const out = Readable.fromWeb(new XzReadableStream(web as never) as never, { objectMode: false });
  const wrapped = new Transform({
    transform(chunk: Buffer, _enc, done) {
      done(null, chunk);
    },
  });
  out.on('error', (err) => wrapped.destroy(xzError(err)));
  wrapped.on('close', () => {
    if (!out.destroyed) out.destroy();
    if (!source.destroyed) source.destroy();
  });
  out.pipe(wrapped);
  return wrapped;
}

/** xz-embedded's return codes (xz.h): what the WebAssembly decoder reports as "error code N". */
const XZ_CODES: Readonly<Record<string, string>> = {
  '2': 'unsupported integrity check',
  '3': 'out of memory',
  '4': 'dictionary beyond the memory limit',
  '5': 'not xz data',
  '6': 'unsupported xz options',
  '7': 'corrupt xz data',
};

function xzError(err: unknown): Error {
  if ((err as NodeJS.ErrnoException)?.code) return err as Error; // the source's I/O error
  const message = String((err as Error)?.message ?? err);
  const code = /error code (\d+)/.exec(message)?.[1];
  // Code 8 (no progress possible) is a cut stream; an empty file gives the decoder nothing to start with.
  if (code === '8' || /byteLength/.test(message)) return new CodecError('xz', 'xz stream truncated', true);
  return new CodecError('xz', (code && XZ_CODES[code]) ?? message, false);
}

// unbzip2-stream's block decoder (pure JS, CommonJS); its stream wrapper gathers a whole block as an array of
// numbers (8 bytes a byte: 370 MB for one 46 MB block of a bomb) and has no backpressure, so we drive the decoder.
const require = createRequire(import.meta.url);
// A UMD bundle: its export is seen through require only.
const { XzReadableStream } = require('xz-decompress') as typeof import('xz-decompress');
interface Bz2Lib {
  header(bits: BitReader): number;
  decompress(bits: BitReader, out: (b: number) => void, buf: Int32Array, size: number, crc: number): number | null;
}
type BitReader = ((n: number | null) => number) & { bytesRead: number };
const bz2 = require('unbzip2-stream/lib/bzip2.js') as Bz2Lib;
const bitIterator = require('unbzip2-stream/lib/bit_iterator.js') as (next: () => Buffer | undefined) => BitReader;

/** Output pieces of the bzip2 decoder. */
const BZ2_PIECE = 256 * 1024;

class Bunzip2 extends Transform {
  private readonly queue: Buffer[] = [];
  private queued = 0;
  private bits: BitReader | undefined;
  private blockSize = 0;
  private crc: number | null = null;
  private piece = Buffer.allocUnsafe(BZ2_PIECE);
  private fill = 0;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.queue.push(chunk);
    this.queued += chunk.length;
    this.bits ??= bitIterator(() => this.queue.shift());
    try {
      // A block is decoded once the whole of it is here (at most 100 kB per level, plus the table headers).
      while (this.queued - this.bits.bytesRead + 1 >= 25000 + 100000 * this.blockSize) this.step();
      done();
    } catch (err) {
      done(bz2Error(err, false));
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      while (this.bits && this.queued > this.bits.bytesRead) this.step();
      if (this.crc !== null || !this.bits) throw new CodecError('bzip2', 'bzip2 stream truncated', true);
      done();
    } catch (err) {
      done(bz2Error(err, true));
    }
  }

  /** Decodes the stream header or one block; false at the end of one bzip2 stream (another may follow). */
  private step(): void {
    const bits = this.bits as BitReader;
    if (!this.blockSize) {
      this.blockSize = bz2.header(bits);
      this.crc = 0;
      return;
    }
    const size = 100000 * this.blockSize;
    const crc = bz2.decompress(bits, this.emitByte, new Int32Array(size), size, this.crc as number);
    this.flushPiece();
    this.crc = crc;
    if (crc === null) this.blockSize = 0;
  }

  private readonly emitByte = (b: number): void => {
    this.piece[this.fill++] = b;
    if (this.fill === BZ2_PIECE) this.flushPiece();
  };

  private flushPiece(): void {
    if (this.fill === 0) return;
    this.push(Buffer.from(this.piece.subarray(0, this.fill)));
    this.fill = 0;
  }
}

function bz2Error(err: unknown, atEnd: boolean): Error {
  if (err instanceof CodecError) return err;
  const message = String((err as Error)?.message ?? err);
  // The bit reader runs dry inside a block when the stream was cut.
  const cut = atEnd && err instanceof TypeError;
  return new CodecError('bzip2', cut ? 'bzip2 stream truncated' : message, cut);
}

/** Input slice given to fzstd at once: its output per push (every block of the slice) stays a few MB. */
const ZSTD_SLICE = 16 * 1024;

class Unzstd extends Transform {
  private readonly decoder = new ZstdDecompress((data) => {
    if (data.length > 0) this.push(Buffer.from(data.buffer, data.byteOffset, data.length));
  });
  /** Every frame's window is checked before fzstd reads its header (and would allocate the window). */
  private readonly frames = new ZstdFrameGuard();
  private seen = 0;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    try {
      this.seen += chunk.length;
      for (let at = 0; at < chunk.length; at += ZSTD_SLICE) {
        const slice = chunk.subarray(at, at + ZSTD_SLICE);
        this.frames.feed(slice);
        this.decoder.push(slice);
      }
      done();
    } catch (err) {
      done(zstdError(err));
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      if (this.seen === 0) throw new CodecError('zstd', 'empty zstd stream', true);
      this.decoder.push(new Uint8Array(0), true);
      done();
    } catch (err) {
      done(zstdError(err));
    }
  }
}

function zstdError(err: unknown): Error {
  if (err instanceof CodecError) return err;
  if (err instanceof ZstdWindowError) return new CodecError('zstd', err.message, false);
  const message = String((err as Error)?.message ?? err);
  return new CodecError('zstd', message, /unexpected EOF/i.test(message));
}
