// Bounded reading of untrusted bytes: a rotated .gz or a bundle member may be a gzip bomb, cut short or
// corrupt. Every stream handed to a consumer goes through here, so caps and one-line problems are uniform.
import { Readable } from 'node:stream';
import { type Codec, CodecError, decode } from './codecs.js';
import type { InputProblem } from './types.js';

export { GUNZIP_CHUNK_BYTES } from './codecs.js';

/** Read size for files and bundles: large chunks keep the per-chunk overhead of the line splitter low. */
export const CHUNK_BYTES = 1024 * 1024;
export const DEFAULT_MAX_EXPANDED_BYTES = 20 * 1024 ** 3;
export const DEFAULT_MAX_ENTRY_BYTES = 10 * 1024 ** 3;
/**
 * Expansion ratio past which a compressed stream is taken for a bomb (Apache POI's zip rule, 1 : 100). Real logs
 * compress 5–30 times (gzip) and up to about 60 (xz, zstd -19) even when very repetitive; a gzip of one line
 * repeated reaches 1,000, a bzip2 or zstd one far more. Measured only past RATIO_GRACE_BYTES of output.
 */
export const DEFAULT_MAX_RATIO = 100;
export const RATIO_GRACE_BYTES = 64 * 1024 * 1024;

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

/**
 * Names from an untrusted bundle, made safe to print on one terminal line: C0 and C1 controls, DEL, line and
 * paragraph separators and bidirectional controls shown as `\x1b`-style escapes.
 */
export function printable(name: string): string {
  return name.replace(/[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

export function capMessage(cap: number, label: string): string {
  return `expanded size cap of ${formatBytes(cap)} reached; the rest of ${printable(label)} was skipped`;
}

/** The run's budget is spent: this input is cut, and every compressed input after it is skipped. */
export function runCapMessage(cap: number, where: string): string {
  return `${capMessage(cap, where)}, with every compressed input after it (--max-expanded)`;
}

export function ratioMessage(ratio: number, label: string): string {
  return `${printable(label)}: expands more than ${ratio} times its compressed size (a decompression bomb?); the rest was skipped (--max-ratio)`;
}

/** Expanded bytes shared by everything decompressed in one run (gzip/tar bombs). */
export class ExpansionBudget {
  used = 0;
  exceeded = false;
  constructor(
    readonly cap: number,
    readonly label: string,
    private readonly onExceeded: (message: string) => void,
  ) {}

  /** How many of `n` more bytes of `where` fit under the cap; the first overflow is reported once. */
  take(n: number, where = this.label): number {
    const fit = Math.max(0, Math.min(n, this.cap - this.used));
    this.used += fit;
    if (fit < n && !this.exceeded) {
      this.exceeded = true;
      this.onExceeded(runCapMessage(this.cap, where));
    }
    return fit;
  }
}

export interface BoundOptions {
  /** Display path, used in messages. */
  label: string;
  /** Decompress with this codec; undefined: the bytes as they are. */
  codec?: Codec;
  /** Cap on the expansion ratio of a decompressed stream (output over compressed input). */
  maxRatio?: number;
  /** Count this stream's bytes against the run's expanded budget though it is not decoded here (zip deflate). */
  countExpanded?: boolean;
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
  let delivered = 0;
  let compressed = 0;
  const fail = (message: string): InputStreamError => {
    // Counted by kind past the first few: a folder of a million cut .gz files gives a handful of lines.
    o.onProblem({ path: o.label, message, kind: readErrorKind(message, o.label), group: '' });
    return new InputStreamError(message);
  };
  async function* run(): AsyncGenerator<Buffer> {
    let input: AsyncIterable<Buffer> = source;
    let decoded: Readable | undefined;
    let released = false;
    if (o.codec) {
      source.on('data', (c: Buffer) => {
        compressed += c.length;
      });
      decoded = decode(o.codec, source);
      const out = decoded;
      // A tar member released by the walk (the consumer moved on) ends this stream quietly.
      source.on('close', () => {
        if (!source.readableEnded && !source.errored) {
          released = true;
          out.destroy();
        }
      });
      input = decoded;
    }
    try {
      for await (const chunk of input) {
        let fit = Math.min(chunk.length, o.entryCap - delivered);
        if (o.budget && (o.codec || o.countExpanded)) fit = o.budget.take(fit, o.label);
        if (fit < chunk.length) {
          if (fit > 0) yield chunk.subarray(0, fit);
          delivered += fit;
          // The shared budget reports its own overflow (it stops the whole bundle); an entry cap is this entry's.
          const message = o.budget?.exceeded ? runCapMessage(o.budget.cap, o.label) : capMessage(o.entryCap, o.label);
          if (o.budget?.exceeded) throw new InputStreamError(message);
          throw fail(message);
        }
        delivered += chunk.length;
        if (o.maxRatio && delivered > RATIO_GRACE_BYTES && delivered > o.maxRatio * compressed)
          throw fail(ratioMessage(o.maxRatio, o.label));
        yield chunk;
      }
    } catch (err) {
      if (released) return;
      if (err instanceof InputStreamError) throw err;
      throw fail(describeReadError(err, o.label, delivered, o.codec !== undefined));
    } finally {
      if (decoded) {
        source.unpipe();
        decoded.on('error', () => {});
        decoded.destroy();
      }
      if (o.ownSource) source.destroy();
    }
  }
  return Readable.from(run(), { objectMode: false, highWaterMark: CHUNK_BYTES });
}

/** "x.gz: gzip stream truncated after 0 bytes" → "files: gzip stream truncated". */
function readErrorKind(message: string, label: string): string {
  const name = printable(label);
  const rest = message.startsWith(`${name}: `) ? message.slice(name.length + 2) : message;
  const after = rest.indexOf(' after ');
  return `files: ${after < 0 ? rest : rest.slice(0, after)}`;
}

/** One line for a failed read: a cut gzip stream, corrupt gzip data, or an I/O error. */
export function describeReadError(err: unknown, label: string, bytes: number, gzip: boolean): string {
  const e = err as NodeJS.ErrnoException;
  const name = printable(label);
  if (e instanceof InputStreamError || e instanceof InputOpenError) return e.message;
  if (e instanceof CodecError)
    return e.truncated
      ? `${name}: ${e.codec} stream truncated after ${bytes} bytes`
      : `${name}: ${e.codec} data corrupt after ${bytes} bytes (${printable(e.message)})`;
  if (gzip && e?.code === 'Z_BUF_ERROR') return `${name}: gzip stream truncated after ${bytes} bytes`;
  if (gzip && typeof e?.code === 'string' && e.code.startsWith('Z_'))
    return `${name}: gzip data corrupt after ${bytes} bytes (${e.message})`;
  return `${name}: read failed after ${bytes} bytes (${e?.code ?? e?.message ?? String(err)})`;
}

/** Entries listed in one run, across every input (floods of millions of members or files). */
export class MemberBudget {
  used = 0;
  exceeded = false;
  constructor(
    readonly cap: number,
    private readonly onExceeded: (message: string) => void,
  ) {}

  /** One more entry; false (and reported once) past the cap. */
  take(label: string): boolean {
    if (this.used >= this.cap) {
      if (!this.exceeded) {
        this.exceeded = true;
        this.onExceeded(
          `${printable(label)}: entry cap of ${this.cap.toLocaleString('en-US')} per run reached; the rest of the input was skipped (--max-entries)`,
        );
      }
      return false;
    }
    this.used++;
    return true;
  }
}

/**
 * Problems of one kind past the first few are counted, not each reported: a bundle of two million empty or refused
 * members gives a handful of lines and "1,999,995 more: …". The summary lines come with flush(), at the end of the walk.
 */
export class ProblemSummary {
  private readonly seen = new Map<string, { path: string; n: number }>();
  constructor(
    private readonly out: (p: InputProblem) => void,
    private readonly keep = 5,
  ) {}

  readonly report = (p: InputProblem): void => {
    if (!p.kind) {
      this.out(p);
      return;
    }
    const key = `${p.group ?? ''}\u0000${p.kind}`;
    const s = this.seen.get(key) ?? { path: p.group ?? p.path, n: 0 };
    this.seen.set(key, s);
    s.n++;
    if (s.n <= this.keep) this.out(p);
  };

  flush(): void {
    for (const [key, s] of this.seen) {
      if (s.n <= this.keep) continue;
      const kind = key.slice(key.indexOf('\u0000') + 1);
      const more = (s.n - this.keep).toLocaleString('en-US');
      const where = s.path ? `${printable(s.path)}: ` : '';
      this.out({ path: s.path, message: `${where}${more} more ${kind}` });
    }
    this.seen.clear();
  }
}
