// MySQL / MariaDB / Percona slow query log (`slow_query_log_file`, FILE output):
//
//   /usr/sbin/mysqld, Version: 5.7.12-log (MySQL Community Server (GPL)). started with:   ← at start and FLUSH LOGS
//   Tcp port: 3306  Unix socket: /var/lib/mysql/mysql.sock
//   Time                 Id Command    Argument
//   # Time: 2018-04-21T10:31:32.682386Z                      ← 5.7+ (UTC, or an offset with log_timestamps=SYSTEM)
//   # Time: 071015 21:43:52                                   ← ≤ 5.6 and MariaDB (local, hour space-padded)
//   # User@Host: root[root] @ localhost []  Id:  9399
//   # Query_time: 10.000248  Lock_time: 0.000000 Rows_sent: 1  Rows_examined: 0
//   SET timestamp=1524306692;
//   select sleep(10) as a, 1 as b;
//
// A record is one query: it starts at `# Time:`, and every other line (User@Host, the statistics, SET, the SQL,
// which may span lines and hold anything) continues it. Per-line parsing cannot see whether a `# User@Host:` line
// follows a `# Time:` line, so it is always a continuation: MySQL ≤ 5.6 and MariaDB write `# Time:` only when
// the second changes, and the queries of one second then join the record of the first (same time, one event).
// The `# Query_time:` line carries the statistics in its own fields (queryTime, lockTime, rowsSent, rowsExamined).
import type { LocalTime, ParsedLine } from '../../model/event.js';
import { parseIsoStamp, validTime } from './syslog.js';
import type { LogFormat } from './types.js';

const HEADER_RE = /^\/\S{1,200}, Version: (\S{1,100}) .{0,200}started with:$/;
const ISO_TIME_RE = /^# Time: (\d{4}-\d{2}-\d{2}T\S{8,40})$/;
const OLD_TIME_RE = /^# Time: (\d{2})(\d{2})(\d{2}) {1,2}(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/;
const STATS_RE =
  /^# Query_time: (\d{1,9}(?:\.\d{1,9})?) {1,2}Lock_time: (\d{1,9}(?:\.\d{1,9})?) {1,2}Rows_sent: (\d{1,15}) {1,2}Rows_examined: (\d{1,15})/;
/** A MySQL error-log record (`2022-07-11T13:59:00.000000Z 0 [System] …`): never SQL text of a slow log. */
const ERROR_LOG_RE = /^\d{4}-\d{2}-\d{2}[T ] ?\d{1,2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2})? {1,2}\d{1,20} \[/;

function oldTime(m: RegExpExecArray): LocalTime | null {
  const ts: LocalTime = {
    year: 2000 + Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6]),
  };
  if (!validTime(ts)) return null;
  if (m[7] !== undefined) ts.ms = Number(m[7].slice(0, 3).padEnd(3, '0'));
  return ts;
}

function continuation(line: string): ParsedLine {
  const stats = STATS_RE.exec(line);
  if (!stats) return { program: 'mysqld', message: line, continuation: true };
  return {
    program: 'mysqld',
    message: line,
    continuation: true,
    fields: {
      queryTime: Number(stats[1]),
      lockTime: Number(stats[2]),
      rowsSent: Number(stats[3]),
      rowsExamined: Number(stats[4]),
    },
  };
}

function parseSlow(line: string): ParsedLine | null {
  if (line.trim() === '') return null;
  if (line.startsWith('# Time: ')) {
    const iso = ISO_TIME_RE.exec(line);
    const stamp = iso ? parseIsoStamp(iso[1], true) : null;
    if (stamp && stamp.end === iso![1].length) return { ts: stamp.ts, program: 'mysqld', message: line };
    const old = OLD_TIME_RE.exec(line);
    const ts = old ? oldTime(old) : null;
    return ts ? { ts, program: 'mysqld', message: line } : null;
  }
  const header = line[0] === '/' ? HEADER_RE.exec(line) : null;
  if (header) return { program: 'mysqld', level: 'notice', message: line, fields: { version: header[1] } };
  if (ERROR_LOG_RE.test(line)) return null;
  return continuation(line);
}

function detectSlow(sample: string[]): number {
  let seen = 0;
  let parsed = 0;
  let stats = 0;
  let structure = 0;
  for (const line of sample) {
    if (!line.trim()) continue;
    seen++;
    const p = parseSlow(line);
    if (!p) continue;
    parsed++;
    if (p.fields?.queryTime !== undefined) stats++;
    if (line.startsWith('# ') || line.startsWith('SET timestamp=') || p.fields?.version !== undefined) structure++;
  }
  // Every text is a continuation here, so the file must show the log's own skeleton: statistics lines, and
  // header lines making up a good part of it (a query is 3–6 `#` lines and a few lines of SQL).
  if (seen === 0 || stats === 0 || parsed / seen < 0.9 || structure / seen < 0.35) return 0;
  return (parsed / seen) * 0.97;
}

export const mysqlSlow: LogFormat = {
  behaviour: {
    database: true,
    time: 'wall',
    multiline: true,
    requests: false,
    process: () => ({ source: 'mysql-slow' }),
    notableHints: [],
  },
  id: 'mysql-slow',
  detect: detectSlow,
  parse: parseSlow,
  samples: [
    // tstack/lnav test/logfile_mysql_slow.0 (MySQL 5.7/8.0 with Percona extras)
    '# Time: 2021-01-26T23:45:57.678222Z',
    '# User@Host: owncloud[owncloud] @ localhost []  Id:     2',
    '# Query_time: 0.011853  Lock_time: 0.011542  Rows_sent: 268  Rows_examined: 268  Rows_affected: 0',
    'SET timestamp=1611704757;',
    'SELECT * FROM `oc_appconfig`;',
    // percona/go-mysql test/slow-logs/mariadb108-with-tab.log (MariaDB 10.8) and slow025.log (MySQL 5.0)
    '/usr/sbin/mariadbd, Version: 10.8.3-MariaDB (MariaDB Server). started with:',
    '# Time: 220813 12:04:19',
    '# Query_time: 15.000337  Lock_time: 0.000000  Rows_sent: 1  Rows_examined: 0',
    '# Time: 071015 21:43:52',
  ],
};
