// Captured socket tables: `netstat -an` / `netstat -tan(p)` (net-tools, and BSD/macOS netstat) and `ss -tan(p)` /
// `ss -an` (iproute2). One file is one snapshot; each socket row becomes one line with fields
// {proto, local, peer, state, localPort, peerPort, recvQ, sendQ[, program]} for the analysis to count by state and port.
//
//   Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name
//   tcp        0      0 10.0.0.5:8080           10.0.0.9:51234          ESTABLISHED 1234/java
//   State      Recv-Q Send-Q Local Address:Port   Peer Address:Port   Process
//   ESTAB      0      0      10.0.0.5:8080        10.0.0.9:51234      users:(("node",pid=1234,fd=23))
//
// States are normalised to netstat's spelling (ss writes ESTAB, TIME-WAIT, SYN-RECV, FIN-WAIT-1, UNCONN); for a
// LISTEN socket, ss's Recv-Q is the accept queue and Send-Q the backlog, which is what reveals an overflowing queue.
import type { ParsedLine } from '../../model/event.js';
import type { LogFormat } from './types.js';

const NETSTAT_HEADER_RE = /^Proto\s+Recv-Q\s+Send-Q\s+Local Address\s+Foreign Address\s+(?:\(state\)|State)/;
const SS_HEADER_RE = /^(?:Netid\s+)?State\s+Recv-Q\s+Send-Q\s+Local Address:Port\s+Peer Address:Port/;
const NETSTAT_ROW_RE =
  /^(tcp[46]?|udp[46]?|tcp6|udp6|sctp)\s+(\d+)\s+(\d+)\s+(\S+)\s+(\S+)(?:\s+([A-Z][A-Z0-9_]*))?(?:\s+(\S[\s\S]*))?$/; // matched against the line without trailing blanks
const SS_STATES =
  'ESTAB|LISTEN|TIME-WAIT|CLOSE-WAIT|SYN-SENT|SYN-RECV|FIN-WAIT-1|FIN-WAIT-2|LAST-ACK|CLOSING|CLOSED|UNCONN|UNKNOWN';
const SS_ROW_RE = new RegExp(
  `^(?:(tcp|udp|u_str|u_dgr|u_seq|raw|p_raw|p_dgr|nl|sctp)\\s+)?(${SS_STATES})\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)\\s+(\\S+)(?:\\s+(.*))?$`,
);

const SS_TO_NETSTAT: Record<string, string> = {
  ESTAB: 'ESTABLISHED',
  'TIME-WAIT': 'TIME_WAIT',
  'CLOSE-WAIT': 'CLOSE_WAIT',
  'SYN-SENT': 'SYN_SENT',
  'SYN-RECV': 'SYN_RECV',
  'FIN-WAIT-1': 'FIN_WAIT1',
  'FIN-WAIT-2': 'FIN_WAIT2',
  'LAST-ACK': 'LAST_ACK',
  UNCONN: 'UNCONN',
};
/** BSD/macOS netstat spells a few states differently. */
const BSD_TO_LINUX: Record<string, string> = { FIN_WAIT_1: 'FIN_WAIT1', FIN_WAIT_2: 'FIN_WAIT2', SYN_RCVD: 'SYN_RECV' };

/** Port of `10.0.0.5:8080`, `[::1]:80`, `:::80`, `*:22`, `*.22` (BSD), `10.0.0.5.8080` (BSD); -1 for `*`. */
export function portOf(address: string): number {
  const afterColon = address.slice(address.lastIndexOf(':') + 1);
  // Linux writes host:port; BSD writes host.port, also for IPv6 (`::1.80`), so the colon part is not a port there.
  const port = /^(\d+|\*)$/.test(afterColon) ? afterColon : address.slice(address.lastIndexOf('.') + 1);
  return /^\d{1,5}$/.test(port) ? Number(port) : -1;
}

function rowFields(
  proto: string,
  recvQ: string,
  sendQ: string,
  local: string,
  peer: string,
  state: string,
  program: string | undefined,
): ParsedLine {
  const fields: Record<string, string | number> = {
    proto,
    local,
    peer,
    state,
    localPort: portOf(local),
    peerPort: portOf(peer),
    recvQ: Number(recvQ),
    sendQ: Number(sendQ),
  };
  if (program) fields.program = program;
  return { message: `${proto} ${local} ${peer} ${state}`, fields };
}

function parseSocketRow(line: string): ParsedLine | null {
  let m = NETSTAT_ROW_RE.exec(line.trimEnd());
  if (m) {
    // netstat -tanp: "1234/java" or "-"; a UDP row has no state, so the program can land in the state column.
    const rawState = m[6] ?? (m[1].startsWith('udp') ? 'UNCONN' : '');
    if (!rawState) return null;
    const state = BSD_TO_LINUX[rawState] ?? rawState;
    const program = m[7] && m[7] !== '-' ? m[7] : undefined;
    return rowFields(m[1], m[2], m[3], m[4], m[5], state, program);
  }
  m = SS_ROW_RE.exec(line);
  if (m) {
    const proto = m[1] ?? 'tcp';
    const process = m[7] ? /users:\(\("([^"]+)",pid=(\d+)/.exec(m[7]) : null;
    return rowFields(
      proto,
      m[3],
      m[4],
      m[5],
      m[6],
      SS_TO_NETSTAT[m[2]] ?? m[2],
      process ? `${process[2]}/${process[1]}` : undefined,
    );
  }
  // The tools' own header lines belong to the capture (no state: counted nowhere).
  if (HEADER_RE.test(line)) return { message: line };
  return null;
}

/** netstat's and ss's header lines. */
const HEADER_RE = /^(?:Active (?:Internet|UNIX domain) connections|Proto +Recv-Q|Netid +State|State +Recv-Q)/;

function detectSockets(sample: string[], path: string): number {
  let seen = 0;
  let rows = 0;
  let header = false;
  for (const line of sample) {
    if (!line.trim()) continue;
    seen++;
    if (NETSTAT_HEADER_RE.test(line) || SS_HEADER_RE.test(line)) header = true;
    else if (parseSocketRow(line)) rows++;
  }
  if (seen === 0) return 0;
  if (header) return rows > 0 ? 0.98 : 0.9;
  // A capture without its header (`ss -tanH`, `netstat -an | grep …`) still has a recognisable row shape.
  const ratio = rows / seen;
  return ratio < 0.5 ? 0 : ratio * (/netstat|\bss\b|sockets?/i.test(path) ? 0.9 : 0.7);
}

export const socketStates: LogFormat = {
  behaviour: {
    time: 'wall',
    multiline: false,
    requests: false,
    process: () => ({ source: 'socket-states' }),
    notableHints: [],
    tally: (p) => (p.fields?.state !== undefined ? (['socketStates', String(p.fields.state)] as const) : undefined),
  },
  id: 'socket-states',
  detect: detectSockets,
  parse: parseSocketRow,
  samples: [
    // netstat -tanp (net-tools)
    'tcp        0      0 0.0.0.0:8080            0.0.0.0:*               LISTEN      1187/java',
    'tcp        0      0 10.0.0.5:8080           10.0.0.9:51234          ESTABLISHED 1187/java',
    'tcp        0      0 10.0.0.5:8080           10.0.0.9:50918          CLOSE_WAIT  1187/java',
    'tcp6       0      0 :::22                   :::*                    LISTEN      -',
    // netstat -an
    'tcp        0      0 127.0.0.1:3000          127.0.0.1:41822         TIME_WAIT',
    'udp        0      0 0.0.0.0:68              0.0.0.0:*',
    // macOS netstat -an
    'tcp4       0      0  192.168.1.5.52345      17.57.144.20.5223      ESTABLISHED',
    // ss -tan / ss -tanp
    'LISTEN     0      128          *:22                       *:*',
    'ESTAB      0      0      10.0.0.5:3000               10.0.0.9:51234',
    'TIME-WAIT  0      0      127.0.0.1:3000              127.0.0.1:41830',
    'LISTEN 129    128          0.0.0.0:3000       0.0.0.0:*     users:(("node",pid=2231,fd=20))',
    'SYN-RECV   0      0      10.0.0.5:443                198.51.100.4:61001',
    // ss -an (with Netid)
    'tcp   ESTAB      0      0       [::ffff:10.0.0.5]:5432   [::ffff:10.0.0.7]:40002',
  ],
};
