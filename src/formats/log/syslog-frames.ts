// syslog records written to a file without newlines between them. rsyslog's RSYSLOG_ForwardFormat template
// (`<%PRI%>%TIMESTAMP:::date-rfc3339% %HOSTNAME% %syslogtag:1:32%%msg:::sp-if-no-1st-sp%%msg%`) ends with no LF,
// so an omfile action given it (or a listener that writes what omfwd sends) produces one long line of records:
//
//   <30>2024-03-05T10:12:01.123456+00:00 web1 systemd[1]: Started Session 42.<86>2024-03-05T10:12:02+00:00 web1 sshd[812]: …
//
// RFC 6587's octet-counting framing (omfwd's TCP_Framing="octet-counted", as `nc -l > file` keeps it) puts each
// record's length in front instead: `101 <30>1 2024-03-05T10:12:01Z web1 app - - - msg…` (RFC 5424 inside).
// Either way each record is a syslog line: the read path cuts the records apart (read/frames.ts) and syslog's
// parser reads them. A record starts at `<PRI>` followed by a time (RFC 3339, or RFC 3164's month) or RFC 5424's
// version `1 `; PRI is at most 191.

/** How a file's records are framed when they are not one a line. */
export type Framing = 'forward' | 'octet';

/** `<PRI>` where a record starts: the RFC 3339 date, an RFC 3164 month and day, or RFC 5424's `1 ` after it. */
const FRAME_START_RE = /<(\d{1,3})>(?=\d{4}-\d\d-\d\d[T ]|[A-Z][a-z]{2} [ \d]\d |1 \d{4}-|1 - )/g;
/** RFC 6587 octet counting: `LEN SP` before the record (LEN without leading zeros). */
const OCTET_RE = /^([1-9]\d{0,8}) <\d{1,3}>/;
/** Records that must be found in the head's first line to call it framed. */
const MIN_FRAMES = 3;

/** Where records start in `line` (indexes of their `<`), at most `limit`. */
function frameStarts(line: string, limit: number): number[] {
  const at: number[] = [];
  FRAME_START_RE.lastIndex = 0;
  for (let m = FRAME_START_RE.exec(line); m && at.length < limit; m = FRAME_START_RE.exec(line))
    if (Number(m[1]) <= 191) at.push(m.index);
  return at;
}

/** The records of an octet-counted text, or null when its lengths do not chain from record to record. */
function octetRecords(text: string, max: number): string[] | null {
  const out: string[] = [];
  let pos = 0;
  while (pos < text.length && out.length < max) {
    while (text[pos] === '\n' || text[pos] === '\r') pos++;
    if (pos >= text.length) break;
    const m = OCTET_RE.exec(text.slice(pos, pos + 16));
    if (!m) return out.length > 0 && text.length - pos < 16 ? out : null;
    const start = pos + m[1].length + 1;
    const end = start + Number(m[1]);
    // The head is cut: a last record past its end is partial.
    if (end > text.length) break;
    out.push(text.slice(start, end));
    pos = end;
  }
  return out;
}

/** How the head of a file frames syslog records, when it holds several in a line; undefined otherwise. */
export function framingOf(head: string): Framing | undefined {
  const octets = octetRecords(head, MIN_FRAMES);
  if (octets && octets.length >= MIN_FRAMES) return 'octet';
  const nl = head.indexOf('\n');
  const first = nl < 0 ? head : head.slice(0, nl);
  const starts = frameStarts(first, MIN_FRAMES);
  return starts.length >= MIN_FRAMES && starts[0] === 0 ? 'forward' : undefined;
}

/** The records of a framed head (the last one dropped when the head was cut inside it: `complete` false). */
export function splitFrames(text: string, framing: Framing, complete: boolean, max = 1000): string[] {
  if (framing === 'octet') return octetRecords(text, max) ?? [];
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const starts = frameStarts(line, max);
    if (starts[0] !== 0) starts.unshift(0);
    for (let i = 0; i < starts.length && out.length < max; i++) out.push(line.slice(starts[i], starts[i + 1]));
  }
  if (!complete && out.length > 1) out.pop();
  return out.filter((r) => r.trim() !== '');
}
