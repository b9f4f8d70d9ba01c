// `collect --since/--until` within a log: lines stamped outside the window are left out while the file streams
// through, before the per-file cap keeps its newest bytes — so `--until` an hour ago still finds that hour in a
// busy access log. The format is detected from the file's head (as investigate does); a line without a stamp of its
// own (a stack trace, a continuation) goes with the stamped line above it, and lines before the first stamp with
// the first one. A file no format reads, or whose lines state no time, is kept whole. Zone-less stamps are read in
// the host's zone; a year-less stamp takes the year that puts it just before the file's last write (a live host's
// mtimes are real: collect reads the files where they were written).
import { detectLogFormat } from '../formats/log/registry.js';
import type { LogFormat } from '../formats/log/types.js';
import { inferYear, localToUtc } from '../read/time.js';

export interface Window {
  since?: Date;
  until?: Date;
  /** IANA zone of zone-less stamps. */
  zone: string;
}

/** Head lines the format is detected from, and the most bytes held before it is decided. */
const HEAD_LINES = 200;
const HEAD_BYTES = 256 * 1024;
/** Lines before the first stamp are held until it decides them; past this they are kept. */
const MAX_PENDING = 1024 * 1024;
/** A line longer than this is judged by its head. */
const MAX_LINE = 1024 * 1024;

/** A filter over a file's bytes: `push` each chunk, then `end`; each returns the bytes kept so far. */
export class LineWindow {
  /** Lines left out. */
  dropped = 0;
  private format: LogFormat | null | undefined;
  private head: Buffer[] = [];
  private headBytes = 0;
  private partial = Buffer.alloc(0);
  /** Whether the last stamped line was inside; undefined before the first stamp. */
  private keeping: boolean | undefined;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private readonly sinceMs: number;
  private readonly untilMs: number;

  constructor(
    private readonly path: string,
    private readonly mtime: Date,
    private readonly window: Window,
  ) {
    this.sinceMs = window.since ? window.since.getTime() : Number.NEGATIVE_INFINITY;
    this.untilMs = window.until ? window.until.getTime() : Number.POSITIVE_INFINITY;
  }

  push(chunk: Buffer): Buffer {
    if (this.format === undefined) {
      this.head.push(chunk);
      this.headBytes += chunk.length;
      if (this.headBytes < HEAD_BYTES && countLines(this.head) < HEAD_LINES) return Buffer.alloc(0);
      return this.decide();
    }
    return this.lines(chunk, false);
  }

  end(): Buffer {
    const out = this.format === undefined ? this.decide() : Buffer.alloc(0);
    const rest = this.lines(Buffer.alloc(0), true);
    const pending = this.takePending(true);
    return Buffer.concat([out, rest, pending]);
  }

  private decide(): Buffer {
    const head = Buffer.concat(this.head);
    this.head = [];
    const sample = head
      .toString('latin1')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .slice(0, HEAD_LINES);
    this.format = detectLogFormat(sample, this.path)?.format ?? null;
    return this.lines(head, false);
  }

  /** The kept bytes of the complete lines in `partial + chunk` (all of it at the end). */
  private lines(chunk: Buffer, last: boolean): Buffer {
    const buf = this.partial.length ? Buffer.concat([this.partial, chunk]) : chunk;
    this.partial = Buffer.alloc(0);
    if (this.format === null) return buf;
    const out: Buffer[] = [];
    let start = 0;
    for (let nl = buf.indexOf(0x0a); nl >= 0; nl = buf.indexOf(0x0a, start)) {
      this.line(buf.subarray(start, nl + 1), out);
      start = nl + 1;
    }
    // The end of the file, or a line past MAX_LINE without its newline (judged by its head, the rest with it).
    if (start < buf.length && (last || buf.length - start > MAX_LINE)) {
      this.line(buf.subarray(start), out);
      start = buf.length;
    }
    if (start < buf.length) this.partial = Buffer.from(buf.subarray(start));
    return Buffer.concat(out);
  }

  private line(bytes: Buffer, out: Buffer[]): void {
    const t = this.timeOf(bytes);
    if (t === undefined) {
      if (this.keeping === undefined) {
        this.pending.push(bytes);
        this.pendingBytes += bytes.length;
        if (this.pendingBytes > MAX_PENDING) out.push(this.takePending(true));
      } else if (this.keeping) out.push(bytes);
      else this.dropped++;
      return;
    }
    this.keeping = t >= this.sinceMs && t <= this.untilMs;
    if (this.pending.length) out.push(this.takePending(this.keeping));
    if (this.keeping) out.push(bytes);
    else this.dropped++;
  }

  private takePending(keep: boolean): Buffer {
    const lines = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    if (keep) return Buffer.concat(lines);
    this.dropped += lines.length;
    return Buffer.alloc(0);
  }

  /** The line's own wall-clock time (epoch ms), or undefined when it states none. */
  private timeOf(bytes: Buffer): number | undefined {
    const text = bytes.toString('latin1', 0, Math.min(bytes.length, 64 * 1024)).replace(/\r?\n$/, '');
    if (text.trim() === '') return undefined;
    const p = (this.format as LogFormat).parse(text);
    if (!p?.ts || p.continuation) return undefined;
    const year = p.ts.year ?? inferYear(p.ts, this.mtime.getTime());
    const t = localToUtc(p.ts, this.window.zone, year);
    return Number.isFinite(t) ? t : undefined;
  }
}

function countLines(chunks: Buffer[]): number {
  let n = 0;
  for (const c of chunks) for (let i = c.indexOf(0x0a); i >= 0; i = c.indexOf(0x0a, i + 1)) n++;
  return n;
}
