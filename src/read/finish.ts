// The last stage of the read path, once every file is read: records whose time depended on what came later are
// placed (lines before a file's first stamp at that stamp; the lifetimes of untimed application output at the
// process manager's restarts of that app), the kept records become events, and the application lines around
// restarts are read back for "what preceded each restart".

import type { LogEvent } from '../model/event.js';
import { clip } from '../report/redact.js';
import type { PieceResult } from './piece.js';
import { PRECEDING_CHARS, placeRunSlots, type RunIndex, runLine } from './preceding.js';
import { buildEvent, type EventContext, type PendingRecord } from './records.js';
import { SERVER_ERRORS } from './retention.js';
import type { AppLine } from './types.js';

/** Where a slot goes: -1 the file's first stamp; k ≥ 0 the k-th lifetime of untimed output. */
export type SlotTimes = (slot: number) => number;

/** Sets the time of every kept record and indexed run placed by a slot. */
export function placeSlots(result: PieceResult, timeOf: SlotTimes): void {
  const place = (r: PendingRecord) => {
    if (r.slot === undefined) return;
    r.time = timeOf(r.slot);
  };
  for (const s of result.tally.sketches.values()) {
    for (const k of s.first) {
      place(k.record);
      k.event.time = k.record.time;
    }
    for (const k of s.sample) {
      place(k.record);
      k.event.time = k.record.time;
    }
    for (const k of s.last) place(k.record);
  }
  placeRunSlots(result.runs, timeOf);
}

/**
 * The kept records of one file as events: first, sampled and last of each kind; a record kept twice counts once.
 * `only` picks one kind; without it every kind but the requests answered 5xx (SERVER_ERRORS), which are no events.
 */
export function eventsOf(result: PieceResult, ctx: EventContext, only?: string): LogEvent[] {
  const byOffset = new Map<number, LogEvent>();
  for (const [key, s] of result.tally.sketches) {
    if (only === undefined ? key === SERVER_ERRORS : key !== only) continue;
    for (const k of s.first) if (!byOffset.has(k.offset)) byOffset.set(k.offset, k.event);
    for (const k of s.sample) if (!byOffset.has(k.offset)) byOffset.set(k.offset, k.event);
    for (const k of s.last) if (!byOffset.has(k.offset)) byOffset.set(k.offset, buildEvent(ctx, k.record));
  }
  return [...byOffset.values()];
}

/** Epoch ms windows [from, to] in which an application's lines are wanted. */
export interface Window {
  from: number;
  to: number;
}

const LOOK_BACK = 60_000;

/** The windows before restarts of a host (and app): the minute before each, and its own second. */
export function windowsBefore(times: number[]): Window[] {
  return times
    .filter(Number.isFinite)
    .sort((a, b) => a - b)
    .map((t) => ({ from: t - LOOK_BACK, to: t + 999 }));
}

/** The indexed runs of a file inside any window, as lines; `text` reads a line back when the index kept none. */
export function linesIn(runs: RunIndex, windows: Window[], text: (from: number, to: number) => string): AppLine[] {
  if (windows.length === 0) return [];
  const out: AppLine[] = [];
  for (let r = 0; r < runs.count; r++) {
    const lo = runs.second[r] * 1000;
    if (!Number.isFinite(lo)) continue;
    if (!windows.some((w) => lo + 999 >= w.from && lo <= w.to)) continue;
    for (let k = 0; k < runs.size[r]; k++) {
      const l = runLine(runs, r, k);
      const raw = l.text ?? text(l.offset, l.end);
      const cut = l.text !== undefined ? raw : clip(raw, PRECEDING_CHARS);
      out.push({ time: l.time, line: l.line, text: cut });
    }
  }
  return out;
}
