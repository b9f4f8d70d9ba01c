// Monolog's LineFormatter, as Laravel (storage/logs/laravel.log) and Symfony (var/log/prod.log) write it:
//
//   [2024-02-04 19:22:11] production.ERROR: SQLSTATE[HY000] [2002] Connection refused (…) {"exception":"[object] (…)"} []
//   [stacktrace]
//   #0 /var/www/html/vendor/laravel/framework/src/Illuminate/Database/Connection.php(983): …
//   #38 {main}
//   "}
//       Laravel ≥ 5.6: `[%datetime%] %channel%.%level_name%: %message% %context% %extra%`, the trace in the context
//   [2016-03-31 14:08:25] production.ERROR: exception 'PDOException' with message '…' in /…/Connector.php:47
//   Stack trace:
//       Laravel ≤ 5.5: PHP's own exception text
//   [2024-03-05T10:12:01.123456+01:00] request.CRITICAL: Uncaught PHP Exception …     Symfony / Monolog ≥ 2
//
// The stamp is zone-less in Laravel's format (`Y-m-d H:i:s`, local time) and carries an offset in Monolog's
// default. Trace lines are continuations of the record above.
import type { Level, ParsedLine } from '../../model/event.js';
import { scoreByShare, shareOf } from './detect-share.js';
import { parseIsoStamp } from './syslog.js';
import type { LogFormat } from './types.js';

const HEAD_RE =
  /^\[([\d:T .+-]{19,40})\] ([\w-]{1,64})\.(DEBUG|INFO|NOTICE|WARNING|ERROR|CRITICAL|ALERT|EMERGENCY): (.*)$/;
/** Lines of a PHP trace in a Monolog record (Laravel's `[stacktrace]` context or PHP's `Stack trace:`). */
const TRACE_RE =
  /^(?:#\d{1,4} |\[stacktrace\]$|\[previous exception\] |Stack trace:$|Next [\w\\]{1,200}(?:: | in )|"\}\s*$|\{main\}$|\s+\S)/;
const EXCEPTION_RE = /\[object\] \(([\w\\]{1,200})\(code: ([\w-]{1,20})\)/;
const OLD_EXCEPTION_RE = /^exception '([\w\\]{1,200})'/;

const LEVELS: Record<string, Level> = {
  DEBUG: 'debug',
  INFO: 'info',
  NOTICE: 'notice',
  WARNING: 'warning',
  ERROR: 'error',
  CRITICAL: 'critical',
  ALERT: 'critical',
  EMERGENCY: 'critical',
};

function parseMonolog(line: string): ParsedLine | null {
  if (line[0] !== '[' || line[1] < '0' || line[1] > '9') {
    return TRACE_RE.test(line) ? { message: line.trim(), continuation: true } : null;
  }
  const m = HEAD_RE.exec(line);
  if (!m) return TRACE_RE.test(line) ? { message: line.trim(), continuation: true } : null;
  const stamp = parseIsoStamp(m[1]);
  if (!stamp || stamp.end !== m[1].length) return null;
  const parsed: ParsedLine = { ts: stamp.ts, level: LEVELS[m[3]], program: m[2], message: m[4] };
  const fields: Record<string, string | number> = { channel: m[2] };
  const ex = EXCEPTION_RE.exec(m[4]) ?? OLD_EXCEPTION_RE.exec(m[4]);
  if (ex) {
    fields.exception = ex[1];
    if (ex[2] !== undefined) fields.code = ex[2];
  }
  parsed.fields = fields;
  return parsed;
}

function detectMonolog(sample: string[], path: string): number {
  const hint = /laravel|symfony|monolog|prod\.log|dev\.log/i.test(path) ? 0.02 : 0;
  return scoreByShare(shareOf(sample, parseMonolog), 0.97, hint);
}

export const monolog: LogFormat = {
  behaviour: {
    time: 'wall',
    multiline: true,
    requests: false,
    process: (path) => ({ source: /laravel/i.test(path) ? 'laravel' : 'monolog' }),
    notableHints: ['.ERROR: ', '.CRITICAL: ', '.ALERT: ', '.EMERGENCY: '],
  },
  id: 'monolog',
  detect: detectMonolog,
  parse: parseMonolog,
  samples: [
    // bmlt-enabled/bmlt-server#1425 (Laravel 11)
    "[2025-12-25 20:14:02] production.ERROR: SQLSTATE[HY000] [2002] Connection refused (Connection: mysql, SQL: select exists (select 1 from information_schema.tables where table_schema = schema() and table_name = 'na_migrations' and table_type in ('BASE TABLE', 'SYSTEM VERSIONED')) as `exists`) {\"exception\":\"[object] (Illuminate\\\\Database\\\\QueryException(code: 2002): SQLSTATE[HY000] [2002] Connection refused (Connection: mysql, SQL: select exists (select 1 from information_schema.tables where table_schema = schema() and table_name = 'na_migrations' and table_type in ('BASE TABLE', 'SYSTEM VERSIONED')) as `exists`) at /homepages/4/d330097172/htdocs/BMLT/new_main_server/vendor/laravel/framework/src/Illuminate/Database/Connection.php:824)",
    '[stacktrace]',
    '#0 /homepages/4/d330097172/htdocs/BMLT/new_main_server/vendor/laravel/framework/src/Illuminate/Database/Connection.php(978): Illuminate\\\\Database\\\\Connection->runQueryCallback()',
    // ftbastler/BoNeMEAL#79 (Laravel 5.0)
    "[2016-03-31 14:08:25] production.ERROR: exception 'PDOException' with message 'SQLSTATE[HY000] [2002] Connection refused' in /home/vol4_1/my.vg/myvg_17773147/htdocs/application/vendor/laravel/framework/src/Illuminate/Database/Connectors/Connector.php:47",
    'Stack trace:',
  ],
};
