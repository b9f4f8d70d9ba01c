// What one file's read comes to, once every file is read: its input record (lines, span, zone, time basis and
// the assumptions stated), the placing of what waited on other files (restarts of its app, the host's end), its
// events, and its application lines around restarts.
import type { LogEvent } from '../model/event.js';
import { eventsOf, linesIn, placeSlots, windowsBefore } from './finish.js';
import type { ClockChoice, Hosts } from './hosts.js';
import type { FormatKit, PieceResult, PieceSpec } from './piece.js';
import type { EventContext } from './records.js';
import { SERVER_ERRORS } from './retention.js';
import { skewWords } from './skew.js';
import type { LogItem } from './survey-pass.js';
import { rowAt } from './tally.js';
import type { AppLog } from './types.js';

export interface ReadFile {
  item: LogItem;
  kit: FormatKit;
  spec: PieceSpec;
  clock: ClockChoice;
  result: PieceResult;
  /** Set when its untimed lifetimes were aligned with this many restarts of its app. */
  alignedWith?: { app: string; restarts: number };
  /** No stamp anywhere: its lines were placed at the end of the host's other logs. */
  atHostEnd?: boolean;
}

const key = (host: string, app: string) => `${host}\u0000${app}`;

function contextOf(f: ReadFile): EventContext {
  const k = f.kit;
  return {
    format: k.format,
    matcher: k.matcher,
    signatures: k.signatures,
    path: f.item.path,
    host: f.spec.host,
    innerFormat: f.spec.innerFormat,
  };
}

/** Lines, span and the records before each file's first stamp (placed at that stamp). */
export function settleFile(f: ReadFile): void {
  const r = f.result;
  const input = f.item.input;
  input.lines = r.lines;
  input.skipped = r.skipped;
  input.inWindow = r.inWindow;
  if (Number.isFinite(r.firstTime)) input.firstTime = r.firstTime;
  if (Number.isFinite(r.lastTime)) input.lastTime = r.lastTime;
  if (r.inner.length > 0) input.inner = [...r.inner].sort();
  if (!Number.isFinite(r.firstTimed)) return;
  placeSlots(r, () => r.firstTimed);
  if (r.pending.errors + r.pending.restarts === 0) return;
  const row = rowAt(r.tally.series, r.firstTimed);
  if (r.pending.errors) row.errors[r.source] = (row.errors[r.source] ?? 0) + r.pending.errors;
  row.restarts += r.pending.restarts;
}

/** Restart times per host and app (the process manager's, from every file; reboots are not restarts of an app). */
export function restartTimesOf(files: ReadFile[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const f of files) {
    for (const r of f.result.restarts) {
      if (!Number.isFinite(r.time)) continue;
      const k = key(f.item.host, r.app);
      const list = out.get(k) ?? [];
      list.push(r.time);
      out.set(k, list);
    }
  }
  for (const list of out.values()) list.sort((a, b) => a - b);
  return out;
}

/**
 * A file without any stamp: the k-th lifetime of an application's output (a crash trace in its error log, a
 * start banner in its out log) preceded the k-th restart of that app; else its lines are at the end of what the
 * host's other logs cover, or at the file's date.
 */
export function placeUntimed(f: ReadFile, restarts: Map<string, number[]>, files: ReadFile[]): void {
  const r = f.result;
  if (Number.isFinite(r.lastTimed) || !r.flags.inferred) return;
  const app = f.kit.format.behaviour.process(f.item.path).app;
  const times = app !== undefined ? (restarts.get(key(f.item.host, app)) ?? []) : [];
  if (app !== undefined && times.length > 0) {
    placeSlots(r, (slot) => times[Math.min(Math.max(slot, 0), times.length - 1)] - 1000);
    f.alignedWith = { app, restarts: times.length };
    return;
  }
  const ends = files
    .filter((o) => o.item.host === f.item.host && o.item.input.lastTime !== undefined)
    .map((o) => o.item.input.lastTime as number);
  const at = ends.length ? Math.max(...ends) : (f.item.mtime?.getTime() ?? Number.NaN);
  placeSlots(r, () => at);
  f.atHostEnd = true;
}

export function fileEvents(f: ReadFile): LogEvent[] {
  return eventsOf(f.result, contextOf(f));
}

/** The file's kept requests answered 5xx (first, sampled and last, at most 300), with their durations. */
export function fileServerErrors(f: ReadFile): LogEvent[] {
  return eventsOf(f.result, contextOf(f), SERVER_ERRORS);
}

/** The application's lines in the minute before each restart of its host (for "what preceded"). */
export function appLogOf(
  f: ReadFile,
  events: LogEvent[],
  restartish: (e: LogEvent) => boolean,
  text: (from: number, to: number) => string,
): AppLog | undefined {
  const app = f.kit.format.behaviour.process(f.item.path).app;
  if (app === undefined || f.result.runs.count === 0) return undefined;
  const host = f.spec.host;
  const times = events.filter((e) => e.host === host && restartish(e)).map((e) => e.time);
  const lines = linesIn(f.result.runs, windowsBefore(times), text);
  return { path: f.item.path, host, app, lines };
}

/** The file's zone, time basis and the assumptions it was read under, in words. */
export function assumptionsOf(f: ReadFile, hosts: Hosts): void {
  const input = f.item.input;
  const fl = f.result.flags;
  input.timezone = fl.zoneless ? f.clock.spec.zone : 'UTC';
  input.timeBasis =
    (fl.inferred || fl.uptime) && !fl.explicit && !fl.zoneless && !fl.yearless
      ? 'inferred'
      : fl.zoneless || fl.yearless
        ? 'assumed'
        : 'explicit';
  const why: string[] = [];
  if (fl.uptime)
    why.push(
      hosts.hasBoots(f.item.host)
        ? "uptime stamps re-based on the boot times of the host's kernel log and cloud-init (approximate)"
        : 'uptime stamps only: no boot time in the input, lines not placed',
    );
  const skew = f.clock.skew;
  if (skew) {
    // The stamps are the file's own, read through a corrected clock: no longer as explicit as they were.
    input.timeBasis = input.timeBasis === 'explicit' ? 'assumed' : input.timeBasis;
    input.clockOffsetMs = skew.offsetMs;
    why.push(skewWords(skew, f.item.path));
  }
  if (fl.zoneless) why.push(`zone ${f.clock.spec.zone} (${f.clock.zoneWhy})`);
  if (fl.yearless) why.push(`year ${f.clock.yearWhy}`);
  if (f.alignedWith) {
    input.assumption = `no timestamp in the file: lines placed by aligning them with PM2's ${f.alignedWith.restarts} restart(s) of ${f.alignedWith.app} (approximate)`;
    return;
  }
  if (f.atHostEnd)
    why.push("no timestamp in the file: its lines are placed at the end of the host's other logs (approximate)");
  else if (fl.inferred) why.push('lines without a timestamp placed at the previous timestamped line (approximate)');
  if (why.length) input.assumption = why.join('; ');
}
