// Bounded reading of untrusted bytes: a rotated .gz or a bundle member may be a gzip bomb, cut short or
// corrupt. Every stream handed to a consumer goes through here, so caps and one-line problems are uniform.
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { InputProblem } from './types.js';

/** Read size for files and bundles: large chunks keep the per-chunk overhead of the line splitter low. */
export const CHUNK_BYTES = 1024 * 1024;
/** Output chunk of zlib (its default, 16 KiB, costs a promise round trip per 16 KiB). */
export const GUNZIP_CHUNK_BYTES = 256 * 1024;
export const DEFAULT_MAX_EXPANDED_BYTES = 20 * 1024 ** 3;
export const DEFAULT_MAX_ENTRY_BYTES = 10 * 1024 ** 3;

/**
 * A read problem that the walk already reported through onProblem. Line readers end quietly on it,
 * keeping what was read before, instead of failing the whole run.
 */
export class InputStreamError extends Error {
  readonly reported = true;
}

/** A file that could not be opened safely (see open.ts): its message is the one line to report. */
export class InputOpenError extends Error {}

export function isReportedError(err: unknown): err is InputStreamError {
  return err instanceof InputStreamError;
}

/** "20 GiB", "512 KiB", "1000 bytes": exact, in the largest binary unit that divides the value. */
export function formatBytes(n: number): string {
  for (const [unit, size] of [
    ['GiB', 1024 ** 3],
    ['MiB', 1024 ** 2],
    ['KiB', 1024],
  ] as const) {
    if (n >= size && n % size === 0) return `${n / size} ${unit}`;
  }
  return `${n} bytes`;
}

/** Names from an untrusted bundle, made safe to print on one terminal line. */
export function printable(name: string): string {
  return name.replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function capMessage(cap: number, label: string): string {
  return `expanded size cap of ${formatBytes(cap)} reached; the rest of ${printable(label)} was skipped`;
}

/** Expanded bytes shared by everything read out of one bundle or one .gz file (gzip/tar bombs). */
export class ExpansionBudget {
  used = 0;
  exceeded = false;
  constructor(
    readonly cap: number,
    readonly label: string,
    private readonly onExceeded: (message: string) => void,
  ) {}

  /** How many of `n` more bytes fit under the cap; the first overflow is reported once. */
  take(n: number): number {
    const fit = Math.max(0, Math.min(n, this.cap - this.used));
    this.used += fit;
    if (fit < n && !this.exceeded) {
      this.exceeded = true;
      this.onExceeded(capMessage(this.cap, this.label));
    }
    return fit;
  }
}

export interface BoundOptions {
  /** Display path, used in messages. */
  label: string;
  gunzip: boolean;
  /** Cap on this stream's output. */
  entryCap: number;
  /** Shared cap of the bundle or .gz this stream belongs to. */
  budget?: ExpansionBudget;
  onProblem: (p: InputProblem) => void;
  /** Destroy the source when the bounded stream ends early (files); tar members are drained by the walk. */
  ownSource: boolean;
}

/**
 * The consumer's view of one entry: optionally gunzipped, capped, and erroring with an InputStreamError
 * (already reported) when the cap is hit, the gzip data ends early or is corrupt. Bytes before the
 * problem are delivered first, so a truncated rotated log stays usable up to the cut.
 */
export function boundedStream(source: Readable, o: BoundOptions): Readable {
  const gz = o.gunzip ? createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES }) : undefined;
  let delivered = 0;
  const fail = (message: string): InputStreamError => {
    o.onProblem({ path: o.label, message });
    return new InputStreamError(message);
  };
  async function* run(): AsyncGenerator<Buffer> {
    let input: AsyncIterable<Buffer> = source;
    let released = false;
    if (gz) {
      source.on('error', (err) => gz.destroy(err));
      // A tar member released by the walk (the consumer moved on) ends this stream quietly.
      source.on('close', () => {
        if (!source.readableEnded && !source.errored) {
          released = true;
          gz.destroy();
        }
      });
      source.pipe(gz);
      input = gz;
    }
    try {
      for await (const chunk of input) {
        let fit = Math.min(chunk.length, o.entryCap - delivered);
        if (o.budget && o.gunzip) fit = o.budget.take(fit);
        if (fit < chunk.length) {
          if (fit > 0) yield chunk.subarray(0, fit);
          delivered += fit;
          // The shared budget reports its own overflow (it stops the whole bundle); an entry cap is this entry's.
          const message = o.budget?.exceeded
            ? capMessage(o.budget.cap, o.budget.label)
            : capMessage(o.entryCap, o.label);
          if (o.budget?.exceeded) throw new InputStreamError(message);
          throw fail(message);
        }
        delivered += chunk.length;
        yield chunk;
      }
    } catch (err) {
      if (released) return;
      if (err instanceof InputStreamError) throw err;
      throw fail(describeReadError(err, o.label, delivered, o.gunzip));
    } finally {
      if (gz) {
        source.unpipe(gz);
        gz.on('error', () => {});
        gz.destroy();
      }
      if (o.ownSource) source.destroy();
    }
  }
  return Readable.from(run(), { objectMode: false, highWaterMark: CHUNK_BYTES });
}

/** One line for a failed read: a cut gzip stream, corrupt gzip data, or an I/O error. */
export function describeReadError(err: unknown, label: string, bytes: number, gzip: boolean): string {
  const e = err as NodeJS.ErrnoException;
  const name = printable(label);
  if (e instanceof InputStreamError || e instanceof InputOpenError) return e.message;
  if (gzip && e?.code === 'Z_BUF_ERROR') return `${name}: gzip stream truncated after ${bytes} bytes`;
  if (gzip && typeof e?.code === 'string' && e.code.startsWith('Z_'))
    return `${name}: gzip data corrupt after ${bytes} bytes (${e.message})`;
  return `${name}: read failed after ${bytes} bytes (${e?.code ?? e?.message ?? String(err)})`;
}
