// A wrapper format (journald, container-log) whose entries may hold lines written in the project config's own
// formats (faultline.config.yaml `formats:`): an app under systemd or in a container writes its own log shape to
// stdout, and the journal or the runtime wraps each line. The inner lines then go through the user's format (its
// time, level, fields, request groups, and the signatures it borrows) as they would in the app's own file.
//
// Two cases, as the wrappers differ:
// - entries that name no inner format (a container's output: one program per file) — the survey detects the
//   file's inner format, trying the user's formats first (read/inner.ts detectInner);
// - entries that name one (the journal: many programs in one file, each entry read as syslog or kernel) — each
//   entry's message is tried against the user's formats, and one that reads it as a timed record takes it.
import type { ParsedLine } from '../../model/event.js';
import type { LogFormat } from './types.js';

/** The wrapper with the user's formats as candidates for its inner lines. */
export function withUserInner(wrapper: LogFormat, user: readonly LogFormat[]): LogFormat {
  if (user.length === 0) return wrapper;
  const parse = (line: string): ParsedLine | null => {
    const p = wrapper.parse(line);
    if (!p?.inner || p.inner.format === undefined || p.inner.format === 'kernel') return p;
    const own = userRecord(user, p.message);
    if (own) p.inner = { text: p.message, format: own.id };
    return p;
  };
  return { ...wrapper, parse, behaviour: { ...wrapper.behaviour, innerFormats: user } };
}

/** The first user format that reads `text` as a timed record (not a continuation, not a bare level). */
function userRecord(user: readonly LogFormat[], text: string): LogFormat | undefined {
  for (const f of user) {
    const q = f.parse(text);
    if (q?.ts && !q.continuation) return f;
  }
  return undefined;
}
