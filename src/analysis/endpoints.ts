// The postmortem's table: which endpoints were called in the minutes before failures, across all of
// them, against their share of all traffic and their own 5xx.
import type { EndpointCount, Incident, Restart } from './types.js';

const MINUTE = 60_000;
const LOOK_BACK_MINUTES = 2;

export function endpointTable(
  endpointMinutes: Map<number, Map<string, [number, number]>>,
  restarts: Restart[],
  incidents: Incident[],
  limit = 25,
): EndpointCount[] {
  if (endpointMinutes.size === 0) return [];
  const failureMinutes = new Set<number>();
  const mark = (t: number) => {
    const m = t - (t % MINUTE);
    for (let k = 0; k <= LOOK_BACK_MINUTES; k++) failureMinutes.add(m - k * MINUTE);
  };
  for (const r of restarts) mark(r.time);
  for (const i of incidents) mark(i.start);
  const totals = new Map<string, { before: number; all: number; errors: number }>();
  let allRequests = 0;
  for (const [t, eps] of endpointMinutes) {
    const inWindow = failureMinutes.has(t);
    for (const [ep, [n, err]] of eps) {
      let c = totals.get(ep);
      if (!c) {
        c = { before: 0, all: 0, errors: 0 };
        totals.set(ep, c);
      }
      c.all += n;
      c.errors += err;
      if (inWindow) c.before += n;
      allRequests += n;
    }
  }
  return [...totals.entries()]
    .map(([ep, c]) => {
      const sp = ep.indexOf(' ');
      return {
        endpoint: sp > 0 ? ep.slice(sp + 1) : ep,
        method: sp > 0 ? ep.slice(0, sp) : undefined,
        beforeFailures: c.before,
        overall: allRequests ? c.all / allRequests : 0,
        errors: c.errors,
      };
    })
    .filter((e) => e.beforeFailures > 0 || e.errors > 0)
    .sort((a, b) => b.beforeFailures - a.beforeFailures || b.errors - a.errors)
    .slice(0, limit);
}
