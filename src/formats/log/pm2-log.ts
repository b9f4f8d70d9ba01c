// PM2 logs: the out/err files it writes for each app (`~/.pm2/logs/<app>-out.log`, `<app>-error.log`, or the
// `out_file`/`error_file` the ecosystem file names), the daemon's own `~/.pm2/pm2.log`, and `pm2 logs` output.
//
//   GET /v1/me/tenant                                       no prefix: placed by the timeline from neighbours
//   2022-07-11T14:02:17: GET /v1/me/tenant                  `log_date_format` / `--time` ('YYYY-MM-DDTHH:mm:ss')
//   2022-07-11 14:02:17 +00:00: GET /v1/me/tenant           'YYYY-MM-DD HH:mm:ss Z' (dayjs tokens)
//   0|api      | GET /v1/me/tenant                          `pm2 logs` (id|name padded, then ` | `)
//   2022-07-11T14:02:19: PM2 log: App [api:0] exited with code [1] via signal [SIGINT]
//
// PM2 prefixes every line with `${dayjs().format(log_date_format)}: ` (lib/God/ForkMode.js prefixLogWithDate);
// the daemon's console is prefixed `<stamp>: PM2 <method>: ` (lib/Utility.js overrideConsole) with the default
// format 'YYYY-MM-DDTHH:mm:ss' (pm2 7, lib/Common.js), local time, no zone. Daemon messages quoted here are from
// lib/God.js, lib/God/ClusterMode.js, ForkMode.js and lib/Worker.js. The app's text is Node's stdout/stderr and is
// read as such (stack frames are continuations).
import { posix } from 'node:path';
import type { Level, ParsedLine } from '../../model/event.js';
import { appProcess, nodeSegments } from './app-name.js';
import { PARSE_SHARE } from './detect-share.js';
import { isNodeMarker, withNodeDetails } from './node-log.js';
import { scanPm2Log } from './node-scan.js';
import { parseIsoStamp } from './syslog.js';
import type { LogFormat, OutputPlaces } from './types.js';

/** `0|api      | ` or `PM2        | ` as `pm2 logs` pads them (lib/API/Log.js). */
const STREAM_PREFIX_RE = /^(?:(\d{1,6})\|([^|\s]{1,128})|(PM2)) *\| (.*)$/;
/** `new Date().toISOString()` as apps print it: millisecond precision and Z. */
const JS_ISO_STAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /;
const DAEMON_RE = /^PM2 (log|info|warn|error): (.*)$/;
const APP_RE = /^App \[(.{1,128}):(\d{1,6})\] ([\s\S]*)$/;
const EXITED_RE = /^exited with code \[(-?\d+|null)\] via signal \[(\w{1,16})\]$/;
const STARTING_RE = /^starting in -(cluster|fork) mode-$/;
const MEMORY_RESTART_RE =
  /^\[PM2\]\[WORKER\] Process (\d{1,6}) restarted because it exceeds --max-memory-restart value \(current_memory=(\d+) max_memory_limit=(\d+) \[octets\]\)/;
const UNSTABLE_RE = /^Script (.{1,512}) had too many unstable restarts \((\d+)\)\. Stopped\. "(\w+)"$/;

const DAEMON_LEVELS: Record<string, Level> = { log: 'info', info: 'info', warn: 'warning', error: 'error' };

/** What the daemon says about apps: restarts, exits, memory limits. */
function withDaemonEvent(parsed: ParsedLine, text: string): ParsedLine {
  const fields: Record<string, string | number> = { ...parsed.fields };
  const app = APP_RE.exec(text);
  if (app) {
    fields.app = app[1];
    fields.instance = Number(app[2]);
    const what = app[3];
    const exited = EXITED_RE.exec(what);
    if (exited) {
      fields.pm2Event = 'exit';
      if (exited[1] !== 'null') fields.exitCode = Number(exited[1]);
      fields.signal = exited[2];
    } else if (STARTING_RE.test(what)) {
      fields.pm2Event = 'start';
      fields.execMode = STARTING_RE.exec(what)![1];
    } else if (what === 'online') {
      fields.pm2Event = 'online';
    }
  }
  const memory = MEMORY_RESTART_RE.exec(text);
  if (memory) {
    fields.pm2Event = 'memory-restart';
    fields.instance = Number(memory[1]);
    fields.memoryBytes = Number(memory[2]);
    fields.memoryLimitBytes = Number(memory[3]);
  }
  const unstable = UNSTABLE_RE.exec(text);
  if (unstable) {
    fields.pm2Event = 'errored';
    fields.script = unstable[1];
    fields.restarts = Number(unstable[2]);
  }
  parsed.fields = fields;
  return parsed;
}

/** `<stamp>: ` as dayjs writes log_date_format; the stamp must be followed by a colon and a space. */
function withTimePrefix(parsed: ParsedLine): ParsedLine {
  const text = parsed.message;
  const c = text.charCodeAt(0);
  if (c < 0x30 || c > 0x39) return parsed;
  const stamp = parseIsoStamp(text);
  if (!stamp) return parsed;
  // PM2's own log_date_format prefix ("2022-07-11T14:02:17: "), or the app's logger writing a full ISO
  // time with its zone before the message ("2022-07-11T14:02:17.123Z connection lost").
  const pm2Prefix = text[stamp.end] === ':' && (text[stamp.end + 1] === ' ' || stamp.end + 1 === text.length);
  const appStamp = text[stamp.end] === ' ' && JS_ISO_STAMP.test(text);
  if (!pm2Prefix && !appStamp) return parsed;
  parsed.ts = stamp.ts;
  parsed.message = text.slice(stamp.end + (pm2Prefix ? 2 : 1));
  return parsed;
}

function parsePm2(line: string): ParsedLine | null {
  if (line.trim() === '') return null;
  const parsed: ParsedLine = { message: line };
  const stream = STREAM_PREFIX_RE.exec(line);
  if (stream) {
    if (stream[3]) parsed.program = 'PM2';
    else parsed.fields = { app: stream[2], instance: Number(stream[1]) };
    parsed.message = stream[4];
  }
  withTimePrefix(parsed);
  const daemon = DAEMON_RE.exec(parsed.message);
  if (daemon) {
    parsed.program = 'PM2';
    parsed.level = DAEMON_LEVELS[daemon[1]];
    parsed.message = daemon[2];
    return withDaemonEvent(parsed, daemon[2]);
  }
  if (parsed.program === 'PM2') return withDaemonEvent(parsed, parsed.message);
  return withNodeDetails(parsed);
}

/**
 * The daemon's start banner (lib/Utility.js, `pm2 -v` ≥ 2): `Application log path : /home/app/.pm2/logs` and
 * `PM2 home : /home/app/.pm2` (whose `logs/` is the default folder).
 */
const LOG_PATH_RE = /^Application log path {0,8}: (\/\S{1,4096})$/;
const PM2_HOME_RE = /^PM2 home {0,16}: (\/\S{1,4096})$/;

function withoutSlash(dir: string): string {
  let end = dir.length;
  while (end > 1 && dir[end - 1] === '/') end--;
  return dir.slice(0, end);
}

/**
 * Where PM2's daemon log (at `path`, in PM2 home) says it writes the apps' output, and the apps it names
 * (`App [api:0] online`). A folder inside PM2 home is also given beside the daemon log, where the inputs hold it.
 */
function pm2OutputPlaces(head: readonly string[], path: string): OutputPlaces | undefined {
  const stated = new Set<string>();
  const apps = new Set<string>();
  let home: string | undefined;
  for (const line of head) {
    const p = parsePm2(line);
    if (p?.program !== 'PM2') continue;
    if (typeof p.fields?.app === 'string') apps.add(p.fields.app);
    const dir = LOG_PATH_RE.exec(p.message)?.[1];
    if (dir) stated.add(withoutSlash(dir));
    const h = PM2_HOME_RE.exec(p.message)?.[1];
    if (h) {
      home = withoutSlash(h);
      stated.add(`${home}/logs`);
    }
  }
  if (stated.size === 0 || apps.size === 0) return undefined;
  const dirs = [...stated];
  const here = posix.dirname(path);
  for (const d of stated)
    if (home !== undefined && d.startsWith(`${home}/`)) dirs.push(posix.join(here, d.slice(home.length + 1)));
  return { dirs, apps: [...apps] };
}

/**
 * Where PM2 writes the output of the apps an ecosystem file names, when it sets no `out_file`/`error_file`:
 * `$PM2_HOME/logs`, `~/.pm2/logs` of the user who runs it (lib/Common.js DEFAULT_LOG_PATH) — matched by the
 * folder's last two components, as the user is not known.
 */
export function pm2ConfigPlaces(apps: readonly string[], dirs: readonly string[] = []): OutputPlaces | undefined {
  return apps.length > 0 ? { dirs: ['.pm2/logs', ...dirs], apps: [...apps] } : undefined;
}

/** PM2's file names: `<app>-out.log`, `<app>-error-0.log`, `ob_api_server_out.log`, pm2-logrotate's `__<date>`. */
const PM2_PATH_RE =
  /(^|\/)\.pm2\/|(^|\/)pm2\.log|[-_](out|err|error)(-\d{1,4})?(__\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2})?\.log(\.\d{1,3})?(\.gz)?$/;

/** Where PM2 writes an app's output (its log folder, its daemon log, its file names). */
export function isPm2Location(path: string): boolean {
  return PM2_PATH_RE.test(path);
}

/** A line PM2 itself shaped: its `log_date_format` prefix (stamp, colon), `pm2 logs` columns, a daemon line. */
function pm2Shaped(line: string, parsed: ParsedLine | null): boolean {
  if (!parsed) return false;
  if (parsed.program === 'PM2' || parsed.fields?.app !== undefined) return true;
  if (parsed.ts === undefined) return false;
  // An app's own `toISOString()` stamp is any logger's shape (VMware, Windows Defender): not PM2's.
  const stamp = parseIsoStamp(line);
  return stamp !== null && line[stamp.end] === ':';
}

/**
 * By content only (the registry uses the path to break ties; untimed output is PM2's where its daemon log says so,
 * outputPlaces): PM2's own
 * prefixes, with the unprefixed continuations of a record (stack frames, Node's lines) counted as parsed.
 */
function detectPm2(sample: string[], path: string): number {
  let seen = 0;
  let prefixed = 0;
  let continued = 0;
  for (const line of sample) {
    if (!line.trim()) continue;
    seen++;
    const parsed = parsePm2(line);
    if (pm2Shaped(line, parsed)) prefixed++;
    else if (parsed?.continuation || isNodeMarker(line)) continued++;
  }
  if (seen === 0 || prefixed === 0) return 0;
  const share = (prefixed + continued) / seen;
  if (share < PARSE_SHARE) return share * 0.5;
  // A tie-break only: the same content under PM2's names is PM2's.
  return Math.min(1, share + (PM2_PATH_RE.test(path) ? 0.01 : 0));
}

export const pm2Log: LogFormat = {
  behaviour: {
    time: 'optional',
    multiline: true,
    requests: false,
    process: appProcess,
    // The levels Node and a logger's level word state are in the scanner's facts; PM2's daemon lines (a level,
    // restart events) go to the parser.
    notableHints: [],
    scan: scanPm2Log,
    segments: nodeSegments,
    outputPlaces: pm2OutputPlaces,
  },
  id: 'pm2-log',
  detect: detectPm2,
  parse: parsePm2,
  samples: [
    // Seed 002, ob_api_server_out.log (no log_date_format) and with one
    'GET /v1/me/tenant',
    '>>>> Server started…',
    '2022-07-11T14:02:17: GET /v1/me/tenant',
    '2022-07-11 14:02:19 +00:00: GET /v1/inventory/get/?id=12493',
    '2022-07-11T14:02:19.123Z: GET v1/location',
    '0|api      | GET /v1/unit_measure?page_size=500',
    '1|api      |     at processTicksAndRejections (node:internal/process/task_queues:96:5)',
    'PM2        | App [api:0] exited with code [1] via signal [SIGINT]',
    // ~/.pm2/pm2.log
    '2022-07-11T14:02:19: PM2 log: App [api:0] exited with code [1] via signal [SIGINT]',
    '2022-07-11T14:02:19: PM2 log: App [api:0] starting in -cluster mode-',
    '2022-07-11T14:02:20: PM2 log: App [api:0] online',
    '2022-07-11T15:26:54: PM2 log: [PM2][WORKER] Process 0 restarted because it exceeds --max-memory-restart value (current_memory=215478272 max_memory_limit=209715200 [octets])',
    '2022-07-11T15:55:50: PM2 log: Script /var/lib/jenkins/workspace/dev_backend/build/server.js had too many unstable restarts (16). Stopped. "errored"',
    '2022-07-11T14:02:21: PM2 error: Error: spawn ENOMEM',
  ],
};
