// Two names of the process an event belongs to. They differ on purpose: the restarts table needs the instance
// that went down (two PM2 instances of one app are two processes), the hypotheses' sentences a short name a
// reader recognises (one per program, whatever its pid or log file).
import { logFormatById } from '../formats/log/registry.js';
import type { LogEvent } from '../model/event.js';
import { traitsOf } from '../signatures/traits.js';

/**
 * The process a restart is of, as the restarts table lists it: "pm2:api:0" for a PM2 app instance,
 * "nginx[123]" for a program, "host app1 (reboot)" for a reboot, else the file.
 */
export function restartedProcess(e: LogEvent): string {
  const f = e.fields ?? {};
  if (traitsOf(e).reboot) return `host${e.host ? ` ${e.host}` : ''} (reboot)`;
  const app = f.app ?? f.name;
  if (app !== undefined) return `${managerOf(e)}:${app}${f.instance !== undefined ? `:${f.instance}` : ''}`;
  return e.program ? `${e.program}${e.pid ? `[${e.pid}]` : ''}` : e.path;
}

/** The process manager that names the app: the one whose log it is (supervisord), else PM2 (its app logs name it). */
export function managerOf(e: Pick<LogEvent, 'format'>): string {
  return logFormatById(e.format)?.behaviour.processManager ?? 'pm2';
}

/** The program an event comes from, for sentences: its program name, else its log file's base name ("api"). */
export function programName(e: Pick<LogEvent, 'program' | 'path'>): string {
  if (e.program) return e.program;
  const base = e.path.split('/').pop() ?? e.path;
  return base.replace(/(-out|-error|_out|_error)?(-\d+)?\.log[\s\S]*$/, '');
}
