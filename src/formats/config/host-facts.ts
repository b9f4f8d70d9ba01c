// Facts about the running host, from snapshot files copied off the box (by hand or `faultline collect`):
// /proc/meminfo, /proc/cpuinfo, /proc/sys/** values, THP's `enabled`, /proc/PID/limits, /etc/hostname,
// /etc/os-release, and the saved output of `free`, `nproc` and `ulimit -n`. Each file yields one
// HostFactsConfig holding only what that file tells; the stack model merges them per host.
//
// Sample (the postmortem host's /proc/meminfo, first lines):
//
//   MemTotal:        3986244 kB
//   MemFree:          153876 kB
//   SwapTotal:             0 kB
//
// → { memTotal: 3986244 × 1024 bytes (meminfo:1), swapTotal: 0 (meminfo:3), sysctl: {}, processLimits: [] }
import { posix } from 'node:path';
import type { ParseIssue, SourceLoc } from '../../model/setting.js';
import { written } from '../../model/setting.js';
import { GiB, KiB, MiB, TiB } from '../../model/units.js';
import { trimTrailingSlashes } from './include.js';
import { dottedKey } from './sysctl.js';
import type { ConfigFS, ConfigParser, HostFactsConfig } from './types.js';

type FactKind =
  | 'meminfo'
  | 'cpuinfo'
  | 'proc-sys'
  | 'thp'
  | 'proc-limits'
  | 'hostname'
  | 'os-release'
  | 'free'
  | 'nproc'
  | 'ulimit';

const MEMINFO_LINE = /^MemTotal:\s+\d+\s*kB\s*$/m;
const CPUINFO_LINE = /^processor\s*:\s*\d+\s*$/m;
const PROC_SYS_PATH = /(?:^|\/)proc\/sys\/([\s\S]+)$/;
/** `…/transparent_hugepage/enabled`, or a file whose name says THP (`thp.txt`): by string tests, not a pattern. */
function isThpPath(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (base.includes('transparent_hugepage') || base.includes('thp')) return true;
  return path === 'transparent_hugepage/enabled' || path.endsWith('/transparent_hugepage/enabled');
}
const THP_CHOICES = /^\s*(?:\[?always\]?)\s+(?:\[?madvise\]?)\s+(?:\[?never\]?)\s*$/;
const LIMITS_HEADER = /^Limit\s+Soft Limit\s+Hard Limit\s+Units\s*$/m;
// Blanks, not \s: with /m, \s would cross lines, and a run of newlines was rescanned from each of them.
const FREE_HEADER = /^[ \t]+total[ \t]+used[ \t]+free[ \t]+shared[ \t]+(?:buff\/cache|buffers)\b/m;
const NPROC_NAME = /^nproc(?:\.txt|\.out)?$/;
const ULIMIT_NAME = /^ulimit[ _-]*-?([SH]?)n(?:\.txt|\.out)?$/;
const HOSTNAME = /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})$/;

/** Which snapshot a file is, from its path and content together; null when neither is clear. */
function factKind(path: string, sample: string): { kind: FactKind; confidence: number } | null {
  const base = posix.basename(path);
  const trimmed = sample.trim();
  const lines = trimmed.split(/\r?\n/);
  if (LIMITS_HEADER.test(sample)) return { kind: 'proc-limits', confidence: 0.95 };
  if (MEMINFO_LINE.test(sample)) {
    if (/^meminfo/.test(base)) return { kind: 'meminfo', confidence: 0.95 };
    if (/^MemFree:\s+\d+\s*kB\s*$/m.test(sample)) return { kind: 'meminfo', confidence: 0.85 };
  }
  if (CPUINFO_LINE.test(sample)) {
    if (/^cpuinfo/.test(base)) return { kind: 'cpuinfo', confidence: 0.95 };
    if (/^(vendor_id|model name|BogoMIPS|flags|cpu family)\s*:/m.test(sample))
      return { kind: 'cpuinfo', confidence: 0.85 };
  }
  if (isThpPath(path) && lines.length === 1 && THP_CHOICES.test(trimmed) && /\[\w+\]/.test(trimmed))
    return { kind: 'thp', confidence: 0.95 };
  // A /proc/sys file holds one value (a few numbers for vectors like tcp_rmem).
  if (PROC_SYS_PATH.test(path) && trimmed !== '' && lines.length <= 4 && sample.length < 4096)
    return { kind: 'proc-sys', confidence: 0.9 };
  if (/(?:^|\/)etc\/hostname$/.test(path) && lines.length === 1 && HOSTNAME.test(trimmed))
    return { kind: 'hostname', confidence: 0.9 };
  if (/(?:^|\/)os-release$/.test(path) && /^(PRETTY_NAME|ID)=/m.test(sample))
    return { kind: 'os-release', confidence: 0.9 };
  if (/^PRETTY_NAME=/m.test(sample) && /^ID=/m.test(sample) && /^NAME=/m.test(sample) && /os-release/.test(base))
    return { kind: 'os-release', confidence: 0.8 };
  if (FREE_HEADER.test(sample) && /^Mem:\s+/m.test(sample)) return { kind: 'free', confidence: 0.9 };
  if (NPROC_NAME.test(base) && /^\d+$/.test(trimmed)) return { kind: 'nproc', confidence: 0.9 };
  if (ULIMIT_NAME.test(base) && /^(\d+|unlimited)$/.test(trimmed)) return { kind: 'ulimit', confidence: 0.9 };
  return null;
}

export const hostFactsParser: ConfigParser<HostFactsConfig> = {
  id: 'host-facts',
  detect(path, sample) {
    return factKind(path, sample)?.confidence ?? 0;
  },
  parse({ path, text, fs }) {
    const data: HostFactsConfig = { sysctl: {}, processLimits: [] };
    const issues: ParseIssue[] = [];
    const kind = factKind(path, text)?.kind;
    const lines = text.split(/\r?\n/);
    switch (kind) {
      case 'meminfo':
        readMeminfo(path, lines, data, issues);
        break;
      case 'cpuinfo':
        readCpuinfo(path, lines, data);
        break;
      case 'proc-sys':
        readProcSys(path, lines, data);
        break;
      case 'thp':
        readThp(path, lines, data, issues);
        break;
      case 'proc-limits':
        readProcLimits(path, lines, fs, data, issues);
        break;
      case 'hostname':
        data.hostname = written(lines[0].trim(), { path, line: 1 }, lines[0].trim());
        break;
      case 'os-release':
        readOsRelease(path, lines, data);
        break;
      case 'free':
        readFree(path, lines, data, issues);
        break;
      case 'nproc':
        readNproc(path, lines, data);
        break;
      case 'ulimit':
        readUlimit(path, lines, data);
        break;
      default:
        issues.push({ path, line: 1, message: 'expected a host snapshot: /proc/meminfo, /proc/cpuinfo, /proc/sys/…' });
    }
    return { data, issues, consumed: [] };
  },
};

/** /proc/meminfo: "MemTotal:  3986244 kB"; the kernel's "kB" is KiB (proc(5)). */
function readMeminfo(path: string, lines: string[], data: HostFactsConfig, issues: ParseIssue[]): void {
  lines.forEach((line, i) => {
    const m = /^(MemTotal|SwapTotal):\s*(\S+)(?:\s+(kB))?$/.exec(line.trim());
    if (!m) return;
    const loc = { path, line: i + 1 };
    if (!/^\d+$/.test(m[2]) || !m[3]) {
      issues.push({ ...loc, message: `expected "${m[1]}: <number> kB"` });
      return;
    }
    const bytes = Number(m[2]) * KiB;
    if (m[1] === 'MemTotal') data.memTotal = written(bytes, loc, `${m[2]} kB`);
    else data.swapTotal = written(bytes, loc, `${m[2]} kB`);
  });
}

/** One "processor : N" stanza per logical CPU the kernel sees. */
function readCpuinfo(path: string, lines: string[], data: HostFactsConfig): void {
  let count = 0;
  let first = 0;
  lines.forEach((line, i) => {
    if (/^processor\s*:\s*\d+\s*$/.test(line)) {
      count++;
      if (first === 0) first = i + 1;
    }
  });
  if (count > 0) data.cpus = written(count, { path, line: first }, `${count} × "processor :"`);
}

function readProcSys(path: string, lines: string[], data: HostFactsConfig): void {
  const rel = PROC_SYS_PATH.exec(path)![1];
  // /proc/sys paths always separate with slashes; the sysctl name swaps slashes and dots.
  const key = dottedKey(trimTrailingSlashes(rel.replace(/^\/+/, '')));
  const value = lines
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join(' ');
  data.sysctl[key] = { value, loc: { path, line: 1 } };
}

/** "always [madvise] never": the bracketed word is the active mode. */
function readThp(path: string, lines: string[], data: HostFactsConfig, issues: ParseIssue[]): void {
  const m = /\[(always|madvise|never)\]/.exec(lines[0]);
  if (!m) {
    issues.push({ path, line: 1, message: 'expected one bracketed choice like "always [madvise] never"' });
    return;
  }
  data.transparentHugepage = written(m[1], { path, line: 1 }, lines[0].trim());
}

/**
 * /proc/PID/limits: fixed columns "Max open files   4096   4096   files". The process is named after
 * the pid directory, with its `comm` (or `cmdline`) sibling when the input has it.
 */
function readProcLimits(path: string, lines: string[], fs: ConfigFS, data: HostFactsConfig, issues: ParseIssue[]) {
  const i = lines.findIndex((l) => /^Max open files\s/.test(l));
  if (i < 0) {
    issues.push({ path, line: 1, message: 'expected a "Max open files" row' });
    return;
  }
  const loc: SourceLoc = { path, line: i + 1 };
  const m = /^Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)\s+files\s*$/.exec(lines[i]);
  if (!m) {
    issues.push({ ...loc, message: 'expected "Max open files <soft> <hard> files"' });
    return;
  }
  const count = (v: string) => (v === 'unlimited' ? Infinity : Number(v));
  data.processLimits.push({ process: processLabel(path, fs), nofileSoft: count(m[1]), nofileHard: count(m[2]), loc });
}

function processLabel(path: string, fs: ConfigFS): string {
  const dir = posix.dirname(path);
  const pid = /(?:^|\/)proc\/(\d+|self)$/.exec(dir)?.[1];
  if (!pid) return posix.basename(path).replace(/\.(txt|out)$/, '');
  const comm = safeRead(fs, `${dir}/comm`)?.trim();
  if (comm) return `${comm} (pid ${pid})`;
  const argv0 = safeRead(fs, `${dir}/cmdline`)?.split('\u0000')[0]?.trim();
  if (argv0) return `${posix.basename(argv0)} (pid ${pid})`;
  return `pid ${pid}`;
}

function safeRead(fs: ConfigFS, path: string): string | undefined {
  try {
    return fs.read(path);
  } catch {
    return undefined;
  }
}

/** os-release(5): shell-style KEY="value"; PRETTY_NAME names the system for people. */
function readOsRelease(path: string, lines: string[], data: HostFactsConfig): void {
  lines.forEach((line, i) => {
    const m = /^PRETTY_NAME=(.*)$/.exec(line.trim());
    if (!m) return;
    const value = m[1].replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');
    data.osRelease = written(value, { path, line: i + 1 }, m[1]);
  });
}

/**
 * `free` prints KiB by default (procps free(1)); -b, -m, -g switch the unit and -h prints suffixes.
 * Without suffixes the unit is only known from the file name ("free-m.txt", "free -b").
 */
function readFree(path: string, lines: string[], data: HostFactsConfig, issues: ParseIssue[]): void {
  const nameUnit = freeUnitFromName(posix.basename(path));
  for (let i = 0; i < lines.length; i++) {
    const m = /^(Mem|Swap):\s+(\S+)/.exec(lines[i]);
    if (!m) continue;
    const loc = { path, line: i + 1 };
    const bytes = freeAmount(m[2], nameUnit);
    if (bytes === null) {
      issues.push({
        ...loc,
        message: /^\d+$/.test(m[2])
          ? 'expected the unit of `free` in the file name (free-b, free-m, free-k, free-g) or suffixed values (free -h)'
          : `expected a size in the "total" column, got "${m[2]}"`,
      });
      continue;
    }
    if (m[1] === 'Mem') data.memTotal = written(bytes, loc, m[2]);
    else data.swapTotal = written(bytes, loc, m[2]);
  }
}

function freeUnitFromName(base: string): number | undefined {
  const m = /^free(?:[ _-]+-{0,2}(b|bytes|k|kibi|kilo|m|mebi|mega|g|gibi|giga))?(?:\.txt|\.out)?$/.exec(base);
  if (!m?.[1]) return undefined;
  return { b: 1, k: KiB, m: MiB, g: GiB }[m[1][0] as 'b' | 'k' | 'm' | 'g'];
}

function freeAmount(raw: string, nameUnit: number | undefined): number | null {
  if (/^\d+$/.test(raw)) return nameUnit === undefined ? null : Number(raw) * nameUnit;
  // free -h: "3.8Gi", "512Mi", "0B" (newer procps), or "3.8G" (older).
  const m = /^(\d+(?:[.,]\d+)?)([BKMGT])i?$/.exec(raw);
  if (!m) return null;
  const mult = { B: 1, K: KiB, M: MiB, G: GiB, T: TiB }[m[2] as 'B' | 'K' | 'M' | 'G' | 'T'];
  return Math.round(Number(m[1].replace(',', '.')) * mult);
}

function readNproc(path: string, lines: string[], data: HostFactsConfig): void {
  const i = lines.findIndex((l) => l.trim() !== '');
  const raw = lines[i].trim();
  data.cpus = written(Number(raw), { path, line: i + 1 }, raw);
}

/** `ulimit -n` prints the soft limit; `ulimit -Hn` the hard one (bash(1), ulimit). */
function readUlimit(path: string, lines: string[], data: HostFactsConfig): void {
  const i = lines.findIndex((l) => l.trim() !== '');
  const raw = lines[i].trim();
  const value = raw === 'unlimited' ? Infinity : Number(raw);
  const hard = ULIMIT_NAME.exec(posix.basename(path))?.[1] === 'H';
  const loc = { path, line: i + 1 };
  data.processLimits.push(
    hard
      ? { process: 'shell (ulimit -Hn)', nofileHard: value, loc }
      : { process: 'shell (ulimit -n)', nofileSoft: value, loc },
  );
}
