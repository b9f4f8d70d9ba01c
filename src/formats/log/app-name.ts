// Who wrote an application's output file, from where the process manager put it, and where a new process
// lifetime starts in output that carries no time.
import { posix } from 'node:path';
import type { SegmentStarts } from './types.js';

/** `home/app/.pm2/logs/api-error-0.log` → "api" (PM2's `<app>-out.log`, `<app>-error-<n>.log`). */
export function appName(path: string): string | undefined {
  const base = posix.basename(path).replace(/\.gz$/, '');
  const m = /^(.{1,200}?)[-_](?:out|err|error)(?:[-_]\d{1,6})?\.log(?:\.\d{1,6})?$/.exec(base);
  return m ? m[1] : undefined;
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
