// A timeline event: one log line (or a joined multi-line record) placed in UTC, with how its time was known.
import type { CauseId } from './causes.js';
import type { LogFormatId } from './ids.generated.js';

/** One per src/formats/log/<id>.ts (generated). */
export type { LogFormatId };

/**
 * explicit: the line carries a full time with zone/offset (or is UTC by definition);
 * assumed:  the zone (and/or year) was assumed — from --tz/--year, the host's /etc/timezone, or UTC;
 * inferred: the line had no time at all and was placed by its neighbours.
 */
export type TimeBasis = 'explicit' | 'assumed' | 'inferred';

export type Level = 'debug' | 'info' | 'notice' | 'warning' | 'error' | 'critical';

/** What a parser extracts from one line (or record). Times are not yet resolved to UTC. */
export interface ParsedLine {
  /** Local wall-clock parts as written; `offsetMinutes` when the line carries a zone/offset. */
  ts?: LocalTime;
  /** Seconds since boot for dmesg-style stamps. */
  uptime?: number;
  level?: Level;
  /** The process or program as logged ("nginx", "haproxy", "kernel", "api-0", pid…) */
  program?: string;
  pid?: number;
  /** The message part, without the prefix (time, level, pid). */
  message: string;
  /** HTTP request fields for access-style lines. */
  request?: HttpRequestFields;
  /** Extra typed fields (haproxy termination state, socket-state counts, …). */
  fields?: Record<string, string | number>;
  /** True when this line continues the previous record (stack-trace frames, Tomcat ≤7 second line). */
  continuation?: boolean;
  /**
   * A wrapper format's entry (a journal export, a container log): the line of the program inside, read with that
   * program's format and signatures. `format` when the entry names it (journald's identifier, the kernel
   * transport); else the format the survey detected for the file's inner lines.
   */
  inner?: { text: string; format?: LogFormatId };
}

export interface LocalTime {
  year?: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms?: number;
  /** Minutes east of UTC when the line says it (e.g. +0000 → 0, -0500 → -300); undefined if unknown. */
  offsetMinutes?: number;
  /** Day of the week the line names (0 Sunday … 6 Saturday), for a year-less stamp that states one. */
  weekday?: number;
}

/** The UTC wall parts of an epoch instant (ms), offset 0: epoch stamps are UTC by definition. */
export function utcLocalTime(ms: number): LocalTime | undefined {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return undefined;
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    ms: d.getUTCMilliseconds(),
    offsetMinutes: 0,
  };
}

export interface HttpRequestFields {
  method?: string;
  path?: string;
  status?: number;
  bytes?: number;
  /** Seconds. */
  duration?: number;
  upstreamStatus?: string;
  client?: string;
  backend?: string;
  server?: string;
  /** HAProxy termination state ("cD", "sQ", "SC", "--"). */
  termination?: string;
}

export interface LogEvent {
  /** Epoch ms, UTC. */
  time: number;
  timeBasis: TimeBasis;
  /** True when the time was placed by neighbours or is otherwise uncertain. */
  approximate?: boolean;
  path: string;
  line: number;
  host?: string;
  format: LogFormatId;
  program?: string;
  pid?: number;
  level: Level;
  /** Signature id when a known line matched. */
  signature?: string;
  cause?: CauseId;
  /** The raw line (first line of a record; frames appended for stack traces, bounded). */
  text: string;
  /** The same line in other files (kern.log and syslog), counted once: where else it was written. */
  alsoAt?: { path: string; line: number }[];
  fields?: Record<string, string | number>;
  request?: HttpRequestFields;
}
