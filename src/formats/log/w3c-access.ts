// W3C extended log files (www.w3.org/TR/WD-logfile): IIS, the Windows HTTP Server API, IIS Advanced Logging and
// other servers that write them. Directives first, then one request per line with the fields the `#Fields:`
// directive lists, separated by spaces (a space inside a value is written `+`; some writers quote values):
//
//   #Software: Microsoft Internet Information Services 10.0
//   #Version: 1.0
//   #Date: 2022-01-22 00:00:01
//   #Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken
//   2022-01-22 00:00:01 10.142.0.2 POST /member/Track.ashx pid=2173020 443 - 172.69.69.207 Mozilla/5.0+… - 200 0 0 31
//
// The read path parses one line at a time with no state, so a data line cannot be read with its own file's
// `#Fields:` list. Instead each field list writers really use is a layout (IIS 6, 7 and 8.5+ defaults, the
// defaults with bytes or host, every IIS field, the HTTP Server API's documented list, IIS Advanced Logging's,
// Oracle Web Cache's); a data line is read with the layout whose field count it has and whose typed fields (date,
// time, method, status, numbers) it satisfies — two layouts of one count differ in where the method and status
// sit. A line no layout fits but that starts with `date time` is still a timed record, without request fields.
// Directive lines are records too (`#Date:` carries the file's start time, which places the time-only lines
// of a `#Fields: time …` file). `date`/`time` are UTC (W3C and IIS
// write UTC; `date-local`/`time-local` are the server's local time); IIS `time-taken` is in milliseconds.
import type { HttpRequestFields, LocalTime, ParsedLine } from '../../model/event.js';
import type { LogFormat } from './types.js';

interface Layout {
  name: string;
  fields: readonly string[];
  /** Seconds per unit of time-taken, when the writer's unit is known. */
  timeTakenUnit?: number;
}

const IIS_BASE = 'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent)';
const IIS_STATUS = 'sc-status sc-substatus sc-win32-status';
const ms = 1e-3;

/** Field lists seen in real files (IIS docs and defaults, the HTTP Server API docs, lnav's test files). */
export const LAYOUTS: readonly Layout[] = [
  { name: 'iis-8.5', fields: `${IIS_BASE} cs(Referer) ${IIS_STATUS} time-taken`.split(' '), timeTakenUnit: ms },
  { name: 'iis-7', fields: `${IIS_BASE} ${IIS_STATUS} time-taken`.split(' '), timeTakenUnit: ms },
  {
    name: 'iis-6',
    fields:
      `date time s-sitename s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) ${IIS_STATUS}`.split(
        ' ',
      ),
  },
  {
    name: 'iis-bytes',
    fields: `${IIS_BASE} cs(Referer) ${IIS_STATUS} sc-bytes cs-bytes time-taken`.split(' '),
    timeTakenUnit: ms,
  },
  {
    name: 'iis-host-bytes',
    fields: `${IIS_BASE} cs-host ${IIS_STATUS} sc-bytes cs-bytes time-taken`.split(' '),
    timeTakenUnit: ms,
  },
  {
    name: 'iis-7-site-bytes',
    fields:
      `date time s-sitename s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) ${IIS_STATUS} sc-bytes cs-bytes time-taken`.split(
        ' ',
      ),
    timeTakenUnit: ms,
  },
  {
    name: 'iis-all',
    fields:
      `date time s-sitename s-computername s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs-version cs(User-Agent) cs(Cookie) cs(Referer) cs-host ${IIS_STATUS} sc-bytes cs-bytes time-taken`.split(
        ' ',
      ),
    timeTakenUnit: ms,
  },
  {
    name: 'http-server-api',
    fields: 'date time c-ip cs-username s-ip s-port cs-method cs-uri-stem cs-uri-query sc-status cs(User-Agent)'.split(
      ' ',
    ),
  },
  {
    name: 'iis-advanced-logging',
    fields:
      `date-local time-local s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) cs(Host) ${IIS_STATUS} TimeTakenMS`.split(
        ' ',
      ),
    timeTakenUnit: ms,
  },
  {
    name: 'oracle-web-cache',
    fields:
      'c-ip c-dns c-auth-id date time cs-method cs-uri sc-status bytes cs(Cookie) cs(Referrer) time-taken cs(User-Agent)'.split(
        ' ',
      ),
  },
];

const BY_COUNT = new Map<number, Layout[]>();
for (const layout of LAYOUTS) {
  const list = BY_COUNT.get(layout.fields.length) ?? [];
  list.push(layout);
  BY_COUNT.set(layout.fields.length, list);
}
const BY_FIELDS = new Map(LAYOUTS.map((l) => [l.fields.join(' ').toLowerCase(), l.name]));

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?$/;
const METHOD_RE = /^[A-Z][A-Z-]{1,19}$/;
const STATUS_RE = /^[1-5]\d\d$/;
const NUMBER_RE = /^\d{1,15}$/;
const DIRECTIVE_RE = /^#([A-Za-z-]{1,40}):\s?(.*)$/;
const MAX_LINE = 64 * 1024;
const MAX_TOKENS = 64;

/**
 * Space-separated tokens; a token opening with `"` runs to the `"` followed by a space or the end, with `""`
 * inside standing for a quote (IIS Advanced Logging). Runs of spaces separate like one.
 */
export function w3cTokens(line: string): string[] | null {
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  while (i < n) {
    while (i < n && line[i] === ' ') i++;
    if (i >= n) break;
    if (out.length >= MAX_TOKENS) return null;
    if (line[i] === '"') {
      let j = i + 1;
      while (j < n && !(line[j] === '"' && (j + 1 === n || line[j + 1] === ' '))) j += line[j] === '"' ? 2 : 1;
      if (j >= n) return null;
      out.push(line.slice(i + 1, j).replaceAll('""', '"'));
      i = j + 1;
    } else {
      let j = i;
      while (j < n && line[j] !== ' ') j++;
      out.push(line.slice(i, j));
      i = j;
    }
  }
  return out;
}

function timeFrom(date: string, time: string, utc: boolean): LocalTime | null {
  const d = DATE_RE.exec(date);
  const t = TIME_RE.exec(time);
  if (!d || !t) return null;
  const ts: LocalTime = {
    year: Number(d[1]),
    month: Number(d[2]),
    day: Number(d[3]),
    hour: Number(t[1]),
    minute: Number(t[2]),
    second: Number(t[3]),
  };
  if (ts.month < 1 || ts.month > 12 || ts.day < 1 || ts.day > 31 || ts.hour > 23 || ts.minute > 59 || ts.second > 60)
    return null;
  if (t[4] !== undefined) ts.ms = Number(t[4].slice(0, 3).padEnd(3, '0'));
  if (utc) ts.offsetMinutes = 0;
  return ts;
}

/** The tokens fit the layout's typed fields. */
function fits(layout: Layout, tokens: string[]): boolean {
  for (let k = 0; k < tokens.length; k++) {
    const name = layout.fields[k];
    const v = tokens[k];
    if ((name === 'date' || name === 'date-local') && !DATE_RE.test(v)) return false;
    if ((name === 'time' || name === 'time-local') && !TIME_RE.test(v)) return false;
    if (name === 'cs-method' && !METHOD_RE.test(v)) return false;
    if (name === 'sc-status' && !STATUS_RE.test(v)) return false;
    if ((name === 'cs-uri-stem' || name === 'cs-uri') && v[0] !== '/' && !v.includes('://')) return false;
    const numeric = name === 's-port' || name === 'time-taken' || name === 'TimeTakenMS' || name.endsWith('-bytes');
    if ((numeric || name === 'sc-substatus' || name === 'sc-win32-status') && !NUMBER_RE.test(v) && v !== '-')
      return false;
  }
  return true;
}

function readLayout(layout: Layout, tokens: string[]): ParsedLine | null {
  const at = (name: string) => {
    const k = layout.fields.indexOf(name);
    return k < 0 ? undefined : tokens[k];
  };
  const local = layout.fields.includes('date-local');
  const ts = timeFrom(at(local ? 'date-local' : 'date') ?? '', at(local ? 'time-local' : 'time') ?? '', !local);
  if (!ts) return null;
  const request: HttpRequestFields = { method: at('cs-method'), status: Number(at('sc-status')) };
  const stem = at('cs-uri-stem') ?? at('cs-uri');
  if (stem !== undefined)
    request.path = stem.includes('://') ? stem.replace(/^[a-z]{1,10}:\/\/[^/]*/i, '') || '/' : stem;
  const taken = at('time-taken') ?? at('TimeTakenMS');
  if (taken !== undefined && NUMBER_RE.test(taken) && layout.timeTakenUnit !== undefined)
    request.duration = Number(taken) * layout.timeTakenUnit;
  const bytes = at('sc-bytes') ?? at('bytes');
  if (bytes !== undefined && NUMBER_RE.test(bytes)) request.bytes = Number(bytes);
  const client = at('c-ip');
  if (client && client !== '-') request.client = client;
  const server = at('s-ip');
  if (server && server !== '-') request.server = server;
  const fields: Record<string, string | number> = { layout: layout.name };
  const sub = at('sc-substatus');
  if (sub !== undefined && NUMBER_RE.test(sub)) fields.substatus = Number(sub);
  const win32 = at('sc-win32-status');
  if (win32 !== undefined && NUMBER_RE.test(win32)) fields.win32Status = Number(win32);
  const query = at('cs-uri-query');
  const message = `${request.method} ${stem ?? ''}${query && query !== '-' ? `?${query}` : ''} ${request.status}`;
  return { ts, message, request, fields };
}

function parseDirective(name: string, value: string, line: string): ParsedLine {
  const fields: Record<string, string | number> = { directive: name };
  const parsed: ParsedLine = { message: line, fields };
  if (name === 'Date' || name === 'Start-Date' || name === 'End-Date') {
    const [date, time] = value.trim().split(/\s+/, 2);
    const ts = timeFrom(date ?? '', time ?? '', true);
    if (ts) parsed.ts = ts;
  } else if (name === 'Fields') {
    const list = value.trim().split(/\s+/).join(' ');
    fields.layout = BY_FIELDS.get(list.toLowerCase()) ?? 'unknown';
  }
  return parsed;
}

function parseW3c(line: string): ParsedLine | null {
  if (line.length > MAX_LINE || line.trim() === '') return null;
  if (line[0] === '#') {
    const d = DIRECTIVE_RE.exec(line);
    return d ? parseDirective(d[1], d[2], line) : null;
  }
  const tokens = w3cTokens(line);
  if (!tokens || tokens.length < 3) return null;
  for (const layout of BY_COUNT.get(tokens.length) ?? []) {
    if (!fits(layout, tokens)) continue;
    const parsed = readLayout(layout, tokens);
    if (parsed) return parsed;
  }
  // A field list we do not know: the stamp still places the line.
  const ts = timeFrom(tokens[0], tokens[1], true);
  if (ts) return { ts, message: line, fields: { layout: 'unknown' } };
  // `#Fields: time …` without a date (IIS 4's FTP log): untimed, placed after the `#Date:` directive above it.
  return TIME_RE.test(tokens[0]) ? { message: line, fields: { layout: 'unknown' } } : null;
}

function detectW3c(sample: string[]): number {
  let seen = 0;
  let parsed = 0;
  let fieldsDirective = false;
  for (const line of sample) {
    if (!line.trim()) continue;
    seen++;
    const p = parseW3c(line);
    if (!p) continue;
    parsed++;
    if (p.fields?.directive === 'Fields' || p.fields?.directive === 'Software') fieldsDirective = true;
  }
  // The directives are what make a W3C file: without `#Fields:`/`#Software:` in the sample it is not one.
  if (seen === 0 || !fieldsDirective || parsed / seen < 0.9) return 0;
  return (parsed / seen) * 0.97;
}

export const w3cAccess: LogFormat = {
  behaviour: {
    time: 'optional',
    multiline: false,
    requests: true,
    process: () => ({ source: 'iis' }),
    notableHints: [],
  },
  id: 'w3c-access',
  detect: detectW3c,
  parse: parseW3c,
  samples: [
    // tstack/lnav test/logfile_w3c.0 (Windows HTTP Server API, the list of its documentation)
    '#Software: Microsoft HTTP Server API 2.0',
    '#Fields: date time c-ip cs-username s-ip s-port cs-method cs-uri-stem cs-uri-query sc-status cs(User-Agent)',
    '2002-05-02 17:42:15 172.22.255.255 - 172.30.255.255 80 GET /images/picture.jpg - 200 Mozilla/4.0+(compatible;MSIE+5.5;+Windows+2000+Server)',
    // tstack/lnav test/logfile_w3c.3 (IIS Advanced Logging: local time, quoted values)
    '2012-08-15 17:00:00.660 10.10.28.140 GET /Topic/hw43061 - 80 - - "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_10_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/41.0.2227.1 Safari/537.36" - "example.hello.com" 301 0 0 0',
  ],
};
