// PHP-FPM: php-fpm.conf and its pools, in php.ini syntax (`[section]`, `key = value`, `;` comments), the
// `include=` lines expanded in place (php-fpm.conf's `include=/etc/php/8.2/fpm/pool.d/*.conf`). `[global]` holds
// the master's settings; every other section is a pool.
//
// Sample (Debian's pool.d/www.conf):
//
//   [www]
//   listen = /run/php/php8.2-fpm.sock
//   pm = dynamic
//   pm.max_children = 5
//
// → one pool "www" on the unix socket, 5 children at most, request_terminate_timeout 0 (off, the default).
import type { ParseIssue, Setting, SourceLoc } from '../../model/setting.js';
import { byDefault } from '../../model/setting.js';
import type { Duration } from '../../model/units.js';
import { GlobError } from './glob.js';
import { clip, safeRead } from './include.js';
import type { ConfigFS, ConfigParser, Listener } from './types.js';

export interface PhpFpmPool {
  name: string;
  loc: SourceLoc;
  /** Every key as written in the pool (last wins), `$pool` substituted. */
  settings: Record<string, { value: string; loc: SourceLoc }>;
  /** As written: "/run/php/php8.2-fpm.sock", "127.0.0.1:9000", "9000". Mandatory. */
  listen?: Setting<string>;
  host?: string;
  port?: number;
  unix?: string;
  /** listen(2) backlog; -1 means the kernel's somaxconn. */
  listenBacklog: Setting<number>;
  pm?: Setting<'static' | 'dynamic' | 'ondemand'>;
  maxChildren?: Setting<number>;
  /** 0 = never (the default): a request runs as long as PHP's own limits let it. */
  requestTerminateTimeout: Setting<Duration>;
  requestSlowlogTimeout: Setting<Duration>;
}

export interface PhpFpmConfig {
  /** PHP version when the path tells it (/etc/php/8.2/fpm/…). */
  version?: string;
  global: Record<string, { value: string; loc: SourceLoc }>;
  pools: PhpFpmPool[];
}

const DOCS = 'PHP manual, FPM configuration (https://www.php.net/manual/en/install.fpm.configuration.php)';
export const PHP_FPM_DEFAULTS = {
  requestTerminateTimeout: { value: 0, source: `${DOCS}: request_terminate_timeout default 0 (off)` },
  requestSlowlogTimeout: { value: 0, source: `${DOCS}: request_slowlog_timeout default 0 (off)` },
  /** fpm_sockets.h FPM_BACKLOG_DEFAULT: 511 on Linux in PHP 7.x, -1 (somaxconn) from the 8.x www.conf on. */
  listenBacklog: {
    linux8: {
      value: -1,
      source: 'php-fpm www.conf shipped with PHP 8.2: "Default Value: 511 (-1 on Linux, FreeBSD and OpenBSD)"',
    },
    older: {
      value: 511,
      source: 'php-fpm 7.x sapi/fpm/fpm/fpm_sockets.h: FPM_BACKLOG_DEFAULT 511 (-1 on FreeBSD and OpenBSD)',
    },
  },
};

const MAX_DEPTH = 10;

interface Entry {
  section: string;
  key: string;
  value: string;
  loc: SourceLoc;
}

/** php.ini value: quotes removed, an unquoted trailing `;` comment dropped. */
function iniValue(raw: string): string {
  const v = raw.trim();
  const q = /^"([^"]*)"|^'([^']*)'/.exec(v);
  if (q) return q[1] ?? q[2] ?? '';
  const semi = v.indexOf(';');
  return (semi >= 0 ? v.slice(0, semi) : v).trim();
}

interface ReadContext {
  fs: ConfigFS;
  issues: ParseIssue[];
  consumed: Set<string>;
  entries: Entry[];
  /** Section header lines, so that a pool keeps the line it starts at. */
  headers: Map<string, SourceLoc>;
}

function readIni(path: string, text: string, ctx: ReadContext, chain: string[], section: string): string {
  const lines = text.split(/\r?\n/);
  let current = section;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    const loc = { path, line: i + 1 };
    if (line === '' || line.startsWith(';') || line.startsWith('#')) continue;
    const header = /^\[([^\]]+)\]\s*(;.*)?$/.exec(line);
    if (header) {
      current = header[1].trim();
      if (!ctx.headers.has(current)) ctx.headers.set(current, loc);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) {
      ctx.issues.push({ ...loc, message: `expected "key = value" or "[section]", got "${clip(line)}"` });
      continue;
    }
    const key = line.slice(0, eq).trim().toLowerCase();
    const value = iniValue(line.slice(eq + 1));
    if (key === 'include') current = includeFiles(value, path, loc, ctx, chain, current);
    else ctx.entries.push({ section: current, key, value, loc });
  }
  return current;
}

function includeFiles(
  target: string,
  from: string,
  loc: SourceLoc,
  ctx: ReadContext,
  chain: string[],
  section: string,
): string {
  let files: string[] = [];
  try {
    files = ctx.fs.glob(target, from);
  } catch (err) {
    if (!(err instanceof GlobError)) throw err;
    ctx.issues.push({ ...loc, message: `include pattern: ${err.message}` });
  }
  // php-fpm's glob include of nothing is fine; a plain path that is missing fails to load.
  if (files.length === 0 && !/[*?[]/.test(target))
    ctx.issues.push({ ...loc, message: `expected the included file "${clip(target)}" to exist in the input` });
  let current = section;
  for (const f of files) {
    if (chain.includes(f) || chain.length > MAX_DEPTH) {
      ctx.issues.push({ ...loc, message: `include of "${f}" loops back to a file already being read` });
      continue;
    }
    const text = safeRead(ctx.fs, f);
    if (text === undefined) continue;
    ctx.consumed.add(f);
    // Sections carry over from an included file to the next line of the includer, as in php.ini.
    current = readIni(f, text, ctx, [...chain, f], current);
  }
  return current;
}

/** php-fpm durations: a number with an optional s, m, h or d suffix; seconds by default. */
export function phpFpmDuration(raw: string): Duration | null {
  const m = /^(\d+)([smhd]?)$/.exec(raw.trim());
  if (!m) return null;
  const unit = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}

/** "127.0.0.1:9000", "[::1]:9000", "9000" (all addresses), or a unix socket path. */
export function phpFpmListen(value: string): { host?: string; port?: number; unix?: string } {
  if (value.startsWith('/')) return { unix: value };
  const m = /^(?:(\[[^\]]+\]|[^:]+):)?(\d+)$/.exec(value);
  if (!m) return {};
  return { host: m[1]?.replace(/^\[|\]$/g, ''), port: Number(m[2]) };
}

function poolView(
  name: string,
  entries: Entry[],
  header: SourceLoc,
  version: string | undefined,
  issues: ParseIssue[],
): PhpFpmPool {
  const settings: PhpFpmPool['settings'] = Object.create(null);
  for (const e of entries) settings[e.key] = { value: e.value.replace(/\$pool/g, name), loc: e.loc };
  const get = <T>(key: string, read: (s: string) => T | null, expected: string): Setting<T> | undefined => {
    const s = settings[key];
    if (!s) return undefined;
    const v = read(s.value);
    if (v === null) {
      issues.push({ ...s.loc, message: `${key}: expected ${expected}, got "${clip(s.value)}"` });
      return undefined;
    }
    return { value: v, raw: s.value, loc: s.loc, isDefault: false };
  };
  const int = (s: string) => (/^-?\d+$/.test(s) ? Number(s) : null);
  const D = PHP_FPM_DEFAULTS;
  const major = version ? Number(version.split('.')[0]) : undefined;
  const minor = version ? Number(version.split('.')[1]) : undefined;
  const backlog =
    major !== undefined && (major < 8 || (major === 8 && (minor ?? 0) < 2))
      ? D.listenBacklog.older
      : D.listenBacklog.linux8;
  const listen = get('listen', (s) => (s === '' ? null : s), 'an address, a port or a socket path');
  return {
    name,
    loc: header,
    settings,
    listen,
    ...(listen ? phpFpmListen(listen.value) : {}),
    listenBacklog: get('listen.backlog', int, 'a number') ?? byDefault(backlog.value, backlog.source),
    pm: get(
      'pm',
      (s) => (s === 'static' || s === 'dynamic' || s === 'ondemand' ? s : null),
      'static, dynamic or ondemand',
    ),
    maxChildren: get('pm.max_children', int, 'a number of processes'),
    requestTerminateTimeout:
      get('request_terminate_timeout', phpFpmDuration, 'a duration like 30s or 5m') ??
      byDefault(D.requestTerminateTimeout.value, D.requestTerminateTimeout.source),
    requestSlowlogTimeout:
      get('request_slowlog_timeout', phpFpmDuration, 'a duration like 5s') ??
      byDefault(D.requestSlowlogTimeout.value, D.requestSlowlogTimeout.source),
  };
}

const FPM_KEY =
  /^\s*(pm(\.(max_children|start_servers|min_spare_servers|max_spare_servers|max_requests|process_idle_timeout|status_path))?|listen(\.(backlog|owner|group|mode|allowed_clients))?|request_terminate_timeout|request_slowlog_timeout|slowlog|php_(admin_)?(value|flag)\[[^\]]+\]|catch_workers_output|clear_env|security\.limit_extensions|emergency_restart_threshold|process_control_timeout|daemonize|env\[[^\]]+\])\s*=/;

export const phpFpmParser: ConfigParser<PhpFpmConfig> = {
  id: 'php-fpm',
  detect(path, sample) {
    let fpm = 0;
    let sections = 0;
    // php-fpm.conf's [global] names its own files (`pid = /run/php/php8.2-fpm.pid`, `include=…/fpm/pool.d/*.conf`).
    let globalFpm = 0;
    for (const line of sample.split(/\r?\n/)) {
      if (FPM_KEY.test(line)) fpm++;
      else if (/^\s*\[[^\]]+\]\s*$/.test(line)) sections++;
      else if (/^\s*(?:pid|error_log|include)\s*=/.test(line) && (line.includes('fpm') || line.includes('pool.d')))
        globalFpm++;
    }
    if (globalFpm >= 2 && /^\[global\]/m.test(sample)) return 0.85;
    const byName = /(^|\/)(php-fpm[^/]*\.conf|(php\/[\d.]+\/fpm|php-fpm\.d|fpm)\/(pool\.d\/)?[^/]+\.conf)$/.test(path);
    if (fpm >= 3 && sections >= 1) return 0.9;
    if (byName && (fpm >= 1 || /^\[global\]/m.test(sample))) return 0.85;
    return 0;
  },
  parse({ path, text, fs }) {
    const issues: ParseIssue[] = [];
    const ctx: ReadContext = { fs, issues, consumed: new Set(), entries: [], headers: new Map() };
    readIni(path, text, ctx, [path], '');
    const version = /(?:^|\/)php\/(\d+\.\d+)\//.exec(path)?.[1];
    const global: PhpFpmConfig['global'] = Object.create(null);
    const bySection = new Map<string, Entry[]>();
    for (const e of ctx.entries) {
      if (e.section.toLowerCase() === 'global' || e.section === '') global[e.key] = { value: e.value, loc: e.loc };
      else bySection.set(e.section, [...(bySection.get(e.section) ?? []), e]);
    }
    const pools = [...bySection].map(([name, entries]) =>
      poolView(name, entries, ctx.headers.get(name) ?? entries[0].loc, version, issues),
    );
    for (const p of pools) {
      if (!p.listen) issues.push({ ...p.loc, message: `pool ${p.name}: expected "listen" (php-fpm requires it)` });
    }
    return { data: { version, global, pools }, issues, consumed: [...ctx.consumed] };
  },
  listeners(data): Listener[] {
    return data.pools.flatMap((p) =>
      p.port === undefined ? [] : [{ role: 'php-fpm', name: `pool ${p.name}`, port: p.port, host: p.host }],
    );
  },
};
