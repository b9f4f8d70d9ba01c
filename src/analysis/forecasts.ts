// What will run out next, from what the logs show over time (issue 12, item 2), in the JSON contract's shape
// (`forecasts: [{ resource, subject, limit, current, slopePerHour, eta, low, high, evidence }]`), ranked by time to
// exhaustion. Each one says what it predicts, when, and what would show it wrong (`wrongIf`), with the commands
// that check it and the fix. Here: a process restarted for its memory limit (PM2's max_memory_restart, with its
// RSS at each restart) — the next restart comes one usual interval after the last, the interval's spread gives the
// range, and the memory grows by about the limit per interval. Pools: forecast-pools.ts; disk: forecast-disk.ts.

import type { LogEvent } from '../model/event.js';
import type { TemplateTally } from '../read/templates.js';
import type { Stack } from '../stack/stack.js';
import { diskForecasts } from './forecast-disk.js';
import { poolForecasts } from './forecast-pools.js';
import { median, toEvidence, typeOf } from './hypotheses/weigh.js';
import { shellArg } from './shell-arg.js';
import type { Evidence, LogInputRecord, MinuteRow } from './types.js';

export interface Forecast {
  resource: 'fds' | 'connections' | 'accept-queue' | 'workers' | 'memory' | 'disk' | 'inodes' | 'certificate';
  /** "<name> (pid <n>)" for a process; here the process manager's name for the app. */
  subject: string;
  /** In the resource's unit: bytes for memory. */
  limit: number;
  current: number;
  slopePerHour: number;
  /** ISO times: the expected moment and its range (null when unknown). */
  eta: string | null;
  low: string | null;
  high: string | null;
  evidence: Evidence[];
  /** How it was computed, for the report. */
  basis: string;
  /** What, seen by then, would show the forecast wrong. */
  wrongIf: string;
  /** Commands or checks on the host that confirm it. */
  confirm: string[];
  /** What to do before it runs out. */
  fix: string[];
}

/** Restarts needed to see a pace: three give two intervals. */
const MIN_RESTARTS = 3;
const HOUR = 3_600_000;
const MAX_EVIDENCE = 4;

function iso(t: number): string {
  return new Date(t).toISOString();
}

/**
 * The app a PM2 memory restart names: PM2 writes only the process id there, and the app's name beside the same id
 * in its other lines of the same file (`App [api:0] exited …`).
 */
function subjectOf(e: LogEvent, names: ReadonlyMap<string, string>): string {
  const id = e.fields?.instance;
  const host = e.host ? ` on ${e.host}` : '';
  const name = names.get(`${e.host ?? ''}\0${e.path}\0${id}`);
  return name !== undefined ? `PM2 app ${name}${host}` : `PM2 process ${id ?? '?'}${host}`;
}

function pm2Names(events: readonly LogEvent[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const e of events) {
    const f = e.fields;
    if (typeof f?.app === 'string' && f.instance !== undefined)
      names.set(`${e.host ?? ''}\0${e.path}\0${f.instance}`, f.app);
  }
  return names;
}

function memoryRestarts(events: readonly LogEvent[], end: number): Forecast[] {
  const names = pm2Names(events);
  const bySubject = new Map<string, LogEvent[]>();
  for (const e of events) {
    if (typeOf(e) !== 'memory-limit-restart' || !Number.isFinite(e.time)) continue;
    const k = subjectOf(e, names);
    bySubject.set(k, [...(bySubject.get(k) ?? []), e]);
  }
  const out: Forecast[] = [];
  for (const [subject, all] of bySubject) {
    const restarts = [...all].sort((a, b) => a.time - b.time);
    if (restarts.length < MIN_RESTARTS) continue;
    const gaps = restarts.slice(1).map((e, i) => e.time - restarts[i].time);
    const usual = median(gaps);
    if (usual <= 0) continue;
    const last = restarts[restarts.length - 1];
    // The logs go on well past the latest moment the next restart was due, without it: the pattern ended.
    if (end > last.time + Math.max(...gaps) + usual) continue;
    // `pm2 describe` takes the app's name or its id.
    const id = last.fields?.instance;
    const app = names.get(`${last.host ?? ''}\0${last.path}\0${id}`) ?? (id === undefined ? undefined : String(id));
    const limit = Number(last.fields?.memoryLimitBytes ?? Number.NaN);
    const current = Number(last.fields?.memoryBytes ?? Number.NaN);
    out.push({
      resource: 'memory',
      subject,
      limit: Number.isFinite(limit) ? limit : 0,
      current: Number.isFinite(current) ? current : 0,
      // A restart sets the process back to its start; it then grows to the limit in one interval.
      slopePerHour: Number.isFinite(limit) ? Math.round((limit / usual) * HOUR) : 0,
      eta: iso(last.time + usual),
      low: iso(last.time + Math.min(...gaps)),
      high: iso(last.time + Math.max(...gaps)),
      evidence: [restarts[0], ...restarts.slice(-(MAX_EVIDENCE - 1))].map(toEvidence),
      basis: `${restarts.length} restarts for its memory limit, one every ${seconds(usual)}${Math.min(...gaps) === Math.max(...gaps) ? '' : ` (from ${seconds(Math.min(...gaps))} to ${seconds(Math.max(...gaps))})`}: the next one after the last plus that interval`,
      wrongIf: `no restart for its memory limit by ${iso(last.time + Math.max(...gaps))} while it runs`,
      confirm: [
        `pm2 describe ${app === undefined ? '<app>' : shellArg(app)} (restarts, memory) and pm2 monit`,
        'pm2 logs --lines 200 (the RSS before each restart)',
      ],
      fix: [
        'Find the leak: a heap snapshot (node --heapsnapshot-signal) before and after the memory grows',
        'Until then, max_memory_restart keeps it alive at the cost of the requests in flight at each restart',
      ],
    });
  }
  return out;
}

function seconds(ms: number): string {
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 2 * HOUR) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / HOUR).toFixed(1)} h`;
}

export interface ForecastInputs {
  events: readonly LogEvent[];
  signatureCounts: Record<string, number>;
  series: readonly MinuteRow[];
  inputs: readonly LogInputRecord[];
  /** The configs among the inputs (pool limits, the probe snapshot's mounts). */
  stack?: Stack;
  templates?: TemplateTally;
  /** When the logs end. */
  end: number;
}

/** Every forecast the logs support, soonest first (one with no time last). */
export function logForecasts(inp: ForecastInputs): Forecast[] {
  const key = (f: Forecast) => (f.eta === null ? Number.POSITIVE_INFINITY : Date.parse(f.eta));
  return [...memoryRestarts(inp.events, inp.end), ...poolForecasts(inp), ...diskForecasts(inp)].sort(
    (a, b) => key(a) - key(b) || a.subject.localeCompare(b.subject),
  );
}
