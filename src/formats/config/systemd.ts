// systemd service units (`*.service`) and their drop-ins (`*.service.d/*.conf`): the [Service] settings
// that bound a process (open files, memory, tasks) and restart it. INI syntax per systemd.syntax(7).
//
// Sample (the seed's Node API behind PM2 would look like this when run by systemd instead):
//
//   [Unit]
//   Description=Node API
//   [Service]
//   User=www-data
//   ExecStart=/usr/bin/node /srv/app/server.js
//   Restart=always
//   LimitNOFILE=65536
//
// → units[0] = { unit: "node-app.service", execStart: "/usr/bin/node /srv/app/server.js",
//                restart: "always", limitNofile: { soft: 65536, hard: 65536 }, … } with file:line for each.
import { posix } from 'node:path';
import { type ParseIssue, type Setting, type SourceLoc, written } from '../../model/setting.js';
import { systemdDuration, systemdSize } from '../../model/units.js';
import type { ConfigFS, ConfigParser, ParseOutput, SystemdConfig, SystemdUnit } from './types.js';

/** What a service gets when its unit does not set LimitNOFILE=. */
export const SYSTEMD_DEFAULT_LIMIT_NOFILE = { soft: 1024, hard: 524288 } as const;

/**
 * systemd ≥ 240 raised the default hard RLIMIT_NOFILE of services to 512K (HIGH_RLIMIT_NOFILE = 524288) and
 * kept the soft limit at 1024 for programs that still use select() (systemd NEWS "CHANGES WITH 240",
 * PR systemd/systemd#10244; systemd-system.conf(5) DefaultLimitNOFILE=). Before 240 the kernel's 1024/4096
 * applied. A distribution or /etc/systemd/system.conf may change it.
 */
export const SYSTEMD_LIMIT_NOFILE_DEFAULT_SOURCE =
  'systemd-system.conf(5), DefaultLimitNOFILE=: default 1024:524288 (soft 1024 kept for select(), hard raised in systemd 240, NEWS "CHANGES WITH 240")';

/** Restart= values accepted by systemd.service(5). */
const RESTART_VALUES = new Set(['no', 'always', 'on-success', 'on-failure', 'on-abnormal', 'on-abort', 'on-watchdog']);

/** Directories systemd reads drop-ins from, most important first: /etc masks /run masks the vendor dirs. */
const DROPIN_DIRS = ['/etc/systemd/system', '/run/systemd/system', '/usr/lib/systemd/system', '/lib/systemd/system'];

const UNIT_PATH = /\.service$/;
const DROPIN_PATH = /\.service\.d\/[^/]+\.conf$/;
const SECTION_LINE = /^\[([^\]]*)\]\s*$/;

export const systemdParser: ConfigParser<SystemdConfig> = {
  id: 'systemd',
  detect(path, sample) {
    const hasService = /^[ \t]*\[Service\][ \t]*$/m.test(sample);
    const hasUnitSection = /^[ \t]*\[(Unit|Install)\][ \t]*$/m.test(sample);
    const hasServiceKey =
      /^[ \t]*(ExecStart|Restart|LimitNOFILE|MemoryMax|MemoryLimit|TasksMax|User|Type|WorkingDirectory)[ \t]*=/m.test(
        sample,
      );
    if (UNIT_PATH.test(path)) return hasService || hasUnitSection ? 0.95 : 0.6;
    if (DROPIN_PATH.test(path)) return hasService || hasUnitSection ? 0.95 : 0.3;
    // Content decides for other names: a unit has [Service] with systemd keys; my.cnf has [mysqld].
    if (hasService && hasServiceKey) return 0.85;
    if (hasService && hasUnitSection) return 0.8;
    return 0;
  },
  parse({ path, text, fs }) {
    const issues: ParseIssue[] = [];
    const consumed: string[] = [];
    const dropIn = DROPIN_PATH.test(path);
    const name = dropIn ? posix.basename(posix.dirname(path)).replace(/\.d$/, '') : posix.basename(path);
    const unit: SystemdUnit = { unit: name, loc: { path, line: 1 } };
    const serviceLine = applyUnitFile(path, text, unit, issues);
    if (serviceLine) unit.loc = { path, line: serviceLine };
    if (!dropIn) {
      const dropIns = findDropIns(path, name, fs);
      for (const p of dropIns) {
        const dropText = fs.read(p);
        if (dropText === undefined) continue;
        applyUnitFile(p, dropText, unit, issues);
        consumed.push(p);
      }
      if (consumed.length > 0) unit.dropIns = consumed.slice();
    }
    const out: ParseOutput<SystemdConfig> = { data: { units: [unit] }, issues, consumed };
    return out;
  },
};

/** Drop-ins of a unit, sorted by file name as systemd applies them; a name in /etc hides the same name elsewhere. */
function findDropIns(unitPath: string, unitName: string, fs: ConfigFS): string[] {
  const found = new Set<string>();
  const targets = [`${unitName}.d/*.conf`, ...DROPIN_DIRS.map((d) => `${d}/${unitName}.d/*.conf`)];
  for (const target of targets) {
    let hits: string[] = [];
    try {
      hits = fs.glob(target, unitPath);
    } catch {
      hits = [];
    }
    for (const h of hits) if (posix.basename(posix.dirname(h)) === `${unitName}.d` && h.endsWith('.conf')) found.add(h);
  }
  const byName = new Map<string, string>();
  for (const p of found) {
    const base = posix.basename(p);
    const current = byName.get(base);
    if (current === undefined || dirRank(p) < dirRank(current)) byName.set(base, p);
  }
  return [...byName.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((e) => e[1]);
}

function dirRank(path: string): number {
  const i = DROPIN_DIRS.findIndex((d) => path.includes(`${d.slice(1)}/`));
  return Math.max(i, 0);
}

interface Assignment {
  section: string;
  key: string;
  value: string;
  line: number;
}

/** Reads one unit file or drop-in into `unit` (later assignments win). Returns the line of [Service], if any. */
function applyUnitFile(path: string, text: string, unit: SystemdUnit, issues: ParseIssue[]): number | undefined {
  let serviceLine: number | undefined;
  const found: ParseIssue[] = [];
  for (const a of readAssignments(path, text, found)) {
    if (a.section === '') {
      found.push({ path, line: a.line, message: `expected a [Section] header before ${a.key}=` });
      continue;
    }
    if (a.section !== 'Service') continue;
    applyServiceKey(unit, a, { path, line: a.line }, found);
  }
  issues.push(...found.sort((a, b) => a.line - b.line));
  const m = /^[ \t]*\[Service\][ \t]*$/m.exec(text);
  if (m) serviceLine = text.slice(0, m.index).split('\n').length;
  return serviceLine;
}

/** Splits a unit file into assignments: comments, sections and backslash continuations handled. */
function readAssignments(path: string, text: string, issues: ParseIssue[]): Assignment[] {
  const lines = text.split(/\r?\n/);
  const out: Assignment[] = [];
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const startLine = i + 1;
    let line = lines[i].trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const sec = SECTION_LINE.exec(line);
    if (sec) {
      section = sec[1].trim();
      continue;
    }
    if (line.startsWith('[')) {
      issues.push({ path, line: startLine, message: 'expected a section header like [Service]' });
      section = '\u0000invalid';
      continue;
    }
    // systemd.syntax(7): a trailing backslash joins the next line, the backslash becoming a space;
    // comment lines inside a continuation are skipped.
    while (line.endsWith('\\') && i + 1 < lines.length) {
      line = line.slice(0, -1);
      i++;
      const next = lines[i].trim();
      if (next.startsWith('#') || next.startsWith(';')) {
        line += '\\';
        continue;
      }
      line = `${line.trimEnd()} ${next}`;
    }
    if (line.endsWith('\\')) line = line.slice(0, -1);
    const eq = line.indexOf('=');
    if (eq <= 0) {
      issues.push({ path, line: startLine, message: 'expected Key=Value' });
      continue;
    }
    const key = line.slice(0, eq).trim();
    if (!/^[A-Za-z0-9_-]+$/.test(key)) {
      issues.push({ path, line: startLine, message: `expected a setting name before "=", got "${clip(key)}"` });
      continue;
    }
    out.push({ section, key, value: line.slice(eq + 1).trim(), line: startLine });
  }
  return out;
}

function applyServiceKey(unit: SystemdUnit, a: Assignment, loc: SourceLoc, issues: ParseIssue[]): void {
  const { key, value } = a;
  const bad = (what: string) => issues.push({ ...loc, message: `${key}=: expected ${what}, got "${clip(value)}"` });
  // An empty assignment resets the setting to its default (systemd.exec(5), systemd.service(5)).
  const reset = value === '';
  switch (key) {
    case 'ExecStart':
      unit.execStart = reset ? undefined : written(maskSecrets(value), loc, maskSecrets(value));
      return;
    case 'User':
      unit.user = reset ? undefined : written(value, loc, value);
      return;
    case 'Restart':
      if (reset) unit.restart = undefined;
      else if (RESTART_VALUES.has(value)) unit.restart = written(value, loc, value);
      else bad('no, always, on-success, on-failure, on-abnormal, on-abort or on-watchdog');
      return;
    case 'RestartSec':
    case 'WatchdogSec': {
      const field = key === 'RestartSec' ? 'restartSec' : 'watchdogSec';
      if (reset) {
        unit[field] = undefined;
        return;
      }
      const ms = systemdDuration(value);
      if (ms === null) bad('a time span like 5s, 100ms or 1min 30s');
      else unit[field] = written(ms, loc, value);
      return;
    }
    case 'LimitNOFILE': {
      if (reset) {
        unit.limitNofile = undefined;
        return;
      }
      const limit = parseRlimit(value);
      if (!limit) bad('N, soft:hard or infinity');
      else if (limit.soft > limit.hard) bad('a soft limit not above the hard limit');
      else unit.limitNofile = written(limit, loc, value);
      return;
    }
    case 'MemoryMax':
    case 'MemoryLimit':
    case 'MemoryHigh': {
      const field = key === 'MemoryMax' ? 'memoryMax' : key === 'MemoryLimit' ? 'memoryLimit' : 'memoryHigh';
      applyAmountOrPercent(unit, field, value, loc, systemdSize, bad, 'a size like 512M, 2G, 80% or infinity');
      return;
    }
    case 'TasksMax':
      applyAmountOrPercent(unit, 'tasksMax', value, loc, parseCount, bad, 'a number, a percentage or infinity');
      return;
  }
}

function applyAmountOrPercent(
  unit: SystemdUnit,
  field: 'memoryMax' | 'memoryLimit' | 'memoryHigh' | 'tasksMax',
  value: string,
  loc: SourceLoc,
  read: (raw: string) => number | null,
  bad: (what: string) => void,
  expected: string,
): void {
  const clearPercent = () => {
    if (unit.percentages) delete unit.percentages[field];
    if (unit.percentages && Object.keys(unit.percentages).length === 0) unit.percentages = undefined;
  };
  if (value === '') {
    unit[field] = undefined;
    clearPercent();
    return;
  }
  // systemd.resource-control(5): a value suffixed with "%" is relative to physical memory (memory settings)
  // or to the system's maximum number of tasks (TasksMax=).
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(value);
  if (pct) {
    const share = Number(pct[1]);
    if (share > 100) {
      bad(expected);
      return;
    }
    unit[field] = undefined;
    unit.percentages = { ...unit.percentages, [field]: written(share, loc, value) };
    return;
  }
  const amount = read(value);
  if (amount === null || amount < 0) {
    bad(expected);
    return;
  }
  clearPercent();
  unit[field] = written(amount, loc, value) as Setting<number>;
}

/** "65536" → both; "1024:524288" → soft:hard; "infinity" → no limit (systemd.exec(5), "Process Properties"). */
function parseRlimit(raw: string): { soft: number; hard: number } | null {
  const parts = raw.split(':');
  if (parts.length > 2) return null;
  const soft = parseCount(parts[0]);
  const hard = parts.length === 2 ? parseCount(parts[1]) : soft;
  if (soft === null || hard === null) return null;
  return { soft, hard };
}

function parseCount(raw: string): number | null {
  const v = raw.trim();
  if (v === 'infinity') return Infinity;
  return /^\d+$/.test(v) ? Number(v) : null;
}

/** A password or token passed on the command line is not kept: only that one is there. */
function maskSecrets(cmd: string): string {
  return maskSecretFlags(cmd).replace(/(^|[^a-z0-9+.-])([a-z0-9+.-]+:\/\/[^\s:/@]+:)[^\s@/]+@/gi, '$1$2***@');
}

const FLAG = /^--?[\w.-]+$/;
const SECRET_FLAG_WORD = /password|passwd|secret|token|api[-_]?key/i;

/**
 * `--db-password=x`, `-token x`: the value after a flag naming a secret becomes `***`. Token by token: a pattern
 * `--?[\w.-]*password[\w.-]*` searched from every position was quadratic on a long run of flag characters.
 */
function maskSecretFlags(cmd: string): string {
  // Words and the blanks between them alternate: [word, blanks, word, …].
  const parts = cmd.split(/(\s+)/);
  for (let i = 0; i < parts.length; i += 2) {
    const word = parts[i] as string;
    if (!word.startsWith('-')) continue;
    const eq = word.indexOf('=');
    const flag = eq >= 0 ? word.slice(0, eq) : word;
    if (!FLAG.test(flag) || !SECRET_FLAG_WORD.test(flag)) continue;
    if (eq >= 0) {
      if (eq < word.length - 1) parts[i] = `${flag}=***`;
    } else if (parts[i + 2]) parts[i + 2] = '***';
  }
  return parts.join('');
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
