// MySQL / MariaDB server error log (log_error):
//
//   2022-07-11T14:02:17.123456Z 123 [Warning] [MY-010055] [Server] IP address '10.0.0.5' could not be resolved: …
//       MySQL 8.0: stamp (log_timestamps=UTC by default → `Z`; SYSTEM → `+02:00`), thread, [prio], [err_code], [subsystem]
//   2022-07-11T14:02:17.123456Z 123 [Note] Aborted connection 123 to db: 'app' user: 'app' host: '10.0.0.5' (…)
//       MySQL 5.7 (same stamp, no code or subsystem)
//   2022-07-11 14:02:17 123 [Warning] Aborted connection 123 to db: 'app' user: 'app' host: '127.0.0.1' (Got an …)
//   2022-07-11 14:02:17 0 [Note] InnoDB: Buffer pool(s) load completed at 220711 14:02:17
//       MariaDB 10.x and MySQL 5.6 (local time, no zone; MariaDB 10.1+ always writes the thread id)
//   2022-10-13  7:10:50 1924131 [Warning] Aborted connection 1924131 to db: …
//       MariaDB 10.1+ before 10:00 (hour padded with a space, as its `%2d` writes it)
//   220711 14:02:17 [Note] /usr/sbin/mysqld: ready for connections.
//   220711  9:02:17  InnoDB: Completed initialization of buffer pool
//       MySQL ≤ 5.5 / MariaDB ≤ 10.0 (YYMMDD, hour padded with a space; InnoDB lines without a level)
//   220711 14:02:17 mysqld_safe Starting mysqld daemon with databases from /var/lib/mysql
//
// Client errors an application prints (`ER_CON_COUNT_ERROR: Too many connections`, `Error: 2013 Lost connection …`)
// are not this format: they have none of these stamps.
import type { Level, LocalTime, ParsedLine } from '../../model/event.js';
import { scanMysqlLog } from './mysql-log-scan.js';
import { msFromFraction, offsetFromText, validTime } from './syslog.js';
import type { LogFormat } from './types.js';

// MariaDB ≥ 10.1 pads the hour with a space (`%2d`): `2022-10-13  7:10:50`; the `T` form always has two digits.
const MODERN_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2})| ([ \d]\d)):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(Z|[+-]\d{2}:\d{2})? +(?:(\d{1,20}) +)?([\s\S]*)$/;
const LEGACY_RE = /^(\d{2})(\d{2})(\d{2}) ([ \d]\d):(\d{2}):(\d{2}) +([\s\S]*)$/;
const LEVEL_RE = /^\[(Note|Warning|ERROR|Error|System|Info)\] (?:\[(MY-\d{6})\] \[([A-Za-z]{1,32})\] )?(.*)$/;
const MYSQLD_SAFE_RE = /^mysqld_safe (.*)$/;

const LEVELS: Record<string, Level> = {
  Note: 'info',
  Info: 'info',
  System: 'info',
  Warning: 'warning',
  ERROR: 'error',
  Error: 'error',
};

/** The part after stamp and thread: `[Level] [MY-…] [Subsystem] msg`, `mysqld_safe msg`, or `InnoDB: msg`. */
function body(ts: LocalTime, thread: string | undefined, rest: string): ParsedLine | null {
  const parsed: ParsedLine = { ts, program: 'mysqld', message: rest };
  const fields: Record<string, string | number> = {};
  if (thread !== undefined) fields.thread = Number(thread);
  const level = LEVEL_RE.exec(rest);
  if (level) {
    parsed.level = LEVELS[level[1]];
    if (level[2]) fields.errorCode = level[2];
    if (level[3]) fields.subsystem = level[3];
    parsed.message = level[4];
  } else {
    const safe = MYSQLD_SAFE_RE.exec(rest);
    if (safe) {
      parsed.program = 'mysqld_safe';
      parsed.message = safe[1];
    } else if (!/^InnoDB: /.test(rest) || thread !== undefined) {
      // Without a level only the InnoDB engine writes directly (5.5 and older).
      return null;
    }
  }
  if (Object.keys(fields).length > 0) parsed.fields = fields;
  return parsed;
}

function parseMysql(line: string): ParsedLine | null {
  const c = line.charCodeAt(0);
  if (c < 0x30 || c > 0x39) {
    // MariaDB prints the server version on its own line after "ready for connections."
    return line.startsWith("Version: '") ? { program: 'mysqld', message: line, continuation: true } : null;
  }
  if (line[4] === '-') {
    const m = MODERN_RE.exec(line);
    if (!m) return null;
    const ts: LocalTime = {
      year: Number(m[1]),
      month: Number(m[2]),
      day: Number(m[3]),
      hour: Number((m[4] ?? m[5]).trim()),
      minute: Number(m[6]),
      second: Number(m[7]),
    };
    if (!validTime(ts)) return null;
    const ms = msFromFraction(m[8]);
    if (ms !== undefined) ts.ms = ms;
    const offset = offsetFromText(m[9]);
    if (offset !== undefined) ts.offsetMinutes = offset;
    return body(ts, m[10], m[11]);
  }
  const m = LEGACY_RE.exec(line);
  if (!m) return null;
  const ts: LocalTime = {
    // YYMMDD: two-digit years are this century (the format predates 2000-era servers still running).
    year: 2000 + Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4].trim()),
    minute: Number(m[5]),
    second: Number(m[6]),
  };
  if (!validTime(ts)) return null;
  return body(ts, undefined, m[7].trimStart());
}

function detectMysql(sample: string[], path: string): number {
  let seen = 0;
  let hits = 0;
  for (const line of sample) {
    if (!line.trim()) continue;
    seen++;
    const parsed = parseMysql(line);
    if (parsed?.ts) hits++;
    else if (parsed?.continuation) seen--;
  }
  if (seen <= 0 || hits === 0) return 0;
  return Math.min(1, (hits / seen) * 0.97 + (/mysql|mariadb|\.err$/i.test(path) ? 0.03 : 0));
}

export const mysqlLog: LogFormat = {
  behaviour: {
    time: 'wall',
    multiline: true,
    requests: false,
    process: () => ({ source: 'mysql-log' }),
    // Every line the scanner answers for states its level: no literal is needed.
    notableHints: [],
    scan: scanMysqlLog,
  },
  id: 'mysql-log',
  detect: detectMysql,
  parse: parseMysql,
  samples: [
    "2022-07-11T14:02:17.123456Z 123 [Warning] [MY-010055] [Server] IP address '10.0.0.5' could not be resolved: Name or service not known",
    "2022-07-11T14:05:40.004133Z 88 [Note] [MY-010914] [Server] Aborted connection 88 to db: 'app' user: 'app' host: '10.0.0.5' (Got an error reading communication packets).",
    "2022-07-11T14:19:33.512387Z 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '8.0.29'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL.",
    '2022-07-11T14:19:31.901245+02:00 1 [ERROR] [MY-012574] [InnoDB] Unable to lock ./ibdata1 error: 11',
    "2022-07-11T14:02:17.123456Z 4312 [Note] Aborted connection 4312 to db: 'app' user: 'app' host: '10.0.0.5' (Got timeout reading communication packets)",
    // MariaDB 10.x (seed 001: Galera behind HAProxy)
    "2022-07-11 14:02:17 123 [Warning] Aborted connection 123 to db: 'app' user: 'app' host: '127.0.0.1' (Got an error reading communication packets)",
    '2022-07-11 14:02:18 0 [Note] InnoDB: Buffer pool(s) load completed at 220711 14:02:18',
    '2022-07-11 14:02:19 0 [Note] /usr/sbin/mysqld: ready for connections.',
    '2022-07-11 14:03:02 0 [Warning] Too many connections',
    '2022-07-11 14:03:05 0 [ERROR] mysqld: Out of memory (Needed 2097152 bytes)',
    '220711 14:02:17 [Note] /usr/sbin/mysqld: ready for connections.',
    '220711  9:02:17  InnoDB: Completed initialization of buffer pool',
    '220711 14:02:17 mysqld_safe Starting mysqld daemon with databases from /var/lib/mysql',
  ],
};
