// Records cut apart where a file does not put one a line: syslog records concatenated by rsyslog's
// RSYSLOG_ForwardFormat or framed by RFC 6587 octet counting (formats/log/syslog-frames.ts says which, from the
// survey's head). The same surface as LineSplitter — chunks in, records out as (buffer, start, end, offset), cut at
// the cap — so the piece reader sees each record as a line. Newlines still end records. Linear: each byte is
// looked at a bounded number of times (the carry, at most the cap, is scanned again once per chunk).
import type { Framing } from '../formats/log/syslog-frames.js';
import { DEFAULT_MAX_LINE_BYTES, type LineSink, utf8Boundary } from './split.js';

const LT = 0x3c;
const GT = 0x3e;
const SP = 0x20;
const NL = 10;
const CR = 13;

const isDigit = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x39;
const isUpper = (c: number | undefined) => c !== undefined && c >= 0x41 && c <= 0x5a;
const isLower = (c: number | undefined) => c !== undefined && c >= 0x61 && c <= 0x7a;

/** FRAME_START_RE of syslog-frames.ts at `i` (a `<`): 1 a record starts, 0 not, -1 more bytes are needed. */
export function frameStartAt(buf: Uint8Array, i: number, n: number): -1 | 0 | 1 {
  let j = i + 1;
  let pri = 0;
  while (j < n && j - i <= 3 && isDigit(buf[j])) pri = pri * 10 + buf[j++] - 0x30;
  if (j >= n) return -1;
  if (j === i + 1 || buf[j] !== GT || pri > 191) return 0;
  return shapeAt(buf, j + 1, n);
}

/** What follows `<PRI>`: an RFC 3339 date, an RFC 3164 month and day, or RFC 5424's `1 ` and a time or `-`. */
function shapeAt(buf: Uint8Array, p: number, n: number): -1 | 0 | 1 {
  const at = (k: number) => (p + k < n ? buf[p + k] : -1);
  const need = (k: number) => p + k >= n;
  if (at(0) === 0x31 && at(1) === SP) {
    if (need(3)) return -1;
    if (at(2) === 0x2d && at(3) === SP) return 1;
    if (need(6)) return -1;
    return isDigit(at(2)) && isDigit(at(3)) && isDigit(at(4)) && isDigit(at(5)) && at(6) === 0x2d ? 1 : 0;
  }
  if (isDigit(at(0))) {
    if (need(10)) return -1;
    const d = [0, 1, 2, 3, 5, 6, 8, 9].every((k) => isDigit(at(k)));
    return d && at(4) === 0x2d && at(7) === 0x2d && (at(10) === 0x54 || at(10) === SP) ? 1 : 0;
  }
  if (isUpper(at(0))) {
    if (need(6)) return -1;
    const day = (at(4) === SP || isDigit(at(4))) && isDigit(at(5));
    return isLower(at(1)) && isLower(at(2)) && at(3) === SP && day && at(6) === SP ? 1 : 0;
  }
  return need(0) ? -1 : 0;
}

export class FrameSplitter {
  truncated = 0;
  firstTruncated = 0;
  lines = 0;
  bytes = 0;
  private carry: Buffer = Buffer.alloc(0);
  private carryOffset: number;
  /** The record being read is over the cap: the rest of it is dropped up to the next record. */
  private over = false;
  /** Bytes of an octet-counted record still to drop (its length was over the cap). */
  private skip = 0;

  constructor(
    private readonly sink: LineSink,
    private readonly framing: Framing,
    private readonly max = DEFAULT_MAX_LINE_BYTES,
    offset = 0,
  ) {
    this.carryOffset = offset;
  }

  push(chunk: Buffer): void {
    this.bytes += chunk.length;
    const buf = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const base = this.carryOffset;
    const used = this.framing === 'octet' ? this.octets(buf, base, false) : this.forward(buf, base, false);
    // Copied: the caller reuses its block.
    this.carry = Buffer.from(buf.subarray(used));
    this.carryOffset = base + used;
  }

  end(): void {
    if (this.carry.length === 0) return;
    if (this.framing === 'octet') this.octets(this.carry, this.carryOffset, true);
    else this.forward(this.carry, this.carryOffset, true);
    this.carry = Buffer.alloc(0);
  }

  /** Records of `buf` (file offset `base`) up to the first that may continue in the next chunk; returns its start. */
  private forward(buf: Buffer, base: number, final: boolean): number {
    const n = buf.length;
    let start = 0;
    for (let i = 0; i < n; i++) {
      const c = buf[i];
      let cut = c === NL;
      // At a record's own start a `<` is no cut, unless the record before it was over-long and is being dropped.
      if (!cut && c === LT && (i > start || this.over)) {
        const k = frameStartAt(buf, i, n);
        if (k === -1 && !final) return start;
        cut = k === 1;
      }
      if (cut) {
        this.emit(buf, start, i, base);
        start = c === NL ? i + 1 : i;
      } else if (this.over) {
        start = i + 1;
      } else if (i + 1 - start > this.max) {
        this.emitCut(buf, start, base);
        start = i + 1;
      }
    }
    if (final && start < n) this.emit(buf, start, n, base);
    return final ? n : start;
  }

  /** RFC 6587 octet counting: `LEN SP record`, LF between records tolerated; a line without LEN is a record. */
  private octets(buf: Buffer, base: number, final: boolean): number {
    const n = buf.length;
    let pos = 0;
    if (this.skip > 0) {
      const drop = Math.min(this.skip, n);
      this.skip -= drop;
      pos = drop;
    }
    while (pos < n) {
      if (buf[pos] === NL || buf[pos] === CR) {
        pos++;
        continue;
      }
      let j = pos;
      let len = 0;
      while (j < n && j - pos < 9 && isDigit(buf[j])) len = len * 10 + buf[j++] - 0x30;
      if (j >= n && !final) return pos;
      if (j === pos || buf[j] !== SP || buf[pos] === 0x30) {
        // Not a length: up to the newline, as a line.
        const nl = buf.indexOf(NL, pos);
        if (nl < 0 && !final && n - pos <= this.max) return pos;
        const end = nl < 0 ? n : nl;
        this.emit(buf, pos, Math.min(end, pos + this.max), base, end - pos > this.max);
        pos = end;
        continue;
      }
      const from = j + 1;
      const take = Math.min(len, this.max);
      if (from + take > n && !final) return pos;
      this.emit(buf, from, Math.min(n, from + take), base, len > this.max);
      if (len > take) this.skip = Math.max(0, from + len - n);
      pos = Math.min(n, from + len);
    }
    return n;
  }

  private emitCut(buf: Buffer, start: number, base: number): void {
    this.emit(buf, start, start + this.max, base, true);
    this.over = true;
  }

  private emit(buf: Buffer, start: number, end: number, base: number, cut = false): void {
    if (this.over && !cut) {
      // The end of an over-long record, already emitted cut.
      this.over = false;
      return;
    }
    if (end > start && buf[end - 1] === CR) end--;
    if (end <= start) return;
    this.lines++;
    if (cut) {
      end = utf8Boundary(buf, start, end);
      this.truncated++;
      if (this.firstTruncated === 0) this.firstTruncated = this.lines;
    }
    this.sink(buf, start, end, base + start);
  }
}
