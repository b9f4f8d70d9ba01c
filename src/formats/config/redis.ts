// Redis server configuration (redis.conf): one directive per line, `name arg arg…`, arguments split and
// unquoted the way Redis does it (sdssplitargs), `include` expanded in place; the last line wins for
// single-valued directives, `save` lines add up (redis.conf, "INCLUDES" and "SNAPSHOTTING").
//
// Sample (the seed postmortem's API server, customised but with no memory limit):
//
//   bind 127.0.0.1 ::1
//   port 6379
//   save 900 1
//   save 300 10
//   requirepass "s3cr3t"
//
// → bind ["127.0.0.1", "::1"], save ["900 1", "300 10"], requirepass true (the secret is not kept),
//   maxmemory 0 = no limit by default.
import type { ParseIssue, Setting, SourceLoc } from '../../model/setting.js';
import { byDefault } from '../../model/setting.js';
import { redisSeconds, redisSize } from '../../model/units.js';
import { clip, safeGlob, safeRead } from './include.js';
import type { ConfigFS, ConfigParser, RedisConfig } from './types.js';

export const REDIS_DEFAULTS = {
  maxmemory: {
    value: 0,
    source: 'redis.conf (MEMORY MANAGEMENT): maxmemory unset = no limit on 64-bit systems (32-bit: implicit 3 GB)',
  },
  maxmemoryPolicy: {
    value: 'noeviction',
    source: 'redis.conf (MEMORY MANAGEMENT): "The default is: maxmemory-policy noeviction" (Redis 3.0+)',
  },
  timeout: { value: 0, source: 'redis.conf (NETWORK): timeout 0 = never close idle clients' },
  save: {
    value: ['3600 1', '300 100', '60 10000'],
    source:
      'redis.conf of Redis 7 (SNAPSHOTTING): "Unless specified otherwise" Redis saves after 3600 s if 1 change, 300 s if 100, 60 s if 10000 (older releases shipped 900 1 / 300 10 / 60 10000)',
  },
  bind: {
    value: ['*', '-::*'],
    source: 'redis.conf (NETWORK): with no "bind" directive Redis listens on all available interfaces ("bind * -::*")',
  },
  protectedMode: { value: true, source: 'redis.conf (NETWORK): "By default protected mode is enabled" (Redis 3.2+)' },
  requirepass: { value: false, source: 'redis.conf (SECURITY): requirepass is unset by default (no password)' },
  port: { value: 6379, source: 'redis.conf (NETWORK): port default 6379' },
  maxclients: { value: 10000, source: 'redis.conf (CLIENTS): maxclients default 10000' },
  appendonly: { value: false, source: 'redis.conf (APPEND ONLY MODE): appendonly default no' },
} as const;

/** Directives whose arguments are secrets: only whether they are set is kept. */
const SECRET_DIRECTIVES = new Set([
  'requirepass',
  'masterauth',
  'tls-key-file-pass',
  'tls-client-key-file-pass',
  'sentinel-auth-pass',
]);
const REDACTED = '<redacted>';

/** Directives only Redis uses, for detection (`port`, `bind`, `dir`, `timeout` are shared with others). */
const KNOWN = new Set([
  'maxmemory',
  'maxmemory-policy',
  'maxmemory-samples',
  'appendonly',
  'appendfsync',
  'appendfilename',
  'save',
  'dbfilename',
  'databases',
  'tcp-backlog',
  'tcp-keepalive',
  'daemonize',
  'supervised',
  'protected-mode',
  'requirepass',
  'masterauth',
  'rdbcompression',
  'rdbchecksum',
  'stop-writes-on-bgsave-error',
  'slave-serve-stale-data',
  'replica-serve-stale-data',
  'replica-read-only',
  'slave-read-only',
  'replicaof',
  'slaveof',
  'hz',
  'activerehashing',
  'lua-time-limit',
  'slowlog-log-slower-than',
  'slowlog-max-len',
  'notify-keyspace-events',
  'hash-max-ziplist-entries',
  'hash-max-listpack-entries',
  'list-max-ziplist-size',
  'zset-max-ziplist-entries',
  'set-max-intset-entries',
  'auto-aof-rewrite-percentage',
  'auto-aof-rewrite-min-size',
  'aof-load-truncated',
  'no-appendfsync-on-rewrite',
  'client-output-buffer-limit',
  'maxclients',
  'always-show-logo',
  'unixsocket',
  'unixsocketperm',
  'loglevel',
  'rename-command',
  'cluster-enabled',
  'latency-monitor-threshold',
]);

const MAX_DEPTH = 10;

type Directive = { args: string[]; loc: SourceLoc };

export const redisParser: ConfigParser<RedisConfig> = {
  id: 'redis',
  detect(path, sample) {
    let known = 0;
    let other = 0;
    for (const raw of sample.split(/\r?\n/)) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) continue;
      const m = /^([A-Za-z][\w-]*)(\s|$)/.exec(line);
      // "name = value" is PostgreSQL or INI, never redis.conf.
      if (m && !/^[\w.-]+\s*=/.test(line) && KNOWN.has(m[1].toLowerCase())) known++;
      else other++;
    }
    const byName = /(^|\/)(redis[^/]*|sentinel)\.conf$/.test(path);
    if (known >= 3 && known >= other) return 0.9;
    if (known >= 1 && byName) return 0.85;
    if (known >= 2 && known >= other) return 0.7;
    return 0;
  },
  parse({ path, text, fs }) {
    const issues: ParseIssue[] = [];
    const consumed: string[] = [];
    // Null prototype: a directive named __proto__ or constructor is just a name.
    const directives: RedisConfig['directives'] = Object.create(null);

    const readFile = (filePath: string, fileText: string, depth: number, stack: string[]) => {
      const lines = fileText.split(/\r?\n/);
      for (let i = 0; i < lines.length; i++) {
        const loc = { path: filePath, line: i + 1 };
        const line = lines[i].trim();
        if (line === '' || line.startsWith('#')) continue;
        const name = /^\S+/.exec(line)?.[0].toLowerCase() ?? '';
        const tokens = splitArgs(line);
        if (tokens === null) {
          // Redis: "Unbalanced quotes in configuration line". Name the directive only: the value may be a secret.
          const named = /^[a-z][\w-]*$/.test(name) ? ` in the arguments of ${clip(name)}` : '';
          issues.push({ ...loc, message: `unbalanced quotes${named}` });
          continue;
        }
        if (tokens.length === 0) continue;
        const directive = tokens[0].toLowerCase();
        const args = redact(directive, tokens.slice(1));
        if (directive === 'include') {
          if (args.length !== 1) {
            issues.push({ ...loc, message: 'expected "include <path>"' });
            continue;
          }
          const files = safeGlob(fs, args[0], filePath, (message) =>
            issues.push({ ...loc, message: `include pattern: ${message}` }),
          );
          // A wildcard that matches nothing is ignored by Redis; a plain path must exist.
          if (files.length === 0 && !/[*?[]/.test(args[0])) {
            issues.push({ ...loc, message: `included file ${args[0]} is not among the inputs` });
          }
          for (const f of files) {
            if (stack.includes(f) || depth >= MAX_DEPTH) {
              issues.push({ ...loc, message: `include of ${f} loops back to a file already being read` });
              continue;
            }
            const included = safeRead(fs, f);
            if (included === undefined) {
              issues.push({ ...loc, message: `included file ${f} could not be read` });
              continue;
            }
            if (!consumed.includes(f)) consumed.push(f);
            readFile(f, included, depth + 1, [...stack, f]);
          }
          continue;
        }
        const entry: Directive = { args, loc };
        directives[directive] ??= [];
        directives[directive].push(entry);
      }
    };

    readFile(path, text, 0, [path]);

    const last = (name: string) => directives[name]?.at(-1);
    const single = <T>(
      name: string,
      read: (raw: string) => T | null,
      expected: string,
      d: { value: T; source: string },
    ): Setting<T> => {
      // Redis keeps the last line; an invalid last line stops the server, so earlier ones are not a fallback.
      const dir = last(name);
      if (!dir) return byDefault(d.value, d.source);
      const raw = dir.args.join(' ');
      const value = dir.args.length === 1 ? read(dir.args[0]) : null;
      if (value === null) {
        issues.push({ ...dir.loc, message: `${name}: expected ${expected}, got "${clip(raw)}"` });
        return byDefault(d.value, d.source);
      }
      return { value, raw, loc: dir.loc, isDefault: false };
    };
    const D = REDIS_DEFAULTS;
    const integer = (s: string) => (/^\d+$/.test(s) ? Number(s) : null);

    const data: RedisConfig = {
      directives,
      maxmemory: single('maxmemory', redisSize, 'bytes or a size like 100mb, 2gb', D.maxmemory),
      maxmemoryPolicy: single(
        'maxmemory-policy',
        (s) => (/^(volatile|allkeys)-(lru|lfu|random|ttl)$|^noeviction$/i.test(s) ? s.toLowerCase() : null),
        'noeviction, allkeys-lru, volatile-lru, allkeys-lfu, volatile-lfu, allkeys-random, volatile-random or volatile-ttl',
        { value: D.maxmemoryPolicy.value as string, source: D.maxmemoryPolicy.source },
      ),
      timeout: single('timeout', redisSeconds, 'whole seconds', D.timeout),
      save: saveSetting(directives.save, issues),
      bind: bindSetting(last('bind'), issues),
      protectedMode: single('protected-mode', yesNo, 'yes or no', D.protectedMode),
      requirepass: passwordSetting(last('requirepass')),
      port: single('port', integer, 'a TCP port number', D.port),
      maxclients: single('maxclients', integer, 'a number of clients', D.maxclients),
      appendonly: single('appendonly', yesNo, 'yes or no', D.appendonly),
    };
    return { data, issues, consumed };
  },
  listeners(data) {
    return [{ role: 'redis', name: 'redis-server', port: data.port.value }];
  },
};

/**
 * The first `save` line replaces the built-in points, later ones add to them, and `save ""` clears them all
 * (Redis config.c, setConfigSaveOption). Redis 7 also takes several pairs on one line.
 */
function saveSetting(lines: Directive[] | undefined, issues: ParseIssue[]): Setting<string[]> {
  if (!lines || lines.length === 0) return byDefault([...REDIS_DEFAULTS.save.value], REDIS_DEFAULTS.save.source);
  let points: string[] = [];
  for (const { args, loc } of lines) {
    if (args.length === 1 && args[0] === '') {
      points = [];
      continue;
    }
    if (args.length === 0 || args.length % 2 !== 0 || !args.every((a) => /^\d+$/.test(a))) {
      issues.push({
        ...loc,
        message: `save: expected "<seconds> <changes>" pairs or "", got "${clip(args.join(' '))}"`,
      });
      continue;
    }
    for (let i = 0; i < args.length; i += 2) points.push(`${args[i]} ${args[i + 1]}`);
  }
  const lastLine = lines[lines.length - 1];
  return {
    value: points,
    raw: lastLine.args.map((a) => (a === '' ? '""' : a)).join(' '),
    loc: lastLine.loc,
    isDefault: false,
  };
}

/** `bind` is one directive with several addresses; a later `bind` line replaces an earlier one. */
function bindSetting(line: Directive | undefined, issues: ParseIssue[]): Setting<string[]> {
  if (!line) return byDefault([...REDIS_DEFAULTS.bind.value], REDIS_DEFAULTS.bind.source);
  if (line.args.length === 0) {
    issues.push({ ...line.loc, message: 'bind: expected one or more addresses' });
    return byDefault([...REDIS_DEFAULTS.bind.value], REDIS_DEFAULTS.bind.source);
  }
  return { value: line.args, raw: line.args.join(' '), loc: line.loc, isDefault: false };
}

function passwordSetting(line: Directive | undefined): Setting<boolean> {
  if (!line) return byDefault(false, REDIS_DEFAULTS.requirepass.source);
  // `requirepass ""` clears the password. The raw text is never kept.
  return { value: line.args.length > 0 && line.args[0] !== '', loc: line.loc, isDefault: false };
}

function yesNo(s: string): boolean | null {
  const v = s.toLowerCase();
  return v === 'yes' ? true : v === 'no' ? false : null;
}

function redact(directive: string, args: string[]): string[] {
  if (SECRET_DIRECTIVES.has(directive)) return args.length === 1 && args[0] === '' ? [''] : args.map(() => REDACTED);
  if (directive === 'sentinel' && /^auth-pass$/i.test(args[0] ?? '')) return args.map((a, i) => (i < 2 ? a : REDACTED));
  // ACL rules in `user` lines: ">pass" / "<pass" add or remove a password, "#hash" / "!hash" a SHA-256 of one.
  if (directive === 'user') return args.map((a) => (/^[<>#!]/.test(a) ? `${a[0]}${REDACTED}` : a));
  return args;
}

/**
 * Splits a line like Redis' sdssplitargs: blanks separate; "double quotes" with \n \r \t \b \a \\ \" \xHH;
 * 'single quotes' with \'; a closing quote must be followed by a blank or the end. null when unbalanced.
 */
export function splitArgs(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  while (true) {
    while (i < n && /\s/.test(line[i])) i++;
    if (i >= n) return out;
    let cur = '';
    let inDq = false;
    let inSq = false;
    let done = false;
    while (!done) {
      const c = line[i];
      if (inDq) {
        if (i >= n) return null;
        if (c === '\\' && line[i + 1] === 'x' && /^[0-9a-fA-F]{2}$/.test(line.slice(i + 2, i + 4))) {
          cur += String.fromCharCode(Number.parseInt(line.slice(i + 2, i + 4), 16));
          i += 3;
        } else if (c === '\\' && i + 1 < n) {
          const e = line[++i];
          cur += ({ n: '\n', r: '\r', t: '\t', b: '\b', a: '\x07' } as Record<string, string>)[e] ?? e;
        } else if (c === '"') {
          if (i + 1 < n && !/\s/.test(line[i + 1])) return null;
          done = true;
        } else cur += c;
      } else if (inSq) {
        if (i >= n) return null;
        if (c === '\\' && line[i + 1] === "'") {
          cur += "'";
          i++;
        } else if (c === "'") {
          if (i + 1 < n && !/\s/.test(line[i + 1])) return null;
          done = true;
        } else cur += c;
      } else if (i >= n || /\s/.test(c)) {
        done = true;
      } else if (c === '"') inDq = true;
      else if (c === "'") inSq = true;
      else cur += c;
      i++;
    }
    out.push(cur);
  }
}
