// What each event type means to the analysis, in one table: the read path, the incident finder, the restarts
// table and the hypotheses all read an event's traits here instead of keeping their own lists of types.
// The table is exhaustive over EventType, so a new type cannot be added without deciding its traits.
import { SIGNATURES } from './catalog.js';
import type { EventType } from './types.js';

export interface EventTraits {
  /**
   * A process went down and was brought back, or was stopped for good: a row of the restarts table, a restart in
   * the per-minute series. Heroku's "App crashed" is one (the platform restarts a crashed dyno).
   */
  restart: boolean;
  /** The host started again (kernel banner, cloud-init start): a restart of everything on it. */
  reboot: boolean;
  /** Reports an exit with a status; status 0 is a stop somebody asked for (`isCleanStop`). */
  exit: boolean;
  /** The process died at that moment: connections it held were closed by the death, not by the peer. */
  death: boolean;
  /**
   * An application error that kills the process when nothing catches it: what the crash loop looks for
   * before each restart.
   */
  crash: boolean;
  /**
   * The service or one of its dependencies failed (a crash, a resource ran out, the backends are gone): at error
   * level it opens an incident window by itself (incident kind `crash`).
   */
  failure: boolean;
  /** A resource ran out (memory, descriptors, connections, threads, pool slots, disk): stalls and resets follow. */
  exhaustion: boolean;
  /**
   * The first line only wraps the real error, which a later line of the joined record names
   * ("You have triggered an unhandledRejection…", "<--- Last few GCs --->").
   */
  wrapper: boolean;
  /**
   * Something was changed or started on purpose (a deploy, a reload, a package upgrade, a cron job, a start): a
   * candidate on the timeline of what changed before an incident, never a failure by itself.
   */
  change: boolean;
}

type Trait = keyof EventTraits;

// Where the copies this table replaces disagreed, and what was decided:
// - restart: the restarts table and the read path counted `app-crashed` and `reboot` as restarts, the incident
//   finder did not. Both are rows of the restarts table; a reboot is its own trait (the incident finder gives it
//   its own kind and count), and `app-crashed` is also a failure, which the incident finder checks first, so
//   its incident kind stays `crash` and the incident summary counts it by its signature, not as a restart.
// - crash vs failure: the crash loop's 7 types and the incident finder's 18 were two meanings, not one list
//   kept twice: the errors that kill a process, and everything that takes the service down. Both are kept.
// - exhaustion: the event-loop detector's 15 resource types; the keep-alive detector's 5 (memory, descriptors,
//   nginx worker connections, disk) were a subset written separately, and now read the same trait.
// - death: the look-alike checks (a close within seconds of a death) counted process exits, restarts and OOM
//   kills, not PM2 giving up (`restart-loop-stopped`: the process was already dead).
const TABLE: Record<EventType, readonly Trait[]> = {
  'upstream-closed': [],
  'upstream-reset': [],
  'upstream-refused': [],
  'upstream-timeout': [],
  'no-live-upstream': [],
  'worker-connections-exhausted': ['exhaustion'],
  'too-many-open-files': ['crash', 'failure', 'exhaustion'],
  'server-down': ['failure'],
  'server-up': [],
  'no-server-available': ['failure'],
  'queue-full': ['exhaustion'],
  'maxconn-reached': ['exhaustion'],
  'session-cut': [],
  'oom-kill': ['death', 'failure', 'exhaustion'],
  'hung-task': ['failure', 'exhaustion'],
  'watchdog-timeout': ['failure'],
  'syn-flood': [],
  'conntrack-full': [],
  'heap-out-of-memory': ['crash', 'failure', 'exhaustion'],
  'memory-warning': ['wrapper'],
  'connection-reset': [],
  'unhandled-rejection': ['crash', 'failure', 'wrapper'],
  'uncaught-exception': ['crash', 'failure', 'wrapper'],
  'invalid-string-length': ['crash', 'failure'],
  'listener-leak': [],
  'pool-acquire-timeout': ['failure', 'exhaustion'],
  'pool-busy': [],
  'process-restart': ['restart', 'death'],
  'process-exit': ['restart', 'exit', 'death', 'wrapper'],
  'memory-limit-restart': ['restart', 'death', 'exhaustion'],
  'restart-loop-stopped': ['restart'],
  'process-start': ['change'],
  'db-connection-lost': ['failure'],
  'db-gone-away': ['failure'],
  'db-too-many-connections': ['failure', 'exhaustion'],
  'db-aborted-connection': [],
  'db-idle-in-transaction-terminated': [],
  'redis-config-warning': [],
  'redis-oom': ['failure', 'exhaustion'],
  'redis-misconf': [],
  'fork-failed': [],
  'thread-pool-exhausted': ['exhaustion'],
  'java-out-of-memory': ['failure', 'exhaustion'],
  'request-timeout': [],
  'app-crashed': ['restart', 'death', 'crash', 'failure', 'wrapper'],
  'platform-idling': [],
  'platform-sigterm': [],
  'platform-memory-quota': ['exhaustion'],
  'disk-full': ['crash', 'failure', 'exhaustion'],
  reboot: ['reboot'],
  'health-check-failed': [],
  'slow-request': [],
  'dependency-refused': [],
  'dependency-timeout': [],
  'backend-stopped': [],
  'tls-cert-expired': [],
  'tls-verify-failed': [],
  'cert-renewal-failed': [],
  'db-statement-timeout': [],
  'db-slow-query': [],
  'db-lock-wait': [],
  'runtime-version': [],
  'platform-error': [],
  'process-online': [],
  'scale-up': [],
  'scale-down': [],
  'filesystem-error': [],
  'io-stall': [],
  'config-error': [],
  // changes
  'config-reload': ['change'],
  deploy: ['change'],
  'package-change': ['change'],
  'version-banner': ['change'],
  'unit-started': ['change'],
  'unit-stopped': ['change'],
  'cron-run': ['change'],
  'certificate-renewed': ['change'],
  other: ['wrapper'],
};

const NONE: EventTraits = Object.freeze({
  restart: false,
  reboot: false,
  exit: false,
  death: false,
  crash: false,
  failure: false,
  exhaustion: false,
  wrapper: false,
  change: false,
});

const TRAITS = new Map<EventType, EventTraits>(
  (Object.entries(TABLE) as [EventType, readonly Trait[]][]).map(([type, traits]) => {
    const t = { ...NONE };
    for (const name of traits) t[name] = true;
    return [type, Object.freeze(t)];
  }),
);

/** The traits of an event type (all false for none). */
export function traitsOfType(type: EventType | undefined): EventTraits {
  return (type && TRAITS.get(type)) || NONE;
}

/** The event types that have a trait, for code that filters by a list of types. */
export function typesWith(trait: Trait): EventType[] {
  return [...TRAITS].filter(([, t]) => t[trait]).map(([type]) => type);
}

// The type of an event is its signature's, looked up once per signature id.
const TYPE_OF_SIGNATURE = new Map<string, EventType>(SIGNATURES.map((s) => [s.id, s.event]));

/** What an event carries that says its type: its signature, or a type set by the analysis on a line it built. */
export interface Typed {
  signature?: string;
  event?: EventType;
}

/** The type of an event as its signature (or the analysis) says it; undefined for a line no signature named. */
export function eventTypeOf(e: Typed): EventType | undefined {
  return e.event ?? (e.signature ? TYPE_OF_SIGNATURE.get(e.signature) : undefined);
}

/** The traits of an event, from its type. */
export function traitsOf(e: Typed): EventTraits {
  return traitsOfType(eventTypeOf(e));
}

/** `exited with code [0]`: a stop asked for (pm2 stop/kill, a deploy), not a crash or a death. */
export function isCleanStop(e: Typed & { fields?: Record<string, string | number> }): boolean {
  const code = e.fields?.exitCode ?? e.fields?.code;
  return traitsOf(e).exit && code !== undefined && Number(code) === 0;
}

/**
 * For the read path: a restart or a reboot, what the per-minute series counts
 * as a restart. A process restart alone (no reboot) is `traitsOfType(type).restart`.
 */
export function isRestartType(type: EventType): boolean {
  const t = traitsOfType(type);
  return t.restart || t.reboot;
}
