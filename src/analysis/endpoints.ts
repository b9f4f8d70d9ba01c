// The postmortem's table: which endpoints were called in the 60 s before each failure (restarts, incident
// starts), against their share of all traffic (the baseline) and their own 5xx. Short captures have per-second
// counts of request targets with their query strings (the trigger is often a parameter: `?account=big`);
// longer ones the per-minute endpoint counts, a minute's requests counted when the minute overlaps a look-back.
import type { EndpointCount, Incident, Restart } from './types.js';

const SECOND = 1000;
const MINUTE = 60_000;
/** How far before a failure its requests are counted. */
export const LOOK_BACK = 60_000;

type Counts = Map<number, Map<string, [number, number]>>;

/** The buckets (epoch ms of their start, `width` wide) that overlap the look-back before any failure. */
function lookBackBuckets(failures: readonly number[], width: number): Set<number> {
  const out = new Set<number>();
  for (const t of failures) {
    const last = t - (t % width);
    for (let b = last; b + width > t - LOOK_BACK; b -= width) out.add(b);
  }
  return out;
}

export function endpointTable(
  endpointMinutes: Counts,
  restarts: Restart[],
  incidents: Incident[],
  limit = 25,
  targetSeconds: Counts | null = null,
): EndpointCount[] {
  const perSecond = targetSeconds !== null && targetSeconds.size > 0;
  const counts = perSecond ? targetSeconds : endpointMinutes;
  if (counts.size === 0) return [];
  const failures = [...restarts.map((r) => r.time), ...incidents.map((i) => i.start)];
  const window = lookBackBuckets(failures, perSecond ? SECOND : MINUTE);
  const totals = new Map<string, { before: number; all: number; errors: number }>();
  let allRequests = 0;
  let beforeRequests = 0;
  for (const [t, eps] of counts) {
    const inWindow = window.has(t);
    for (const [ep, [n, err]] of eps) {
      let c = totals.get(ep);
      if (!c) {
        c = { before: 0, all: 0, errors: 0 };
        totals.set(ep, c);
      }
      c.all += n;
      c.errors += err;
      allRequests += n;
      if (!inWindow) continue;
      c.before += n;
      beforeRequests += n;
    }
  }
  return (
    [...totals.entries()]
      .map(([ep, c]) => {
        const sp = ep.indexOf(' ');
        return {
          endpoint: sp > 0 ? ep.slice(sp + 1) : ep,
          method: sp > 0 ? ep.slice(0, sp) : undefined,
          beforeFailures: c.before,
          beforeShare: beforeRequests ? c.before / beforeRequests : 0,
          overall: allRequests ? c.all / allRequests : 0,
          errors: c.errors,
          failureRate: c.all ? c.errors / c.all : 0,
          // Jeffreys' posterior mean of its 5xx rate: 2 of 2 failed outranks 4 of 42, and 1 of 1 stays modest.
          suspicion: (c.errors + 0.5) / (c.all + 1),
        };
      })
      .filter((e) => e.beforeFailures > 0 || e.errors > 0)
      // The trigger is the endpoint whose own requests fail, not the busiest one (`?account=big` fails every time).
      .sort((a, b) => b.suspicion - a.suspicion || b.beforeFailures - a.beforeFailures || b.errors - a.errors)
      .slice(0, limit)
      .map(({ suspicion: _, ...e }) => e)
  );
}

/** Captures shorter than this are charted per second. */
export const PER_SECOND_SPAN = 15 * MINUTE;

/**
 * Requests and 5xx per second from the per-second target counts, every second of the span (zeros included),
 * for a capture shorter than 15 minutes; undefined otherwise (the per-minute series is charted).
 */
export function secondSeries(
  targetSeconds: Counts | null,
  start: number,
  end: number,
): { t: number; requests: number; s5xx: number }[] | undefined {
  if (!targetSeconds?.size || !(end - start < PER_SECOND_SPAN)) return undefined;
  const first = start - (start % SECOND);
  const rows: { t: number; requests: number; s5xx: number }[] = [];
  for (let t = first; t <= end; t += SECOND) {
    let requests = 0;
    let s5xx = 0;
    for (const [n, err] of targetSeconds.get(t)?.values() ?? []) {
      requests += n;
      s5xx += err;
    }
    rows.push({ t, requests, s5xx });
  }
  return rows;
}
