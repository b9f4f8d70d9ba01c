// One piece of one file, as a worker thread (or the main thread) reads it: its format's kit, a piece reader over
// a byte range of the checked descriptor.
import type { Framing } from '../formats/log/syslog-frames.js';
import { type FormatRef, formatOf } from './format-ref.js';
import { kitFor } from './kits.js';
import { PieceReader, type PieceResult, type PieceSpec } from './piece.js';
import { type ReadStats, readRange } from './read-file.js';

export interface PieceTask {
  format: FormatRef;
  /** The file's records are not one a line (read/frames.ts). */
  framing?: Framing;
  spec: PieceSpec;
  fd: number;
  from: number;
  to: number;
}

export interface PieceDone {
  result: PieceResult;
  stats: ReadStats;
}

export function runPiece(task: PieceTask): PieceDone {
  const reader = new PieceReader(kitFor(formatOf(task.format)), task.spec);
  const stats = readRange(reader, task.fd, task.from, task.to, task.framing);
  return { result: reader.finish(), stats };
}
