// A file on disk read in pieces: cut at line boundaries into fixed-size pieces (the cuts depend on the file alone,
// never on the number of threads, so every run merges the same pieces), each read on a worker thread or here,
// merged in file order.
import { closeFd, openChecked } from '../evidence/open.js';
import { refOf } from './format-ref.js';
import { kitFor } from './kits.js';
import { mergePieces } from './merge.js';
import { type KeepOptions, keepRecord, PieceReader, type PieceResult, type PieceSpec } from './piece.js';
import type { ReadPool } from './pool.js';
import type { ReadStats } from './read-file.js';
import type { EventContext } from './records.js';
import { type PieceDone, type PieceTask, runPiece } from './run-piece.js';
import { type LogItem, preadAt } from './survey-pass.js';

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
    const tasks: PieceTask[] = ranges.map(([from, to], i) => ({
      format,
      spec: { ...spec, offset: from, first: i === 0 },
      fd: fd as number,
      from,
      to,
    }));
    const done: PieceDone[] = pool ? await Promise.all(tasks.map((t) => pool.run(t))) : tasks.map(runPiece);
    const keep = { source: done[0].result.source, salt: spec.salt, from: spec.from, to: spec.to };
    const result = mergePieces(
      done.map((d) => d.result),
      ctx,
      keep,
    );
    closeOpen(result, ctx, keep);
    return { result, stats: sumStats(done) };
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

function sumStats(done: PieceDone[]): ReadStats {
  const out: ReadStats = { bytes: 0, truncated: 0, firstTruncated: 0 };
  let lines = 0;
  for (const d of done) {
    out.bytes += d.stats.bytes;
    if (d.stats.truncated > 0 && out.truncated === 0) out.firstTruncated = lines + d.stats.firstTruncated;
    out.truncated += d.stats.truncated;
    if (d.stats.error && !out.error) out.error = d.stats.error;
    lines += d.result.lines;
  }
  return out;
}

/** What a file that could not be opened adds: nothing. */
function emptyOf(spec: PieceSpec, ctx: EventContext): PieceResult {
  return new PieceReader(kitFor(ctx.format), spec).finish();
}
