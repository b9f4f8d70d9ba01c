// What the read path hands to the analysis: the inputs as read, per-minute counters, notable events (bounded,
// with exact counts), the lines that preceded restarts, and what was assumed about time.

import type { WalkLimits } from '../evidence/types.js';
import type { UserFormatSpec } from '../formats/log/user-format.js';
import type { LogFormatId, TimeBasis } from '../model/event.js';
import type { InputRecord } from '../model/input.js';
import type { ClientMinute } from './clients.js';

export interface LogInputRecord extends InputRecord {
  format: LogFormatId | string | null;
  lines?: number;
  /** Bytes read (internal: not in the JSON): with the span, how fast the log grows (analysis/forecast-disk.ts). */
  bytes?: number;
  /** Lines that did not parse as the file's format. */
  skipped?: number;
  /** Lines whose time lies inside the --from/--to window (internal: not in the JSON). */
  inWindow?: number;
  timezone?: string;
  timeBasis?: TimeBasis;
  /** How the zone/year were chosen, e.g. "zone from etc/timezone (America/New_York); year from file date". */
  assumption?: string;
  firstTime?: number;
  lastTime?: number;
  /** For a journal export or a container log: the formats of the lines inside it. */
  inner?: string[];
  /** For an access log: the server that wrote it (nginx, apache, tomcat, gunicorn), when the evidence tells. */
  server?: string;
  /**
   * For a piece of a rotated series (`access.log.2.gz`, `access.log.1`, `access.log`): the series' live path. The
   * pieces are one log, read oldest first; the reports show them as one input.
   */
  series?: string;
  /** The file's clock was found this far ahead of the proxy's (ms; negative: behind) and corrected (skew.ts). */
  clockOffsetMs?: number;
}

/** Per-minute counters; one row per minute that has any data. */
export interface MinuteRow {
  /** Epoch ms of the minute's start, UTC. */
  t: number;
  requests: number;
  /** Responses 500-599. */
  s5xx: number;
  s502: number;
  s503: number;
  s504: number;
  s4xx: number;
  /** Error-level events by source ("nginx-error", "pm2:api", "haproxy", "kernel"…). */
  errors: Record<string, number>;
  restarts: number;
  /** Sum of request durations (s) and count with a duration, for mean latency. */
  durSum: number;
  durCount: number;
  /** Who sent the minute's requests (clients.ts), when the format names a client; absent in JSON. */
  clients?: ClientMinute;
}

export interface IngestOptions {
  paths: string[];
  /** --tz: zone of timestamps that carry none. */
  tz?: string;
  /** --year: year of year-less lines. */
  year?: number;
  from?: number;
  to?: number;
  onProgress?: (bytes: number) => void;
  /** Read threads besides the main one (default: the machine's cores; 0: none). */
  workers?: number;
  /** Size of the pieces large files are split into (default 16 MiB; tests make it small). */
  pieceBytes?: number;
  /** The walk's budgets (expanded bytes, entries, name length, expansion ratio): src/evidence/types.ts. */
  limits?: WalkLimits;
  /** The project config's user-defined log formats (--config), already checked by its loader. */
  userFormats?: readonly UserFormatSpec[];
}

export interface AppLine {
  time: number;
  line: number;
  text: string;
}

/** The lines of an application's own log around its restarts (for "what preceded each restart"). */
export interface AppLog {
  path: string;
  host?: string;
  /** App name when the file tells it (PM2 `<app>-out.log`, `<app>-error.log`). */
  app?: string;
  lines: AppLine[];
}
