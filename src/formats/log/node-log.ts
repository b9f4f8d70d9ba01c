// Node.js stdout/stderr as a process manager or a shell redirect captures it: free text, usually without a stamp.
// What gives it structure is what Node itself prints:
//
//   RangeError: Invalid string length                               an error headline (name, optional [CODE])
//       at JSON.stringify (<anonymous>)                             stack frames: continuation lines
//       at stringify (/srv/app/node_modules/express/lib/response.js:1128:12)
//   Error: read ECONNRESET                                          errno in the message → fields.errno
//       at TCP.onStreamRead (node:internal/stream_base_commons:217:20) {
//     errno: -104,                                                  util.inspect of the error's own properties
//     code: 'ECONNRESET',
//     syscall: 'read'
//   }
//   (node:1234) UnhandledPromiseRejectionWarning: Error: …          process warnings (pid, warning name, DEP code)
//   (Use `node --trace-warnings ...` to show where the warning was created)
//   <--- Last few GCs --->                                          V8's OOM report, then FATAL ERROR and frames
//   [1234:0x5e1c6d0]   123456 ms: Mark-sweep 2045.6 (2083.9) -> 2044.9 (2084.4) MB, …
//   FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory
//    1: 0xa389b0 node::Abort() [node]
//   Node.js v18.12.0                                                printed after an uncaught exception (v17+)
//
// `You have triggered an unhandledRejection, …:` is written by PM2's ProcessContainer (lib/ProcessContainer.js)
// with the error's stack on the next lines; the headline there starts its own record, right after it.
// Continuation lines carry `continuation: true` so the timeline joins them to the record above. A logger may add
// a stamp (`2022-07-11T14:02:17.123Z …`, `[2022-07-11 14:02:17] …`) and a level word; both are read when present.
import type { Level, ParsedLine } from '../../model/event.js';
import { appProcess, nodeSegments } from './app-name.js';
import { PARSE_SHARE } from './detect-share.js';
import { scanNodeLog } from './node-scan.js';
import { parseIsoStamp } from './syslog.js';
import type { LogFormat } from './types.js';

const ERROR_HEADLINE_RE =
  /^(?:Uncaught )?([A-Z][A-Za-z0-9_$]{0,63}(?:Error|Exception)|Error)(?: \[([A-Z0-9_]{1,64})\])?: (.*)$/;
/** `read ECONNRESET`, `EMFILE: too many open files`, `connect ECONNREFUSED 127.0.0.1:6379` */
const ERRNO_RE = /^(?:[a-z]{1,16} )?(E[A-Z][A-Z0-9_]{2,20})\b/;
const PROCESS_WARNING_RE = /^\(node:(\d+)\) (?:\[([A-Z]{2,8}\d{1,6})\] )?([A-Za-z]{0,64}Warning|Warning): ?(.*)$/;
const GC_TRACE_RE = /^\[(\d+):0x[0-9a-f]{1,16}\] +\d/;
const CLOSING_RE = /^[}\]][\]}),;]*$/;
const CARET_RE = /^ *\^+ *$/;
const NODE_VERSION_FOOTER_RE = /^Node\.js v\d{1,3}\.\d{1,3}\.\d{1,3}$/;
const TRACE_WARNINGS_HINT = '(Use `node --trace-warnings ...` to show where the warning was created)';
/** V8 indents frames with four spaces (Java uses a tab, which must not count as Node). */
const STACK_FRAME_RE = /^ {4}at \S/;

const LEVEL_WORDS: Record<string, Level> = {
  trace: 'debug',
  debug: 'debug',
  info: 'info',
  notice: 'notice',
  warn: 'warning',
  warning: 'warning',
  error: 'error',
  err: 'error',
  fatal: 'critical',
  crit: 'critical',
  critical: 'critical',
};
const LEVEL_WORD_RE = /^\[?(trace|debug|info|notice|warn|warning|error|err|fatal|crit|critical)\]?:? /i;

/**
 * Reads what Node prints into `parsed` (message already set, without any stamp): continuation, warnings,
 * error names and errno. Shared with the PM2 format, whose out/err files are Node's stdout/stderr.
 */
export function withNodeDetails(parsed: ParsedLine): ParsedLine {
  const text = parsed.message;
  const first = text.charCodeAt(0);
  if (first === 0x20 || first === 0x09) {
    parsed.continuation = true;
    return parsed;
  }
  if (
    CLOSING_RE.test(text) ||
    CARET_RE.test(text) ||
    NODE_VERSION_FOOTER_RE.test(text) ||
    text === TRACE_WARNINGS_HINT ||
    text === '<--- JS stacktrace --->'
  ) {
    parsed.continuation = true;
    return parsed;
  }
  const gc = GC_TRACE_RE.exec(text);
  if (gc) {
    parsed.continuation = true;
    parsed.pid = Number(gc[1]);
    return parsed;
  }
  if (first === 0x28 /* ( */) {
    const warning = PROCESS_WARNING_RE.exec(text);
    if (warning) {
      parsed.pid = Number(warning[1]);
      // Process warnings are the one place Node states a level.
      parsed.level = 'warning';
      parsed.fields = { ...parsed.fields, warning: warning[3] };
      if (warning[2]) parsed.fields.code = warning[2];
      return parsed;
    }
  }
  if (text.startsWith('FATAL ERROR: ')) {
    parsed.level = 'critical';
    return parsed;
  }
  const headline = ERROR_HEADLINE_RE.exec(text);
  if (headline) {
    const fields: Record<string, string | number> = { ...parsed.fields, errorName: headline[1] };
    if (headline[2]) fields.code = headline[2];
    const errno = ERRNO_RE.exec(headline[3]);
    if (errno) fields.errno = errno[1];
    parsed.fields = fields;
  }
  return parsed;
}

/** `2022-07-11T14:02:17.123Z msg` or `[2022-07-11 14:02:17] msg`, then an optional level word. */
function withLoggerPrefix(parsed: ParsedLine): ParsedLine {
  let text = parsed.message;
  const bracketed = text[0] === '[';
  const stamp = parseIsoStamp(bracketed ? text.slice(1) : text);
  if (!stamp) return parsed;
  let end = stamp.end + (bracketed ? 1 : 0);
  if (bracketed) {
    if (text[end] !== ']') return parsed;
    end++;
  }
  if (text[end] !== ' ' && end !== text.length) return parsed;
  parsed.ts = stamp.ts;
  text = text.slice(end + 1);
  const level = LEVEL_WORD_RE.exec(text);
  if (level) {
    parsed.level = LEVEL_WORDS[level[1].toLowerCase()];
    text = text.slice(level[0].length);
  }
  parsed.message = text;
  return parsed;
}

function parseNode(line: string): ParsedLine | null {
  if (line.trim() === '') return null;
  const parsed = withLoggerPrefix({ message: line });
  const level = parsed.level;
  withNodeDetails(parsed);
  if (level) parsed.level = level;
  return parsed;
}

/** Lines only Node prints: they tell a Node log from any other text. */
export function isNodeMarker(line: string): boolean {
  return (
    STACK_FRAME_RE.test(line) ||
    ERROR_HEADLINE_RE.test(line) ||
    PROCESS_WARNING_RE.test(line) ||
    line.startsWith('FATAL ERROR: ') ||
    line.startsWith('<--- Last few GCs --->') ||
    line.startsWith('You have triggered an unhandledRejection') ||
    GC_TRACE_RE.test(line)
  );
}

/** V8's fatal report: native frames (` 9: 0xd3607f node::…`, `10: 0x18abb83 …`), its header, a GC trace line. */
const V8_REPORT_RE =
  /^(?: ?\d{1,3}: 0x[0-9a-f]{1,16} |----- Native stack trace -----$|\S{0,8}\[\d{1,10}:0x[0-9a-f]{1,16}\] +\d)/;

/**
 * By content only: the share of lines Node shaped — its own lines (markers), the continuations of its records
 * (frames, util.inspect bodies) and lines a logger stamped — must reach PARSE_SHARE, with at least one marker;
 * one `Error:` line in someone else's text is not a Node log.
 */
function detectNode(sample: string[], path: string): number {
  let seen = 0;
  let markers = 0;
  let shaped = 0;
  for (const line of sample) {
    if (!line.trim()) continue;
    seen++;
    if (isNodeMarker(line)) {
      markers++;
      shaped++;
      continue;
    }
    const parsed = parseNode(line);
    if (parsed?.continuation || parsed?.ts !== undefined || parsed?.pid !== undefined || V8_REPORT_RE.test(line))
      shaped++;
  }
  if (seen === 0 || markers === 0) return 0;
  const share = shaped / seen;
  if (share < PARSE_SHARE) return share * 0.5;
  // Node output is mostly the app's own text; a stack-trace file scores most. Capped at 0.9 so structured formats
  // (JSON lines, PM2 prefixes) that also carry these lines win. The name only breaks ties.
  const pathHint = /\.(js|node|ts)?(-|_|\.)?(err|error|out|stderr|stdout)?\.log$|node|app\.log$/.test(path) ? 0.05 : 0;
  return Math.min(0.9, 0.55 + Math.min(1, (markers / seen) * 3) * 0.3 + pathHint);
}

export const nodeLog: LogFormat = {
  behaviour: {
    time: 'optional',
    multiline: true,
    requests: false,
    process: appProcess,
    // The levels Node and a logger's level word state are in the scanner's facts; PM2's daemon lines (a level,
    // restart events) go to the parser.
    notableHints: [],
    scan: scanNodeLog,
    segments: nodeSegments,
  },
  id: 'node-log',
  detect: detectNode,
  parse: parseNode,
  samples: [
    // Seed 002, ob_api_server_error.log
    'You have triggered an unhandledRejection, you may have forgotten to catch a Promise rejection:',
    'RangeError: Invalid string length',
    '    at JSON.stringify (<anonymous>)',
    '    at stringify (/var/lib/jenkins/workspace/dev_backend/node_modules/express/lib/response.js:1128:12)',
    '    at processTicksAndRejections (node:internal/process/task_queues:96:5)',
    '(node:23512) UnhandledPromiseRejectionWarning: KnexTimeoutError: Knex: Timeout acquiring a connection. The pool is probably full. Are you missing a .transacting(trx) call?',
    '(node:23512) MaxListenersExceededWarning: Possible EventEmitter memory leak detected. 11 error listeners added to [Socket]. Use emitter.setMaxListeners() to increase limit',
    '(node:23512) [DEP0005] DeprecationWarning: Buffer() is deprecated due to security and usability issues. Please use the Buffer.alloc(), Buffer.allocUnsafe(), or Buffer.from() methods instead.',
    '<--- Last few GCs --->',
    '[23512:0x5e1c6d0]   812345 ms: Mark-sweep 2045.6 (2083.9) -> 2044.9 (2084.4) MB, 1523.4 / 0.0 ms  (average mu = 0.105, current mu = 0.005) allocation failure scavenge might not succeed',
    '<--- JS stacktrace --->',
    'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
    ' 1: 0xa389b0 node::Abort() [node]',
    "Error: EMFILE: too many open files, open '/srv/app/uploads/tmp-1657548137123'",
    'Error: socket hang up',
    'Error: read ECONNRESET',
    "    code: 'ECONNRESET'",
    '}',
    'KnexTimeoutError: Knex: Timeout acquiring a connection. The pool is probably full. Are you missing a .transacting(trx) call?',
    'ReplyError: MISCONF Redis is configured to save RDB snapshots, but it is currently not able to persist on disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.',
    'Node.js v18.12.0',
    '2022-07-11T14:02:17.123Z error: Unhandled error in GET /v1/inventory/get',
    '[2022-07-11 14:02:17] WARN: slow query on inventories (2312 ms)',
  ],
};
