// A file on disk read in pieces: cut at line boundaries into fixed-size pieces (the cuts depend on the file alone,
// never on the number of threads, so every run merges the same pieces), each read on a worker thread or here,
// merged in file order.
import { closeFd, openChecked } from '../evidence/open.js';
import { refOf } from './format-ref.js';
import { kitFor } from './kits.js';
import { PieceMerger } from './merge.js';
import { type KeepOptions, keepRecord, PieceReader, type PieceResult, type PieceSpec } from './piece.js';
import type { ReadPool } from './pool.js';
import { MAX_RUNS } from './preceding.js';
import type { ReadStats } from './read-file.js';
import type { EventContext } from './records.js';
import { type PieceDone, type PieceTask, runPiece } from './run-piece.js';
import { type LogItem, preadAt } from './survey-pass.js';
import { internEndpoints } from './tally.js';

/** Files above twice this are split in pieces of this size. */
export const PIECE_BYTES = 16 * 1024 * 1024;
/** How far past a nominal cut the next line start is looked for (a longer line is cut by the line cap anyway). */
const CUT_WINDOW = 256 * 1024;

/** Byte ranges [from, to) of the pieces: each but the first starts right after a newline. */
export function planPieces(
  fd: number,
  size: number,
  splittable: boolean,
  pieceBytes = PIECE_BYTES,
): [number, number][] {
  if (!splittable || size <= 2 * pieceBytes) return [[0, size]];
  const cuts = [0];
  for (let at = pieceBytes; at < size; at += pieceBytes) {
    const window = preadAt(fd, at - 1, Math.min(CUT_WINDOW, size - at + 1));
    const nl = window.indexOf(10);
    if (nl < 0) continue;
    const cut = at + nl;
    if (cut > cuts[cuts.length - 1] && cut < size) cuts.push(cut);
  }
  return cuts.map((from, i) => [from, i + 1 < cuts.length ? cuts[i + 1] : size]);
}

export interface DiskRead {
  result: PieceResult;
  stats: ReadStats;
}

export async function readDisk(
  item: LogItem,
  spec: PieceSpec,
  ctx: EventContext,
  pool: ReadPool | undefined,
  pieceBytes?: number,
): Promise<DiskRead> {
  const disk = item.disk as NonNullable<LogItem['disk']>;
  let fd = disk.fd;
  try {
    fd ??= (await openChecked(disk.abs, item.path, disk.identity, disk.followLink)).fd;
  } catch (err) {
    return {
      result: emptyOf(spec, ctx),
      stats: { bytes: 0, truncated: 0, firstTruncated: 0, error: `: ${(err as Error).message}` },
    };
  }
  try {
    // Untimed output is placed by lifetimes and uptime-only lines by boots counted from the start: one piece.
    const splittable = !spec.untimedFile && !item.late;
    const ranges = planPieces(fd, disk.size, splittable, pieceBytes);
    const format = refOf(item.format);
    const keep = {
      source: ctx.format.behaviour.process(spec.path).source,
      salt: spec.salt,
      from: spec.from,
      to: spec.to,
    };
    const merger = new PieceMerger(ctx, keep);
    // Built when a thread takes it: by then the pieces merged so far say how many runs the file can still index.
    const taskOf = (i: number): PieceTask => ({
      format,
      framing: item.framing,
      spec: { ...spec, offset: ranges[i][0], first: i === 0, index: indexFor(spec, merger.indexedRuns) },
      fd: fd as number,
      from: ranges[i][0],
      to: ranges[i][1],
    });
    const stats: PieceStats[] = [];
    const names = new Map<string, string>();
    const took = (i: number, d: PieceDone) => {
      stats[i] = { stats: d.stats, lines: d.result.lines };
      if (pool) internEndpoints(d.result.tally, names);
      merger.add(i, d.result);
    };
    if (pool) await Promise.all(ranges.map((_, i) => pool.run(() => taskOf(i)).then((d) => took(i, d))));
    else for (let i = 0; i < ranges.length; i++) took(i, runPiece(taskOf(i)));
    const result = merger.result();
    closeOpen(result, ctx, keep);
    return { result, stats: sumStats(stats) };
  } finally {
    if (disk.fd === undefined) await closeFd(fd).catch(() => {});
  }
}

/** The file's last record is complete at its end. */
function closeOpen(r: PieceResult, ctx: EventContext, keep: Omit<KeepOptions, 'restarts' | 'pending'>): void {
  if (!r.open) return;
  keepRecord(r.tally, ctx, r.open, { ...keep, restarts: r.restarts, pending: r.pending });
  r.open = undefined;
}

/**
 * The index a piece keeps: a later piece adds at most what the file's index lacks after the pieces merged before
 * it, plus its first run (which may continue the last one) — fewer than that is never kept, so the cap is exact.
 */
function indexFor(spec: PieceSpec, indexed: number): PieceSpec['index'] {
  if (!spec.index) return undefined;
  return { ...spec.index, maxRuns: Math.min(MAX_RUNS, MAX_RUNS - indexed + 1) };
}

interface PieceStats {
  stats: ReadStats;
  lines: number;
}

function sumStats(done: PieceStats[]): ReadStats {
  const out: ReadStats = { bytes: 0, truncated: 0, firstTruncated: 0 };
  let lines = 0;
  for (const d of done) {
    out.bytes += d.stats.bytes;
    if (d.stats.truncated > 0 && out.truncated === 0) out.firstTruncated = lines + d.stats.firstTruncated;
    out.truncated += d.stats.truncated;
    if (d.stats.error && !out.error) out.error = d.stats.error;
    lines += d.lines;
  }
  return out;
}

/** What a file that could not be opened adds: nothing. */
function emptyOf(spec: PieceSpec, ctx: EventContext): PieceResult {
  return new PieceReader(kitFor(ctx.format), spec).finish();
}
