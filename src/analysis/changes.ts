// What changed: deploys, restarts and starts, reloads, package upgrades, version banners, cron jobs and certificate
// renewals, read from the notable events whose type has the `change` trait (signatures/traits.ts). Each is a
// candidate when an incident follows it, never a cause by itself: the reports show those in or just before an
// incident, the JSON lists them all (bounded).
import type { LogEvent } from '../model/event.js';
import { clip } from '../report/redact.js';
import { eventTypeOf, traitsOf } from '../signatures/traits.js';
import type { EventType } from '../signatures/types.js';
import { managerOf } from './process-names.js';
import type { Change, ChangeKind, Evidence } from './types.js';

/** Changes listed at most; past it cron jobs go first, then the oldest (a problem line says how many). */
export const MAX_CHANGES = 500;
/** Lines kept as evidence of one change (its repeats). */
const MAX_EVIDENCE = 3;
/**
 * Lines of one kind and subject closer than this are one change (both instances of a cluster reloading, apt's
 * lines of one run); a later one is the next change — a rollback 9 s after a deploy is its own change.
 */
const SAME_CHANGE_GAP = 5_000;
/** How long before an incident a change is shown with it in the reports. */
export const CHANGE_LOOK_BACK = 30 * 60_000;

/** systemd's own housekeeping units: started and stopped on every healthy host, not what runs the service. */
const HOUSEKEEPING_UNIT_RE =
  /^(?:Session \d|User Manager for|User Runtime Directory|.*\b(?:target|timer|socket|slice|scope|mount)\b|Daily |Weekly |Monthly |Clean |Cleanup |Rotate log|Discard unused|Refresh |Update |Download data|Message of the Day|man-db|apt|fstrim|logrotate|phpsessionclean|sysstat|Certbot|Run anacron|Getty|Serial Getty|Journal|Load\/Save|Network Name Resolution|Time & Date|Hostname Service|Locale Service|Login Service|Authorization Manager|Permit User Sessions|Disk Manager|Snap|Ubuntu Advantage|motd-news|e2scrub)/;

function evidenceOf(e: LogEvent): Evidence {
  return {
    path: e.path,
    line: e.line,
    time: new Date(e.time).toISOString(),
    text: clip(e.text.split('\n')[0], 300, ''),
    host: e.host,
    alsoAt: e.alsoAt,
  };
}

const str = (v: string | number | undefined): string => (v === undefined ? '' : String(v));

/** `Upgrade: a:amd64 (1, 2), b:amd64 (3, 4)` → `a:amd64 2 (+1 more)`: apt lists a run's packages on one line. */
function aptSubject(e: LogEvent): string {
  const line = e.text.split('\n')[0];
  const first = /^\w+: (\S{1,200}) \(([^)]{1,200})\)/.exec(line);
  if (!first) return str(e.fields?.package);
  const more = line.split('), ').length - 1;
  const others = more > 0 ? ` (+${more} more)` : '';
  if (/^(?:Remove|Purge): /.test(line)) return `${first[1]} removed${others}`;
  const versions = first[2].split(', ').filter((v) => v !== 'automatic');
  return `${first[1]} ${versions[versions.length - 1] ?? ''}${others}`;
}

function packageSubject(e: LogEvent): string {
  const f = e.fields ?? {};
  if (e.signature?.startsWith('package-apt-')) return aptSubject(e);
  if (f.to !== undefined && f.to !== '<none>') return `${f.package} ${f.to}`;
  return str(f.package);
}

function versionSubject(e: LogEvent): string {
  const f = e.fields ?? {};
  const version = str(f.version);
  switch (e.signature) {
    case 'mysql-starting-version':
      return `${str(f.server) || 'mysqld'} ${version}`;
    case 'mysql-mariadb-starting-version':
      return `MariaDB ${version}`;
    case 'mysql-ready-version-next-line': {
      // `Version: '10.6.12-MariaDB'  socket: …` continues the record; no version, no subject.
      const next = /\nVersion: '([^']{1,80})'/.exec(e.text)?.[1];
      return next ? `${/MariaDB/.test(next) ? 'MariaDB' : 'mysqld'} ${next}` : '';
    }
    case 'postgres-starting-version':
      return `PostgreSQL ${version}`;
    case 'redis-version-banner':
      return `Redis ${version}`;
    case 'pm2-daemon-version':
      return `PM2 ${version}`;
    default:
      return `${(e.signature ?? 'server').split('-')[0]} ${version}`;
  }
}

/** systemd's "Started nginx.service - A high performance web server…." or the older "Started <description>.". */
function unitSubject(e: LogEvent): string | null {
  const unit = str(e.fields?.unit)
    .replace(/\.$/, '')
    .replace(/^(\S+\.service) - .*$/, '$1');
  return unit === '' || HOUSEKEEPING_UNIT_RE.test(unit) ? null : unit;
}

/** The process a start is of: the app its manager names, else the program whose line it is. */
function startSubject(e: LogEvent): string {
  const app = e.fields?.app;
  if (app !== undefined) return `${managerOf(e)}:${app}`;
  return (e.signature ?? e.program ?? 'process').split('-')[0];
}

/** The base name of a deployed archive or directory (`/opt/tomcat/webapps/shop.war` → `shop`). */
function deploySubject(e: LogEvent): string {
  const path = str(e.fields?.app);
  const base = path.split(/[\\/]/).pop() ?? path;
  return base.replace(/\.war$/, '') || 'web application';
}

/** What changed and what kind of change it is; null for an event that is no change (a housekeeping unit). */
function describe(e: LogEvent, type: EventType): { kind: ChangeKind; subject: string } | null {
  switch (type) {
    case 'config-reload':
      return { kind: 'reload', subject: (e.signature ?? 'server').split('-')[0] };
    case 'deploy':
      return { kind: 'deploy', subject: deploySubject(e) };
    case 'package-change':
      return { kind: 'upgrade', subject: packageSubject(e) };
    case 'version-banner':
      return { kind: 'restart', subject: versionSubject(e) };
    case 'unit-started':
    case 'unit-stopped': {
      const unit = unitSubject(e);
      return unit ? { kind: 'restart', subject: unit } : null;
    }
    case 'cron-run':
      return { kind: 'cron', subject: clip(str(e.fields?.command).replace(/\)$/, ''), 80, '…') };
    case 'certificate-renewed':
      return { kind: 'certificate', subject: str(e.fields?.domain) };
    case 'process-start':
      return { kind: 'restart', subject: startSubject(e) };
    default:
      return null;
  }
}

/** A server that starts with another version than it last stated was upgraded (or downgraded). */
function markVersionChanges(changes: Change[], events: Map<Change, LogEvent>): void {
  const last = new Map<string, string>();
  for (const c of changes) {
    const e = events.get(c);
    if (!e || eventTypeOf(e) !== 'version-banner') continue;
    // One server instance: its name in its log file, rotated pieces included (error.log.1, error.log-20240101.gz).
    const server = c.subject.split(' ')[0];
    const key = `${c.host ?? ''}|${e.path.replace(/(?:\.\d{1,3}|-\d{8})?(?:\.gz)?$/, '')}|${server}`;
    const before = last.get(key);
    if (before !== undefined && before !== c.subject) c.kind = 'upgrade';
    last.set(key, c.subject);
  }
}

/** Bounds the list: cron jobs are dropped first (they repeat), then the oldest changes. */
function bounded(changes: Change[]): { changes: Change[]; omitted: number } {
  if (changes.length <= MAX_CHANGES) return { changes, omitted: 0 };
  const others = changes.filter((c) => c.kind !== 'cron');
  const crons = changes.filter((c) => c.kind === 'cron');
  const kept =
    others.length >= MAX_CHANGES
      ? others.slice(-MAX_CHANGES)
      : [...others, ...crons.slice(-(MAX_CHANGES - others.length))].sort((a, b) => a.time - b.time);
  return { changes: kept, omitted: changes.length - kept.length };
}

/**
 * The changes among the notable events, in time order: one per host, kind, subject and run of lines less than
 * SAME_CHANGE_GAP apart (its repeats are its further evidence), at most MAX_CHANGES.
 */
export function findChanges(events: readonly LogEvent[]): { changes: Change[]; omitted: number } {
  const all: Change[] = [];
  const open = new Map<string, { change: Change; last: number }>();
  const firstEvent = new Map<Change, LogEvent>();
  const sorted = events
    .filter((e) => Number.isFinite(e.time) && traitsOf(e).change)
    .sort((a, b) => a.time - b.time || a.path.localeCompare(b.path) || a.line - b.line);
  for (const e of sorted) {
    const type = eventTypeOf(e);
    const what = type ? describe(e, type) : null;
    if (!what || what.subject === '') continue;
    const key = `${e.host ?? ''}|${what.kind}|${what.subject}`;
    const seen = open.get(key);
    if (seen && e.time - seen.last < SAME_CHANGE_GAP) {
      seen.last = e.time;
      if (seen.change.evidence.length < MAX_EVIDENCE) seen.change.evidence.push(evidenceOf(e));
      continue;
    }
    const change: Change = { time: e.time, kind: what.kind, subject: what.subject, evidence: [evidenceOf(e)] };
    if (e.host !== undefined) change.host = e.host;
    open.set(key, { change, last: e.time });
    all.push(change);
    firstEvent.set(change, e);
  }
  const changes = all;
  markVersionChanges(changes, firstEvent);
  return bounded(changes);
}

/** The changes in an incident or in the CHANGE_LOOK_BACK before it: what the reports show with it. */
export function changesNear(changes: readonly Change[], incident: { start: number; end: number }): Change[] {
  return changes.filter((c) => c.time >= incident.start - CHANGE_LOOK_BACK && c.time <= incident.end);
}
