// Stage 1 of the read path: a bounded look at each file's head and tail before the full read. It classifies the
// file (binary, the host's zone file, a config, a log of some format, unknown) and tells how its lines are timed —
// dated, year-less, uptime-only or untimed — and what its stamps say of the host: the range of its dated lines and
// the boot times its kernel lines show. The host's clock is decided from these before one line is placed.
import { sampleLines } from '../evidence/sample.js';
import { detectConfigFormat } from '../formats/config/registry.js';
import { detectLogFormat } from '../formats/log/registry.js';
import type { LogFormat } from '../formats/log/types.js';
import type { LocalTime, ParsedLine } from '../model/event.js';
import { zoneFromHostFile } from './time.js';

/** Bytes of the head and of the tail looked at. */
export const SURVEY_BYTES = 64 * 1024;
/** Lines of the head format detection sees. */
const DETECT_LINES = 200;
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
}

export type Classified =
  | { kind: 'binary' }
  | { kind: 'zone'; zone: string }
  | { kind: 'config'; confidence: number; parserId: string }
  | { kind: 'log'; format: LogFormat }
  | { kind: 'unknown' };

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
  const lines = sampleLines(s.head, DETECT_LINES);
  let detected = detectLogFormat(lines, s.hostPath, undefined, s.user);
  if (cfg && (!detected || detected.confidence < cfg.confidence))
    return { kind: 'config', confidence: cfg.confidence, parserId: cfg.parser.id };
  // A custom nginx log_format of the host, when combined does not fit.
  if (s.custom.length > 0 && (!detected || detected.format.id === 'nginx-access')) {
    const custom = detectLogFormat(lines, s.hostPath, s.custom);
    if (custom && (!detected || custom.confidence > detected.confidence)) detected = custom;
  }
  if (!detected) return { kind: 'unknown' };
  return { kind: 'log', format: detected.format };
}

/** What the head's and the tail's lines say about time. */
export function stampsOf(format: LogFormat, head: Buffer, tail?: Buffer): Stamps {
  const st: Stamps = { wall: false, yearless: false, uptime: false, boots: [] };
  for (const line of linesOf(head, false)) note(st, format.parse(line));
  if (tail) for (const line of linesOf(tail, true)) note(st, format.parse(line));
  return st;
}

function note(st: Stamps, p: ParsedLine | null): void {
  if (!p) return;
  if (p.ts) {
    st.wall = true;
    if (p.ts.year === undefined) st.yearless = true;
    else {
      st.firstDated ??= p.ts;
      st.lastDated = p.ts;
    }
    const up = bootUptime(p);
    if (up !== undefined) st.boots.push({ lt: p.ts, up });
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
