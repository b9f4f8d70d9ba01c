// One read-only snapshot of a live host (or of another root: tests, and `collect`): processes with their fds,
// limits, memory and service; TCP sockets by state matched to processes by inode; listeners with their accept
// queue; memory, pressure, kernel settings, load; disk space and inodes per mount. Nothing is written; what
// cannot be read is listed in `unreadable`.
import { statfsSync } from 'node:fs';
import { readOomKills } from './kmsg.js';
import {
  parseBootTime,
  parseCgroup,
  parseCpuCount,
  parseEnvironOwner,
  parseFdLimits,
  parseLoadavg,
  parseMeminfo,
  parseMemoryMax,
  parseMounts,
  parseNetstat,
  parseNetTcp,
  parsePressure,
  parseStartTicks,
  parseStatus,
  parseThp,
  parseWorkerTitle,
  type TcpSocket,
} from './proc-parse.js';
import { ProcReader, why } from './read.js';
import { liveSsListeners, type SsListener } from './ss.js';
import type { ProbeHost, ProbeListener, ProbeMount, ProbeProcess, Snapshot, SocketCounts } from './types.js';

export interface SnapshotOptions {
  root?: string;
  /** Only these processes (--pid). */
  pids?: number[];
  /** Only processes of this name or service (--process). */
  process?: string;
  /** Accept-queue sizes from `ss -ltnH` (default: on the live host only, never for another root). */
  ss?: boolean;
  /** OOM kills from /dev/kmsg (default: on the live host only). */
  kmsg?: boolean;
}

/** USER_HZ: the unit of /proc/PID/stat's starttime, 100 on every Linux architecture in use (proc(5), times(2)). */
const USER_HZ = 100;

/** Filesystems that hold no user data: their "space" is not disk. */
const PSEUDO_FS = new Set(
  'proc sysfs devtmpfs devpts cgroup cgroup2 mqueue debugfs tracefs securityfs pstore bpf autofs hugetlbfs configfs fusectl binfmt_misc nsfs rpc_pipefs efivarfs ramfs squashfs overlay-pseudo selinuxfs fuse.gvfsd-fuse fuse.portal'.split(
    ' ',
  ),
);

export function takeSnapshot(options: SnapshotOptions = {}): Snapshot {
  const r = new ProcReader(options.root ?? '/');
  const sockets = readSockets(r);
  const byInode = new Map<number, TcpSocket>();
  for (const s of sockets) if (s.inode !== 0) byInode.set(s.inode, s);
  const bootTime = parseBootTime(r.text('/proc/stat') ?? '');
  const processes: ProbeProcess[] = [];
  const owner = new Map<number, number>();
  for (const pid of listPids(r, options.pids)) {
    const p = readProcess(r, pid, byInode, owner, bootTime);
    if (p && matches(p, options.process)) processes.push(p);
  }
  const host = readHost(r, sockets);
  return {
    version: 1,
    time: new Date().toISOString(),
    root: r.root,
    host,
    processes,
    listeners: listeners(sockets, owner, host.somaxconn, processes, {
      narrowed: !!options.pids || options.process !== undefined,
      ss: (options.ss ?? r.root === '/') ? liveSsListeners() : undefined,
    }),
    mounts: readMounts(r),
    oomKills: (options.kmsg ?? r.root === '/') ? oomKills(r, bootTime) : [],
    unreadable: r.unreadable,
  };
}

function oomKills(r: ProcReader, bootTime: number | undefined) {
  const got = readOomKills(bootTime ?? 0);
  if ('why' in got) {
    r.note('/dev/kmsg', `${got.why}: OOM kills not read (root, or kernel.dmesg_restrict = 0, can read them)`);
    return [];
  }
  return got.kills;
}

function listPids(r: ProcReader, only: number[] | undefined): number[] {
  if (only) return [...only].sort((a, b) => a - b);
  return (r.list('/proc') ?? [])
    .filter((n) => n !== '' && [...n].every((c) => c >= '0' && c <= '9'))
    .map(Number)
    .sort((a, b) => a - b);
}

function matches(p: ProbeProcess, name: string | undefined): boolean {
  if (name === undefined) return true;
  if (p.name === name) return true;
  const svc = p.service ?? '';
  return svc === name || svc.endsWith(`:${name}`) || svc === `${name}.service`;
}

function readSockets(r: ProcReader): TcpSocket[] {
  const out: TcpSocket[] = [];
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = r.text(f);
    if (text !== undefined) out.push(...parseNetTcp(text));
  }
  return out;
}

function readProcess(
  r: ProcReader,
  pid: number,
  byInode: Map<number, TcpSocket>,
  owner: Map<number, number>,
  bootTime: number | undefined,
): ProbeProcess | undefined {
  const dir = `/proc/${pid}`;
  const statusText = r.text(`${dir}/status`, { quietIfGone: true });
  if (statusText === undefined) return undefined;
  const status = parseStatus(statusText);
  // Kernel threads have no memory of their own (no VmRSS) and no fds, limits or service to speak of.
  if (status.rss === undefined) return undefined;
  const limits = parseFdLimits(r.text(`${dir}/limits`, { quietIfGone: true }) ?? '');
  const ticks = parseStartTicks(r.text(`${dir}/stat`, { quietIfGone: true }) ?? '');
  const fdNames = r.list(`${dir}/fd`, { quietIfGone: true });
  const counts: SocketCounts = { ESTABLISHED: 0, CLOSE_WAIT: 0, TIME_WAIT: 0, LISTEN: 0 };
  const mine: TcpSocket[] = [];
  for (const fd of fdNames ?? []) {
    const target = r.link(`${dir}/fd/${fd}`);
    if (!target?.startsWith('socket:[')) continue;
    const s = byInode.get(Number(target.slice(8, -1)));
    if (!s) continue;
    counts[s.state] = (counts[s.state] ?? 0) + 1;
    mine.push(s);
    // A listening socket shared by forked workers belongs to the first (lowest) pid: the master.
    if (!owner.has(s.inode)) owner.set(s.inode, pid);
  }
  return {
    pid,
    name: status.name ?? String(pid),
    ...serviceOf(r, dir),
    // Only php-fpm's title is read: a command line may carry secrets, and nothing else needs it.
    workerOf: status.name?.startsWith('php-fpm')
      ? (parseWorkerTitle(r.text(`${dir}/cmdline`, { quietIfGone: true, maxBytes: 4096 }) ?? '') ?? null)
      : null,
    fds: fdNames ? fdNames.length : null,
    fdSoftLimit: limits ? limits.soft : null,
    fdHardLimit: limits ? limits.hard : null,
    rss: status.rss,
    threads: status.threads ?? null,
    start:
      ticks !== undefined && bootTime !== undefined
        ? new Date((bootTime + ticks / USER_HZ) * 1000).toISOString()
        : null,
    sockets: counts,
    ...peers(mine),
  };
}

/**
 * The service (systemd unit or container from the cgroup; PM2 app or supervisord program from the environment) and
 * the memory limit it runs under: PM2's max_memory_restart, else the cgroup v2 memory.max of a unit or container.
 */
function serviceOf(r: ProcReader, dir: string): Pick<ProbeProcess, 'service' | 'memoryLimit' | 'memoryLimitSource'> {
  const cg = parseCgroup(r.text(`${dir}/cgroup`, { quietIfGone: true }) ?? '');
  // The environment of another user's process is unreadable without root: then only the cgroup tells.
  const env = parseEnvironOwner(r.text(`${dir}/environ`, { quietIfGone: true, maxBytes: 256 * 1024 }) ?? '');
  const unit = cg.unit && !cg.unit.startsWith('user@') && !cg.unit.startsWith('session-') ? cg.unit : undefined;
  const service = cg.container
    ? `container:${cg.container}`
    : env.pm2
      ? `pm2:${env.pm2}`
      : env.supervisord
        ? `supervisord:${env.supervisord}`
        : (unit ?? null);
  if (env.pm2MaxMemory !== undefined)
    return { service, memoryLimit: env.pm2MaxMemory, memoryLimitSource: 'PM2 max_memory_restart' };
  if ((cg.container || unit) && cg.v2Path && cg.v2Path !== '/') {
    const text = r.text(`/sys/fs/cgroup${cg.v2Path}/memory.max`, { quietIfGone: true });
    const max = text === undefined ? undefined : parseMemoryMax(text);
    if (max !== undefined) return { service, memoryLimit: max, memoryLimitSource: `cgroup memory.max (${cg.v2Path})` };
  }
  return { service, memoryLimit: null, memoryLimitSource: null };
}

/**
 * A socket accepted from a listener of the same process is counted per listening port (its peers' ports are
 * ephemeral); one the process opened is counted per remote address and port.
 */
function peers(mine: TcpSocket[]): Pick<ProbeProcess, 'closeWaitPeers' | 'establishedPeers'> {
  const listening = new Set(mine.filter((s) => s.state === 'LISTEN').map((s) => s.localPort));
  const tally = (state: string) => {
    const m = new Map<string, number>();
    for (const s of mine) {
      if (s.state !== state) continue;
      const key = listening.has(s.localPort)
        ? `accepted on :${s.localPort}`
        : `${s.remoteAddress.includes(':') ? `[${s.remoteAddress}]` : s.remoteAddress}:${s.remotePort}`;
      m.set(key, (m.get(key) ?? 0) + 1);
    }
    return [...m]
      .map(([peer, count]) => ({ peer, count }))
      .sort((a, b) => b.count - a.count || a.peer.localeCompare(b.peer))
      .slice(0, 10);
  };
  return { closeWaitPeers: tally('CLOSE_WAIT'), establishedPeers: tally('ESTABLISHED') };
}

function listeners(
  sockets: TcpSocket[],
  owner: Map<number, number>,
  somaxconn: number | null,
  processes: ProbeProcess[],
  opts: { narrowed: boolean; ss: SsListener[] | undefined },
): ProbeListener[] {
  const shown = new Set(processes.map((p) => p.pid));
  const timeWait = new Map<number, number>();
  const established = new Map<string, number>();
  for (const s of sockets) {
    if (s.state === 'TIME_WAIT') timeWait.set(s.localPort, (timeWait.get(s.localPort) ?? 0) + 1);
    else if (s.state === 'ESTABLISHED') {
      for (const key of [`${s.localAddress}:${s.localPort}`, `*:${s.localPort}`])
        established.set(key, (established.get(key) ?? 0) + 1);
    }
  }
  const wildcard = (a: string) => a === '0.0.0.0' || a === '::';
  return (
    sockets
      .filter((s) => s.state === 'LISTEN')
      .map((s) => ({ s, pid: owner.get(s.inode) ?? null }))
      // Narrowed by --pid or --process: only the listeners of the processes shown.
      .filter(({ pid }) => !opts.narrowed || (pid !== null && shown.has(pid)))
      .map(({ s, pid }): ProbeListener => {
        const diag = opts.ss ? ssFor(opts.ss, s.localAddress, s.localPort) : undefined;
        return {
          address: s.localAddress,
          port: s.localPort,
          pid,
          backlog: s.rxQueue,
          // /proc/net/tcp shows the queue in use but not its size, min(listen() backlog, somaxconn), which only
          // netlink sock_diag (ss) reports: without ss, somaxconn is the upper bound known.
          backlogLimit: diag ? diag.limit : somaxconn,
          limitSource: diag
            ? 'sock_diag (ss -ltn Send-Q)'
            : somaxconn === null
              ? 'unknown (net.core.somaxconn unreadable)'
              : "net.core.somaxconn (an upper bound: the app's listen() backlog is not in /proc)",
          overflows: null,
          // A wildcard listener accepts on every address: every connection to its port is its own.
          established:
            established.get(wildcard(s.localAddress) ? `*:${s.localPort}` : `${s.localAddress}:${s.localPort}`) ?? 0,
          timeWait: timeWait.get(s.localPort) ?? 0,
        };
      })
      .sort((a, b) => a.port - b.port || a.address.localeCompare(b.address))
  );
}

/** ss's line for a listener: same address and port, else the only one on that port ("*" vs "::"). */
function ssFor(ss: SsListener[], address: string, port: number): SsListener | undefined {
  const same = ss.find((x) => x.port === port && x.address === address);
  if (same) return same;
  const onPort = ss.filter((x) => x.port === port);
  return onPort.length === 1 ? onPort[0] : undefined;
}

function readHost(r: ProcReader, sockets: TcpSocket[]): ProbeHost {
  const mem = parseMeminfo(r.text('/proc/meminfo') ?? '');
  const num = (path: string) => {
    const t = r.text(path)?.trim();
    return t === undefined || t === '' || !Number.isFinite(Number(t)) ? null : Number(t);
  };
  const pressure: ProbeHost['pressure'] = {};
  for (const res of ['cpu', 'io', 'memory']) {
    const text = r.text(`/proc/pressure/${res}`);
    if (text === undefined) continue;
    const p = parsePressure(text);
    pressure[res] = { some10: p.some?.avg10 ?? 0, full10: p.full ? p.full.avg10 : null };
  }
  const counts: SocketCounts = {};
  for (const s of sockets) counts[s.state] = (counts[s.state] ?? 0) + 1;
  const netstat = parseNetstat(r.text('/proc/net/netstat') ?? '');
  const thp = r.text('/sys/kernel/mm/transparent_hugepage/enabled');
  return {
    name: r.text('/proc/sys/kernel/hostname')?.trim() ?? '',
    kernel: r.text('/proc/sys/kernel/osrelease')?.trim() ?? '',
    cpus: parseCpuCount(r.text('/proc/cpuinfo') ?? ''),
    memTotal: mem.memTotal ?? 0,
    memAvailable: mem.memAvailable ?? 0,
    swapTotal: mem.swapTotal ?? 0,
    swapUsed: Math.max(0, (mem.swapTotal ?? 0) - (mem.swapFree ?? 0)),
    load: parseLoadavg(r.text('/proc/loadavg') ?? '') ?? null,
    pressure,
    swappiness: num('/proc/sys/vm/swappiness'),
    overcommitMemory: num('/proc/sys/vm/overcommit_memory'),
    thp: thp === undefined ? null : (parseThp(thp) ?? null),
    somaxconn: num('/proc/sys/net/core/somaxconn'),
    sockets: counts,
    listenOverflows: netstat.get('TcpExt.ListenOverflows') ?? null,
    listenDrops: netstat.get('TcpExt.ListenDrops') ?? null,
    listenOverflowsDelta: null,
    listenDropsDelta: null,
  };
}

/** statfs of each real filesystem's mount point (the first mount of a point that is mounted over twice). */
export function readMounts(r: ProcReader): ProbeMount[] {
  const seen = new Set<string>();
  const out: ProbeMount[] = [];
  for (const m of parseMounts(r.text('/proc/self/mounts') ?? '')) {
    if (PSEUDO_FS.has(m.fstype) || seen.has(m.mount)) continue;
    // tmpfs under /sys and /dev is the kernel's (cgroup folders, /dev itself); /run and /dev/shm can fill up.
    if (m.fstype === 'tmpfs' && (m.mount.startsWith('/sys') || m.mount === '/dev')) continue;
    seen.add(m.mount);
    try {
      const s = statfsSync(r.path(m.mount));
      out.push({
        mount: m.mount,
        fstype: m.fstype,
        device: m.device,
        readOnly: m.readOnly,
        size: s.blocks * s.bsize,
        used: (s.blocks - s.bfree) * s.bsize,
        // bavail: what an unprivileged process may still use (ext4 reserves 5 % for root).
        available: s.bavail * s.bsize,
        inodes: s.files,
        inodesUsed: s.files - s.ffree,
      });
    } catch (err) {
      r.note(m.mount, `statfs: ${why(err)}`);
    }
  }
  return out;
}
