// Records: a notable line and the continuation lines joined to it (stack frames, a Tomcat record's second line),
// and how a finished record becomes a timeline event. The event is built only when retention keeps it.
import type { LogFormat } from '../formats/log/types.js';
import type { Level, LogEvent, LogFormatId, ParsedLine, TimeBasis } from '../model/event.js';
import { clip } from '../report/redact.js';
import type { Matcher } from '../signatures/match.js';
import type { Signature } from '../signatures/types.js';
import { readLine } from './inner.js';
import { LEVEL_RANK } from './tally.js';

/** Text kept of a joined multi-line record. */
export const RECORD_MAX_LINES = 20;
export const RECORD_MAX_CHARS = 4000;
const CONTINUATION_CHARS = 400;

export interface PendingRecord {
  offset: number;
  line: number;
  time: number;
  basis: TimeBasis;
  /** Unresolved time (untimed output): -1 the piece's first stamp or the one before it, k ≥ 0 a lifetime. */
  slot?: number;
  level: Level;
  signature?: string;
  /** Whether the signature names a wrapper (an unhandled rejection) whose real error may follow. */
  wrapper: boolean;
  firstLine: string;
  text: string;
  lines: number;
}

/** Event types that wrap the error of a later line (seed 002: "You have triggered an unhandledRejection"). */
const WRAPPER_EVENTS = new Set<string>([
  'unhandled-rejection',
  'uncaught-exception',
  'memory-warning',
  'process-exit',
  'app-crashed',
  'other',
]);

export const SEVERITY_LEVEL: Record<Signature['severity'], Level> = {
  info: 'info',
  notice: 'notice',
  warning: 'warning',
  error: 'error',
  critical: 'critical',
};

export function maxLevel(a: Level, b: Level): Level {
  return LEVEL_RANK[a] >= LEVEL_RANK[b] ? a : b;
}

export function isWrapper(signature: Signature): boolean {
  return WRAPPER_EVENTS.has(signature.event);
}

export function cutFirstLine(line: string): string {
  // Redacted before it is cut, so that a cut inside a secret leaves neither half (issue 8).
  return clip(line, RECORD_MAX_CHARS, '');
}

/** Joins a continuation line's text to the record (bounded) and lets a later line name the real error. */
export function joinContinuation(r: PendingRecord, text: string, match: Signature | undefined): void {
  if (r.lines < RECORD_MAX_LINES && r.text.length < RECORD_MAX_CHARS) {
    r.text += `\n${clip(text, CONTINUATION_CHARS, '')}`;
    r.lines++;
  }
  if (match && (r.wrapper || !r.signature)) {
    r.signature = match.id;
    r.level = maxLevel(r.level, SEVERITY_LEVEL[match.severity]);
    r.wrapper = isWrapper(match);
  }
}

export interface EventContext {
  format: LogFormat;
  matcher: Matcher;
  signatures: ReadonlyMap<string, Signature>;
  path: string;
  host?: string;
  /** The format of a wrapper file's inner lines (see inner.ts). */
  innerFormat?: LogFormatId;
}

/** The event of a finished record: fields from its first line (and that line's match), the record's verdict. */
export function buildEvent(ctx: EventContext, r: PendingRecord, parsed?: ParsedLine | null): LogEvent {
  // The hot path's parse of the first line, when it made one, is reused; a wrapped entry is read whole again.
  const read =
    parsed && !parsed.inner
      ? { parsed, match: ctx.matcher.match(ctx.format.id, r.firstLine) }
      : readLine(ctx.format, ctx.matcher, r.firstLine, true, ctx.innerFormat);
  const p = read.parsed;
  const first = read.match;
  const sig = r.signature ? ctx.signatures.get(r.signature) : undefined;
  return {
    time: r.time,
    timeBasis: r.basis,
    approximate: r.basis === 'inferred' ? true : undefined,
    path: ctx.path,
    line: r.line,
    host: ctx.host,
    format: ctx.format.id,
    program: p?.program,
    pid: p?.pid,
    level: r.level,
    signature: sig?.id,
    cause: sig?.cause,
    text: r.text,
    fields: first ? { ...p?.fields, ...first.groups } : p?.fields,
    request: p?.request,
  };
}
