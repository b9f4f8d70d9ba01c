// Lines inside lines: a journal export or a container log wraps the lines of other programs. The entry gives the
// time (and a level, a program, a host); the program's own line inside is read with that program's format —
// its level, its request fields — and goes through that format's signatures. What comes out is one ParsedLine,
// as if the program had written it to its own file, and the match of its signatures.
import { detectLogFormat, LOG_FORMATS, logFormatById } from '../formats/log/registry.js';
import type { LogFormat } from '../formats/log/types.js';
import type { Level, LogFormatId, ParsedLine } from '../model/event.js';
import type { Matcher, SignatureMatch } from '../signatures/match.js';
import { kitFor } from './kits.js';
import { LEVEL_RANK } from './tally.js';

/** The format the inner lines of a file are read with when an entry does not name one. */
export const FALLBACK_INNER: LogFormatId = 'generic-log';

export interface ReadLine {
  parsed: ParsedLine | null;
  match: SignatureMatch | null;
  /** The format whose signatures the line went through (the inner one for a wrapped entry). */
  formatId: LogFormatId;
}

/**
 * Parses a line and matches its signatures (when `withMatch`), reading a wrapped entry's inner line with its own
 * format. `fileInner`: the inner format the survey found for the file.
 */
export function readLine(
  format: LogFormat,
  matcher: Matcher,
  line: string,
  withMatch: boolean,
  fileInner: LogFormatId | undefined,
): ReadLine {
  const parsed = format.parse(line);
  if (!parsed?.inner) {
    return { parsed, match: withMatch && parsed ? matcher.match(format.id, line) : null, formatId: format.id };
  }
  const id = parsed.inner.format ?? fileInner ?? FALLBACK_INNER;
  // A format of the project config (user-inner.ts) before the registry's: its ids are its own (`user:<name>`).
  const own = format.behaviour.innerFormats?.find((f) => f.id === id);
  const innerFormat = own ?? logFormatById(id);
  const inner = innerFormat ? innerFormat.parse(parsed.inner.text) : null;
  // A user format has no signatures of its own: its kit holds those it borrows, under its id.
  const by = own ? kitFor(own).matcher : matcher;
  return {
    parsed: merge(parsed, inner),
    match: withMatch ? by.match(id, parsed.inner.text) : null,
    formatId: id,
  };
}

/** The entry's own facts win where it states them (its time, its program); the inner line adds the rest. */
function merge(outer: ParsedLine, inner: ParsedLine | null): ParsedLine {
  if (!inner) return outer;
  const level: Level | undefined =
    outer.level && inner.level
      ? LEVEL_RANK[outer.level] >= LEVEL_RANK[inner.level]
        ? outer.level
        : inner.level
      : (outer.level ?? inner.level);
  const merged: ParsedLine = {
    ts: outer.ts ?? inner.ts,
    uptime: outer.uptime ?? inner.uptime,
    level,
    program: outer.program ?? inner.program,
    pid: outer.pid ?? inner.pid,
    message: inner.message,
    request: inner.request,
    fields: inner.fields || outer.fields ? { ...inner.fields, ...outer.fields } : undefined,
    continuation: outer.continuation,
    inner: outer.inner,
  };
  for (const k of Object.keys(merged) as (keyof ParsedLine)[]) if (merged[k] === undefined) delete merged[k];
  return merged;
}

const UNWRAPPED = LOG_FORMATS.filter((f) => !f.behaviour.wraps);

/**
 * The format of a wrapper file's inner lines, from the head's entries that do not name one: the project config's
 * formats first (as for a file of its own), then the registry's.
 */
export function detectInner(format: LogFormat, lines: string[], path: string): LogFormatId | undefined {
  const inner: string[] = [];
  for (const line of lines) {
    const p = format.parse(line);
    if (p?.inner && p.inner.format === undefined) inner.push(p.inner.text);
  }
  if (inner.length === 0) return undefined;
  return detectLogFormat(inner, path, UNWRAPPED, format.behaviour.innerFormats)?.format.id ?? FALLBACK_INNER;
}
