// PostgreSQL server log (stderr/logging_collector), with the log_line_prefix values people actually run:
//
//   2022-07-11 14:02:17.123 UTC [1234] LOG:  checkpoint starting: time
//       '%m [%p] ' — the default since PostgreSQL 10 (postgresql.conf.sample)
//   2022-07-11 14:02:17.123 UTC [1234] app@appdb FATAL:  sorry, too many clients already
//       '%m [%p] %q%u@%d ' — Debian/Ubuntu's packaged default (%q: nothing after it for background processes)
//   2022-07-11 14:02:17 UTC [1234]: [3-1] user=app,db=appdb,app=psql,client=10.0.0.5 LOG:  connection authorized
//       '%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ' — the one pgBadger's documentation recommends
//   2022-07-11 14:02:17 UTC:10.0.0.5(52514):app@appdb:[1234]:FATAL:  remaining connection slots are reserved …
//       '%t:%r:%u@%d:[%p]:' — Amazon RDS (not changeable there)
//
// Severity names are elog.c's; DETAIL/HINT/QUERY/CONTEXT/STATEMENT/LOCATION lines belong to the record above, and so
// do indented (tab or spaces) lines of a multi-line statement or DETAIL. Zone abbreviations (%m/%t print log_timezone's abbreviation)
// become an offset only when they are unambiguous; `CST` or `IST` mean different zones in different places.
import type { Level, LocalTime, ParsedLine } from '../../model/event.js';
import { postgresScanner } from './postgres-log-scan.js';
import { msFromFraction, offsetFromText, validTime } from './syslog.js';
import type { LogFormat } from './types.js';

const STAMP_RE =
  /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))? ?([A-Z]{1,5}|[+-]\d{2}(?::?\d{2})?)?(?=[\s:[])/;
const SEVERITY_RE =
  /(?:^|[\s:])(LOG|ERROR|FATAL|PANIC|WARNING|NOTICE|INFO|DEBUG[1-5]?|DETAIL|HINT|QUERY|CONTEXT|STATEMENT|LOCATION): {2}/;

const LEVELS: Record<string, Level> = {
  DEBUG: 'debug',
  DEBUG1: 'debug',
  DEBUG2: 'debug',
  DEBUG3: 'debug',
  DEBUG4: 'debug',
  DEBUG5: 'debug',
  LOG: 'info',
  INFO: 'info',
  NOTICE: 'notice',
  WARNING: 'warning',
  ERROR: 'error',
  // FATAL ends one session, PANIC the whole server.
  FATAL: 'error',
  PANIC: 'critical',
};
const CONTINUATION_SEVERITIES = new Set(['DETAIL', 'HINT', 'QUERY', 'CONTEXT', 'STATEMENT', 'LOCATION']);

/**
 * Zone abbreviations with a single meaning (IANA tzdata abbreviations). Ambiguous ones (CST: US Central or China;
 * IST: India, Ireland or Israel; BST: British Summer or Bangladesh) are left out and give no offset.
 */
export const ZONE_ABBREVIATIONS: Record<string, number> = {
  UTC: 0,
  GMT: 0,
  Z: 0,
  WET: 0,
  WEST: 60,
  CET: 60,
  CEST: 120,
  EET: 120,
  EEST: 180,
  MSK: 180,
  EST: -300,
  EDT: -240,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  AKST: -540,
  AKDT: -480,
  HST: -600,
  JST: 540,
  KST: 540,
  AEST: 600,
  AEDT: 660,
  ACST: 570,
  ACDT: 630,
  AWST: 480,
  NZST: 720,
  NZDT: 780,
};

/** Session fields from the prefix between the stamp and the severity. */
function prefixFields(prefix: string, parsed: ParsedLine, fields: Record<string, string | number>): void {
  const pid = /\[(\d{1,10})\]/.exec(prefix);
  if (pid) parsed.pid = Number(pid[1]);
  const lineNo = /\[(\d{1,12})-1\]/.exec(prefix);
  if (lineNo) fields.sessionLine = Number(lineNo[1]);
  for (const m of prefix.matchAll(/\b(user|db|app|client)=([^,\s]{0,128})/g)) {
    if (m[2] !== '' && m[2] !== '[unknown]') fields[m[1] === 'db' ? 'database' : m[1]] = m[2];
  }
  // `%u@%d` (Debian, RDS): the token with one @, not inside brackets.
  const userDb = /(?:^|[\s:])([^\s:@[\]]{1,63})@([^\s:@[\]]{1,63})(?=[\s:]|$)/.exec(prefix);
  if (userDb) {
    fields.user = userDb[1];
    fields.database = userDb[2];
  }
  const rdsClient = /^:([^\s:()]{1,64})\((\d{1,5})\):/.exec(prefix);
  if (rdsClient) fields.client = rdsClient[1];
}

function parsePostgres(line: string): ParsedLine | null {
  const c = line.charCodeAt(0);
  if (c === 0x09 /* \t */ || (c === 0x20 && line.trim() !== '')) {
    // Statement text continued on the next lines (log_statement, STATEMENT: with newlines), and the further lines
    // of a DETAIL (a deadlock's "Process … waits for …"), tab-indented as PostgreSQL writes them or space-indented
    // where a collector, an editor or a copy from a terminal turned the tab into spaces.
    return { program: 'postgres', message: line, continuation: true };
  }
  if (c < 0x30 || c > 0x39) {
    // No prefix at all: the pre-10 default (log_line_prefix = '').
    const bare =
      /^(LOG|ERROR|FATAL|PANIC|WARNING|NOTICE|INFO|DETAIL|HINT|QUERY|CONTEXT|STATEMENT|LOCATION): {2}(.*)$/.exec(line);
    if (!bare) return null;
    return withSeverity({ program: 'postgres', message: bare[2] }, bare[1]);
  }
  const m = STAMP_RE.exec(line);
  if (!m) return null;
  const ts: LocalTime = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6]),
  };
  if (!validTime(ts)) return null;
  const ms = msFromFraction(m[7]);
  if (ms !== undefined) ts.ms = ms;
  const fields: Record<string, string | number> = {};
  if (m[8] !== undefined) {
    const zone = m[8];
    const offset = zone[0] === '+' || zone[0] === '-' ? offsetFromText(zone) : ZONE_ABBREVIATIONS[zone];
    if (offset !== undefined) ts.offsetMinutes = offset;
    else fields.zone = zone;
  }
  const rest = line.slice(m[0].length);
  const sev = SEVERITY_RE.exec(rest);
  if (!sev) return null;
  const sevStart = sev.index + sev[0].length - sev[1].length - 3;
  const parsed: ParsedLine = { ts, program: 'postgres', message: rest.slice(sev.index + sev[0].length) };
  prefixFields(rest.slice(0, sevStart), parsed, fields);
  if (Object.keys(fields).length > 0) parsed.fields = fields;
  return withSeverity(parsed, sev[1]);
}

function withSeverity(parsed: ParsedLine, severity: string): ParsedLine {
  if (CONTINUATION_SEVERITIES.has(severity)) parsed.continuation = true;
  else parsed.level = LEVELS[severity];
  parsed.fields = { ...parsed.fields, severity };
  return parsed;
}

function detectPostgres(sample: string[], path: string): number {
  let seen = 0;
  let hits = 0;
  for (const line of sample) {
    if (!line.trim()) continue;
    seen++;
    const parsed = parsePostgres(line);
    if (parsed?.fields?.severity !== undefined) hits++;
    else if (parsed) seen--; // tab-indented statement text: any format's indented line, neutral
  }
  if (seen <= 0 || hits === 0) return 0;
  return Math.min(1, (hits / seen) * 0.97 + (/postgres|pgsql|\bpg/i.test(path) ? 0.03 : 0));
}

export const postgresLog: LogFormat = {
  behaviour: {
    database: true,
    time: 'wall',
    multiline: true,
    requests: false,
    process: () => ({ source: 'postgres-log' }),
    // Every prefixed line states its severity, which the scanner reads: no literal is needed.
    notableHints: [],
    scan: postgresScanner(ZONE_ABBREVIATIONS),
  },
  id: 'postgres-log',
  detect: detectPostgres,
  parse: parsePostgres,
  samples: [
    '2022-07-11 14:02:17.123 UTC [1234] LOG:  checkpoint starting: time',
    '2022-07-11 14:02:17.456 UTC [1187] LOG:  database system is ready to accept connections',
    '2022-07-11 14:02:18.001 UTC [4242] app@appdb FATAL:  sorry, too many clients already',
    '2022-07-11 14:02:19.311 UTC [4250] app@appdb FATAL:  terminating connection due to idle-in-transaction timeout',
    '2022-07-11 14:02:20.917 UTC [4251] app@appdb ERROR:  canceling statement due to statement timeout',
    '2022-07-11 14:02:20.917 UTC [4251] app@appdb STATEMENT:  SELECT * FROM inventories WHERE id = $1 FOR UPDATE',
    '2022-07-11 14:02:17 EST [2210]: [3-1] user=app,db=appdb,app=psql,client=10.0.0.5 LOG:  connection authorized: user=app database=appdb',
    '2022-07-11 14:02:21 CEST [2211]: [7-1] user=app,db=appdb,app=[unknown],client=10.0.0.5 ERROR:  deadlock detected',
    '2022-07-11 14:02:21 CEST [2211]: [8-1] user=app,db=appdb,app=[unknown],client=10.0.0.5 DETAIL:  Process 2211 waits for ShareLock on transaction 8812; blocked by process 2205.',
    '2022-07-11 14:02:22 UTC:10.0.0.5(52514):app@appdb:[4260]:FATAL:  remaining connection slots are reserved for non-replication superuser connections',
    '2022-07-11 14:02:23.500 +03 [1234] WARNING:  could not write temporary statistics file "pg_stat_tmp/global.tmp": No space left on device',
    '2022-07-11 14:02:24.001 UTC [1234] HINT:  Check free disk space.',
    '2022-07-11 14:02:25.000 UTC [1] PANIC:  could not write to file "pg_wal/xlogtemp.1": No space left on device',
  ],
};
