// Stage 1 of the read path: a bounded look at each file's head and tail before the full read. It classifies the
// file (binary, the host's zone file, a config, a log of some format, unknown) and tells how its lines are timed —
// dated, year-less, uptime-only or untimed — and what its stamps say of the host: the range of its dated lines and
// the boot times its kernel lines show. The host's clock is decided from these before one line is placed.
import { sampleLines } from '../evidence/sample.js';
import { detectConfigFormat } from '../formats/config/registry.js';
import { type ClosestFormat, closestLogFormat, detectLogFormat } from '../formats/log/registry.js';
import { type Framing, framingOf, splitFrames } from '../formats/log/syslog-frames.js';
import type { LogFormat } from '../formats/log/types.js';
import type { LocalTime, ParsedLine } from '../model/event.js';
import { zoneFromHostFile } from './time.js';

/** Bytes of the head and of the tail looked at. */
export const SURVEY_BYTES = 64 * 1024;
/** Non-blank lines of the head format detection sees (the registry's parse share is measured on them). */
const DETECT_LINES = 200;
/** Lines read from the head to find DETECT_LINES non-blank ones (a file of blank lines stops here). */
const DETECT_MAX_LINES = 4 * DETECT_LINES;
/** Characters of an unread line quoted in a note. */
const NOTE_LINE_CHARS = 80;
/** Configs are read whole up to this size; a larger file is not a config. */
export const CONFIG_MAX_BYTES = 4 * 1024 * 1024;

export interface Stamps {
  /** First and last line stating a year (zone applied later, by the host's clock). */
  firstDated?: LocalTime;
  lastDated?: LocalTime;
  /** Some line states a wall-clock time (with or without a year). */
  wall: boolean;
  yearless: boolean;
  /** Some line states only seconds since boot. */
  uptime: boolean;
  /** Kernel lines with both a wall-clock time and an uptime: the host booted `up` seconds before `lt`. */
  boots: { lt: LocalTime; up: number }[];
  /** First and last dated line that states its UTC offset: what the host's zone must agree with. */
  offsets: LocalTime[];
  /** First and last year-less line, to choose the year that fits the host's dated logs. */
  firstYearless?: LocalTime;
  lastYearless?: LocalTime;
  /** Requests of the head and tail (time, "GET /path 200"), for the clock-offset estimate (skew.ts). */
  requests: RequestStamp[];
}

export interface RequestStamp {
  lt: LocalTime;
  key: string;
}

/** Requests kept per file for the clock-offset estimate: the head's and the tail's lines, about 650 each. */
const MAX_REQUEST_STAMPS = 2000;

export type Classified =
  | { kind: 'binary' }
  | { kind: 'zone'; zone: string }
  | { kind: 'config'; confidence: number; parserId: string }
  /** `framing`: the records are not one a line (syslog-frames.ts); the read cuts them apart. */
  | { kind: 'log'; format: LogFormat; framing?: Framing }
  /** Nothing claims it: `empty` (no non-blank line), else the closest format, if any reads a line. */
  | { kind: 'unknown'; empty: boolean; closest: ClosestFormat | null; firstLine?: string };

export interface SurveyInput {
  hostPath: string;
  head: Buffer;
  /** The whole content is at most CONFIG_MAX_BYTES and not compressed: it may be a config. */
  mayBeConfig: boolean;
  /** The host's own log formats (nginx log_format) learned from its configs. */
  custom: readonly LogFormat[];
  /** The project config's user-defined formats (tried before the built-ins). */
  user?: readonly LogFormat[];
}

export function classify(s: SurveyInput, isBinary: (b: Buffer) => boolean): Classified {
  if (isBinary(s.head)) return { kind: 'binary' };
  const text = s.head.toString('utf8');
  const zone = zoneFromHostFile(s.hostPath, text);
  if (zone) return { kind: 'zone', zone };
  const cfg = s.mayBeConfig ? detectConfigFormat(s.hostPath, text) : null;
  // Records concatenated without newlines (rsyslog's ForwardFormat, octet counting): detected on the records.
  const framing = framingOf(text);
  const lines = framing ? splitFrames(text, framing, s.head.length < SURVEY_BYTES, DETECT_LINES) : headLines(s.head);
  let detected = detectLogFormat(lines, s.hostPath, undefined, s.user);
  if (cfg && (!detected || detected.confidence < cfg.confidence))
    return { kind: 'config', confidence: cfg.confidence, parserId: cfg.parser.id };
  // A custom nginx log_format of the host, when combined does not fit.
  if (s.custom.length > 0 && (!detected || detected.format.id === 'nginx-access')) {
    const custom = detectLogFormat(lines, s.hostPath, s.custom);
    if (custom && (!detected || custom.confidence > detected.confidence)) detected = custom;
  }
  if (!detected) return unknown(lines);
  return framing ? { kind: 'log', format: detected.format, framing } : { kind: 'log', format: detected.format };
}

/** The head's lines up to its DETECT_LINES-th non-blank one. */
export function headLines(head: Buffer): string[] {
  const lines = sampleLines(head, DETECT_MAX_LINES);
  let nonBlank = 0;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '' && ++nonBlank === DETECT_LINES) return lines.slice(0, i + 1);
  }
  return lines;
}

function unknown(lines: string[]): Classified {
  const first = lines.find((l) => l.trim() !== '');
  if (first === undefined) return { kind: 'unknown', empty: true, closest: null };
  return { kind: 'unknown', empty: false, closest: closestLogFormat(lines), firstLine: first };
}

/**
 * Why a file is not read, for `inputs[].note` and the warning: `empty`, or the closest format, how many of the
 * first lines it reads and the first one it could not read (`path:line`, redacted, cut, control characters out).
 */
export function unknownNote(path: string, c: Extract<Classified, { kind: 'unknown' }>, clean: (t: string) => string) {
  if (c.empty) return 'empty';
  const quote = (t: string) => {
    const text = clean(t)
      .replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, ' ')
      .trim();
    return text.length > NOTE_LINE_CHARS ? `${text.slice(0, NOTE_LINE_CHARS - 1)}…` : text;
  };
  if (!c.closest)
    return `format not recognised: no format reads any of its lines; first line ${path}:1: ${quote(c.firstLine ?? '')}`;
  const { format, read, seen, firstUnread } = c.closest;
  const where = firstUnread
    ? `; first line it could not read ${path}:${firstUnread.line}: ${quote(firstUnread.text)}`
    : '';
  return `format not recognised: closest ${format.id} reads ${read} of the first ${seen} lines${where}`;
}

/** What the head's and the tail's lines say about time. */
export function stampsOf(format: LogFormat, head: Buffer, tail?: Buffer, framing?: Framing): Stamps {
  const st: Stamps = { wall: false, yearless: false, uptime: false, boots: [], offsets: [], requests: [] };
  const records = framing
    ? splitFrames(head.toString('utf8'), framing, head.length < SURVEY_BYTES)
    : linesOf(head, false);
  for (const line of records) note(st, format.parse(line));
  if (tail) for (const line of framing ? tailFrames(tail, framing) : linesOf(tail, true)) note(st, format.parse(line));
  return st;
}

/**
 * The complete records of a framed tail: from its first record start (a forward-format `<PRI>`) on. An
 * octet-counted tail cannot be told where a length starts: it says nothing (the head's stamps stand).
 */
function tailFrames(tail: Buffer, framing: Framing): string[] {
  const text = tail.toString('utf8');
  if (framing === 'octet') return [];
  const first = splitFrames(text, framing, true);
  // The first piece is the end of a record cut by the tail's start.
  return first.slice(1);
}

function note(st: Stamps, p: ParsedLine | null): void {
  if (!p) return;
  if (p.ts) {
    st.wall = true;
    if (p.ts.year === undefined) {
      st.yearless = true;
      st.firstYearless ??= p.ts;
      st.lastYearless = p.ts;
    } else {
      st.firstDated ??= p.ts;
      st.lastDated = p.ts;
      if (p.ts.offsetMinutes !== undefined) {
        if (st.offsets.length < 2) st.offsets.push(p.ts);
        else st.offsets[1] = p.ts;
      }
    }
    const up = bootUptime(p);
    if (up !== undefined) st.boots.push({ lt: p.ts, up });
    const r = p.request;
    if (r?.method && r.path && r.status !== undefined && st.requests.length < MAX_REQUEST_STAMPS)
      st.requests.push({ lt: p.ts, key: `${r.method} ${r.path} ${r.status}` });
  } else if (p.uptime !== undefined) st.uptime = true;
}

/**
 * Seconds since boot that a wall-timed line states when it tells when the host booted: a kernel line with its
 * uptime stamp in the first ten minutes, or a boot banner (cloud-init's "Up N seconds").
 */
export function bootUptime(p: ParsedLine): number | undefined {
  const up = p.uptime ?? (p.fields?.boot && p.fields.upSeconds !== undefined ? Number(p.fields.upSeconds) : undefined);
  return up !== undefined && Number.isFinite(up) && (p.fields?.boot || up < 600) ? up : undefined;
}

/** Complete lines of a buffer (a tail's first line is partial; a head's last one may be). */
function* linesOf(buf: Buffer, isTail: boolean): Generator<string> {
  let pos = 0;
  if (isTail) {
    const nl = buf.indexOf(10);
    if (nl < 0) return;
    pos = nl + 1;
  }
  while (pos < buf.length) {
    let nl = buf.indexOf(10, pos);
    if (nl < 0) {
      if (isTail || buf.length < SURVEY_BYTES) nl = buf.length;
      else return;
    }
    let end = nl;
    if (end > pos && buf[end - 1] === 13) end--;
    if (end > pos) yield buf.toString('utf8', pos, end);
    pos = nl + 1;
  }
}
