// Every restart, crash exit and reboot, with what preceded it in that process: the application's own
// log lines (requests included) in the minute before, newest last.

import { logFormatById } from '../formats/log/registry.js';
import type { LogEvent } from '../model/event.js';
import type { AppLog } from '../read/types.js';
import { clip } from '../report/redact.js';
import { eventTypeOf, isCleanStop, traitsOf } from '../signatures/traits.js';
import type { EventType } from '../signatures/types.js';
import { managerOf, restartedProcess } from './process-names.js';
import type { PrecedingLine, Restart } from './types.js';

const LOOK_BACK = 60_000;
const MAX_PRECEDING = 15;

function reasonOf(e: LogEvent, type: EventType): string {
  const f = e.fields ?? {};
  if (type === 'reboot') return 'reboot (kernel or cloud-init start)';
  if (type === 'memory-limit-restart') return 'memory limit reached (PM2 max_memory_restart)';
  if (type === 'restart-loop-stopped')
    return `too many unstable restarts: ${managerOf(e) === 'pm2' ? 'PM2' : managerOf(e)} stopped restarting`;
  const code = f.exitCode ?? f.code;
  const signal = f.signal;
  if (code !== undefined || signal !== undefined) {
    return `exited${code !== undefined ? ` with code ${code}` : ''}${signal !== undefined && signal !== 'null' ? ` via ${signal}` : ''}`;
  }
  return clip(e.text.replace(/^.*?(exited|restart|crash)/i, '$1'), 120, '');
}

/** The lines of the application's own logs (not the process manager's) in the minute before a restart. */
function precedingLines(e: LogEvent, appLogs: AppLog[]): PrecedingLine[] {
  const app = String(e.fields?.app ?? '');
  const preceding: PrecedingLine[] = [];
  // Of that app when the restart names it.
  const logs = appLogs.filter((l) => l.host === e.host && l.app !== undefined && (!app || l.app === app));
  // A restart stamped to the second happened somewhere in that second.
  const until = e.time % 1000 === 0 ? e.time + 999 : e.time;
  for (const log of logs) {
    for (const l of log.lines) {
      if (!Number.isFinite(l.time) || l.time > until || l.time < e.time - LOOK_BACK) continue;
      if (log.path === e.path && l.line >= e.line) continue;
      preceding.push({ time: l.time, path: log.path, line: l.line, text: l.text });
    }
  }
  return preceding.sort((a, b) => a.time - b.time || a.path.localeCompare(b.path) || a.line - b.line);
}

export function findRestarts(events: LogEvent[], appLogs: AppLog[]): Restart[] {
  const out: Restart[] = [];
  const seen = new Set<string>();
  for (const e of events) {
    if (!e.signature || !Number.isFinite(e.time)) continue;
    const type = eventTypeOf(e);
    const traits = traitsOf(e);
    if (!type || !(traits.restart || traits.reboot) || isCleanStop(e)) continue;
    const proc = restartedProcess(e);
    if (logFormatById(e.format)?.behaviour.repeatsRecords) {
      const key = `${proc}|${Math.round(e.time / 1000)}|${e.text.replace(/^.*?: /, '')}`;
      if (seen.has(key)) continue;
      seen.add(key);
    }
    const preceding = traits.reboot ? [] : precedingLines(e, appLogs);
    out.push({
      time: e.time,
      process: proc,
      reason: reasonOf(e, type),
      host: e.host,
      evidence: { time: e.time, path: e.path, line: e.line, text: e.text.split('\n')[0] },
      preceding: preceding.slice(-MAX_PRECEDING),
    });
  }
  return out.sort((a, b) => a.time - b.time);
}
