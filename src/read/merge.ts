// Pieces of one file, read apart (on any thread, in any order), merged in file order into what the file read
// whole gives: line numbers shifted, the continuation lines a piece starts with joined to the record the previous
// piece left open (or made a record of their own when it left none), lines before a piece's first stamp placed at
// the previous piece's last one, and the counters and sketches added.

import { placeSlots } from './finish.js';
import { type KeepOptions, keepRecord, type PieceResult } from './piece.js';
import { appendRuns, MAX_RUNS, shiftRunLines } from './preceding.js';
import { type EventContext, joinContinuation, type PendingRecord } from './records.js';
import { mergeTally, rowAt } from './tally.js';

/** Shifts the line numbers of a piece by the lines of the pieces before it. */
function shiftLines(r: PieceResult, by: number): void {
  if (by === 0) return;
  const seen = new Set<PendingRecord>();
  const shift = (rec: PendingRecord) => {
    if (seen.has(rec)) return;
    seen.add(rec);
    rec.line += by;
  };
  for (const s of r.tally.sketches.values()) {
    for (const k of s.first) shift(k.record);
    for (const k of s.sample) shift(k.record);
    for (const k of s.last) shift(k.record);
    // Built events copy the record's line when built.
    for (const k of [...s.first, ...s.sample]) k.event.line = k.record.line;
  }
  for (const t of r.tally.templates.values()) for (const e of t.examples) e.line += by;
  if (r.open) shift(r.open);
  if (r.leading?.record) shift(r.leading.record);
  shiftRunLines(r.runs, by);
}

/**
 * Merges the results of a file's pieces, in file order, as they arrive: each piece is merged into the first once
 * every piece before it is, and dropped then, so a file's pieces are not all held at once.
 */
export class PieceMerger {
  private into: PieceResult | undefined;
  private readonly waiting = new Map<number, PieceResult>();
  private next = 0;

  constructor(
    private readonly ctx: EventContext,
    private readonly keep: Omit<KeepOptions, 'restarts' | 'pending'>,
  ) {}

  /** Runs the file's index holds so far (pieces merged in order): what later pieces can still add is bounded by it. */
  get indexedRuns(): number {
    return this.into?.runs.count ?? 0;
  }

  add(i: number, p: PieceResult): void {
    this.waiting.set(i, p);
    for (let q = this.waiting.get(this.next); q; q = this.waiting.get(this.next)) {
      this.waiting.delete(this.next++);
      if (this.into) mergeInto(this.into, q, this.ctx, this.keep);
      else this.into = q;
    }
  }

  /** The merged result, once every piece was added. */
  result(): PieceResult {
    if (!this.into || this.waiting.size > 0) throw new Error('pieces missing from the merge');
    return this.into;
  }
}

/** Merges the results of a file's pieces (in file order) into the first; returns it. */
export function mergePieces(
  pieces: PieceResult[],
  ctx: EventContext,
  keep: Omit<KeepOptions, 'restarts' | 'pending'>,
): PieceResult {
  const merger = new PieceMerger(ctx, keep);
  for (const [i, p] of pieces.entries()) merger.add(i, p);
  return merger.result();
}

/** Merges the next piece `p` of a file into what its earlier pieces merged to. */
function mergeInto(
  into: PieceResult,
  p: PieceResult,
  ctx: EventContext,
  keep: Omit<KeepOptions, 'restarts' | 'pending'>,
) {
  shiftLines(p, into.lines);
  into.lines += p.lines;
  // Lines before this piece's first stamp: at the last stamp before them.
  if (Number.isFinite(into.lastTimed)) {
    const at = into.lastTimed;
    placeSlots(p, (slot) => (slot === -1 ? at : Number.NaN));
    for (const r of [p.open, p.leading?.record]) if (r?.slot === -1) r.time = at;
    addPending(p, at);
  }
  const k: KeepOptions = { ...keep, restarts: into.restarts, pending: into.pending };
  joinLeading(into, p, ctx);
  if (into.open && (p.ownRecords || p.open)) {
    keepRecord(into.tally, ctx, into.open, k);
    into.open = undefined;
  }
  into.open ??= p.open;
  mergeTally(into.tally, p.tally, true);
  absorb(into, p);
}

/** The continuation lines a piece starts with: part of the open record above, or a record of their own. */
function joinLeading(into: PieceResult, p: PieceResult, ctx: EventContext): void {
  const leading = p.leading;
  if (!leading) return;
  if (into.open) {
    for (const l of leading.lines)
      joinContinuation(into.open, l.text, l.match ? ctx.signatures.get(l.match) : undefined);
    return;
  }
  // Without an open record above, the first notable leading line starts one and the rest join it.
  if (leading.record) into.open = leading.record;
}

function addPending(p: PieceResult, at: number): void {
  if (p.pending.errors + p.pending.restarts === 0) return;
  const row = rowAt(p.tally.series, at);
  if (p.pending.errors) row.errors[p.source] = (row.errors[p.source] ?? 0) + p.pending.errors;
  row.restarts += p.pending.restarts;
  p.pending.errors = 0;
  p.pending.restarts = 0;
}

function absorb(into: PieceResult, p: PieceResult): void {
  into.skipped += p.skipped;
  into.inWindow += p.inWindow;
  into.firstTime = Math.min(into.firstTime, p.firstTime);
  into.lastTime = Math.max(into.lastTime, p.lastTime);
  if (Number.isNaN(into.firstTimed)) into.firstTimed = p.firstTimed;
  if (Number.isFinite(p.lastTimed)) into.lastTimed = p.lastTimed;
  into.pending.errors += p.pending.errors;
  into.pending.restarts += p.pending.restarts;
  into.restarts.push(...p.restarts);
  into.boots.push(...p.boots);
  for (const id of p.inner) if (!into.inner.includes(id)) into.inner.push(id);
  appendRuns(into.runs, p.runs);
  into.indexFull ||= p.indexFull || into.runs.count >= MAX_RUNS;
  for (const k of Object.keys(into.flags) as (keyof PieceResult['flags'])[]) into.flags[k] ||= p.flags[k];
}
