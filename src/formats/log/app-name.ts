// Who wrote an application's output file, from where the process manager put it, and where a new process
// lifetime starts in output that carries no time.
import { posix } from 'node:path';
import type { OutputPlaces, SegmentStarts } from './types.js';

/** `home/app/.pm2/logs/api-error-0.log` → "api" (PM2's `<app>-out.log`, `<app>-error-<n>.log`). */
export function appName(path: string): string | undefined {
  const base = posix.basename(path).replace(/\.gz$/, '');
  const m = /^(.{1,200}?)[-_](?:out|err|error)(?:[-_]\d{1,6})?\.log(?:\.\d{1,6})?$/.exec(base);
  return m ? m[1] : undefined;
}

/**
 * Whether a file is an app's output where a process manager said it writes it: named `<app>-out.log` (or
 * `-error`) for an app it named, in a folder it named. The file's folder is matched by its last components, as a
 * bundle or a copied folder keeps them (`corpus/x/home/app/.pm2/logs` for `/home/app/.pm2/logs`; `.pm2/logs`,
 * two components at least; or exactly a folder given beside the manager's own log).
 */
export function isOutputIn(path: string, places: OutputPlaces): boolean {
  const app = appName(path);
  if (app === undefined || !places.apps.includes(app)) return false;
  const here = posix.dirname(path);
  const dir = here.split('/').filter(Boolean);
  return places.dirs.some((d) => {
    if (d === here) return true;
    const stated = d.split('/').filter(Boolean);
    const n = Math.min(dir.length, stated.length);
    if (n < Math.min(2, stated.length)) return false;
    for (let i = 1; i <= n; i++) if (dir[dir.length - i] !== stated[stated.length - i]) return false;
    return true;
  });
}

/** Node output under a process manager: errors count as `pm2:<app>`, the app's lines are its output. */
export function appProcess(path: string): { source: string; app?: string } {
  const app = appName(path);
  return { source: `pm2:${app ?? posix.basename(path)}`, app };
}

/** The first line of a crash trace in an error log. */
const CRASH_START =
  /^(?:Uncaught |Unhandled )?[A-Z]\w{0,100}(?:Error|Exception)\b|unhandledRejection|uncaughtException|FATAL ERROR|You have triggered an unhandledRejection/;
/** A process start in an out log. */
const START_BANNER = /\b(listening|started|starting|ready)\b/i;
const ERR_FILE = /[-_](err|error)(?:[-_]\d{1,6})?\.log/;
/** PM2's wrapper line: the error it wraps is printed on the next line, in the same lifetime. */
const WRAPPER = 'You have triggered an unhandledRejection';

/**
 * Node's stdout/stderr without stamps: in an error log each crash trace is a new lifetime (the k-th trace
 * preceded the k-th restart), in an out log each start banner.
 */
export function nodeSegments(path: string): SegmentStarts {
  if (!ERR_FILE.test(path)) return (line) => START_BANNER.test(line);
  let afterWrapper = false;
  return (line) => {
    const starts = CRASH_START.test(line) && !afterWrapper;
    afterWrapper = line.startsWith(WRAPPER);
    return starts;
  };
}
