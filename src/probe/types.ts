// The shapes `probe` returns (docs/contract.md, "// probe"); sizes in bytes, times ISO 8601 UTC.
import type { Finding } from '../rules/types.js';

export type SocketCounts = Record<string, number>;

export interface ProbeHost {
  name: string;
  kernel: string;
  cpus: number;
  memTotal: number;
  memAvailable: number;
  swapTotal: number;
  swapUsed: number;
  load: [number, number, number] | null;
  /** Pressure stall information: percent of the last 10 s some / all tasks stalled, per resource. */
  pressure: Record<string, { some10: number; full10: number | null }>;
  swappiness: number | null;
  overcommitMemory: number | null;
  /** always | madvise | never */
  thp: string | null;
  somaxconn: number | null;
  /** TCP sockets of the network namespace by state, owned or not (TIME_WAIT has no owner). */
  sockets: SocketCounts;
  /** TcpExt counters of /proc/net/netstat (per network namespace); deltas over --duration when sampled. */
  listenOverflows: number | null;
  listenDrops: number | null;
  listenOverflowsDelta: number | null;
  listenDropsDelta: number | null;
}

export interface ProbeProcess {
  pid: number;
  name: string;
  /** "nginx.service", "pm2:api", "supervisord:worker", "container:3f4e…", or null when none is known. */
  service: string | null;
  /** The worker pool it serves, from its process title: "php-fpm:www"; null for others. */
  workerOf: string | null;
  fds: number | null;
  fdSoftLimit: number | null;
  fdHardLimit: number | null;
  rss: number | null;
  /** Where the process is stopped or restarted for its memory: PM2's max_memory_restart, its cgroup's memory.max. */
  memoryLimit: number | null;
  memoryLimitSource: string | null;
  threads: number | null;
  start: string | null;
  sockets: SocketCounts;
  /** CLOSE_WAIT sockets by remote peer ("10.0.0.5:5432" → 12), the largest piles first. */
  closeWaitPeers: { peer: string; count: number }[];
  /** ESTABLISHED sockets by remote peer, the largest first (at most 10). */
  establishedPeers: { peer: string; count: number }[];
}

export interface ProbeListener {
  address: string;
  port: number;
  pid: number | null;
  /** The accept queue in use: rx_queue of the LISTEN socket in /proc/net/tcp (sk_ack_backlog). */
  backlog: number;
  /** The accept queue's size, as far as it is known; see limitSource. */
  backlogLimit: number | null;
  limitSource: string;
  /** ListenOverflows over the window, attributed to a listener seen with a full queue. */
  overflows: number | null;
  /** ESTABLISHED connections accepted on this address and port (what a connection limit counts). */
  established: number;
  /** TIME_WAIT sockets on this port (their owner has closed them). */
  timeWait: number;
}

export interface ProbeMount {
  mount: string;
  fstype: string;
  device: string;
  readOnly: boolean;
  size: number;
  used: number;
  available: number;
  inodes: number;
  inodesUsed: number;
}

/** A TLS certificate a service's config points at. */
export interface ProbeCertificate {
  path: string;
  /** "CN=example.com" */
  subject: string;
  notBefore: string;
  notAfter: string;
  /** Whole days from the snapshot to notAfter; negative once expired. */
  daysLeft: number;
  /** The directive that names it (nginx `ssl_certificate`, Apache `SSLCertificateFile`). */
  referencedBy: { path: string; line: number };
}

/** A process the kernel's OOM killer ended, as /dev/kmsg still holds it. */
export interface OomKill {
  time: string | null;
  pid: number | null;
  process: string;
  /** Killed for a cgroup's limit (a unit's MemoryMax, a container's), not for the host's memory. */
  cgroup: boolean;
  text: string;
}

export interface Unreadable {
  path: string;
  why: string;
}

export interface Snapshot {
  version: 1;
  time: string;
  root: string;
  host: ProbeHost;
  processes: ProbeProcess[];
  listeners: ProbeListener[];
  mounts: ProbeMount[];
  /** OOM kills in the kernel's ring buffer (the live host only; empty when it cannot be read, which is noted). */
  oomKills: OomKill[];
  unreadable: Unreadable[];
}

export interface ProcessSample {
  time: string;
  pid: number;
  rss: number | null;
  fds: number | null;
  sockets: SocketCounts;
}

export interface HostSample {
  time: string;
  memAvailable: number;
  swapUsed: number;
  mounts: { mount: string; used: number; inodesUsed: number }[];
  listenOverflows: number | null;
  /** Listeners whose queue was full at this sample ("127.0.0.1:8080"). */
  fullListeners: string[];
}

export interface Forecast {
  resource: 'fds' | 'connections' | 'accept-queue' | 'workers' | 'memory' | 'disk' | 'inodes' | 'certificate';
  subject: string;
  limit: number;
  current: number;
  slopePerHour: number;
  /** ISO times: when the limit is reached at the fitted slope, and at the ends of its 95 % confidence interval. */
  eta: string | null;
  low: string | null;
  high: string | null;
  evidence: string[];
}

export interface ProbeResult extends Snapshot {
  samples: ProcessSample[];
  hostSamples: HostSample[];
  findings: Finding[];
  forecasts: Forecast[];
  /** The services' configs read beside the snapshot (their limits are set against use). */
  configs: { path: string; format: string | null; error: string | null }[];
  /** The TLS certificates those configs point at. */
  certificates: ProbeCertificate[];
  /** Seconds the window lasted (0: one snapshot). */
  duration: number;
}
