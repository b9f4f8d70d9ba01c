// A worker killed because it timed out is not a memory kill: gunicorn's arbiter logs WORKER TIMEOUT and then
// SIGKILLs the worker ("terminated due to signal 9"), uWSGI logs HARAKIRI and then "killed by signal 9". The
// kill names the same worker pid as the timeout a few seconds before; the OOM killer's kill does not follow one.
import type { LogEvent } from '../model/event.js';
import { eventTypeOf, traitsOf } from '../signatures/traits.js';

/** How long after its timeout a supervisor's kill of the worker may come (gunicorn: graceful_timeout 30 s). */
const KILL_AFTER_TIMEOUT_MS = 60_000;

/** The exits of workers killed by their supervisor for a timeout, among time-sorted or unsorted events. */
export function timeoutKills(events: readonly LogEvent[]): Set<LogEvent> {
  const timedOut = new Map<string, number[]>();
  for (const e of events) {
    const pid = e.fields?.workerPid;
    if (pid === undefined || eventTypeOf(e) !== 'request-timeout') continue;
    const key = `${e.host ?? ''}|${pid}`;
    const list = timedOut.get(key) ?? [];
    list.push(e.time);
    timedOut.set(key, list);
  }
  const kills = new Set<LogEvent>();
  if (timedOut.size === 0) return kills;
  for (const e of events) {
    const pid = e.fields?.workerPid;
    if (pid === undefined || !traitsOf(e).exit) continue;
    const times = timedOut.get(`${e.host ?? ''}|${pid}`);
    if (times?.some((t) => e.time >= t && e.time - t <= KILL_AFTER_TIMEOUT_MS)) kills.add(e);
  }
  return kills;
}
