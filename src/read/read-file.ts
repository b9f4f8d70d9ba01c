// Drives a piece reader over bytes: positional reads of a checked descriptor, or the chunks of a stream (a .gz,
// a bundle member). Lines are cut at the cap without growing any buffer (split.ts).
import type { Readable } from 'node:stream';
import { isReportedError } from '../evidence/gzip.js';
import type { Framing } from '../formats/log/syslog-frames.js';
import { FrameSplitter } from './frames.js';
import type { PieceReader } from './piece.js';
import { LineSplitter, rangeCarry, splitRange } from './split.js';

export interface ReadStats {
  bytes: number;
  truncated: number;
  firstTruncated: number;
  /** A read error the walk did not report already ("file:line: message"). */
  error?: string;
}

function statsOf(s: LineSplitter | FrameSplitter): ReadStats {
  return { bytes: s.bytes, truncated: s.truncated, firstTruncated: s.firstTruncated };
}

/** Bytes [from, to) of a descriptor; `offset` of `from` in the file. `framing`: records are not one a line. */
export function readRange(reader: PieceReader, fd: number, from: number, to: number, framing?: Framing): ReadStats {
  const sink = (buf: Buffer, start: number, end: number, offset: number) => reader.line(buf, start, end, offset);
  const splitter = framing
    ? new FrameSplitter(sink, framing, undefined, from)
    : new LineSplitter(sink, undefined, from, rangeCarry());
  try {
    splitRange(fd, from, to, splitter);
  } catch (err) {
    return { ...statsOf(splitter), error: `:${splitter.lines + 1}: ${(err as Error).message ?? err}` };
  }
  return statsOf(splitter);
}

/** A whole stream. Ends quietly, after the lines read before it, on a problem the walk already reported. */
export async function readStream(
  reader: PieceReader,
  stream: Readable,
  onBytes?: (n: number) => void,
  framing?: Framing,
): Promise<ReadStats> {
  const sink = (buf: Buffer, start: number, end: number, offset: number) => reader.line(buf, start, end, offset);
  const splitter = framing ? new FrameSplitter(sink, framing) : new LineSplitter(sink);
  try {
    for await (const chunk of stream) {
      const b = chunk as Buffer;
      splitter.push(b);
      onBytes?.(b.length);
    }
  } catch (err) {
    splitter.end();
    if (isReportedError(err)) return statsOf(splitter);
    return { ...statsOf(splitter), error: `:${splitter.lines + 1}: ${(err as Error).message ?? err}` };
  }
  splitter.end();
  return statsOf(splitter);
}
