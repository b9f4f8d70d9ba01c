// A signature: a known log line mapped to a typed event, a severity and a cause hint.
// Signatures are data: an id, the formats they apply to, a linear-time pattern and real sample lines.
import type { CauseId } from '../model/causes.js';
import type { Level, LogFormatId } from '../model/event.js';

/** What happened, independent of which server said it. */
export type EventType =
  | 'upstream-closed'
  | 'upstream-reset'
  | 'upstream-refused'
  | 'upstream-timeout'
  | 'no-live-upstream'
  | 'worker-connections-exhausted'
  | 'too-many-open-files'
  | 'server-down'
  | 'server-up'
  | 'no-server-available'
  | 'queue-full'
  | 'maxconn-reached'
  | 'session-cut'
  | 'oom-kill'
  | 'hung-task'
  | 'watchdog-timeout'
  | 'syn-flood'
  | 'conntrack-full'
  | 'heap-out-of-memory'
  | 'memory-warning'
  | 'connection-reset'
  | 'unhandled-rejection'
  | 'uncaught-exception'
  | 'invalid-string-length'
  | 'listener-leak'
  | 'pool-acquire-timeout'
  /** A worker pool close to its limit, before anything fails (php-fpm "seems busy"): the forecasts' gauge. */
  | 'pool-busy'
  | 'process-restart'
  | 'process-exit'
  | 'memory-limit-restart'
  | 'restart-loop-stopped'
  | 'process-start'
  | 'db-connection-lost'
  | 'db-gone-away'
  | 'db-too-many-connections'
  | 'db-aborted-connection'
  | 'db-idle-in-transaction-terminated'
  | 'redis-config-warning'
  | 'redis-oom'
  | 'redis-misconf'
  | 'fork-failed'
  | 'thread-pool-exhausted'
  | 'java-out-of-memory'
  | 'request-timeout'
  | 'app-crashed'
  | 'platform-idling'
  | 'platform-sigterm'
  | 'platform-memory-quota'
  | 'disk-full'
  | 'reboot'
  | 'health-check-failed'
  | 'slow-request'
  | 'dependency-refused'
  | 'dependency-timeout'
  /** A database, cache or queue server logged its own stop (dependency-down). */
  | 'backend-stopped'
  /** A client refused an expired certificate or could not verify one, certbot failed to renew (tls-certificate-expired). */
  | 'tls-cert-expired'
  | 'tls-verify-failed'
  | 'cert-renewal-failed'
  | 'db-statement-timeout'
  /** The database's side of a slow request: a slow query (slow log, log_min_duration_statement), a lock wait. */
  | 'db-slow-query'
  | 'db-lock-wait'
  /** A line stating the version of the runtime an app runs on (Node.js): a fact for the audit, not a change. */
  | 'runtime-version'
  | 'platform-error'
  | 'process-online'
  | 'scale-up'
  | 'scale-down'
  | 'filesystem-error'
  | 'io-stall'
  | 'config-error'
  // changes: what an operator or a scheduler did to what runs (analysis/changes.ts)
  | 'config-reload'
  | 'deploy'
  | 'package-change'
  | 'version-banner'
  | 'unit-started'
  | 'unit-stopped'
  | 'cron-run'
  | 'certificate-renewed'
  | 'other';

export type SignatureSeverity = Extract<Level, 'info' | 'notice' | 'warning' | 'error' | 'critical'>;

export interface Signature {
  /** kebab-case, stable: "nginx-upstream-prematurely-closed" */
  id: string;
  /** Formats whose lines it is tried on. */
  formats: LogFormatId[];
  /**
   * Matched against the whole raw line (first line of a joined record). Must be linear-time safe:
   * no nested quantifiers. Named groups become event fields.
   */
  pattern: RegExp;
  event: EventType;
  severity: SignatureSeverity;
  /** The cause this line points to, when it points to one. */
  cause?: CauseId;
  /** One line for `faultline rules`. */
  summary: string;
  /** Real lines it must match (checked by the tests). */
  samples: string[];
  /**
   * A literal every matching line contains, checked with `includes` before the pattern runs.
   * Derived from the pattern when omitted (its longest mandatory literal); required when the
   * pattern is case-insensitive or alternates at the top level.
   */
  needle?: string;
}
