// Every restart, crash exit and reboot, with what preceded it in that process: the application's own
// log lines (requests included) in the minute before, newest last.
import type { LogEvent } from '../model/event.js';
import type { AppLog } from '../read/types.js';
import { SIGNATURES } from '../signatures/catalog.js';
import type { EventType } from '../signatures/types.js';
import type { PrecedingLine, Restart } from './types.js';

const SIG_TYPE = new Map(SIGNATURES.map((s) => [s.id, s.event]));
const TYPES = new Set<EventType>([
  'process-restart',
  'memory-limit-restart',
  'process-exit',
  'app-crashed',
  'reboot',
  'restart-loop-stopped',
]);
const LOOK_BACK = 60_000;
const MAX_PRECEDING = 15;

/** `exited with code [0]`: a stop asked for (pm2 stop/kill, a deploy), not a crash. */
export function isCleanStop(e: LogEvent, type: EventType): boolean {
  const code = e.fields?.exitCode ?? e.fields?.code;
  return type === 'process-exit' && code !== undefined && Number(code) === 0;
}

function reasonOf(e: LogEvent, type: EventType): string {
  const f = e.fields ?? {};
  if (type === 'reboot') return 'reboot (kernel or cloud-init start)';
  if (type === 'memory-limit-restart') return 'memory limit reached (PM2 max_memory_restart)';
  if (type === 'restart-loop-stopped') return 'too many unstable restarts: PM2 stopped restarting';
  const code = f.exitCode ?? f.code;
  const signal = f.signal;
  if (code !== undefined || signal !== undefined) {
    return `exited${code !== undefined ? ` with code ${code}` : ''}${signal !== undefined && signal !== 'null' ? ` via ${signal}` : ''}`;
  }
  return e.text.replace(/^.*?(exited|restart|crash)/i, '$1').slice(0, 120);
}

function processOf(e: LogEvent, type: EventType): string {
  const f = e.fields ?? {};
  if (type === 'reboot') return `host${e.host ? ` ${e.host}` : ''} (reboot)`;
  const app = f.app ?? f.name;
  if (app !== undefined) return `pm2:${app}${f.instance !== undefined ? `:${f.instance}` : ''}`;
  return e.program ? `${e.program}${e.pid ? `[${e.pid}]` : ''}` : e.path;
}

export function findRestarts(events: LogEvent[], appLogs: AppLog[]): Restart[] {
  const out: Restart[] = [];
  const seen = new Set<string>();
  for (const e of events) {
    if (!e.signature || !Number.isFinite(e.time)) continue;
    const type = SIG_TYPE.get(e.signature);
    if (!type || !TYPES.has(type) || isCleanStop(e, type)) continue;
    const proc = processOf(e, type);
    // Debian's haproxy.cfg logs state changes twice; PM2 logs some exits in two places.
    if (e.format === 'haproxy-log' || e.format === 'syslog') {
      const key = `${proc}|${Math.round(e.time / 1000)}|${e.text.replace(/^.*?: /, '')}`;
      if (seen.has(key)) continue;
      seen.add(key);
    }
    const app = String(e.fields?.app ?? '');
    const preceding: PrecedingLine[] = [];
    if (type !== 'reboot') {
      // The application's own logs (not the process manager's daemon log), of that app when named.
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
      preceding.sort((a, b) => a.time - b.time || a.path.localeCompare(b.path) || a.line - b.line);
    }
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
