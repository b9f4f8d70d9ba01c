// Pool waits growing before they fail (issue 12, item 2), from two things the logs show over time:
// - a pool's own count climbing towards its limit: PHP-FPM's "seems busy … and N total children" counts the
//   children up to pm.max_children (from the pool's config, else from a "reached pm.max_children setting (N)" line);
// - the waits that fail (HikariCP, SQLAlchemy QueuePool, Knex, pg-pool, PgBouncer, PostgreSQL's reserved slots,
//   uWSGI's listen queue, php-fpm's max_children) more often minute after minute: they reach the requests per
//   minute, every request then waits its timeout out.
// Both are least-squares lines with the slope's 95 % interval (probe/stats.ts); a slope whose interval reaches zero
// is no trend and makes no forecast, nor does a pattern the logs show ending (they go on past it without it).
import type { LogEvent } from '../model/event.js';
import { linearFit } from '../probe/stats.js';
import type { TemplateTally } from '../read/templates.js';
import { SIGNATURES } from '../signatures/catalog.js';
import { componentsOf, type Stack } from '../stack/stack.js';
import type { Forecast } from './forecasts.js';
import { median, toEvidence, typeOf } from './hypotheses/weigh.js';
import { shellQuote } from './shell-arg.js';
import type { MinuteRow } from './types.js';

const MIN_POINTS = 4;
const MIN_MINUTES = 5;
const MINUTE = 60_000;
const HOUR = 3_600_000;

export interface PoolInputs {
  events: readonly LogEvent[];
  /** Lines per signature, exact: a kept sample smaller than its count cannot be counted per minute. */
  signatureCounts: Record<string, number>;
  series: readonly MinuteRow[];
  stack?: Stack;
  /** Line templates with their per-minute counts: the minutes of a line the read path kept a sample of. */
  templates?: TemplateTally;
  /** When the logs end. */
  end: number;
}

export function poolForecasts(inp: PoolInputs): Forecast[] {
  return [...phpFpmChildren(inp), ...failingWaits(inp)];
}

const iso = (t: number) => new Date(t).toISOString();
const hostOf = (e: LogEvent) => e.host ?? '';

function groupBy(events: readonly LogEvent[], keep: (e: LogEvent) => string | undefined): Map<string, LogEvent[]> {
  const out = new Map<string, LogEvent[]>();
  for (const e of events) {
    if (!Number.isFinite(e.time)) continue;
    const k = keep(e);
    if (k === undefined) continue;
    const list = out.get(k);
    if (list) list.push(e);
    else out.set(k, [e]);
  }
  for (const list of out.values()) list.sort((a, b) => a.time - b.time);
  return out;
}

/** pm.max_children of a pool: its config first (a fact with its line), else the limit a log line stated. */
function maxChildren(
  inp: PoolInputs,
  host: string,
  pool: string,
): { limit: number; source: string; reached?: LogEvent } | undefined {
  const reached = inp.events.filter(
    (e) => e.signature === 'php-fpm-max-children-reached' && hostOf(e) === host && (e.fields?.pool ?? pool) === pool,
  );
  const last = reached.length ? reached.reduce((a, b) => (b.time > a.time ? b : a)) : undefined;
  for (const c of inp.stack ? componentsOf(inp.stack, 'php-fpm') : []) {
    if (c.host !== host) continue;
    const p = c.data.pools.find((x) => x.name === pool);
    const v = p?.maxChildren;
    if (v && v.value > 0)
      return {
        limit: v.value,
        source: `pm.max_children = ${v.value} (${v.loc?.path ?? c.path}:${v.loc?.line ?? 1})`,
        reached: last,
      };
  }
  const stated = Number(last?.fields?.max);
  if (last && stated > 0)
    return {
      limit: stated,
      source: `pm.max_children (${stated}) as ${last.path}:${last.line} states it`,
      reached: last,
    };
  return undefined;
}

function phpFpmChildren(inp: PoolInputs): Forecast[] {
  const out: Forecast[] = [];
  const groups = groupBy(inp.events, (e) =>
    e.signature === 'php-fpm-seems-busy' && typeof e.fields?.pool === 'string'
      ? `${hostOf(e)}\0${e.fields.pool}`
      : undefined,
  );
  for (const [key, busy] of groups) {
    const [host, pool] = key.split('\0');
    const pts = busy.map((e) => ({ t: e.time, v: Number(e.fields?.total) })).filter((p) => Number.isFinite(p.v));
    if (pts.length < MIN_POINTS) continue;
    const max = maxChildren(inp, host, pool);
    const first = pts[0];
    const last = pts[pts.length - 1];
    // Already at the limit after the climb: the logs show it ran out (an incident), nothing left to forecast.
    if (!max || last.v >= max.limit || (max.reached && max.reached.time >= first.t)) continue;
    // The logs go on longer than the climb lasted (or five of its usual gaps) without another "seems busy": PHP-FPM
    // says it at every maintenance tick while no child is idle, so the pool has calmed down.
    const gap = median(pts.slice(1).map((p, i) => p.t - pts[i].t));
    if (inp.end - last.t > Math.max(last.t - first.t, 5 * gap)) continue;
    const fit = linearFit(
      pts.map((p) => (p.t - first.t) / 1000),
      pts.map((p) => p.v),
    );
    if (!fit || fit.low <= 0) continue;
    const left = max.limit - last.v;
    const at = (perSecond: number) => iso(last.t + (left / perSecond) * 1000);
    const subject = `PHP-FPM pool ${pool}${host ? ` on ${host}` : ''}`;
    out.push({
      resource: 'workers',
      subject,
      limit: max.limit,
      current: last.v,
      slopePerHour: round(fit.slope * 3600),
      eta: at(fit.slope),
      low: at(fit.high),
      high: at(fit.low),
      evidence: [busy[0], ...busy.slice(-3)].map(toEvidence),
      basis: `${pts.length} "seems busy" lines over ${span(last.t - first.t)}: ${first.v} → ${last.v} children, ${round(fit.slope * 60)} a minute (95 % interval ${round(fit.low * 60)} to ${round(fit.high * 60)}), against ${max.source}`,
      wrongIf: `the pool stays below ${max.limit} children after ${at(fit.low)}, or "seems busy" stops while the load goes on`,
      confirm: [
        `pgrep -fc ${shellQuote(`php-fpm: pool ${pool}`)}`,
        "grep -E 'seems busy|max_children' /var/log/php*-fpm.log | tail",
        'the pool status page (pm.status_path): active processes, listen queue, max children reached',
      ],
      fix: [
        `Find what holds the children (request_slowlog_timeout and slowlog name the slow scripts) before adding more`,
        `Raise pm.max_children only as far as memory allows: children × the RSS of one must fit in RAM`,
      ],
    });
  }
  return out;
}

/** Failing waits by the resource they wait for. */
const WAIT_TYPES: Record<string, Forecast['resource']> = {
  'pool-acquire-timeout': 'connections',
  'db-too-many-connections': 'connections',
  'queue-full': 'accept-queue',
  'thread-pool-exhausted': 'workers',
  'maxconn-reached': 'workers',
};

function failingWaits(inp: PoolInputs): Forecast[] {
  const out: Forecast[] = [];
  const groups = groupBy(inp.events, (e) => {
    const t = typeOf(e);
    return e.signature && t && t in WAIT_TYPES ? `${hostOf(e)}\0${e.signature}` : undefined;
  });
  for (const [key, waits] of groups) {
    const [host, signature] = key.split('\0');
    const minutes = minuteCounts(inp, signature, waits);
    const f = minutes && risingRate(inp, host, signature, waits, minutes);
    if (f) out.push(f);
  }
  return out;
}

/** Failures a minute, oldest first, and the end of the last minute counted. */
interface Minutes {
  counts: number[];
  last: number;
}

/**
 * The failures of one signature minute by minute: from its lines when the read path kept every one (counted back
 * from the last, so that the last minute is whole); else from the line templates' per-minute counts (exact at
 * warning level and above) of the keys whose lines are this signature's, in the same files, leaving out the
 * minute the lines end in (it may be partial).
 */
function minuteCounts(inp: PoolInputs, signature: string, waits: LogEvent[]): Minutes | undefined {
  const last = waits[waits.length - 1].time;
  if (waits.length >= (inp.signatureCounts[signature] ?? 0)) {
    const n = Math.floor((last - waits[0].time) / MINUTE) + 1;
    const counts = new Array<number>(n).fill(0);
    for (const e of waits) counts[Math.max(0, n - 1 - Math.floor((last - e.time) / MINUTE))]++;
    return { counts, last };
  }
  const pattern = SIGNATURES.find((x) => x.id === signature)?.pattern;
  const paths = new Set(waits.map((e) => e.path));
  const buckets = new Map<number, number>();
  for (const k of inp.templates?.values() ?? []) {
    if (!k.known || !pattern || !k.examples.some((x) => paths.has(x.path) && pattern.test(x.text))) continue;
    // Wider buckets (a key spanning more than a day) cannot show minutes.
    if (k.res !== 1) return undefined;
    for (const [m, n] of k.buckets) buckets.set(m, (buckets.get(m) ?? 0) + n);
  }
  if (buckets.size === 0) return undefined;
  const ms = [...buckets.keys()];
  const [m0, m1] = [Math.min(...ms), Math.max(...ms)];
  const counts: number[] = [];
  for (let m = m0; m < m1; m++) counts.push(buckets.get(m) ?? 0);
  return { counts, last: m1 * MINUTE };
}

function risingRate(
  inp: PoolInputs,
  host: string,
  signature: string,
  waits: LogEvent[],
  { counts, last }: Minutes,
): Forecast | undefined {
  const n = counts.length;
  if (n < MIN_MINUTES) return undefined;
  if (inp.end - last > n * MINUTE) return undefined;
  const fit = linearFit(
    counts.map((_, i) => i * 60),
    counts,
  );
  if (!fit || fit.low <= 0) return undefined;
  // Saturated: as many waits fail as requests arrive. The requests of those minutes set the ceiling.
  const from = last - n * MINUTE;
  const limit = median(inp.series.filter((r) => r.t + MINUTE > from && r.t < last).map((r) => r.requests));
  const now = fit.intercept + fit.slope * (n - 1) * 60;
  if (!(limit > 0) || now >= limit) return undefined;
  const at = (perSecond: number) => iso(last + ((limit - now) / perSecond) * 1000);
  const resource = WAIT_TYPES[typeOf(waits[0]) ?? ''] ?? 'connections';
  return {
    resource,
    subject: `${signature}${host ? ` on ${host}` : ''}`,
    limit: Math.round(limit),
    current: round(now),
    slopePerHour: round(fit.slope * 3600),
    eta: at(fit.slope),
    low: at(fit.high),
    high: at(fit.low),
    evidence: [waits[0], ...waits.slice(-3)].map(toEvidence),
    basis: `${counts.reduce((a, b) => a + b, 0)} failed waits over ${counts.length} minutes, ${counts[0]} → ${counts[counts.length - 1]} a minute, rising by ${round(fit.slope * 60)} a minute every minute (95 % interval ${round(fit.low * 60)} to ${round(fit.high * 60)}); they reach the ${Math.round(limit)} requests a minute of those minutes (current and limit in waits a minute)`,
    wrongIf: `fewer than ${Math.round(limit)} a minute fail after ${at(fit.low)} with the traffic as it is, or the failures level off`,
    confirm: [
      `count the ${signature} lines of ${waits[0].path} minute by minute: still rising, towards the requests a minute`,
      'the pool size and the connections in use on the database (pg_stat_activity, SHOW PROCESSLIST) against it',
    ],
    fix: [
      'Find what holds the connections or workers (slow queries, transactions left open, a leak) before making the pool bigger',
      'Then size the pool (and max_connections behind it) for the concurrency the traffic needs',
    ],
  };
}

function span(ms: number): string {
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 2 * HOUR) return `${Math.round(ms / MINUTE)} min`;
  return `${(ms / HOUR).toFixed(1)} h`;
}

function round(n: number): number {
  return Math.abs(n) >= 100 ? Math.round(n) : Number(n.toPrecision(3));
}
