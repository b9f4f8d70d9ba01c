// One event once: the same line written to two files — the kernel's lines in both kern.log and syslog (rsyslog's
// Debian defaults), a journald export next to syslog — is one event with both locations, counted once.
//
// Two events are the same when they are on the same host, at the same instant, of the same signature, in
// different files, and say the same: the same first line, or the same message behind a system-log prefix (the
// journal's and rsyslog's prefixes differ; the message the kernel or the program wrote does not). They are found in a sliding one-second window
// over the time-sorted events, so the state is the events of one second. Only the events the read kept are
// compared: every line of a signature up to the retention's KEEP_EACH per file, so a kind that fired fewer
// times than that (an OOM kill, a segfault, a DOWN line) is de-duplicated exactly; above it the counts drop by
// the duplicates found among the kept lines, a lower bound.
import type { LogEvent } from '../model/event.js';
import { eventTypeOf } from '../signatures/traits.js';
import type { EventType } from '../signatures/types.js';

export interface Deduplicated {
  events: LogEvent[];
  /** Duplicates dropped per signature id, to subtract from the counts. */
  dropped: Map<string, number>;
}

/** The events without their copies in other files; the copies' locations go to the kept event's `alsoAt`. */
export function dedupeEvents(sorted: LogEvent[]): Deduplicated {
  const out: LogEvent[] = [];
  const dropped = new Map<string, number>();
  let second = Number.NaN;
  let seen = new Map<string, LogEvent>();
  for (const e of sorted) {
    if (!e.signature || !Number.isFinite(e.time)) {
      out.push(e);
      continue;
    }
    const s = Math.floor(e.time / 1000);
    if (s !== second) {
      second = s;
      seen = new Map();
    }
    const key = `${e.host ?? ''}\u0000${e.time}\u0000${e.signature}\u0000${copyKey(e.text)}`;
    const first = seen.get(key);
    if (!first || first.path === e.path) {
      if (!first) seen.set(key, e);
      out.push(e);
      continue;
    }
    first.alsoAt ??= [];
    if (!first.alsoAt.some((l) => l.path === e.path && l.line === e.line))
      first.alsoAt.push({ path: e.path, line: e.line });
    dropped.set(e.signature, (dropped.get(e.signature) ?? 0) + 1);
  }
  return { events: out, dropped };
}

/** The counts of each signature and event type, less the duplicates dropped. */
export function subtractDropped(
  dropped: Map<string, number>,
  signatureCounts: Record<string, number>,
  eventTypeCounts: Partial<Record<EventType, number>>,
): void {
  for (const [id, n] of dropped) {
    signatureCounts[id] = Math.max(0, (signatureCounts[id] ?? 0) - n);
    const type = eventTypeOf({ signature: id });
    if (type) eventTypeCounts[type] = Math.max(0, (eventTypeCounts[type] ?? 0) - n);
  }
}

/**
 * What a copy of a line shares with the original: the whole first line, or, after a system-log prefix (a BSD
 * `Mon dd hh:mm:ss host ` or an ISO `yyyy-mm-ddThh:mm:ss… host `, then `tag[pid]: `), the message alone — the
 * journal and rsyslog write the same message behind different prefixes.
 */
export function copyKey(text: string): string {
  const nl = text.indexOf('\n');
  const first = (nl < 0 ? text : text.slice(0, nl)).trimEnd();
  const afterTime = systemLogTimeEnd(first);
  if (afterTime < 0) return first;
  const hostEnd = first.indexOf(' ', afterTime);
  const tagEnd = hostEnd < 0 ? -1 : first.indexOf(' ', hostEnd + 1);
  // The tag is one word ending in `:` (`kernel:`, `sshd[811]:`); an app line's `GET /x failed: …` is not.
  return tagEnd > hostEnd + 1 && first[tagEnd - 1] === ':' ? first.slice(tagEnd + 1) : first;
}

const MONTHS = new Set(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']);
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** The index after `Mon dd hh:mm:ss ` or `yyyy-mm-ddThh:mm:ss[.frac][zone] ` at the start of a line, or -1. */
function systemLogTimeEnd(line: string): number {
  if (MONTHS.has(line.slice(0, 3)) && line[3] === ' ') {
    const t = line.slice(4, 16);
    const ok = /^[ \d]\d \d\d:\d\d:\d\d $/.test(t);
    return ok ? 16 : -1;
  }
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.test(line)) return -1;
  const space = line.indexOf(' ', 19);
  return space < 0 || space > 40 ? -1 : space + 1;
}
