// The snapshot `faultline probe --format json` prints and `faultline collect` writes as probe-snapshot.json: the
// live facts of a host (docs/contract.md, "// probe"). Read back, it gives the host model what /proc snapshots give
// (RAM, CPUs, THP, kernel settings, each process's open-file limit) and the probe rules their facts, each located at
// the line of the file that holds it. The live probe builds the same data without a file (`live`), located at the
// /proc paths it read.
//
// Sample (probe-snapshot.json, first lines):
//
//   {
//     "version": 1,
//     "host": {
//       "name": "vm",
//       "cpus": 2,
//       "memTotal": 25276203008,
//
// → { hostFacts: { memTotal: 25276203008 bytes (probe-snapshot.json:6), cpus: 2 (…:5), … }, lines: { host: 3, … } }
import type { ParseIssue, SourceLoc } from '../../model/setting.js';
import { written } from '../../model/setting.js';
import type { HostSample, ProbeCertificate, ProcessSample, Snapshot } from '../../probe/types.js';
import type { ConfigParser, HostFactsConfig } from './types.js';

/** What a probe-snapshot holds: a snapshot, with the samples of its window when it had one. */
export type ProbeData = Snapshot & {
  samples?: ProcessSample[];
  hostSamples?: HostSample[];
  duration?: number;
  certificates?: ProbeCertificate[];
};

export interface ProbeSnapshotConfig {
  snapshot: ProbeData;
  /** The file read, or "probe" for a live probe. */
  path: string;
  live: boolean;
  /** Line of each located fact ("host", "process:<pid>", "listener:<address>:<port>", "mount:<path>"). */
  lines: Record<string, number>;
  /** The host facts the snapshot tells, as host-facts gives them. */
  hostFacts: HostFactsConfig;
}

/** The /proc or /sys file a host fact of a live probe comes from. */
const LIVE_HOST_PATHS: Record<string, string> = {
  memTotal: '/proc/meminfo',
  memAvailable: '/proc/meminfo',
  swapUsed: '/proc/meminfo',
  listenOverflowsDelta: '/proc/net/netstat',
  listenOverflows: '/proc/net/netstat',
  overcommitMemory: '/proc/sys/vm/overcommit_memory',
  swappiness: '/proc/sys/vm/swappiness',
  somaxconn: '/proc/sys/net/core/somaxconn',
  thp: '/sys/kernel/mm/transparent_hugepage/enabled',
};

/**
 * Where a fact of the snapshot is ("host.memAvailable", "process:<pid>", "listener:<address>:<port>",
 * "mount:<path>", "oomKills"): the file's line, or the /proc path the live probe read it from.
 */
export function probeLoc(data: ProbeSnapshotConfig, key: string): SourceLoc {
  if (!data.live) return { path: data.path, line: data.lines[key] ?? data.lines.host ?? 1 };
  const colon = key.indexOf(':');
  const kind = colon < 0 ? key : key.slice(0, colon);
  const rest = key.slice(colon + 1);
  if (kind === 'process') return { path: `/proc/${rest}`, line: 1 };
  if (kind === 'listener') return { path: '/proc/net/tcp', line: 1 };
  if (kind === 'mount') return { path: rest, line: 1 };
  if (kind === 'oomKills') return { path: '/dev/kmsg', line: 1 };
  return { path: LIVE_HOST_PATHS[key.slice('host.'.length)] ?? '/proc', line: 1 };
}

/** The data of a snapshot: its host facts and, for a file, the line of each fact. */
export function probeSnapshotConfig(snapshot: ProbeData, path: string, text?: string): ProbeSnapshotConfig {
  const lines = text === undefined ? {} : locateLines(text);
  const live = text === undefined;
  const at = (field: string): SourceLoc =>
    live
      ? { path: LIVE_HOST_PATHS[field] ?? (field === 'cpus' ? '/proc/cpuinfo' : '/proc/sys/kernel/hostname'), line: 1 }
      : { path, line: lines[`host.${field}`] ?? lines.host ?? 1 };
  const h = snapshot.host;
  const hostFacts: HostFactsConfig = { sysctl: {}, processLimits: [] };
  if (h.memTotal > 0) hostFacts.memTotal = written(h.memTotal, at('memTotal'), `MemTotal ${h.memTotal} bytes`);
  if (h.cpus > 0) hostFacts.cpus = written(h.cpus, at('cpus'), `${h.cpus} CPUs`);
  if (h.thp) hostFacts.transparentHugepage = written(h.thp, at('thp'), h.thp);
  if (h.name) hostFacts.hostname = written(h.name, at('name'), h.name);
  const sysctl: [string, number | null, string][] = [
    ['vm.overcommit_memory', h.overcommitMemory, 'overcommitMemory'],
    ['vm.swappiness', h.swappiness, 'swappiness'],
    ['net.core.somaxconn', h.somaxconn, 'somaxconn'],
  ];
  for (const [key, value, field] of sysctl)
    if (value !== null) hostFacts.sysctl[key] = { value: String(value), loc: at(field) };
  for (const p of snapshot.processes) {
    if (p.fdSoftLimit === null) continue;
    hostFacts.processLimits.push({
      process: p.name,
      nofileSoft: p.fdSoftLimit,
      nofileHard: p.fdHardLimit ?? p.fdSoftLimit,
      loc: live ? { path: `/proc/${p.pid}/limits`, line: 1 } : { path, line: lines[`process:${p.pid}`] ?? 1 },
    });
  }
  return { snapshot, path, live, lines, hostFacts };
}

/**
 * Lines of the facts in the file as probe writes it (JSON.stringify with two-space indentation): the top-level
 * section each line is in, and in it the line that starts each entry. A file on one line locates everything at 1.
 */
function locateLines(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  let section = '';
  let address = '';
  let addressLine = 0;
  const rows = text.split('\n');
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (row.startsWith('  "') && !row.startsWith('   ')) {
      section = row.slice(3, row.indexOf('"', 3));
      if (section === 'host' || section === 'oomKills') out[section] = i + 1;
      continue;
    }
    const t = row.trim();
    const value = (key: string) => (t.startsWith(`"${key}": `) ? t.slice(key.length + 4).replace(/,$/, '') : undefined);
    if (section === 'host' && t.startsWith('"')) {
      const key = t.slice(1, t.indexOf('"', 1));
      if (row.startsWith('    "') && !row.startsWith('     ')) out[`host.${key}`] ??= i + 1;
    } else if (section === 'processes' && value('pid') !== undefined) out[`process:${value('pid')}`] ??= i + 1;
    else if (section === 'listeners' && value('address') !== undefined) {
      address = JSON.parse(value('address') ?? '""');
      addressLine = i + 1;
    } else if (section === 'listeners' && value('port') !== undefined)
      out[`listener:${address}:${value('port')}`] ??= addressLine;
    else if (section === 'mounts' && value('mount') !== undefined)
      out[`mount:${JSON.parse(value('mount') ?? '""')}`] ??= i + 1;
  }
  return out;
}

/** The parts of the shape the rules and the host model rely on, checked so that a hand-edited file is an issue. */
function shapeProblem(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'expected a JSON object';
  const o = v as Record<string, unknown>;
  if (o.version !== 1) return 'expected "version": 1';
  if (typeof o.host !== 'object' || o.host === null) return 'expected a "host" object';
  // A snapshot of the host alone (no process readable) may leave the lists out; present, they are lists.
  for (const k of ['processes', 'listeners']) if (k in o && !Array.isArray(o[k])) return `expected a "${k}" array`;
  return undefined;
}

const EMPTY_HOST: Snapshot['host'] = {
  name: '',
  kernel: '',
  cpus: 0,
  memTotal: 0,
  memAvailable: 0,
  swapTotal: 0,
  swapUsed: 0,
  load: null,
  pressure: {},
  swappiness: null,
  overcommitMemory: null,
  thp: null,
  somaxconn: null,
  sockets: {},
  listenOverflows: null,
  listenDrops: null,
  listenOverflowsDelta: null,
  listenDropsDelta: null,
};

export const probeSnapshotParser: ConfigParser<ProbeSnapshotConfig> = {
  id: 'probe-snapshot',
  detect(path, sample) {
    const head = sample.trimStart();
    if (!head.startsWith('{')) return 0;
    const named = path === 'probe-snapshot.json' || path.endsWith('/probe-snapshot.json');
    const shaped = head.includes('"processes"') && head.includes('"listeners"') && head.includes('"host"');
    return shaped ? (named ? 0.95 : 0.85) : named ? 0.6 : 0;
  },
  parse({ path, text }) {
    const issues: ParseIssue[] = [];
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      issues.push({ path, line: 1, message: `not JSON: ${err instanceof Error ? err.message : String(err)}` });
    }
    const problem = issues.length === 0 ? shapeProblem(value) : undefined;
    if (problem) issues.push({ path, line: 1, message: problem });
    if (issues.length > 0) {
      const empty: ProbeData = {
        version: 1,
        time: '',
        root: '',
        host: EMPTY_HOST,
        processes: [],
        listeners: [],
        mounts: [],
        oomKills: [],
        unreadable: [],
      };
      return { data: probeSnapshotConfig(empty, path, ''), issues, consumed: [] };
    }
    const o = value as ProbeData;
    const entry = (x: unknown) => typeof x === 'object' && x !== null;
    const snapshot: ProbeData = {
      ...o,
      host: { ...EMPTY_HOST, ...o.host },
      // A hand-edited entry without its pid or counts is left out rather than read as zeros.
      processes: (o.processes ?? []).filter(
        (p) => entry(p) && Number.isInteger(p.pid) && typeof p.name === 'string' && entry(p.sockets),
      ),
      listeners: (o.listeners ?? []).filter(
        (l) => entry(l) && typeof l.address === 'string' && Number.isInteger(l.port),
      ),
      mounts: Array.isArray(o.mounts) ? o.mounts.filter((m) => entry(m) && typeof m.mount === 'string') : [],
      oomKills: Array.isArray(o.oomKills) ? o.oomKills.filter((k) => entry(k) && typeof k.process === 'string') : [],
      unreadable: Array.isArray(o.unreadable) ? o.unreadable : [],
    };
    return { data: probeSnapshotConfig(snapshot, path, text), issues, consumed: [] };
  },
};
