// MySQL / MariaDB option files (my.cnf): `[group]` sections of `name = value` or bare `name` lines,
// `!include file` and `!includedir dir` expanded in place (MySQL manual 6.2.2.2 "Using Option Files";
// MariaDB KB "Configuring MariaDB with Option Files").
//
// Sample (Debian's MariaDB layout):
//
//   /etc/mysql/my.cnf                        /etc/mysql/mariadb.conf.d/50-server.cnf
//   [client-server]                          [mysqld]
//   !includedir /etc/mysql/conf.d/           bind-address            = 127.0.0.1
//   !includedir /etc/mysql/mariadb.conf.d/   max_connections         = 100
//
// → server.maxConnections = 100 at 50-server.cnf:3, server.bindAddress = "127.0.0.1",
//   server.waitTimeout = 28800 s by default, flavor "mariadb".
import type { ParseIssue, Setting, SourceLoc } from '../../model/setting.js';
import { byDefault } from '../../model/setting.js';
import { MiB, mysqlSeconds, mysqlSize } from '../../model/units.js';
import { clip, safeGlob, safeRead, trimTrailingSlashes } from './include.js';
import type { ConfigFS, ConfigParser, MysqlConfig } from './types.js';

type Option = { value: string | true; loc: SourceLoc };

/** Groups the server reads, besides the versioned ones matched by SERVER_VERSIONED. */
const SERVER_GROUPS = new Set(['mysqld', 'server', 'mariadb', 'mariadbd', 'galera', 'client-server']);
const SERVER_VERSIONED = /^(mysqld|mariadb|mariadbd)-\d+\.\d+$/;
const MARIADB_GROUPS = /^(mariadb|mariadbd|mariadb-.*|mariadbd-.*|galera|client-mariadb|mariadb-client)$/;
/** Options only MariaDB knows (Galera's wsrep_* ships with MariaDB; aria_* is a MariaDB engine). */
const MARIADB_OPTIONS = /^(wsrep_|aria_|thread_pool_|innodb_defragment)/;
/** Options only MySQL knows (the X plugin, MySQL 8 authentication). */
const MYSQL_OPTIONS = /^(mysqlx|default_authentication_plugin|authentication_policy|innodb_dedicated_server)/;

/** Nested includes deeper than this are a loop nobody meant. */
const MAX_DEPTH = 10;

export const MYSQL_DEFAULTS = {
  waitTimeout: {
    value: 28800 * 1000,
    source:
      'MySQL Reference Manual, Server System Variables / MariaDB KB, Server System Variables: wait_timeout default 28800 s',
  },
  interactiveTimeout: {
    value: 28800 * 1000,
    source:
      'MySQL Reference Manual, Server System Variables / MariaDB KB, Server System Variables: interactive_timeout default 28800 s',
  },
  maxConnections: {
    value: 151,
    source: 'MySQL Reference Manual (5.5 and later) / MariaDB KB server system variables: max_connections default 151',
  },
  innodbBufferPoolSize: {
    value: 128 * MiB,
    source:
      'MySQL Reference Manual (5.7, 8.0) / MariaDB KB InnoDB system variables: innodb_buffer_pool_size default 134217728 (128 MiB)',
  },
  port: { value: 3306, source: 'MySQL Reference Manual / MariaDB KB: port default 3306' },
} as const;

export const mysqlParser: ConfigParser<MysqlConfig> = {
  id: 'mysql',
  detect(path, sample) {
    // Line by line, each anchored: one /gm search over the sample is not provably linear.
    const groups = sample
      .split('\n')
      .map((line) => /^[ \t]*\[([^\]]+)\][ \t\r]*$/.exec(line)?.[1])
      .filter((g): g is string => g !== undefined)
      .map((g) => g.trim().toLowerCase());
    const known = groups.filter(
      (g) =>
        SERVER_GROUPS.has(g) ||
        SERVER_VERSIONED.test(g) ||
        MARIADB_GROUPS.test(g) ||
        /^(client|mysql|mysqldump|mysqld_safe|mysqladmin|mysqlhotcopy|isamchk|myisamchk|embedded|mariadb-client)$/.test(
          g,
        ),
    );
    // Option files hold only headers, options, includes and comments: code or prose that quotes a
    // [mysqld] block is not one.
    let foreign = 0;
    let options = 0;
    for (const raw of sample.split(/\r?\n/)) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#') || line.startsWith(';') || line.startsWith('[') || line.startsWith('!'))
        continue;
      if (parseOption(line)) options++;
      else foreign++;
    }
    if (foreign > options) return 0;
    const includes = /^[ \t]*!include(dir)?[ \t]+\S/m.test(sample);
    const byName = /(^|\/)(my\.cnf|[^/]*\.cnf|my\.ini)$/.test(path);
    if (known.some((g) => SERVER_GROUPS.has(g) || SERVER_VERSIONED.test(g) || MARIADB_GROUPS.test(g))) return 0.9;
    if (known.length > 0) return byName ? 0.85 : 0.7;
    if (includes && byName) return 0.8;
    // Debian's conf.d snippets sometimes hold only comments: a .cnf name under a mysql dir is a hint only.
    if (byName && /(^|\/)(mysql|mariadb)[^/]*\//.test(path) && groups.length === 0) return 0.3;
    return 0;
  },
  parse({ path, text, fs }) {
    const files = new OptionFiles(fs);
    files.read(path, text, 0, [path]);
    if (/(^|\/)mariadb\.conf\.d\//.test(files.consumed.join('\n'))) files.flavorHints.mariadb = true;
    const server = serverSettings(files);
    return { data: { sections: files.sections, server }, issues: files.issues, consumed: files.consumed };
  },
  listeners(data) {
    return [{ role: 'mysql', name: 'mysqld', port: data.server.port.value }];
  },
};

/**
 * One option line: `name`, `name = value`, `name=value # comment`, `name = "quoted # not a comment"`.
 * Names: `-` and `_` are the same, `loose-` only silences "unknown option" (MySQL manual, "Program Option Modifiers").
 */
/** The option files MySQL reads from one main file, its `!include`s and `!includedir`s, in reading order. */
class OptionFiles {
  readonly issues: ParseIssue[] = [];
  readonly consumed: string[] = [];
  // Null prototypes: a group or option named __proto__ or constructor is just a name.
  readonly sections: MysqlConfig['sections'] = Object.create(null);
  /** Server options in the order MySQL reads them: the last one wins. */
  readonly serverOptions = new Map<string, Option>();
  readonly flavorHints = { mariadb: false, mysql: false };
  constructor(private readonly fs: ConfigFS) {}

  read(filePath: string, fileText: string, depth: number, stack: string[]): void {
    let group: string | undefined;
    const lines = fileText.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      const loc = { path: filePath, line: i + 1 };
      const line = lines[i].trim();
      if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
      if (line.startsWith('!')) this.include(line, loc, depth, stack);
      else if (line.startsWith('[')) group = this.header(line, loc) ?? group;
      else this.option(line, loc, group);
    }
  }

  private include(line: string, loc: SourceLoc, depth: number, stack: string[]): void {
    const m = /^!(include|includedir)\s+([\s\S]+)$/.exec(line);
    if (!m) {
      this.issues.push({ ...loc, message: 'expected "!include <file>" or "!includedir <dir>"' });
      return;
    }
    const report = (message: string) => this.issues.push({ ...loc, message: `include pattern: ${message}` });
    const target = m[2].trim();
    const files =
      m[1] === 'include'
        ? safeGlob(this.fs, target, loc.path, report)
        : // MySQL reads only *.cnf from an !includedir on Unix (plus *.ini on Windows).
          safeGlob(this.fs, `${trimTrailingSlashes(target)}/*.cnf`, loc.path, report);
    if (m[1] === 'include' && files.length === 0) {
      this.issues.push({ ...loc, message: `included file ${target} is not among the inputs` });
    }
    for (const f of files) {
      if (stack.includes(f) || depth >= MAX_DEPTH) {
        this.issues.push({ ...loc, message: `include of ${f} loops back to a file already being read` });
        continue;
      }
      const included = safeRead(this.fs, f);
      if (included === undefined) {
        this.issues.push({ ...loc, message: `included file ${f} could not be read` });
        continue;
      }
      if (!this.consumed.includes(f)) this.consumed.push(f);
      this.read(f, included, depth + 1, [...stack, f]);
    }
  }

  /** The group a `[header]` line opens, or undefined (reported) when it is malformed. */
  private header(line: string, loc: SourceLoc): string | undefined {
    const m = /^\[([^\]]+)\]\s*(?:[#;][\s\S]*)?$/.exec(line);
    const group = m?.[1].trim().toLowerCase();
    if (!group) {
      this.issues.push({ ...loc, message: 'expected a group header like [mysqld]' });
      return undefined;
    }
    this.sections[group] ??= Object.create(null);
    if (MARIADB_GROUPS.test(group)) this.flavorHints.mariadb = true;
    return group;
  }

  private option(line: string, loc: SourceLoc, group: string | undefined): void {
    const option = parseOption(line);
    if (!option) {
      this.issues.push({ ...loc, message: 'expected "name = value" or a bare option name' });
      return;
    }
    if (group === undefined) {
      // mysqld refuses to start: "Found option without preceding group in config file".
      this.issues.push({ ...loc, message: `option ${option.name} appears before any [group] header` });
      return;
    }
    const entry: Option = { value: option.value, loc };
    this.sections[group][option.name] = entry;
    if (MARIADB_OPTIONS.test(option.name)) this.flavorHints.mariadb = true;
    if (MYSQL_OPTIONS.test(option.name)) this.flavorHints.mysql = true;
    if (SERVER_GROUPS.has(group) || SERVER_VERSIONED.test(group)) {
      this.serverOptions.delete(option.name);
      this.serverOptions.set(option.name, entry);
    }
  }
}

/** The server settings analysis needs, each written or its documented default. */
function serverSettings({ serverOptions, issues, flavorHints }: OptionFiles): MysqlConfig['server'] {
  const typed = <T>(name: string, read: (raw: string) => T | null, expected: string): Setting<T> | undefined => {
    const opt = serverOptions.get(name);
    if (!opt) return undefined;
    if (opt.value === true) {
      issues.push({ ...opt.loc, message: `${name} needs a value (${expected})` });
      return undefined;
    }
    const value = read(opt.value);
    if (value === null) {
      issues.push({ ...opt.loc, message: `${name}: expected ${expected}, got "${clip(opt.value)}"` });
      return undefined;
    }
    return { value, raw: opt.value, loc: opt.loc, isDefault: false };
  };
  const integer = (raw: string) => (/^\d+$/.test(raw) ? Number(raw) : null);
  const orDefault = <T>(s: Setting<T> | undefined, d: { value: T; source: string }): Setting<T> =>
    s ?? byDefault(d.value, d.source);

  const D = MYSQL_DEFAULTS;
  const bind = serverOptions.get('bind_address');
  const server: MysqlConfig['server'] = {
    waitTimeout: orDefault(typed('wait_timeout', mysqlSeconds, 'whole seconds'), D.waitTimeout),
    interactiveTimeout: orDefault(typed('interactive_timeout', mysqlSeconds, 'whole seconds'), D.interactiveTimeout),
    maxConnections: orDefault(typed('max_connections', integer, 'a number of connections'), D.maxConnections),
    innodbBufferPoolSize: orDefault(
      typed('innodb_buffer_pool_size', mysqlSize, 'a size like 134217728, 512M or 2G'),
      D.innodbBufferPoolSize,
    ),
    port: orDefault(typed('port', integer, 'a TCP port number'), D.port),
  };
  if (bind && bind.value !== true)
    server.bindAddress = { value: bind.value, raw: bind.value, loc: bind.loc, isDefault: false };
  const packet = typed('max_allowed_packet', mysqlSize, 'a size like 16M');
  if (packet) server.maxAllowedPacket = packet;
  if (flavorHints.mariadb) server.flavor = 'mariadb';
  else if (flavorHints.mysql) server.flavor = 'mysql';
  return server;
}

function parseOption(line: string): { name: string; value: string | true } | null {
  const bare = /^([A-Za-z0-9_.-]+)\s*(?:[#;].*)?$/.exec(line);
  const assigned = bare ? null : /^([A-Za-z0-9_.-]+)\s*=\s*([\s\S]*)$/.exec(line);
  const m = bare ?? assigned;
  if (!m) return null;
  let name = m[1].toLowerCase().replace(/-/g, '_');
  if (name.startsWith('loose_')) name = name.slice('loose_'.length);
  if (name === '') return null;
  if (bare) return { name, value: true };
  const value = optionValue(m[2]);
  return value === null ? null : { name, value };
}

/** A value: quoted (with MySQL's escapes) or bare up to a `#` comment; surrounding blanks dropped. */
function optionValue(rest: string): string | null {
  const s = rest.trim();
  const q = s[0];
  if (q === '"' || q === "'") {
    let out = '';
    for (let i = 1; i < s.length; i++) {
      const c = s[i];
      if (c === '\\' && i + 1 < s.length) {
        const e = s[++i];
        out += ({ n: '\n', t: '\t', r: '\r', b: '\b', s: ' ', '\\': '\\' } as Record<string, string>)[e] ?? `\\${e}`;
      } else if (c === q) {
        const tail = s.slice(i + 1).trim();
        return tail === '' || tail.startsWith('#') ? out : null;
      } else out += c;
    }
    return null;
  }
  const hash = s.indexOf('#');
  return (hash >= 0 ? s.slice(0, hash) : s).trim();
}
