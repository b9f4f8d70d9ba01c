// gunicorn: `gunicorn.conf.py` read statically — never executed — as the top-level assignments of plain literals
// (`timeout = 30`, `bind = ["0.0.0.0:8000"]`, `workers = 4`); anything computed
// (`workers = multiprocessing.cpu_count() * 2 + 1`) is kept as unresolved text. The same settings come from
// gunicorn command lines (systemd ExecStart=, Procfile entries): gunicornCommandLine reads those.
//
// Sample:
//
//   bind = "unix:/run/gunicorn.sock"
//   workers = 3
//   timeout = 120
//
// → 3 workers on the unix socket, a worker silent for 120 s is killed; keepalive 2 s (the default).
import type { ParseIssue, Setting, SourceLoc } from '../../model/setting.js';
import { byDefault } from '../../model/setting.js';
import type { Duration } from '../../model/units.js';
import { topLevelAssignment } from './python-assign.js';
import type { ConfigParser, Listener } from './types.js';

export interface GunicornBind {
  address: string;
  host?: string;
  port?: number;
  unix?: string;
  loc: SourceLoc;
}

/** Settings written in one place (a config file or one command line); absent = not written there. */
export interface GunicornSettings {
  /** Worker silent longer than this is killed and restarted; 0 = never. */
  timeout?: Setting<Duration>;
  /** Idle wait for the next request on a keep-alive connection. */
  keepalive?: Setting<Duration>;
  workers?: Setting<number>;
  threads?: Setting<number>;
  gracefulTimeout?: Setting<Duration>;
  backlog?: Setting<number>;
  workerClass?: Setting<string>;
  binds: GunicornBind[];
  /** `-c`/`--config` of a command line. */
  configFile?: Setting<string>;
  /** WSGI app of a command line ("proj.wsgi:application"). */
  app?: string;
  /** Settings whose value is computed, by name: { workers: "multiprocessing.cpu_count() * 2 + 1" }. */
  unresolved: Record<string, string>;
}

export type GunicornConfig = GunicornSettings;

const DOCS = 'gunicorn docs, Settings (https://docs.gunicorn.org/en/stable/settings.html)';
export const GUNICORN_DEFAULTS = {
  timeout: { value: 30_000, source: `${DOCS}: timeout 30` },
  keepalive: { value: 2_000, source: `${DOCS}: keepalive 2` },
  workers: { value: 1, source: `${DOCS}: workers 1` },
  threads: { value: 1, source: `${DOCS}: threads 1` },
  gracefulTimeout: { value: 30_000, source: `${DOCS}: graceful_timeout 30` },
  backlog: { value: 2048, source: `${DOCS}: backlog 2048` },
  bind: { value: '127.0.0.1:8000', source: `${DOCS}: bind ['127.0.0.1:8000'] (or $PORT when set)` },
};

export function gunicornAddress(address: string): { host?: string; port?: number; unix?: string } {
  if (address.startsWith('unix:')) return { unix: address.slice(5) };
  if (address.startsWith('fd://')) return {};
  const m = /^(?:(\[[^\]]+\]|[^:]*):)?(\d+)$/.exec(address);
  if (!m) return {};
  return { host: m[1] ? m[1].replace(/^\[|\]$/g, '') : undefined, port: Number(m[2]) };
}

type Key =
  | 'timeout'
  | 'keepalive'
  | 'workers'
  | 'threads'
  | 'gracefulTimeout'
  | 'backlog'
  | 'workerClass'
  | 'bind'
  | 'config';

/** Setting names of the config file and options of the command line (gunicorn docs, Settings). */
const FILE_NAMES: Record<string, Key> = {
  timeout: 'timeout',
  keepalive: 'keepalive',
  workers: 'workers',
  threads: 'threads',
  graceful_timeout: 'gracefulTimeout',
  backlog: 'backlog',
  worker_class: 'workerClass',
  bind: 'bind',
};
const OPTIONS: Record<string, Key> = {
  '--timeout': 'timeout',
  '-t': 'timeout',
  '--keep-alive': 'keepalive',
  '--workers': 'workers',
  '-w': 'workers',
  '--threads': 'threads',
  '--graceful-timeout': 'gracefulTimeout',
  '--backlog': 'backlog',
  '--worker-class': 'workerClass',
  '-k': 'workerClass',
  '--bind': 'bind',
  '-b': 'bind',
  '--config': 'config',
  '-c': 'config',
};
const SECONDS: ReadonlySet<Key> = new Set(['timeout', 'keepalive', 'gracefulTimeout']);

/** Applies one written value; false when it is not a value of that setting. */
function apply(out: GunicornSettings, key: Key, value: string, loc: SourceLoc, raw: string): boolean {
  if (key === 'bind') {
    out.binds.push({ address: value, ...gunicornAddress(value), loc });
    return true;
  }
  if (key === 'config' || key === 'workerClass') {
    const s = { value, raw, loc, isDefault: false };
    if (key === 'config') out.configFile = s;
    else out.workerClass = s;
    return true;
  }
  if (!/^\d+(\.\d+)?$/.test(value)) return false;
  const n = Number(value);
  if (!SECONDS.has(key) && !Number.isInteger(n)) return false;
  const setting = { value: SECONDS.has(key) ? Math.round(n * 1000) : n, raw, loc, isDefault: false };
  if (key === 'timeout') out.timeout = setting;
  else if (key === 'keepalive') out.keepalive = setting;
  else if (key === 'workers') out.workers = setting;
  else if (key === 'threads') out.threads = setting;
  else if (key === 'gracefulTimeout') out.gracefulTimeout = setting;
  else out.backlog = setting;
  return true;
}

/** A Python literal as text: a number, a quoted string, or a list/tuple of quoted strings. */
function pythonLiteral(expr: string): string[] | null {
  const e = expr.trim();
  if (/^\d+(\.\d+)?$/.test(e)) return [e];
  const str = /^(?:[rbu]|)(["'])((?:(?!\1)[^\\]|\\.)*)\1$/.exec(e);
  if (str) return [str[2]];
  const list = /^[[(](.*)[\])]$/s.exec(e);
  if (!list) return null;
  const items = list[1]
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const out: string[] = [];
  for (const item of items) {
    const m = /^(["'])(.*)\1$/.exec(item);
    if (!m) return null;
    out.push(m[2]);
  }
  return out;
}

/** Splits a command line like a POSIX shell, enough for ExecStart= and Procfile entries (quotes, no expansion). */
export function shellWords(command: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (const m of command.matchAll(re)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

/** gunicorn's settings from a command line, or undefined when the line does not run gunicorn. */
export function gunicornCommandLine(command: string, loc: SourceLoc): GunicornSettings | undefined {
  const words = shellWords(command);
  const at = words.findIndex((w) => /(^|\/)gunicorn3?$/.test(w) || w === 'gunicorn.app.wsgiapp');
  if (at < 0) return undefined;
  const out: GunicornSettings = { binds: [], unresolved: {} };
  for (let i = at + 1; i < words.length; i++) {
    const w = words[i];
    const eq = w.startsWith('--') ? w.indexOf('=') : -1;
    const opt = eq > 0 ? w.slice(0, eq) : w;
    const key = Object.hasOwn(OPTIONS, opt) ? OPTIONS[opt] : undefined;
    if (!key) {
      if (!w.startsWith('-') && out.app === undefined) out.app = w;
      continue;
    }
    const value = eq > 0 ? w.slice(eq + 1) : words[++i];
    if (value === undefined) break;
    if (!apply(out, key, value, loc, w === opt ? `${opt} ${value}` : w)) out.unresolved[key] = value;
  }
  return out;
}

/** The settings a process gets: its command line over its config file over gunicorn's defaults. */
export function effectiveGunicorn(layers: GunicornSettings[]) {
  const D = GUNICORN_DEFAULTS;
  const pick = <K extends 'timeout' | 'keepalive' | 'workers' | 'threads'>(
    k: K,
    d: { value: number; source: string },
  ) => (layers.map((l) => l[k]).find(Boolean) as Setting<number> | undefined) ?? byDefault(d.value, d.source);
  const binds = layers.find((l) => l.binds.length > 0)?.binds ?? [];
  return {
    timeout: pick('timeout', D.timeout),
    keepalive: pick('keepalive', D.keepalive),
    workers: pick('workers', D.workers),
    threads: pick('threads', D.threads),
    /** Absent: sync, the default (docs, Settings: worker_class). */
    workerClass: layers.map((l) => l.workerClass).find(Boolean),
    binds,
  };
}

export const gunicornParser: ConfigParser<GunicornConfig> = {
  id: 'gunicorn',
  detect(path, sample) {
    const byName = /(^|\/)gunicorn([._-][\w.-]*)?\.conf\.py$|(^|\/)gunicorn(_conf|\.conf|_config|config)?\.py$/.test(
      path,
    );
    const settings = sample.match(
      /^(bind|workers|worker_class|timeout|keepalive|threads|graceful_timeout|accesslog|errorlog|loglevel|preload_app|max_requests|wsgi_app)\s*=/gm,
    );
    const n = settings?.length ?? 0;
    if (byName && n >= 1) return 0.9;
    // Any Python module can assign `timeout`; only several gunicorn names, with bind or workers, make it one.
    return n >= 3 && /^(bind|workers|worker_class)\s*=/m.test(sample) ? 0.6 : 0;
  },
  parse({ path, text }) {
    const issues: ParseIssue[] = [];
    const out: GunicornSettings = { binds: [], unresolved: {} };
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      // Top level only: an assignment inside a function or an `if` is not what gunicorn reads unconditionally.
      const a = topLevelAssignment(lines[i]);
      if (!a) continue;
      const m = [lines[i], a.name, a.value] as const;
      const key = Object.hasOwn(FILE_NAMES, m[1]) ? FILE_NAMES[m[1]] : undefined;
      if (!key) continue;
      const loc = { path, line: i + 1 };
      const values = pythonLiteral(m[2]);
      if (values === null || (key !== 'bind' && values.length !== 1)) {
        out.unresolved[m[1]] = m[2];
        continue;
      }
      if (key === 'bind') out.binds = [];
      for (const v of values) {
        if (!apply(out, key, v, loc, m[2])) {
          issues.push({ ...loc, message: `${m[1]}: expected a number, got ${m[2]}` });
        }
      }
    }
    return { data: out, issues, consumed: [] };
  },
  listeners(data): Listener[] {
    return data.binds.flatMap((b) =>
      b.port === undefined ? [] : [{ role: 'gunicorn', name: `bind ${b.address}`, port: b.port, host: b.host }],
    );
  },
};
