// What each config parser produces. A parser turns one source (plus its includes) into typed facts
// with file:line for every setting, and decides nothing: judging is the rules' job.

import type { ConfigFormatId } from '../../model/ids.generated.js';
import type { ParseIssue, Setting, SourceLoc } from '../../model/setting.js';
import type { Duration, Size } from '../../model/units.js';

/** One per src/formats/config/<id>.ts (generated). */
export type { ConfigFormatId };

/** Read access to the input tree, for includes. Paths are the display paths of the input. */
export interface ConfigFS {
  /**
   * Files matching an include target as written in a config. An absolute target (`/etc/nginx/conf.d/*.conf`)
   * is looked up under the input root that holds `fromPath` (a bundle mirrors `/`), then by its tail;
   * a relative one against the directory of `fromPath`, then against `baseDir` if given (nginx resolves
   * relative includes against its prefix/conf dir). Supports `*`, `?` and `[...]` in the last components.
   * Sorted, as nginx and MySQL read them.
   */
  glob(target: string, fromPath: string, baseDir?: string): string[];
  /** Text of a file of the input tree, or undefined (missing, binary, too large). */
  read(path: string): string | undefined;
}

export interface ConfigInput {
  path: string;
  text: string;
  fs: ConfigFS;
}

export interface ParseOutput<T> {
  data: T;
  issues: ParseIssue[];
  /** Other input files this parse read through includes (they are not parsed again on their own). */
  consumed: string[];
}

export interface ConfigParser<T> {
  id: ConfigFormatId;
  /**
   * How sure (0..1) that this text is this format. `path` helps (names only help), content decides:
   * a file named nginx.conf that holds HAProxy sections is HAProxy.
   */
  detect(path: string, sample: string): number;
  parse(input: ConfigInput): ParseOutput<T>;
  /** Where a component of this format accepts connections, so that links from other components find it. */
  listeners?(data: T): Listener[];
  /** Where it forwards or connects to, as written: each becomes a link, resolved by port. */
  targets?(data: T): LinkTarget[];
}

/** The kind of service that listens somewhere, as links and rules name it. */
export type ServiceRole =
  | 'mysql'
  | 'postgres'
  | 'redis'
  | 'app'
  | 'tomcat'
  | 'haproxy'
  | 'nginx'
  | 'apache'
  | 'php-fpm'
  | 'gunicorn'
  | 'uwsgi';

/** A port a config declares it listens on. */
export interface Listener {
  role: ServiceRole;
  /** What listens, for reports: "mysqld", "frontend www", "server". */
  name: string;
  port: number;
  /** Bind address when the config says it. */
  host?: string;
}

/** An address a config forwards or connects to. */
export interface LinkTarget {
  /** What connects, for reports: "backend mysql-cluster / server db1", "DATABASES['default']". */
  name: string;
  host?: string;
  /** As written, or the documented default port of the client (Django's PORT '' for MySQL is 3306). */
  port?: number;
  loc: SourceLoc;
}

// ---------------------------------------------------------------- HAProxy

export type HaproxyTimeoutName =
  | 'client'
  | 'server'
  | 'connect'
  | 'tunnel'
  | 'http-request'
  | 'http-keep-alive'
  | 'queue'
  | 'check'
  | 'client-fin'
  | 'server-fin'
  | 'tarpit';

export interface HaproxyServer {
  name: string;
  /** As written: "10.0.0.5:3306", "db1:3306", "/run/app.sock", "${DB_HOST}:3306" */
  address: string;
  host?: string;
  port?: number;
  loc: SourceLoc;
  check: Setting<boolean>;
  /** Health-check interval; default 2000 ms (HAProxy manual, server "inter"). */
  inter: Setting<Duration>;
  /** Consecutive failed checks before DOWN; default 3. */
  fall: Setting<number>;
  /** Consecutive good checks before UP; default 2. */
  rise: Setting<number>;
  maxconn?: Setting<number>;
  backup: boolean;
  disabled: boolean;
}

export interface HaproxyBind {
  address: string;
  host?: string;
  port?: number;
  loc: SourceLoc;
  /** `crt` arguments as written: certificate files or folders of an `ssl` bind. */
  crt?: string[];
}

export interface HaproxyProxy {
  kind: 'frontend' | 'backend' | 'listen';
  name: string;
  loc: SourceLoc;
  /** Name of the defaults section it inherits from ("" for an anonymous one), if any. */
  defaultsName?: string;
  /** Effective mode: written here, inherited, or the default "tcp" (HAProxy manual, "mode"). */
  mode: Setting<'tcp' | 'http'>;
  /**
   * Effective timeouts, written here or inherited from defaults (inheritedFrom set, loc = the defaults line).
   * An unset timeout is absent: for client/server/connect that means no timeout at all.
   */
  timeouts: Partial<Record<HaproxyTimeoutName, Setting<Duration>>>;
  /** Effective maxconn for a frontend/listen (inherited from defaults), absent when unset. */
  maxconn?: Setting<number>;
  fullconn?: Setting<number>;
  binds: HaproxyBind[];
  servers: HaproxyServer[];
  balance?: Setting<string>;
  /** `option httpchk …` (effective, may be inherited). */
  httpchk?: Setting<string>;
  /** Every `option`/`no option` line effective here, e.g. { "httplog": true, "redispatch": true }. */
  options: Record<string, Setting<boolean>>;
  defaultBackend?: Setting<string>;
  useBackends: { name: string; loc: SourceLoc }[];
  /** Raw `log` lines (targets). */
  logs: Setting<string>[];
}

export interface HaproxyDefaults {
  name: string;
  loc: SourceLoc;
  mode?: Setting<'tcp' | 'http'>;
  timeouts: Partial<Record<HaproxyTimeoutName, Setting<Duration>>>;
  maxconn?: Setting<number>;
}

export interface HaproxyConfig {
  global: {
    loc?: SourceLoc;
    maxconn?: Setting<number>;
    nbthread?: Setting<number>;
    nbproc?: Setting<number>;
    /** `ulimit-n` */
    ulimitN?: Setting<number>;
    /** `crt-base`: the folder relative `crt` paths are read from. */
    crtBase?: Setting<string>;
    logs: Setting<string>[];
  };
  defaults: HaproxyDefaults[];
  proxies: HaproxyProxy[];
}

// ---------------------------------------------------------------- nginx

export interface NginxDirective {
  name: string;
  args: string[];
  loc: SourceLoc;
  /** Present for block directives (`http { … }`). */
  block?: NginxDirective[];
}

export interface NginxUpstreamServer {
  address: string;
  host?: string;
  port?: number;
  /** "unix:/run/app.sock" */
  unix?: string;
  params: Record<string, string>;
  loc: SourceLoc;
}

export interface NginxUpstream {
  name: string;
  loc: SourceLoc;
  servers: NginxUpstreamServer[];
  /** `keepalive N`: idle connections kept per worker. Absent when not written. */
  keepalive?: Setting<number>;
  /** Upstream `keepalive_timeout`, default 60 s (ngx_http_upstream_module). */
  keepaliveTimeout: Setting<Duration>;
  keepaliveRequests?: Setting<number>;
}

export interface NginxLocation {
  /** "/api/" or "= /health"; "" for a server without locations carrying proxy_pass. */
  path: string;
  loc: SourceLoc;
  proxyPass?: {
    target: string;
    /** Name of the upstream{} block it points to, when it does. */
    upstream?: string;
    host?: string;
    port?: number;
    loc: SourceLoc;
  };
  /** Effective (inherited http → server → location) proxy settings; defaults from ngx_http_proxy_module. */
  proxyReadTimeout: Setting<Duration>;
  proxyConnectTimeout: Setting<Duration>;
  proxySendTimeout: Setting<Duration>;
  /** Default "1.0" (before nginx 1.29.7? check: the proxy module's default is 1.0). */
  proxyHttpVersion: Setting<string>;
  /** Value of `proxy_set_header Connection …` when set (e.g. "" or "upgrade"). */
  connectionHeader?: Setting<string>;
  /** `fastcgi_pass` (PHP-FPM) with the effective `fastcgi_read_timeout` (default 60 s). */
  fastcgiPass?: NginxAppPass;
  /** `uwsgi_pass` with the effective `uwsgi_read_timeout` (default 60 s). */
  uwsgiPass?: NginxAppPass;
}

export interface NginxAppPass {
  target: string;
  upstream?: string;
  host?: string;
  port?: number;
  /** "unix:/run/php/php8.2-fpm.sock" */
  unix?: string;
  loc: SourceLoc;
  readTimeout: Setting<Duration>;
}

export interface NginxServer {
  loc: SourceLoc;
  serverNames: string[];
  listen: { port?: number; address?: string; loc: SourceLoc }[];
  /** Client-side keepalive_timeout (http/server level), default 75 s. */
  keepaliveTimeout: Setting<Duration>;
  locations: NginxLocation[];
}

export interface NginxConfig {
  /** Full directive tree with includes expanded in place; each directive keeps its own file:line. */
  tree: NginxDirective[];
  workerProcesses: Setting<number | 'auto'>;
  workerConnections: Setting<number>;
  workerRlimitNofile?: Setting<number>;
  /** Client-side http-level keepalive_timeout, default 75 s. */
  keepaliveTimeout: Setting<Duration>;
  upstreams: NginxUpstream[];
  servers: NginxServer[];
  logFormats: { name: string; format: string; escape?: string; loc: SourceLoc }[];
  accessLogs: { path: string; format?: string; loc: SourceLoc }[];
  errorLogs: { path: string; level?: string; loc: SourceLoc }[];
  /** Version if something in the input told it (e.g. a comment or `nginx -V` output); usually absent. */
  version?: string;
}

// ---------------------------------------------------------------- MySQL / MariaDB

export interface MysqlConfig {
  /** Every option of every section, names normalised with `_` (`max-connections` → `max_connections`). */
  sections: Record<string, Record<string, { value: string | true; loc: SourceLoc }>>;
  /** Effective server settings ([mysqld], [server], [mariadb], [mysqld-X.Y], [mariadbd], [galera]; later wins). */
  server: {
    waitTimeout: Setting<Duration>;
    interactiveTimeout: Setting<Duration>;
    maxConnections: Setting<number>;
    innodbBufferPoolSize: Setting<Size>;
    port: Setting<number>;
    bindAddress?: Setting<string>;
    maxAllowedPacket?: Setting<Size>;
    /** Distribution hint: "mariadb" when MariaDB-only sections/options appear. */
    flavor?: 'mysql' | 'mariadb';
  };
}

// ---------------------------------------------------------------- PostgreSQL

export interface PostgresConfig {
  /** Every parameter as written (last one wins), lowercased name. */
  settings: Record<string, { raw: string; loc: SourceLoc }>;
  maxConnections: Setting<number>;
  /** 0 = disabled (the default). */
  idleInTransactionSessionTimeout: Setting<Duration>;
  /** 0 = disabled (the default). */
  statementTimeout: Setting<Duration>;
  /** 0 = disabled (PostgreSQL 14+). */
  idleSessionTimeout: Setting<Duration>;
  sharedBuffers: Setting<Size>;
  workMem: Setting<Size>;
  port: Setting<number>;
  listenAddresses: Setting<string>;
}

// ---------------------------------------------------------------- Redis

export interface RedisConfig {
  /** Every directive as written (last wins for single-valued ones), lowercased name. */
  directives: Record<string, { args: string[]; loc: SourceLoc }[]>;
  /** 0 = no limit (the default on 64-bit). */
  maxmemory: Setting<Size>;
  maxmemoryPolicy: Setting<string>;
  /** Client idle timeout; 0 = never (default). */
  timeout: Setting<Duration>;
  /** `save` points; [] when `save ""`. */
  save: Setting<string[]>;
  bind: Setting<string[]>;
  protectedMode: Setting<boolean>;
  /** Whether a password is set. The secret itself is never kept. */
  requirepass: Setting<boolean>;
  port: Setting<number>;
  maxclients: Setting<number>;
  appendonly: Setting<boolean>;
}

// ---------------------------------------------------------------- Tomcat

export interface TomcatConnector {
  loc: SourceLoc;
  port?: number;
  /** As written, default "HTTP/1.1". */
  protocol: Setting<string>;
  /** Resolved implementation: "bio" (Http11Protocol / HTTP/1.1 on Tomcat ≤ 7), "nio", "nio2", "apr", "ajp", or "auto" when it depends on the version. */
  io: 'bio' | 'nio' | 'nio2' | 'apr' | 'ajp-bio' | 'ajp-nio' | 'auto';
  maxThreads: Setting<number>;
  maxConnections: Setting<number>;
  acceptCount: Setting<number>;
  connectionTimeout: Setting<Duration>;
  keepAliveTimeout: Setting<Duration>;
  executor?: string;
}

export interface TomcatExecutor {
  name: string;
  loc: SourceLoc;
  maxThreads: Setting<number>;
  minSpareThreads: Setting<number>;
}

export interface TomcatConfig {
  connectors: TomcatConnector[];
  executors: TomcatExecutor[];
  /** Tomcat version when the install path tells it (e.g. /opt/apache-tomcat-7.0.52/conf/server.xml, /etc/tomcat7/). */
  version?: Setting<string>;
}

// ---------------------------------------------------------------- PM2

export interface Pm2App {
  name: string;
  loc: SourceLoc;
  script?: string;
  cwd?: string;
  /** Number of processes: a number, or "max" / 0 / -1 (one per CPU, resolved by the model). Default 1. */
  instances: Setting<number | 'max'>;
  execMode: Setting<'fork' | 'cluster'>;
  maxMemoryRestart?: Setting<Size>;
  /** `--max-old-space-size` from node_args / interpreter_args / NODE_OPTIONS (MiB → bytes). */
  maxOldSpaceSize?: Setting<Size>;
  killTimeout: Setting<Duration>;
  maxRestarts: Setting<number>;
  autorestart: Setting<boolean>;
  /** Where it writes its output, as written: `out_file`, `error_file`, `log_file` (and their aliases). */
  logFiles?: string[];
  /** A value the static evaluation could not resolve, by key, e.g. { instances: "process.env.WORKERS" }. */
  unresolved: Record<string, string>;
}

export interface Pm2Config {
  apps: Pm2App[];
}

// ---------------------------------------------------------------- Node app

export type DbPoolLibrary = 'knex' | 'mysql' | 'mysql2' | 'pg' | 'sequelize' | 'typeorm' | 'prisma' | 'generic-pool';

export interface NodeDbPool {
  library: DbPoolLibrary;
  /** Database engine if known from the library or its client option. */
  engine?: 'mysql' | 'postgres';
  /** Pool size: written, or the library's documented default (knex max 10, mysql2 connectionLimit 10, pg max 10). */
  max: Setting<number>;
  host?: Setting<string>;
  port?: Setting<number>;
  loc: SourceLoc;
}

export interface NodeAppConfig {
  /** Only one kind of file feeds each part; the model merges several node-app files of one app. */
  keepAliveTimeout?: Setting<Duration>;
  headersTimeout?: Setting<Duration>;
  requestTimeout?: Setting<Duration>;
  listenPorts: Setting<number>[];
  pools: NodeDbPool[];
  /** From package.json engines.node, .nvmrc, .node-version or a Dockerfile `FROM node:X`. */
  nodeVersion?: Setting<string>;
  /** Process managers found in package.json scripts/deps (forever, pm2, nodemon). */
  processManagers: Setting<string>[];
  /** package.json name, when this file is a package.json. */
  packageName?: string;
}

// ---------------------------------------------------------------- Django

export interface DjangoDatabase {
  alias: string;
  engine?: string;
  host?: Setting<string>;
  port?: Setting<number>;
  /** CONN_MAX_AGE in seconds; null = persistent forever; default 0 (close after each request). */
  connMaxAge: Setting<number | null>;
  loc: SourceLoc;
}

export interface DjangoConfig {
  databases: DjangoDatabase[];
  /** Celery's settings when the settings module holds them (the CELERY_ namespace or Celery 3 names). */
  celery?: import('./celery.js').CeleryConfig;
}

// ---------------------------------------------------------------- App Engine / Procfile

export interface AppEngineConfig {
  runtime?: Setting<string>;
  env: Setting<'standard' | 'flex'>;
  instanceClass?: Setting<string>;
  /** Memory of the instance class or flex resources, when known. */
  memory?: Setting<Size>;
  automaticScaling?: {
    loc: SourceLoc;
    minInstances?: Setting<number>;
    maxInstances?: Setting<number>;
    minIdleInstances?: Setting<number>;
    targetCpuUtilization?: Setting<number>;
    maxConcurrentRequests?: Setting<number>;
  };
  manualScaling?: { instances: Setting<number> };
  entrypoint?: Setting<string>;
}

export interface ProcfileConfig {
  processes: { type: string; command: string; loc: SourceLoc }[];
}

// ---------------------------------------------------------------- systemd / limits / sysctl / host facts

export interface SystemdUnit {
  unit: string;
  loc: SourceLoc;
  execStart?: Setting<string>;
  user?: Setting<string>;
  /** Soft and hard open-file limit; systemd's default soft limit is 1024, hard 524288 (systemd ≥ 240). */
  limitNofile?: Setting<{ soft: number; hard: number }>;
  memoryMax?: Setting<Size>;
  /** Deprecated alias of MemoryMax (cgroup v1). */
  memoryLimit?: Setting<Size>;
  restart?: Setting<string>;
  restartSec?: Setting<Duration>;
  watchdogSec?: Setting<Duration>;
  tasksMax?: Setting<number>;
  /** `MemoryHigh=`: throttling threshold below MemoryMax (cgroup v2). */
  memoryHigh?: Setting<Size>;
  /**
   * Limits written as a share rather than an amount ("MemoryMax=80%"): percent (0..100) of physical RAM for
   * the memory settings, of the kernel's task limit for TasksMax. The amount field is then absent; the model
   * resolves the share against the host.
   */
  percentages?: Partial<Record<'memoryMax' | 'memoryLimit' | 'memoryHigh' | 'tasksMax', Setting<number>>>;
  /** Drop-in files (`<unit>.d/*.conf`) applied on top of the unit file, in the order systemd applies them. */
  dropIns?: string[];
}

export interface SystemdConfig {
  units: SystemdUnit[];
}

export interface LimitsEntry {
  /** "*", "root", "@group", "www-data" */
  domain: string;
  type: 'soft' | 'hard' | '-';
  item: string;
  /** Number, or Infinity for "unlimited"/"infinity". */
  value: number;
  loc: SourceLoc;
}

export interface LimitsConfig {
  entries: LimitsEntry[];
}

export interface SysctlConfig {
  /** key with dots ("vm.overcommit_memory") → last value written. */
  values: Record<string, { value: string; loc: SourceLoc }>;
}

export interface HostFactsConfig {
  memTotal?: Setting<Size>;
  swapTotal?: Setting<Size>;
  cpus?: Setting<number>;
  /** "always" | "madvise" | "never": the bracketed choice of /sys/kernel/mm/transparent_hugepage/enabled */
  transparentHugepage?: Setting<string>;
  /** Values read from /proc/sys snapshots, keyed like sysctl ("vm.overcommit_memory"). */
  sysctl: Record<string, { value: string; loc: SourceLoc }>;
  /** Per-process limits from /proc/PID/limits snapshots: process label → Max open files soft/hard. */
  processLimits: { process: string; nofileSoft?: number; nofileHard?: number; loc: SourceLoc }[];
  hostname?: Setting<string>;
  osRelease?: Setting<string>;
}

/** Each format's facts: generated from the parsers' declarations (registry.generated.ts). */
export type { ConfigDataByFormat } from './registry.generated.js';
