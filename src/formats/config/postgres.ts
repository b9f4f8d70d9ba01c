// PostgreSQL server configuration: postgresql.conf with `include`, `include_if_exists` and `include_dir`
// expanded in place, then postgresql.auto.conf (ALTER SYSTEM), which the server reads last so it overrides
// (PostgreSQL docs 20.1 "Setting Parameters": 20.1.2 and 20.1.5 "Managing Configuration File Contents").
//
// Sample (a tuned /etc/postgresql/14/main/postgresql.conf):
//
//   max_connections = 200                          # (change requires restart)
//   shared_buffers = 1GB
//   idle_in_transaction_session_timeout = '5min'
//
// → maxConnections 200 at line 1, sharedBuffers 1 GiB, idleInTransactionSessionTimeout 300000 ms;
//   statementTimeout 0 (disabled) by default.
import type { ParseIssue, Setting } from '../../model/setting.js';
import { byDefault } from '../../model/setting.js';
import { MiB, type PostgresUnit, postgresValue } from '../../model/units.js';
import { clip, safeGlob, safeRead, trimTrailingSlashes } from './include.js';
import type { ConfigFS, ConfigParser, PostgresConfig } from './types.js';

/** How each typed parameter is read: its base unit (pg_settings.unit) and its documented default. */
export const POSTGRES_PARAMETERS = {
  max_connections: {
    unit: null,
    default: 100,
    source: 'PostgreSQL docs 20.3.1 Connection Settings: max_connections default 100',
  },
  shared_buffers: {
    unit: '8kB',
    default: 128 * MiB,
    source: 'PostgreSQL docs 20.4.1 Memory: shared_buffers default 128MB (16384 blocks of 8kB)',
  },
  work_mem: { unit: 'kB', default: 4 * MiB, source: 'PostgreSQL docs 20.4.1 Memory: work_mem default 4MB' },
  statement_timeout: {
    unit: 'ms',
    default: 0,
    source: 'PostgreSQL docs 20.11.1 Statement Behavior: statement_timeout default 0 (disabled)',
  },
  idle_in_transaction_session_timeout: {
    unit: 'ms',
    default: 0,
    source:
      'PostgreSQL docs 20.11.1 Statement Behavior (9.6+): idle_in_transaction_session_timeout default 0 (disabled)',
  },
  idle_session_timeout: {
    unit: 'ms',
    default: 0,
    source: 'PostgreSQL docs 20.11.1 Statement Behavior (14+): idle_session_timeout default 0 (disabled)',
  },
  port: { unit: null, default: 5432, source: 'PostgreSQL docs 20.3.1 Connection Settings: port default 5432' },
} as const satisfies Record<string, { unit: PostgresUnit | null; default: number; source: string }>;

export const LISTEN_ADDRESSES_DEFAULT_SOURCE =
  "PostgreSQL docs 20.3.1 Connection Settings: listen_addresses default 'localhost'";

/**
 * Parameter names that only PostgreSQL uses, for detection. `port` and `timeout`-like names are left out:
 * Redis and others write them the same way.
 */
const KNOWN_NAMES = new Set([
  'listen_addresses',
  'max_connections',
  'superuser_reserved_connections',
  'unix_socket_directories',
  'shared_buffers',
  'work_mem',
  'maintenance_work_mem',
  'effective_cache_size',
  'dynamic_shared_memory_type',
  'max_wal_size',
  'min_wal_size',
  'wal_level',
  'wal_buffers',
  'checkpoint_timeout',
  'checkpoint_completion_target',
  'random_page_cost',
  'effective_io_concurrency',
  'default_statistics_target',
  'log_line_prefix',
  'log_timezone',
  'log_min_duration_statement',
  'cluster_name',
  'datestyle',
  'lc_messages',
  'lc_monetary',
  'lc_numeric',
  'lc_time',
  'default_text_search_config',
  'data_directory',
  'hba_file',
  'ident_file',
  'external_pid_file',
  'ssl_cert_file',
  'ssl_key_file',
  'statement_timeout',
  'idle_in_transaction_session_timeout',
  'idle_session_timeout',
  'max_worker_processes',
  'max_parallel_workers',
  'max_parallel_workers_per_gather',
  'autovacuum',
  'huge_pages',
  'password_encryption',
  'shared_preload_libraries',
  'hot_standby',
  'archive_mode',
  'archive_command',
  'synchronous_commit',
]);

/** Nested includes deeper than this are a loop (PostgreSQL itself stops at depth 10). */
const MAX_DEPTH = 10;

export const postgresParser: ConfigParser<PostgresConfig> = {
  id: 'postgres',
  detect(path, sample) {
    let known = 0;
    let commentedKnown = 0;
    let other = 0;
    for (const raw of sample.split(/\r?\n/)) {
      const line = raw.trim();
      if (line === '') continue;
      const commented = /^#\s*([a-z_]+)\s*=/.exec(line);
      if (commented) {
        if (KNOWN_NAMES.has(commented[1])) commentedKnown++;
        continue;
      }
      if (line.startsWith('#')) continue;
      const m = /^([A-Za-z_][\w.]*)\s*(=|\s)/.exec(line);
      if (m && KNOWN_NAMES.has(m[1].toLowerCase())) known++;
      else other++;
    }
    const byName = /(^|\/)postgresql(\.auto)?\.conf$/.test(path);
    // Debian's shipped file is almost all commented-out defaults: those name the format as surely.
    const evidence = known + Math.min(commentedKnown, 5) / 2;
    if (evidence >= 3 && known >= other) return 0.9;
    // ALTER SYSTEM's own file says what it is in its header, whatever it is named.
    const autoConf = /^# It will be overwritten by the ALTER SYSTEM command\.$/m.test(sample);
    if (evidence >= 1 && (byName || autoConf)) return 0.85;
    if (known >= 2 && known >= other) return 0.7;
    return byName && other === 0 ? 0.5 : 0;
  },
  parse({ path, text, fs }) {
    const issues: ParseIssue[] = [];
    const consumed: string[] = [];
    // Null prototype: a parameter named __proto__ or constructor is just a name.
    const settings: PostgresConfig['settings'] = Object.create(null);

    const readFile = (filePath: string, fileText: string, depth: number, stack: string[]) => {
      const lines = fileText.split(/\r?\n/);
      for (let i = 0; i < lines.length; i++) {
        const loc = { path: filePath, line: i + 1 };
        const report = (message: string) => issues.push({ ...loc, message: `include pattern: ${message}` });
        const line = lines[i].trim();
        if (line === '' || line.startsWith('#')) continue;
        const parsed = parseLine(line);
        if (typeof parsed === 'string') {
          issues.push({ ...loc, message: parsed });
          continue;
        }
        const { name, value } = parsed;
        if (name === 'include' || name === 'include_if_exists' || name === 'include_dir') {
          const targets =
            name === 'include_dir'
              ? // include_dir reads files ending in .conf, skipping names that start with "." (20.1.5).
                safeGlob(fs, `${trimTrailingSlashes(value)}/*.conf`, filePath, report).filter(
                  (f) => !/(^|\/)\.[^/]*$/.test(f),
                )
              : safeGlob(fs, value, filePath, report);
          if (name === 'include' && targets.length === 0) {
            issues.push({ ...loc, message: `included file ${value} is not among the inputs` });
          }
          for (const target of targets) {
            if (stack.includes(target) || depth >= MAX_DEPTH) {
              issues.push({ ...loc, message: `include of ${target} loops back to a file already being read` });
              continue;
            }
            const included = safeRead(fs, target);
            if (included === undefined) {
              if (name === 'include') issues.push({ ...loc, message: `included file ${target} could not be read` });
              continue;
            }
            if (!consumed.includes(target)) consumed.push(target);
            readFile(target, included, depth + 1, [...stack, target]);
          }
          continue;
        }
        settings[name] = { raw: value, loc };
      }
    };

    readFile(path, text, 0, [path]);

    // ALTER SYSTEM writes postgresql.auto.conf in the data directory; the server reads it after postgresql.conf.
    if (!/(^|\/)postgresql\.auto\.conf$/.test(path)) {
      const dataDir = settings.data_directory?.raw;
      const dataDirLoc = settings.data_directory?.loc ?? { path, line: 1 };
      const report = (message: string) => issues.push({ ...dataDirLoc, message: `data_directory: ${message}` });
      const candidates = [
        ...(dataDir ? safeGlob(fs, `${trimTrailingSlashes(dataDir)}/postgresql.auto.conf`, path, report) : []),
        ...safeGlob(fs, 'postgresql.auto.conf', path),
      ];
      const auto = candidates.find((c) => c !== path && !consumed.includes(c));
      const autoText = auto ? safeRead(fs, auto) : undefined;
      if (auto && autoText !== undefined) {
        consumed.push(auto);
        readFile(auto, autoText, 1, [path, auto]);
      }
    }

    const typed = (name: keyof typeof POSTGRES_PARAMETERS): Setting<number> => {
      const spec = POSTGRES_PARAMETERS[name];
      const s = settings[name];
      if (s) {
        const value = spec.unit === null ? integer(s.raw) : postgresValue(s.raw, spec.unit);
        if (value !== null) return { value, raw: s.raw, loc: s.loc, isDefault: false };
        issues.push({
          ...s.loc,
          message: `invalid value for parameter "${name}": "${clip(s.raw)}" (expected ${expectation(spec.unit)})`,
        });
      }
      return byDefault(spec.default, spec.source);
    };

    const listen = settings.listen_addresses;
    const data: PostgresConfig = {
      settings,
      maxConnections: typed('max_connections'),
      idleInTransactionSessionTimeout: typed('idle_in_transaction_session_timeout'),
      statementTimeout: typed('statement_timeout'),
      idleSessionTimeout: typed('idle_session_timeout'),
      sharedBuffers: typed('shared_buffers'),
      workMem: typed('work_mem'),
      port: typed('port'),
      listenAddresses: listen
        ? { value: listen.raw, raw: listen.raw, loc: listen.loc, isDefault: false }
        : byDefault('localhost', LISTEN_ADDRESSES_DEFAULT_SOURCE),
    };
    return { data, issues, consumed };
  },
  listeners(data) {
    return [{ role: 'postgres', name: 'postgres', port: data.port.value }];
  },
};

/**
 * `name = value`, `name value` (the equal sign is optional), `name = 'quoted ''value'''`, each optionally
 * followed by a `#` comment. Returns the unquoted value, or a message saying what was expected.
 */
function parseLine(line: string): { name: string; value: string } | string {
  const m = /^([A-Za-z_][\w.]*)\s*(?:=\s*|\s+)([\s\S]*)$/.exec(line);
  if (!m) {
    // `name` or `name =` alone (trimmed first: trailing blanks around an optional `=` were quadratic).
    const t = line.trim();
    const bare = t.endsWith('=') ? t.slice(0, -1).trimEnd() : t;
    return /^[A-Za-z_][\w.]*$/.test(bare) ? `parameter ${clip(bare)} has no value` : 'expected "name = value"';
  }
  const name = m[1].toLowerCase();
  const rest = m[2];
  if (rest.startsWith("'")) {
    let value = '';
    for (let i = 1; i < rest.length; i++) {
      const c = rest[i];
      if (c === '\\' && i + 1 < rest.length) {
        const e = rest[++i];
        value += ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[e] ?? e;
      } else if (c === "'" && rest[i + 1] === "'") {
        value += "'";
        i++;
      } else if (c === "'") {
        const tail = rest.slice(i + 1).trim();
        return tail === '' || tail.startsWith('#') ? { name, value } : `unexpected text after the value of ${name}`;
      } else value += c;
    }
    return `unterminated quoted value for ${name}`;
  }
  // Unquoted: one token (a number with its unit letters, an identifier or a path), then only a comment.
  const token = /^([^\s#']+)\s*(#.*)?$/.exec(rest);
  if (!token)
    return rest === '' || rest.startsWith('#')
      ? `parameter ${name} has no value`
      : `unexpected text after the value of ${name}; quote values that contain spaces`;
  return { name, value: token[1] };
}

function integer(raw: string): number | null {
  return /^[+-]?\d+$/.test(raw.trim()) ? Number(raw) : null;
}

function expectation(unit: PostgresUnit | null): string {
  if (unit === null) return 'an integer';
  if (unit === 'ms' || unit === 's' || unit === 'min') return `a time in ${unit} or with a unit: us, ms, s, min, h, d`;
  return `a size in ${unit} or with a unit: B, kB, MB, GB, TB (case-sensitive)`;
}
