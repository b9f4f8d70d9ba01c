// A log format the user defines in the project config (faultline.config.yaml `formats:`, docs/config.md), as
// lnav's format files do: regexes with named groups, a timestamp pattern, a level map, a multi-line rule, sample
// lines with their expected result. Compiled into a LogFormat like any built-in, with the id `user:<name>`; read as
// generic-log is (time, level, text, the other groups as fields), plus request fields for access-style formats.
//
// The spec is plain data, so a read worker thread gets it in its task and compiles it again (src/read/format-ref.ts).
// Compiling does not check the regexes: the loader (src/config/project-config.ts) proves them linear with recheck
// before anything is compiled, and runs the samples.
import type { HttpRequestFields, Level, LocalTime, LogFormatId, ParsedLine } from '../../model/event.js';
import { checkedLine } from './checked.js';
import { PARSE_SHARE, shareOf } from './detect-share.js';
import type { LogFormat } from './types.js';
import { compileTimePattern, formatLocalTime, readTime } from './user-time.js';

export const LEVELS: readonly Level[] = ['debug', 'info', 'notice', 'warning', 'error', 'critical'];

export interface UserFormatSample {
  line: string;
  /** Expected time as `formatLocalTime` writes it; `null`: the line is not a record (a continuation). */
  time?: string | null;
  level?: Level;
  message?: string;
  fields?: Record<string, string | number>;
  request?: Partial<Record<'method' | 'path' | 'status' | 'bytes' | 'duration', string | number>>;
  /** The line continues the record above. */
  continuation?: boolean;
  /** The format must not claim this line (null parse). */
  rejected?: boolean;
}

/** One format of the config file's `formats:` section, as the schema has validated it. */
export interface UserFormatSpec {
  name: string;
  description?: string;
  /** One regex or several, tried in order; named groups become fields. */
  regex: string | string[];
  time?: { field?: string; format?: string };
  level?: { field?: string; map?: Partial<Record<Level, string[]>> };
  /** The group holding the message (default `message`; without it the whole line). */
  message?: string;
  pid?: string;
  program?: string;
  /** Groups of an access-style format; `durationUnit` of the duration group (default seconds). */
  request?: {
    method?: string;
    path?: string;
    status?: string;
    bytes?: string;
    duration?: string;
    durationUnit?: 's' | 'ms' | 'us';
  };
  /** `true`: any line no regex matches continues the record above; `{ continuation }`: only lines matching it. */
  multiline?: boolean | { continuation: string };
  /** The series source name (default the format's name). */
  source?: string;
  /** Built-in formats whose signatures apply to these lines (default: every free-text format's). */
  signatures?: string[];
  samples: UserFormatSample[];
}

/** When no level map is given: the usual words, upper and lower case, as the level group may write them. */
const DEFAULT_LEVEL_WORDS: Record<Level, string[]> = {
  debug: ['TRACE', 'DEBUG', 'DBG', 'FINE', 'FINER', 'FINEST'],
  info: ['INFO', 'INF', 'CONFIG'],
  notice: ['NOTICE'],
  warning: ['WARN', 'WARNING', 'WRN'],
  error: ['ERROR', 'ERR', 'SEVERE'],
  critical: ['FATAL', 'CRIT', 'CRITICAL', 'ALERT', 'EMERG', 'PANIC'],
};

const DURATION_SCALE = { s: 1, ms: 1e-3, us: 1e-6 } as const;

export const userFormatId = (name: string) => `user:${name}` as LogFormatId;

/** A user regex as the format runs it: the one place a user pattern becomes a RegExp (checked linear at load; no
 * flags, as the built-in regexes, so recheck checks exactly what runs). */
export function userRegExp(source: string): RegExp {
  return new RegExp(source);
}

function levelTable(spec: UserFormatSpec): Map<string, Level> {
  const table = new Map<string, Level>();
  const given = spec.level?.map;
  for (const level of LEVELS) {
    const words = given ? (given[level] ?? []) : DEFAULT_LEVEL_WORDS[level].flatMap((w) => [w, w.toLowerCase()]);
    for (const w of words) if (!table.has(w)) table.set(w, level);
  }
  return table;
}

/**
 * Literals every error- or critical-level line contains: its level word (FormatBehaviour.notableHints). A one-letter
 * word (`E`) cannot be a prefilter literal and is left out: a user format has no Buffer scanner, so every line is
 * parsed and its level read whatever the hints say; they only make the signatures look at the line.
 */
function errorHints(levels: Map<string, Level>): string[] {
  return [...levels].filter(([w, l]) => (l === 'error' || l === 'critical') && w.length >= 2).map(([w]) => w);
}

function requestOf(spec: UserFormatSpec, g: Record<string, string | undefined>): HttpRequestFields | undefined {
  const r = spec.request;
  if (!r) return undefined;
  const out: HttpRequestFields = {};
  const value = (name?: string) => (name === undefined ? undefined : g[name]);
  const int = (v?: string) => (v !== undefined && /^\d{1,15}$/.test(v) ? Number(v) : undefined);
  const method = value(r.method);
  if (method) out.method = method;
  const path = value(r.path);
  if (path) out.path = path;
  const status = int(value(r.status));
  if (status !== undefined) out.status = status;
  const bytes = int(value(r.bytes));
  if (bytes !== undefined) out.bytes = bytes;
  const duration = value(r.duration);
  if (duration !== undefined && duration !== '' && Number.isFinite(Number(duration)))
    out.duration = Number(duration) * DURATION_SCALE[r.durationUnit ?? 's'];
  return Object.keys(out).length > 0 ? out : undefined;
}

export function compileUserFormat(spec: UserFormatSpec): LogFormat {
  const regexes = (Array.isArray(spec.regex) ? spec.regex : [spec.regex]).map(userRegExp);
  const timeField = spec.time?.field ?? 'time';
  const compiled = spec.time?.format === undefined ? undefined : compileTimePattern(spec.time.format);
  if (compiled && 'unknown' in compiled) throw new Error(`time.format: unknown conversion ${compiled.unknown}`);
  const timeOps = compiled;
  const levelField = spec.level?.field ?? 'level';
  const levels = levelTable(spec);
  const messageField = spec.message ?? 'message';
  const named = new Set([timeField, levelField, messageField, spec.pid, spec.program]);
  const continuation =
    typeof spec.multiline === 'object' ? userRegExp(spec.multiline.continuation) : spec.multiline === true;

  const parse = (line: string): ParsedLine | null => {
    if (line.trim() === '') return null;
    let m: RegExpExecArray | null = null;
    for (const re of regexes) if ((m = re.exec(line))) break;
    if (!m) {
      const continues = continuation === true || (continuation !== false && continuation.test(line));
      return continues ? { message: line, continuation: true } : null;
    }
    const g = m.groups ?? {};
    const stamp = g[timeField];
    const ts: LocalTime | undefined = stamp === undefined ? undefined : readTime(timeOps, stamp);
    if (!ts) return null;
    const p: ParsedLine = { ts, message: g[messageField] ?? line };
    const level = g[levelField] === undefined ? undefined : levels.get(g[levelField] as string);
    if (level) p.level = level;
    if (spec.pid && g[spec.pid] !== undefined && /^\d{1,15}$/.test(g[spec.pid] as string)) p.pid = Number(g[spec.pid]);
    if (spec.program && g[spec.program]) p.program = g[spec.program];
    const request = requestOf(spec, g);
    if (request) p.request = request;
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(g)) if (v !== undefined && !named.has(k)) fields[k] = v;
    if (Object.keys(fields).length > 0) p.fields = fields;
    return p;
  };

  return {
    id: userFormatId(spec.name),
    detect: (sample) => detectUser(sample, (l) => checkedLine(parse(l)), spec.multiline === true),
    parse,
    samples: spec.samples.filter((s) => !s.rejected).map((s) => s.line),
    behaviour: {
      time: 'wall',
      multiline: continuation !== false,
      requests: spec.request?.status !== undefined,
      process: () => ({ source: spec.source ?? spec.name }),
      notableHints: errorHints(levels),
      signatures: (spec.signatures as LogFormatId[] | undefined) ?? 'free-text',
    },
  };
}

/** Non-blank lines of the head a user format is measured on (as the registry's SHARE_LINES). */
const HEAD_LINES = 200;

/**
 * The share of the head's non-blank lines the format parses (continuations included) when it is at least
 * PARSE_SHARE and some line is a timed record, else 0. With `multiline: true` every line parses (as a record or a
 * continuation), so the head must also start with a record.
 */
function detectUser(sample: readonly string[], parse: (l: string) => ParsedLine | null, anyContinues: boolean): number {
  const head: string[] = [];
  for (const line of sample) if (line.trim() !== '' && head.push(line) >= HEAD_LINES) break;
  if (head.length === 0) return 0;
  if (anyContinues && !parse(head[0] as string)?.ts) return 0;
  const c = shareOf(head, parse);
  if (c.stamped === 0) return 0;
  const share = c.parsed / c.seen;
  return share >= PARSE_SHARE ? share : 0;
}

/** How one sample's parse differs from what it expects, or null when it matches. */
export function sampleMismatch(format: LogFormat, sample: UserFormatSample): string | null {
  const p = checkedLine(format.parse(sample.line));
  if (sample.rejected) return p === null ? null : 'parses, but the sample says it must not';
  if (p === null) return 'does not parse';
  if (sample.continuation !== undefined && (p.continuation === true) !== sample.continuation)
    return p.continuation
      ? 'parses as a continuation line, expected a record'
      : 'parses as a record, expected a continuation';
  const got: Record<string, unknown> = {
    time: p.ts ? formatLocalTime(p.ts) : null,
    level: p.level,
    message: p.message,
  };
  for (const key of ['time', 'level', 'message'] as const) {
    const want = sample[key];
    if (want !== undefined && want !== got[key])
      return `${key} is ${JSON.stringify(got[key])}, expected ${JSON.stringify(want)}`;
  }
  for (const [k, want] of Object.entries(sample.fields ?? {})) {
    const have = p.fields?.[k];
    if (String(have) !== String(want))
      return `fields.${k} is ${JSON.stringify(have)}, expected ${JSON.stringify(want)}`;
  }
  for (const [k, want] of Object.entries(sample.request ?? {})) {
    const have = p.request?.[k as keyof HttpRequestFields];
    if (have !== want) return `request.${k} is ${JSON.stringify(have)}, expected ${JSON.stringify(want)}`;
  }
  return null;
}
