// Parsers for the /proc and /sys files `probe` reads: each takes the file's text and returns typed facts, decides
// nothing, and is a single pass over the text with string operations (no regex runs over a whole file). Formats are
// those of proc(5) and the kernel's Documentation/filesystems/proc.rst; samples are in test/fixtures/probe-root.

const KIB = 1024;

/** Fields of "Key:\tvalue" files (/proc/PID/status, /proc/meminfo), trimmed; the first of a repeated key wins. */
export function parseKeyValues(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon);
    if (!out.has(key)) out.set(key, line.slice(colon + 1).trim());
  }
  return out;
}

/** "24683792 kB" → bytes (the kernel's kB is KiB); a bare number stays as it is. */
export function kbValue(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const space = raw.indexOf(' ');
  const num = Number(space < 0 ? raw : raw.slice(0, space));
  if (!Number.isFinite(num)) return undefined;
  return space >= 0 && raw.slice(space + 1).trim() === 'kB' ? num * KIB : num;
}

export interface Meminfo {
  memTotal?: number;
  memAvailable?: number;
  swapTotal?: number;
  swapFree?: number;
}

/** /proc/meminfo: "MemTotal:       24683792 kB". */
export function parseMeminfo(text: string): Meminfo {
  const kv = parseKeyValues(text);
  return {
    memTotal: kbValue(kv.get('MemTotal')),
    memAvailable: kbValue(kv.get('MemAvailable')),
    swapTotal: kbValue(kv.get('SwapTotal')),
    swapFree: kbValue(kv.get('SwapFree')),
  };
}

export interface ProcStatus {
  name?: string;
  rss?: number;
  threads?: number;
  uid?: number;
}

/** /proc/PID/status: Name, VmRSS (absent for kernel threads), Threads, the real Uid. */
export function parseStatus(text: string): ProcStatus {
  const kv = parseKeyValues(text);
  const uid = kv.get('Uid');
  return {
    name: kv.get('Name'),
    rss: kbValue(kv.get('VmRSS')),
    threads: kbValue(kv.get('Threads')),
    uid: uid === undefined ? undefined : Number(uid.split('\t')[0]),
  };
}

export interface FdLimits {
  soft: number;
  hard: number;
}

/** /proc/PID/limits: the "Max open files  <soft>  <hard>  files" row; unlimited is Infinity. */
export function parseFdLimits(text: string): FdLimits | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith('Max open files')) continue;
    const cols = line.slice('Max open files'.length).trim().split(/ +/);
    const value = (v: string | undefined) => (v === 'unlimited' ? Number.POSITIVE_INFINITY : Number(v));
    const soft = value(cols[0]);
    const hard = value(cols[1]);
    if (Number.isNaN(soft) || Number.isNaN(hard)) return undefined;
    return { soft, hard };
  }
  return undefined;
}

/**
 * /proc/PID/stat field 22, `starttime`, in clock ticks after boot. The command name (field 2) is in parentheses and
 * may hold spaces and ')' itself, so the fields are counted after the last ')'.
 */
export function parseStartTicks(text: string): number | undefined {
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  // After ')': field 3 (state) is the first; starttime is field 22, the 20th.
  const fields = text
    .slice(close + 1)
    .trim()
    .split(' ');
  const ticks = Number(fields[19]);
  return Number.isFinite(ticks) ? ticks : undefined;
}

/** /proc/stat: "btime 1796408314", the boot time in seconds since the epoch. */
export function parseBootTime(text: string): number | undefined {
  const at = text.indexOf('\nbtime ');
  const start = at >= 0 ? at + 7 : text.startsWith('btime ') ? 6 : -1;
  if (start < 0) return undefined;
  const end = text.indexOf('\n', start);
  const value = Number(text.slice(start, end < 0 ? undefined : end).trim());
  return Number.isFinite(value) ? value : undefined;
}

/** /proc/cpuinfo: one "processor\t: N" stanza per logical CPU. */
export function parseCpuCount(text: string): number {
  let count = 0;
  for (const line of text.split('\n')) if (line.startsWith('processor') && line.includes(':')) count++;
  return count;
}

/** /proc/loadavg: "2.05 0.77 0.28 1/97 13328". */
export function parseLoadavg(text: string): [number, number, number] | undefined {
  const f = text.trim().split(' ');
  const v = [Number(f[0]), Number(f[1]), Number(f[2])];
  return v.every(Number.isFinite) ? [v[0], v[1], v[2]] : undefined;
}

export interface Pressure {
  some?: { avg10: number; avg60: number; avg300: number };
  full?: { avg10: number; avg60: number; avg300: number };
}

/** /proc/pressure/{cpu,io,memory}: "some avg10=0.00 avg60=0.00 avg300=0.00 total=0" (percent of wall time stalled). */
export function parsePressure(text: string): Pressure {
  const out: Pressure = {};
  for (const line of text.split('\n')) {
    const [kind, ...pairs] = line.trim().split(' ');
    if (kind !== 'some' && kind !== 'full') continue;
    const v: Record<string, number> = {};
    for (const p of pairs) {
      const eq = p.indexOf('=');
      if (eq > 0) v[p.slice(0, eq)] = Number(p.slice(eq + 1));
    }
    out[kind] = { avg10: v.avg10 ?? 0, avg60: v.avg60 ?? 0, avg300: v.avg300 ?? 0 };
  }
  return out;
}

/** THP's `enabled`: "always [madvise] never" → the bracketed mode. */
export function parseThp(text: string): string | undefined {
  const open = text.indexOf('[');
  const close = text.indexOf(']', open);
  return open >= 0 && close > open ? text.slice(open + 1, close) : undefined;
}

/** TCP states as include/net/tcp_states.h numbers them (the `st` column of /proc/net/tcp, in hex). */
export const TCP_STATES: Readonly<Record<number, string>> = {
  1: 'ESTABLISHED',
  2: 'SYN_SENT',
  3: 'SYN_RECV',
  4: 'FIN_WAIT1',
  5: 'FIN_WAIT2',
  6: 'TIME_WAIT',
  7: 'CLOSE',
  8: 'CLOSE_WAIT',
  9: 'LAST_ACK',
  10: 'LISTEN',
  11: 'CLOSING',
};

export interface TcpSocket {
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  state: string;
  /** For a LISTEN socket, the accept queue in use (sk_ack_backlog); else bytes not yet read. */
  rxQueue: number;
  txQueue: number;
  uid: number;
  /** 0 for sockets no process owns any more (TIME_WAIT). */
  inode: number;
}

/**
 * /proc/net/tcp and tcp6, one socket a line after the header:
 *   "   1: 0100007F:AAB3 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 19018 1 …"
 * Addresses are the kernel's in-memory words in hex (little-endian on x86 and arm64), ports big-endian hex.
 */
export function parseNetTcp(text: string): TcpSocket[] {
  const out: TcpSocket[] = [];
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i].trim().split(/ +/);
    if (f.length < 10) continue;
    const local = splitEndpoint(f[1]);
    const remote = splitEndpoint(f[2]);
    const queues = f[4].split(':');
    if (!local || !remote || queues.length !== 2) continue;
    out.push({
      localAddress: local.address,
      localPort: local.port,
      remoteAddress: remote.address,
      remotePort: remote.port,
      state: TCP_STATES[Number.parseInt(f[3], 16)] ?? `0x${f[3]}`,
      txQueue: Number.parseInt(queues[0], 16),
      rxQueue: Number.parseInt(queues[1], 16),
      uid: Number(f[7]),
      inode: Number(f[9]),
    });
  }
  return out;
}

function splitEndpoint(raw: string): { address: string; port: number } | undefined {
  const colon = raw.indexOf(':');
  if (colon < 0) return undefined;
  const hex = raw.slice(0, colon);
  const port = Number.parseInt(raw.slice(colon + 1), 16);
  if (hex.length === 8) return { address: ipv4(hex), port };
  if (hex.length === 32) return { address: ipv6(hex), port };
  return undefined;
}

/** Host byte order of a little-endian kernel: "0100007F" is 127.0.0.1. */
function ipv4(hex: string): string {
  const b = [0, 2, 4, 6].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  return `${b[3]}.${b[2]}.${b[1]}.${b[0]}`;
}

/** Four 32-bit words, each little-endian; "::ffff:a.b.c.d" for IPv4-mapped addresses. */
function ipv6(hex: string): string {
  const bytes: number[] = [];
  for (let w = 0; w < 4; w++) {
    const word = hex.slice(w * 8, w * 8 + 8);
    for (let i = 6; i >= 0; i -= 2) bytes.push(Number.parseInt(word.slice(i, i + 2), 16));
  }
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff)
    return `::ffff:${bytes.slice(12).join('.')}`;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
  // The longest run of zero groups becomes "::" (RFC 5952).
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen && j - i > 1) [best, bestLen] = [i, j - i];
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

/** /proc/net/netstat: pairs of lines "TcpExt: Name1 Name2 …" / "TcpExt: 0 1 …" → "TcpExt.Name" → value. */
export function parseNetstat(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const lines = text.split('\n');
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const names = lines[i].trim().split(' ');
    const values = lines[i + 1].trim().split(' ');
    if (names[0] !== values[0] || !names[0].endsWith(':')) continue;
    const prefix = names[0].slice(0, -1);
    for (let k = 1; k < names.length && k < values.length; k++) out.set(`${prefix}.${names[k]}`, Number(values[k]));
  }
  return out;
}

export interface Mount {
  device: string;
  mount: string;
  fstype: string;
  readOnly: boolean;
}

/** /proc/self/mounts: "device mountpoint fstype options 0 0"; spaces in names are written as \040. */
export function parseMounts(text: string): Mount[] {
  const out: Mount[] = [];
  for (const line of text.split('\n')) {
    const f = line.split(' ');
    if (f.length < 4) continue;
    out.push({
      device: unescapeOctal(f[0]),
      mount: unescapeOctal(f[1]),
      fstype: f[2],
      readOnly: f[3].split(',').includes('ro'),
    });
  }
  return out;
}

function unescapeOctal(s: string): string {
  return s.includes('\\')
    ? s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(Number.parseInt(o, 8)))
    : s;
}

export interface CgroupOwner {
  /** systemd unit ("nginx.service"), when the process runs in one. */
  unit?: string;
  /** Container id (first 12 hex digits), when the process runs in a Docker/containerd/CRI-O/Podman container. */
  container?: string;
  /** The cgroup v2 path ("0::" line), where memory.max says the group's memory limit. */
  v2Path?: string;
}

/**
 * /proc/PID/cgroup, "hierarchy:controllers:path" per line (v2: "0::/system.slice/nginx.service"; v1 has a
 * "name=systemd" line). The path's last `.service` is the unit; a 64-hex component ("docker-<id>.scope",
 * "/docker/<id>", "cri-containerd-<id>.scope") is a container.
 */
export function parseCgroup(text: string): CgroupOwner {
  const out: CgroupOwner = {};
  for (const line of text.split('\n')) {
    const first = line.indexOf(':');
    const second = line.indexOf(':', first + 1);
    if (first < 0 || second < 0) continue;
    const controllers = line.slice(first + 1, second);
    if (controllers !== '' && controllers !== 'name=systemd') continue;
    if (line.startsWith('0::')) out.v2Path = line.slice(3).trim();
    for (const part of line.slice(second + 1).split('/')) {
      const id = containerId(part);
      if (id) out.container = id;
      else if (part.endsWith('.service')) out.unit = part;
    }
  }
  return out;
}

function containerId(part: string): string | undefined {
  let s = part.endsWith('.scope') ? part.slice(0, -'.scope'.length) : part;
  const dash = s.lastIndexOf('-');
  if (dash >= 0) s = s.slice(dash + 1);
  if (s.length !== 64) return undefined;
  for (let i = 0; i < 64; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return undefined;
  }
  return s.slice(0, 12);
}

/**
 * The service a process belongs to from its environment (/proc/PID/environ, NUL-separated): PM2 sets `pm_id` and
 * `name` in each app's environment (and `max_memory_restart`, in bytes, when the app has one), supervisord sets
 * `SUPERVISOR_PROCESS_NAME`. Only these are kept.
 */
export function parseEnvironOwner(text: string): { pm2?: string; pm2MaxMemory?: number; supervisord?: string } {
  let pmId = false;
  let name: string | undefined;
  let maxMemory: number | undefined;
  let supervisord: string | undefined;
  for (const entry of text.split('\0')) {
    if (entry.startsWith('pm_id=')) pmId = true;
    else if (entry.startsWith('name=')) name = entry.slice(5);
    else if (entry.startsWith('max_memory_restart=')) maxMemory = Number(entry.slice(19));
    else if (entry.startsWith('SUPERVISOR_PROCESS_NAME=')) supervisord = entry.slice(24);
  }
  const pm2 = pmId && name ? name : undefined;
  const pm2MaxMemory =
    pm2 && maxMemory !== undefined && Number.isFinite(maxMemory) && maxMemory > 0 ? maxMemory : undefined;
  return { pm2, pm2MaxMemory, supervisord };
}

/** cgroup v2 memory.max: bytes, or undefined for "max" (no limit). */
export function parseMemoryMax(text: string): number | undefined {
  const t = text.trim();
  const n = Number(t);
  return t !== '' && t !== 'max' && Number.isFinite(n) ? n : undefined;
}

/**
 * The pool a worker serves, from the process title it sets in /proc/PID/cmdline: php-fpm's workers are
 * "php-fpm: pool www" (padded with spaces), its master "php-fpm: master process (…)". Only that name is kept.
 */
export function parseWorkerTitle(cmdline: string): string | undefined {
  const title = cmdline.split('\0').join(' ').trim();
  if (!title.startsWith('php-fpm: pool ')) return undefined;
  const pool = title.slice('php-fpm: pool '.length).trim();
  return pool ? `php-fpm:${pool}` : undefined;
}
