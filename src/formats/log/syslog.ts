// syslog as files and exports show it. Four shapes, one parser:
//
//   Jul 11 13:59:43 ip-172-31-1-2 systemd-udevd[450]: seq 26654 '/kernel/slab/…' is taking a long time
//       RFC 3164 as rsyslog's RSYSLOG_TraditionalFileFormat writes it, also `journalctl` default `short`
//       (and `short-precise`, which adds microseconds). No year, no zone.
//   2022-07-11T13:59:43.123456+00:00 ip-172-31-1-2 systemd[1]: snapd.service: Watchdog timeout (limit 5min)!
//       rsyslog's RSYSLOG_FileFormat (high-precision RFC 3339 stamp, Debian/Ubuntu since 2023).
//   2022-07-11T13:59:43+0000 ip-172-31-1-2 systemd[1]: …
//       `journalctl -o short-iso` (offset without colon; `short-iso-precise` adds microseconds).
//   <165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3"] msg
//       RFC 5424 (section 6.5 examples), as a collector or `logger --rfc5424` writes it.
//
// A `<PRI>` in front (network captures, `logger` to a file) is the one place the format states a level
// (severity = PRI % 8, RFC 5424 table 2); otherwise level is left to the signatures.
// journalctl separates boots with `-- Reboot --` (fields.boot = 1) and opens with `-- Logs begin at … --`.
// Kernel messages carried by syslog keep their `[uptime]` stamp and the `Linux version` boot banner, which the
// timeline needs to rebase uptimes, so they are read here too (`kernelDetails`, shared with the kernel format).
import type { Level, LocalTime, ParsedLine } from '../../model/event.js';
import { monthFromName } from './months.js';
import { scanSyslog } from './syslog-scan.js';
import type { LogFormat } from './types.js';

/** RFC 3339 / ISO 8601 date-time at the start of a string, as loggers write it (`T` or space, `.`/`,` fraction). */
const ISO_STAMP_RE =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?: ?(Z|[+-]\d{2}(?::?\d{2})?)(?!\w))?/;

export interface StampMatch {
  ts: LocalTime;
  /** Index just after the stamp. */
  end: number;
}

/** Minutes east of UTC from `Z`, `+0000`, `+00:00`, `-05`, or undefined. */
export function offsetFromText(text: string | undefined): number | undefined {
  if (!text) return undefined;
  if (text === 'Z' || text === 'z') return 0;
  const sign = text[0] === '-' ? -1 : 1;
  const digits = text.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length >= 4 ? Number(digits.slice(2, 4)) : 0;
  if (hours > 23 || minutes > 59) return undefined;
  return sign * (hours * 60 + minutes);
}

/** Milliseconds from a decimal fraction of a second ("123456" → 123, "5" → 500). */
export function msFromFraction(fraction: string | undefined): number | undefined {
  if (fraction === undefined) return undefined;
  return Number(fraction.slice(0, 3).padEnd(3, '0'));
}

/**
 * Parses an ISO-style stamp at the start of `text` (`2022-07-11T14:02:17.123Z`, `2022-07-11 14:02:17 +00:00`,
 * `2022-07-11T14:02:17+0000`, `2022-07-11 14:19:13,123`). `requireT`: only the RFC 3339 `T` form.
 */
export function parseIsoStamp(text: string, requireT = false): StampMatch | null {
  const m = ISO_STAMP_RE.exec(text);
  if (!m) return null;
  if (requireT && text[10] !== 'T') return null;
  const ts: LocalTime = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: m[6] === undefined ? 0 : Number(m[6]),
  };
  if (!validTime(ts)) return null;
  const ms = msFromFraction(m[7]);
  if (ms !== undefined) ts.ms = ms;
  const offset = offsetFromText(m[8]);
  if (offset !== undefined) ts.offsetMinutes = offset;
  return { ts, end: m[0].length };
}

export function validTime(ts: LocalTime): boolean {
  return (
    ts.month >= 1 &&
    ts.month <= 12 &&
    ts.day >= 1 &&
    ts.day <= 31 &&
    ts.hour <= 23 &&
    ts.minute <= 59 &&
    ts.second <= 60 // leap second
  );
}

/** RFC 5424 table 2 severities. */
const SEVERITY_LEVELS: Level[] = ['critical', 'critical', 'critical', 'error', 'warning', 'notice', 'info', 'debug'];

/**
 * RFC 3164 with the month as any short word (English, or localised by journalctl/strftime: `août`, `Mär`, `dic`),
 * the day padded with a space, a zero, or not at all (`Mar 9`, as BusyBox and some embedded syslogds write it).
 */
const RFC3164_RE =
  /^(?:<(\d{1,3})>)?([A-Za-z\u00C0-\u00FF]{3,5}\.?) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))? (\S+) ?([\s\S]*)$/;
/** RFC 3339 stamp then host: rsyslog high precision and journalctl short-iso. */
const ISO_HOST_RE = /^(?:<(\d{1,3})>)?(\d{4}-\d{2}-\d{2}T\S+) (\S+) ?([\s\S]*)$/;
const RFC5424_RE = /^<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) ?([\s\S]*)$/;
/**
 * RFC 5424's header after TIMESTAMP HOSTNAME when a relay or exporter dropped `<PRI>1` (VMware NSX, lnav's
 * `logfile_with_zones`): APP-NAME PROCID MSGID STRUCTURED-DATA (lengths of RFC 5424 section 6), then MSG.
 */
const RFC5424_TAIL_RE = /^([^\s:[\]]{1,48}) (\S{1,128}) (\S{1,32}) ((?:-(?= |$)|\[)[\s\S]*)$/;
/**
 * A level word where the host stands: an application's `<RFC 3339 time> INFO …` line, not syslog (hostnames are
 * not level words).
 */
const LEVEL_HOST_RE = /^[[(]?(?:TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|FATAL|CRIT|CRITICAL|SEVERE)[\])]?:?$/i;
/**
 * `tag[pid]: message`; a tag is a program name, possibly with a path-like part (`postfix/smtpd`). macOS's syslogd
 * writes the ASL level after it (`kernel[0] <Notice>: …`). An empty tag (`host : msg`, `host [42]: msg`) is a
 * record without a program.
 */
const TAG_RE =
  /^([^\s:[\]]{0,128})(?:\[([^\]\s]{0,32})\])?(?: <(Emergency|Alert|Critical|Error|Warning|Notice|Info|Debug)>)?: ?(.*)$/;
/** The host token is itself a tag: the line has no host (BusyBox `syslogd -S`, `logread`, macOS's repeats). */
const HOSTLESS_TAG_RE = /^[^\s:[\]]{1,128}(?:\[[^\]\s]{0,32}\])?:$/;
/** sysklogd's `last message repeated 3 times`, BSD's and macOS's `--- last message repeated 3 times ---`. */
const REPEATED_RE = /^(?:--- )?last message repeated (\d{1,9}) times?(?: ---)?$/;
const ASL_LEVELS: Record<string, Level> = {
  Emergency: 'critical',
  Alert: 'critical',
  Critical: 'critical',
  Error: 'error',
  Warning: 'warning',
  Notice: 'notice',
  Info: 'info',
  Debug: 'debug',
};
/**
 * Month abbreviations of the common glibc locales (`%b`, as journalctl and localised syslogds print them), lower
 * case without the final dot, January first; `/` separates the spellings of one month. No word names two months.
 */
const LOCALE_MONTHS = [
  'jan feb mär/mrz apr mai jun jul aug sep okt nov dez', // de
  'janv févr/fév mars avr/avril mai juin juil août sept oct nov déc', // fr
  'ene feb mar abr may jun jul ago sep oct nov dic', // es
  'gen feb mar apr mag giu lug ago set ott nov dic', // it
  'jan fev mar abr mai jun jul ago set out nov dez', // pt
  'jan feb mrt apr mei jun jul aug sep okt nov dec', // nl
];
const LOCAL_MONTHS: ReadonlyMap<string, number> = new Map(
  LOCALE_MONTHS.flatMap((names) =>
    names.split(' ').flatMap((spellings, i) => spellings.split('/').map((w): [string, number] => [w, i + 1])),
  ),
);

/** Month 1..12 of an RFC 3164 month word, English or localised; 0 when it is none. */
function monthOfWord(word: string): number {
  const bare = (word.endsWith('.') ? word.slice(0, -1) : word).toLowerCase();
  if (bare.length === 3) {
    const english = monthFromName(bare);
    if (english !== 0) return english;
  }
  return LOCAL_MONTHS.get(bare) ?? 0;
}
const JOURNAL_MARKER_RE = /^-- (Reboot|Logs begin at .*|Journal begins at .*|No entries|Boot [0-9a-f]+) --$/;

const KERNEL_UPTIME_RE = /^\[ *(\d{1,10}\.\d{1,9})\] ?(.*)$/;
const BOOT_BANNER_RE = /^Linux version (\S+) \(/;

/** Kernel message details: the `[uptime]` stamp and the `Linux version` banner that starts every boot. */
export function kernelDetails(parsed: ParsedLine): ParsedLine {
  const m = KERNEL_UPTIME_RE.exec(parsed.message);
  if (m) {
    parsed.uptime = Number(m[1]);
    parsed.message = m[2];
  }
  const banner = BOOT_BANNER_RE.exec(parsed.message);
  if (banner) {
    parsed.fields = { ...parsed.fields, boot: 1, kernelVersion: banner[1] };
  }
  return parsed;
}

function withPri(parsed: ParsedLine, pri: string | undefined): ParsedLine {
  if (pri === undefined) return parsed;
  const value = Number(pri);
  parsed.level = SEVERITY_LEVELS[value % 8];
  parsed.fields = { ...parsed.fields, facility: value >> 3 };
  return parsed;
}

/** Splits `tag[pid]: message` off the part after the host. */
function withTag(parsed: ParsedLine, rest: string): ParsedLine {
  const repeated = REPEATED_RE.exec(rest);
  if (repeated) {
    parsed.message = rest;
    parsed.fields = { ...parsed.fields, repeated: Number(repeated[1]) };
    return parsed;
  }
  const tag = TAG_RE.exec(rest);
  // `: msg` alone is text that starts with a colon, not an empty tag.
  if (!tag || (tag[1] === '' && tag[2] === undefined && rest[0] === ':' && rest[1] !== ' ')) {
    parsed.message = rest;
    return parsed;
  }
  if (tag[1] === '') parsed.fields = { ...parsed.fields, emptyTag: 1 };
  else parsed.program = tag[1];
  if (tag[2] && /^\d+$/.test(tag[2])) parsed.pid = Number(tag[2]);
  if (tag[3]) parsed.level = ASL_LEVELS[tag[3]];
  parsed.message = tag[4];
  if (parsed.program === 'kernel') kernelDetails(parsed);
  return parsed;
}

function parseRfc3164(m: RegExpExecArray): ParsedLine | null {
  const ts: LocalTime = {
    month: monthOfWord(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6]),
  };
  if (ts.month === 0 || !validTime(ts)) return null;
  const ms = msFromFraction(m[7]);
  if (ms !== undefined) ts.ms = ms;
  const host = m[8];
  if (HOSTLESS_TAG_RE.test(host) || (host === '---' && REPEATED_RE.test(`--- ${m[9]}`))) {
    // No host: what stands there is the tag (or the repeat notice), and the line reads on from it.
    const parsed: ParsedLine = { ts, message: '' };
    withTag(parsed, m[9] === '' ? host : `${host} ${m[9]}`);
    return withPri(parsed, m[1]);
  }
  const parsed: ParsedLine = { ts, message: '', fields: { host } };
  withTag(parsed, m[9]);
  return withPri(parsed, m[1]);
}

/** Skips RFC 5424 STRUCTURED-DATA (`-` or `[id k="v"]…`, with `\]` and `\"` escapes inside values). */
function skipStructuredData(text: string): { ids: string[]; rest: string } | null {
  if (text.startsWith('-')) return { ids: [], rest: text.slice(text[1] === ' ' ? 2 : 1) };
  const ids: string[] = [];
  let i = 0;
  while (text[i] === '[') {
    const idEnd = text.slice(i + 1).search(/[\s\]]/);
    ids.push(text.slice(i + 1, idEnd < 0 ? text.length : i + 1 + idEnd));
    let inQuote = false;
    i++;
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '\\') i++;
      else if (c === '"') inQuote = !inQuote;
      else if (c === ']' && !inQuote) break;
    }
    if (i >= text.length) return null;
    i++;
  }
  if (ids.length === 0) return null;
  return { ids, rest: text.slice(text[i] === ' ' ? i + 1 : i) };
}

function parseRfc5424(m: RegExpExecArray): ParsedLine | null {
  const parsed: ParsedLine = { message: '' };
  if (m[2] !== '-') {
    const stamp = parseIsoStamp(m[2], true);
    if (!stamp || stamp.end !== m[2].length) return null;
    parsed.ts = stamp.ts;
  }
  const fields: Record<string, string | number> = {};
  if (m[3] !== '-') fields.host = m[3];
  if (m[4] !== '-') parsed.program = m[4];
  if (m[5] !== '-') {
    if (/^\d+$/.test(m[5])) parsed.pid = Number(m[5]);
    else fields.procid = m[5];
  }
  if (m[6] !== '-') fields.msgid = m[6];
  const sd = skipStructuredData(m[7]);
  if (!sd) return null;
  if (sd.ids.length > 0) fields.sd = sd.ids.join(',');
  // MSG may start with a UTF-8 BOM (RFC 5424 6.4).
  parsed.message = sd.rest.startsWith('\uFEFF') ? sd.rest.slice(1) : sd.rest;
  parsed.fields = fields;
  if (parsed.program === 'kernel') kernelDetails(parsed);
  return withPri(parsed, m[1]);
}

function parseIsoHost(m: RegExpExecArray): ParsedLine | null {
  const stamp = parseIsoStamp(m[2], true);
  // The whole first token must be the stamp: `2022-07-11T14:02:17:` (PM2) is not syslog.
  if (!stamp || stamp.end !== m[2].length) return null;
  const parsed: ParsedLine = { ts: stamp.ts, message: '', fields: { host: m[3] } };
  withTag(parsed, m[4]);
  if (parsed.program === undefined && parsed.fields?.emptyTag === undefined && parsed.fields?.repeated === undefined)
    withRfc5424Tail(parsed, m[4]);
  return withPri(parsed, m[1]);
}

/** An RFC 5424 header without its `<PRI>1` after the time and host: the app, its pid, MSGID and SD-IDs. */
function withRfc5424Tail(parsed: ParsedLine, rest: string): void {
  const m = RFC5424_TAIL_RE.exec(rest);
  const sd = m ? skipStructuredData(m[4]) : null;
  if (!m || !sd) return;
  const fields: Record<string, string | number> = { ...parsed.fields };
  if (m[1] !== '-') parsed.program = m[1];
  if (/^\d{1,10}$/.test(m[2])) parsed.pid = Number(m[2]);
  else if (m[2] !== '-') fields.procid = m[2];
  if (m[3] !== '-') fields.msgid = m[3];
  if (sd.ids.length > 0) fields.sd = sd.ids.join(',');
  parsed.fields = fields;
  parsed.message = sd.rest.startsWith('\uFEFF') ? sd.rest.slice(1) : sd.rest;
  if (parsed.program === 'kernel') kernelDetails(parsed);
}

function parseSyslog(line: string): ParsedLine | null {
  const first = line.charCodeAt(0);
  if (first === 0x3c /* < */) {
    // PRI is at most 191 (facility 23, severity 7); anything else is not syslog.
    const close = line.indexOf('>');
    if (close < 2 || close > 4 || !(Number(line.slice(1, close)) <= 191)) return null;
    const m5424 = RFC5424_RE.exec(line);
    if (m5424) return parseRfc5424(m5424);
  }
  if (first === 0x2d /* - */) {
    const marker = JOURNAL_MARKER_RE.exec(line);
    if (!marker) return null;
    return marker[1] === 'Reboot'
      ? { message: line, fields: { boot: 1 } }
      : { message: line, fields: { journalHeader: 1 } };
  }
  if (first === 0x09 /* \t */ && line.trim() !== '') {
    // A multi-line message continued (rsyslog escapes the newline as `#012` unless told not to; journald exports
    // and syslog-ng write the following lines tab-indented).
    return { message: line.trim(), continuation: true };
  }
  const m3164 = RFC3164_RE.exec(line);
  if (m3164) return parseRfc3164(m3164);
  const mIso = ISO_HOST_RE.exec(line);
  if (mIso) return parseIsoHost(mIso);
  return null;
}

/**
 * A record with a stamp and a program tag that names a program (`job 1: …` after an app's ISO stamp is a word
 * and a number, not a host and a tag).
 */
function isTaggedRecord(parsed: ParsedLine | null): boolean {
  if (parsed === null) return false;
  // Continuations and repeat notices are syslog's own lines too.
  if (parsed.continuation || parsed.fields?.repeated !== undefined) return true;
  if (parsed.ts === undefined) return false;
  const host = parsed.fields?.host;
  if (typeof host === 'string' && LEVEL_HOST_RE.test(host)) return false;
  return parsed.fields?.emptyTag === 1 || (parsed.program !== undefined && /[A-Za-z]/.test(parsed.program));
}

function detectSyslog(sample: string[], path: string): number {
  let seen = 0;
  let hits = 0;
  for (const line of sample) {
    if (!line.trim()) continue;
    seen++;
    const parsed = parseSyslog(line);
    if (isTaggedRecord(parsed) || parsed?.fields?.boot === 1 || parsed?.fields?.journalHeader === 1) hits++;
  }
  if (seen === 0 || hits === 0) return 0;
  // Capped below 1 so formats that are syslog plus more (kern.log, HAProxy via syslog) win on their own files.
  // The name only breaks ties (the registry scores content without it).
  const pathHint = /(^|\/)(syslog|messages|daemon\.log|user\.log|auth\.log|journal)[^/]*$/.test(path) ? 0.05 : 0;
  return (hits / seen) * 0.9 + pathHint;
}

export const syslog: LogFormat = {
  behaviour: {
    time: 'wall',
    // Tab-indented continuation lines join the record above.
    multiline: true,
    requests: false,
    process: () => ({ source: 'syslog' }),
    // Without a <PRI> (which the scanner leaves to the parser) syslog states no level: the boot banner is the
    // one line kept without a signature.
    notableHints: ['Linux version'],
    scan: scanSyslog,
    repeatsRecords: true,
  },
  id: 'syslog',
  detect: detectSyslog,
  parse: parseSyslog,
  samples: [
    // Seed 002, /var/log/syslog
    "Jul 11 13:59:43 ip-172-31-1-2 systemd-udevd[450]: seq 26654 '/kernel/slab/:a-0000104/cgroup/buffer_head(531:systemd-resolved.service)' is taking a long time",
    'Jul 11 14:15:37 ip-172-31-1-2 systemd[1]: snapd.service: Watchdog timeout (limit 5min)!',
    'Jul  1 06:25:01 ip-172-31-1-2 CRON[21937]: (root) CMD (test -x /usr/sbin/anacron || ( cd / && run-parts --report /etc/cron.daily ))',
    'Jul 11 14:19:19 ip-172-31-1-2 kernel: [    0.000000] Linux version 5.4.0-1060-aws (buildd@lgw01-amd64-054) (gcc version 7.5.0 (Ubuntu 7.5.0-3ubuntu1~18.04)) #62~18.04.1-Ubuntu SMP Mon Dec 13 18:08:06 UTC 2021 (Ubuntu 5.4.0-1060.62~18.04.1-aws 5.4.151)',
    '2022-07-11T13:59:43.123456+00:00 ip-172-31-1-2 systemd[1]: Started Session 42 of user ubuntu.',
    '2022-07-11T14:02:17+0000 ip-172-31-1-2 sshd[2412]: Accepted publickey for ubuntu from 203.0.113.9 port 51234 ssh2: RSA SHA256:AAAAB3NzaC1yc2E',
    '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"] An application event log entry...',
    "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \uFEFF'su root' failed for lonvick on /dev/pts/8",
    "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8",
    'Jul 11 14:16:02.123456 ip-172-31-1-2 systemd-logind[612]: Power key pressed.',
    '-- Reboot --',
  ],
};
