// Apache httpd (2.2/2.4) configuration: one directive per line (`\` continues a line), `#` comments only at the
// start of a line, `<Section args>` … `</Section>` blocks, `Include`/`IncludeOptional` expanded in place relative
// to ServerRoot. The typed view keeps what the timeout ladder needs: Timeout, ProxyTimeout, KeepAlive,
// KeepAliveTimeout, MaxRequestWorkers, the virtual hosts and their ProxyPass targets.
//
// Sample (Debian's apache2.conf, then a site):
//
//   Timeout 300
//   KeepAliveTimeout 5
//   IncludeOptional sites-enabled/*.conf
//   <VirtualHost *:80>
//     ProxyPass "/api/" "http://127.0.0.1:8000/" timeout=120
//   </VirtualHost>
//
// → timeout 300 s (apache2.conf:1), a virtual host *:80 whose ProxyPass waits 120 s for 127.0.0.1:8000.
//
// <IfModule>, <IfDefine> and <IfVersion> are read as if their condition held: the modules a bundle loads are
// rarely all in it, and a setting inside one is there to apply.
import type { ParseIssue, Setting, SourceLoc } from '../../model/setting.js';
import { byDefault } from '../../model/setting.js';
import type { Duration } from '../../model/units.js';
import { GlobError } from './glob.js';
import { clip, safeRead, trimTrailingSlashes } from './include.js';
import type { ConfigFS, ConfigParser, LinkTarget, Listener } from './types.js';

export interface ApacheDirective {
  /** As written ("ProxyPass", "VirtualHost"); Apache's names are case-insensitive. */
  name: string;
  args: string[];
  loc: SourceLoc;
  /** Present for sections (`<VirtualHost *:80>`). */
  block?: ApacheDirective[];
}

export interface ApacheProxyPass {
  /** "ProxyPass", "ProxyPassMatch" or "SetHandler" (`proxy:unix:/run/php/php8.2-fpm.sock|fcgi://localhost`). */
  directive: string;
  /** URL path it maps ("/api/"), "" for a SetHandler. */
  path: string;
  /** Backend URL as written: "http://127.0.0.1:8000/", "unix:/run/app.sock|http://localhost/". */
  target: string;
  scheme?: string;
  host?: string;
  port?: number;
  /** Unix socket path of a `unix:` target. */
  unix?: string;
  /** `key=value` parameters of the worker (timeout, connectiontimeout, keepalive, …), lowercased keys. */
  params: Record<string, string>;
  loc: SourceLoc;
  /** How long it waits for the backend: `timeout=`, else ProxyTimeout, else Timeout (mod_proxy). */
  timeout: Setting<Duration>;
  /** `connectiontimeout=`, else the worker's timeout (mod_proxy, ProxyPass parameters). */
  connectTimeout: Setting<Duration>;
}

export interface ApacheVirtualHost {
  /** "*:80", "10.0.0.1:443" */
  addresses: string[];
  serverName?: string;
  loc: SourceLoc;
  /** Effective Timeout / ProxyTimeout / KeepAliveTimeout here (written here or inherited from the main server). */
  timeout: Setting<Duration>;
  proxyTimeout: Setting<Duration>;
  keepAliveTimeout: Setting<Duration>;
  proxyPasses: ApacheProxyPass[];
}

export interface ApacheConfig {
  tree: ApacheDirective[];
  serverRoot?: Setting<string>;
  /** Main server's Timeout, default 60 s. */
  timeout: Setting<Duration>;
  /** Main server's ProxyTimeout, default the value of Timeout. */
  proxyTimeout: Setting<Duration>;
  keepAlive: Setting<boolean>;
  keepAliveTimeout: Setting<Duration>;
  /** MaxRequestWorkers (MaxClients before 2.3.13); default per MPM (see APACHE_DEFAULTS). */
  maxRequestWorkers: Setting<number>;
  /** "event", "worker" or "prefork" when a LoadModule line says it. */
  mpm?: string;
  listens: { host?: string; port: number; loc: SourceLoc }[];
  virtualHosts: ApacheVirtualHost[];
  /** ProxyPass lines of the main server (outside any VirtualHost). */
  proxyPasses: ApacheProxyPass[];
}

const CORE = 'Apache httpd 2.4 docs, core';
export const APACHE_DEFAULTS = {
  timeout: { value: 60_000, source: `${CORE}: Timeout 60 (https://httpd.apache.org/docs/2.4/mod/core.html#timeout)` },
  keepAlive: {
    value: true,
    source: `${CORE}: KeepAlive On (https://httpd.apache.org/docs/2.4/mod/core.html#keepalive)`,
  },
  keepAliveTimeout: {
    value: 5_000,
    source: `${CORE}: KeepAliveTimeout 5 (https://httpd.apache.org/docs/2.4/mod/core.html#keepalivetimeout)`,
  },
  proxyTimeout: 'Apache httpd 2.4 docs, mod_proxy: ProxyTimeout defaults to the value of Timeout',
  workerTimeout: 'Apache httpd 2.4 docs, mod_proxy ProxyPass timeout=: defaults to ProxyTimeout, else Timeout',
  connectTimeout: 'Apache httpd 2.4 docs, mod_proxy ProxyPass connectiontimeout=: defaults to the worker timeout',
  /** mpm_common MaxRequestWorkers: ServerLimit 16 × ThreadsPerChild 25 for threaded MPMs, 256 for prefork. */
  maxRequestWorkers: {
    threaded: 400,
    prefork: 256,
    source:
      'Apache httpd 2.4 docs, mpm_common MaxRequestWorkers: 16 × ThreadsPerChild (25) = 400 for event/worker, 256 for prefork',
  },
};

const MAX_INCLUDE_DEPTH = 16;
/** Sections whose content applies as if the condition held (see the header). */
const CONDITIONAL = new Set(['ifmodule', 'ifdefine', 'ifversion', 'ifdirective', 'iffile', 'ifsection']);

interface ReadContext {
  fs: ConfigFS;
  /** The main file: relative includes are resolved against ServerRoot, by default its directory. */
  mainPath: string;
  serverRoot?: string;
  issues: ParseIssue[];
  consumed: Set<string>;
  chain: string[];
}

/** One logical line: `\` at the end joins the next line (Apache core, "Configuration Files"). */
function logicalLines(text: string): { text: string; line: number }[] {
  const raw = text.split(/\r?\n/);
  const out: { text: string; line: number }[] = [];
  for (let i = 0; i < raw.length; i++) {
    const start = i;
    let line = raw[i];
    while (line.endsWith('\\') && i + 1 < raw.length) line = line.slice(0, -1) + raw[++i];
    out.push({ text: line.trim(), line: start + 1 });
  }
  return out;
}

/** Apache's argument words: blanks separate, "double" or 'single' quotes group, `\"` escapes inside quotes. */
export function apacheWords(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i])) i++;
    if (i >= s.length) break;
    const q = s[i] === '"' || s[i] === "'" ? s[i] : '';
    let cur = '';
    if (q) i++;
    while (i < s.length && (q ? s[i] !== q : !/\s/.test(s[i]))) {
      if (q && s[i] === '\\' && s[i + 1] === q) i++;
      cur += s[i++];
    }
    if (q) i++;
    out.push(cur);
  }
  return out;
}

function parseFile(path: string, text: string, ctx: ReadContext): ApacheDirective[] {
  const root: ApacheDirective[] = [];
  const stack: ApacheDirective[] = [];
  const here = () => (stack.length ? (stack[stack.length - 1].block as ApacheDirective[]) : root);
  for (const { text: line, line: n } of logicalLines(text)) {
    if (line === '' || line.startsWith('#')) continue;
    const loc = { path, line: n };
    const close = /^<\/([^>\s]+)\s*>$/.exec(line);
    if (close) {
      const open = stack.pop();
      if (!open) ctx.issues.push({ ...loc, message: `</${close[1]}> without matching <${close[1]}> section` });
      else if (open.name.toLowerCase() !== close[1].toLowerCase())
        ctx.issues.push({ ...loc, message: `expected </${open.name}> but saw </${close[1]}>` });
      continue;
    }
    const open = /^<([^/>\s][^>\s]*)(\s[^>]*)?>$/.exec(line);
    if (open) {
      const section: ApacheDirective = { name: open[1], args: apacheWords(open[2] ?? ''), loc, block: [] };
      here().push(section);
      stack.push(section);
      continue;
    }
    if (line.startsWith('<')) {
      ctx.issues.push({ ...loc, message: `expected a section "<Name args>", got "${clip(line)}"` });
      continue;
    }
    const [name, ...args] = apacheWords(line);
    const d: ApacheDirective = { name, args, loc };
    const lower = name.toLowerCase();
    if (lower === 'serverroot' && args[0]) ctx.serverRoot = args[0];
    if (lower === 'include' || lower === 'includeoptional') here().push(...expandInclude(d, ctx));
    else here().push(d);
  }
  for (const open of stack) {
    ctx.issues.push({ ...open.loc, message: `<${open.name}> was not closed (expected </${open.name}>)` });
  }
  return root;
}

/**
 * Files of an include target. A relative path is relative to ServerRoot, never to the including file: the one
 * written, else the compiled-in one of the layout — Debian's apache2.conf lives in its ServerRoot (/etc/apache2),
 * Red Hat's httpd.conf one level below it (/etc/httpd/conf/httpd.conf, ServerRoot /etc/httpd).
 */
function includeFiles(target: string, ctx: ReadContext): string[] {
  if (target.startsWith('/')) return ctx.fs.glob(target, ctx.mainPath);
  const root = ctx.serverRoot;
  if (root?.startsWith('/')) return ctx.fs.glob(`${trimTrailingSlashes(root)}/${target}`, ctx.mainPath);
  const redHat = /(^|\/)conf\/httpd\.conf$/.test(ctx.mainPath);
  // The glob resolves a relative target against the directory of the path it is given.
  const anchor = redHat ? `${ctx.mainPath.slice(0, -'conf/httpd.conf'.length)}httpd.conf` : ctx.mainPath;
  return ctx.fs.glob(target, anchor);
}

function expandInclude(d: ApacheDirective, ctx: ReadContext): ApacheDirective[] {
  const optional = d.name.toLowerCase() === 'includeoptional';
  const issue = (message: string) => ctx.issues.push({ ...d.loc, message });
  if (d.args.length !== 1) {
    issue(`${d.name} takes one argument, a file path or wildcard`);
    return [];
  }
  const target = d.args[0];
  if (target.includes('${')) return [d];
  let files: string[];
  try {
    files = includeFiles(target, ctx);
  } catch (err) {
    if (!(err instanceof GlobError)) throw err;
    issue(`include pattern: ${err.message}`);
    return [];
  }
  // Include fails on a missing file and (2.4) on a wildcard that matches nothing; IncludeOptional never does.
  if (files.length === 0 && !optional) issue(`expected the included file "${clip(target)}" to exist in the input`);
  const out: ApacheDirective[] = [];
  for (const file of files) {
    if (ctx.chain.includes(file) || ctx.chain.length > MAX_INCLUDE_DEPTH) {
      issue(`include of "${file}" loops back to a file already being read`);
      continue;
    }
    const text = safeRead(ctx.fs, file);
    if (text === undefined) {
      if (!optional) issue(`expected to read the included file "${file}"`);
      continue;
    }
    ctx.consumed.add(file);
    ctx.chain.push(file);
    out.push(...parseFile(file, text, ctx));
    ctx.chain.pop();
  }
  return out;
}

/** Seconds, or (KeepAliveTimeout, ProxyTimeout since 2.4) a number with an `ms` suffix. */
export function apacheSeconds(raw: string, allowMs: boolean): Duration | null {
  const m = /^(\d+)(ms|s)?$/i.exec(raw);
  if (!m || (m[2]?.toLowerCase() === 'ms' && !allowMs)) return null;
  return m[2]?.toLowerCase() === 'ms' ? Number(m[1]) : Number(m[1]) * 1000;
}

type Issue = (loc: SourceLoc, message: string) => void;

interface Level {
  timeout: Setting<Duration>;
  proxyTimeout?: Setting<Duration>;
  keepAliveTimeout: Setting<Duration>;
  keepAlive: Setting<boolean>;
}

/** Walks a list (descending into conditional sections), calling visit for every directive outside hosts. */
function eachDirective(list: ApacheDirective[], visit: (d: ApacheDirective) => void, intoAll = false): void {
  for (const d of list) {
    const lower = d.name.toLowerCase();
    if (d.block && (CONDITIONAL.has(lower) || (intoAll && lower !== 'virtualhost'))) {
      eachDirective(d.block, visit, intoAll);
    } else visit(d);
  }
}

function durationOf(d: ApacheDirective, allowMs: boolean, issue: Issue): Setting<Duration> | undefined {
  const v = d.args.length === 1 ? apacheSeconds(d.args[0], allowMs) : null;
  if (v === null) {
    issue(d.loc, `${d.name}: expected a number of seconds${allowMs ? ' (or milliseconds with "ms")' : ''}`);
    return undefined;
  }
  return { value: v, raw: d.args[0], loc: d.loc, isDefault: false };
}

/** Timeout, ProxyTimeout, KeepAlive and KeepAliveTimeout written at one level over those of the parent. */
function levelSettings(list: ApacheDirective[], parent: Level, issue: Issue): Level {
  const out: Level = { ...parent };
  eachDirective(list, (d) => {
    const lower = d.name.toLowerCase();
    if (lower === 'timeout') out.timeout = durationOf(d, false, issue) ?? out.timeout;
    else if (lower === 'proxytimeout') out.proxyTimeout = durationOf(d, true, issue) ?? out.proxyTimeout;
    else if (lower === 'keepalivetimeout') out.keepAliveTimeout = durationOf(d, true, issue) ?? out.keepAliveTimeout;
    else if (lower === 'keepalive') {
      const v = d.args[0]?.toLowerCase();
      if (d.args.length === 1 && (v === 'on' || v === 'off'))
        out.keepAlive = { value: v === 'on', raw: d.args[0], loc: d.loc, isDefault: false };
      else issue(d.loc, 'KeepAlive must be On or Off');
    }
  });
  return out;
}

function effectiveProxyTimeout(level: Level): Setting<Duration> {
  if (level.proxyTimeout) return level.proxyTimeout;
  const t = level.timeout;
  return t.isDefault
    ? byDefault(t.value, `${APACHE_DEFAULTS.proxyTimeout}; ${t.defaultSource}`)
    : { ...t, inheritedFrom: 'Timeout' };
}

/** `http://host:port/path`, `fcgi://127.0.0.1:9000/`, `unix:/run/app.sock|http://localhost/`. */
export function apacheBackend(target: string): Pick<ApacheProxyPass, 'scheme' | 'host' | 'port' | 'unix'> {
  const unix = /^unix:([^|]+)\|(\w+):/i.exec(target);
  if (unix) return { unix: unix[1], scheme: unix[2].toLowerCase() };
  const m = /^(\w+):\/\/(\[[^\]]+\]|[^/:$]+)(?::(\d+))?/i.exec(target);
  if (!m) return {};
  const scheme = m[1].toLowerCase();
  const ports: Record<string, number> = { http: 80, ws: 80, https: 443, wss: 443, ajp: 8009, fcgi: 9000 };
  const port = m[3] ? Number(m[3]) : Object.hasOwn(ports, scheme) ? ports[scheme] : undefined;
  return { scheme, host: m[2].replace(/^\[|\]$/g, ''), port };
}

function proxyPassView(
  d: ApacheDirective,
  level: Level,
  locationPath: string | undefined,
): ApacheProxyPass | undefined {
  const lower = d.name.toLowerCase();
  let path: string;
  let rest: string[];
  if (lower === 'sethandler') {
    if (!/^proxy:/i.test(d.args[0] ?? '')) return undefined;
    path = '';
    rest = [d.args[0].slice('proxy:'.length)];
  } else if (locationPath !== undefined && d.args.length >= 1 && !d.args[0].startsWith('/')) {
    path = locationPath;
    rest = d.args;
  } else {
    path = d.args[0] ?? '';
    rest = d.args.slice(1);
  }
  const target = rest[0];
  if (!target || target === '!') return undefined;
  const params: Record<string, string> = Object.create(null);
  for (const p of rest.slice(1)) {
    const eq = p.indexOf('=');
    if (eq > 0) params[p.slice(0, eq).toLowerCase()] = p.slice(eq + 1);
  }
  const param = (key: string): Setting<Duration> | undefined => {
    const v = params[key] !== undefined ? apacheSeconds(params[key], true) : null;
    return v === null ? undefined : { value: v, raw: `${key}=${params[key]}`, loc: d.loc, isDefault: false };
  };
  const proxyTimeout = effectiveProxyTimeout(level);
  const timeout = param('timeout') ?? { ...proxyTimeout, defaultSource: proxyTimeout.defaultSource };
  const connectTimeout =
    param('connectiontimeout') ??
    (timeout.isDefault
      ? byDefault(timeout.value, `${APACHE_DEFAULTS.connectTimeout}; ${timeout.defaultSource}`)
      : { ...timeout, inheritedFrom: timeout.inheritedFrom ?? 'timeout' });
  return { directive: d.name, path, target, ...apacheBackend(target), params, loc: d.loc, timeout, connectTimeout };
}

/** ProxyPass lines of a server context (main or virtual host), including those inside <Location>. */
function collectProxyPasses(list: ApacheDirective[], level: Level, locationPath?: string): ApacheProxyPass[] {
  const out: ApacheProxyPass[] = [];
  for (const d of list) {
    const lower = d.name.toLowerCase();
    if (lower === 'virtualhost') continue;
    if (d.block) {
      const inLocation = /^location(match)?$/.test(lower) ? (d.args[0] ?? '') : locationPath;
      out.push(...collectProxyPasses(d.block, level, inLocation));
      continue;
    }
    if (lower === 'proxypass' || lower === 'proxypassmatch' || lower === 'sethandler') {
      const p = proxyPassView(d, level, locationPath);
      if (p) out.push(p);
    }
  }
  return out;
}

function findVirtualHosts(list: ApacheDirective[]): ApacheDirective[] {
  const out: ApacheDirective[] = [];
  for (const d of list) {
    if (!d.block) continue;
    if (d.name.toLowerCase() === 'virtualhost') out.push(d);
    else out.push(...findVirtualHosts(d.block));
  }
  return out;
}

function mainSettings(tree: ApacheDirective[], issue: Issue) {
  let maxRequestWorkers: Setting<number> | undefined;
  let mpm: string | undefined;
  const listens: ApacheConfig['listens'] = [];
  eachDirective(
    tree,
    (d) => {
      const lower = d.name.toLowerCase();
      if (lower === 'maxrequestworkers' || lower === 'maxclients') {
        if (d.args.length === 1 && /^\d+$/.test(d.args[0]))
          maxRequestWorkers = { value: Number(d.args[0]), raw: d.args[0], loc: d.loc, isDefault: false };
        else issue(d.loc, `${d.name}: expected a number of workers`);
      } else if (lower === 'loadmodule') {
        mpm = /^mpm_(event|worker|prefork)_module$/.exec(d.args[0] ?? '')?.[1] ?? mpm;
      } else if (lower === 'listen') {
        const m = /^(?:(\[[^\]]+\]|[^:]+):)?(\d+)$/.exec(d.args[0] ?? '');
        if (m) listens.push({ host: m[1]?.replace(/^\[|\]$/g, ''), port: Number(m[2]), loc: d.loc });
        else issue(d.loc, 'Listen: expected [address:]port');
      }
    },
    true,
  );
  const D = APACHE_DEFAULTS.maxRequestWorkers;
  return {
    maxRequestWorkers: maxRequestWorkers ?? byDefault(mpm === 'prefork' ? D.prefork : D.threaded, D.source),
    mpm,
    listens,
  };
}

function buildView(tree: ApacheDirective[], serverRoot: string | undefined, issue: Issue): ApacheConfig {
  const D = APACHE_DEFAULTS;
  const base: Level = {
    timeout: byDefault(D.timeout.value, D.timeout.source),
    keepAliveTimeout: byDefault(D.keepAliveTimeout.value, D.keepAliveTimeout.source),
    keepAlive: byDefault(D.keepAlive.value, D.keepAlive.source),
  };
  const main = levelSettings(tree, base, issue);
  const virtualHosts = findVirtualHosts(tree).map((v): ApacheVirtualHost => {
    const level = levelSettings(v.block ?? [], { ...main, proxyTimeout: main.proxyTimeout }, issue);
    let serverName: string | undefined;
    eachDirective(v.block ?? [], (d) => {
      if (d.name.toLowerCase() === 'servername') serverName ??= d.args[0];
    });
    return {
      addresses: v.args,
      serverName,
      loc: v.loc,
      timeout: level.timeout,
      proxyTimeout: effectiveProxyTimeout(level),
      keepAliveTimeout: level.keepAliveTimeout,
      proxyPasses: collectProxyPasses(v.block ?? [], level),
    };
  });
  return {
    tree,
    serverRoot: serverRoot === undefined ? undefined : { value: serverRoot, isDefault: false },
    timeout: main.timeout,
    proxyTimeout: effectiveProxyTimeout(main),
    keepAlive: main.keepAlive,
    keepAliveTimeout: main.keepAliveTimeout,
    ...mainSettings(tree, issue),
    virtualHosts,
    proxyPasses: collectProxyPasses(tree, main),
  };
}

/** Directives only Apache writes this way: `<VirtualHost`, `ServerRoot`, `LoadModule … modules/…`. */
const APACHE_LINE =
  /^\s*(<\/?(VirtualHost|Directory|DirectoryMatch|Location|LocationMatch|IfModule|Files|FilesMatch|Proxy)\b|(ServerRoot|ServerName|ServerAdmin|DocumentRoot|LoadModule|ProxyPass|ProxyPassReverse|ProxyTimeout|KeepAliveTimeout|MaxRequestWorkers|MaxClients|IncludeOptional|ErrorLog|CustomLog|LogFormat|AllowOverride|Require|Options|RewriteEngine|RewriteRule|SetHandler|AddType|DirectoryIndex|Listen|Timeout|KeepAlive|MaxKeepAliveRequests|HostnameLookups|AccessFileName|Mutex|PidFile|User|Group|DefaultRuntimeDir|LogLevel|StartServers|MinSpareThreads|MaxSpareThreads|MinSpareServers|MaxSpareServers|ThreadLimit|ThreadsPerChild|ServerLimit|MaxConnectionsPerChild|MaxRequestsPerChild)\s)/;

export const apacheParser: ConfigParser<ApacheConfig> = {
  id: 'apache',
  detect(path, sample) {
    // Debian's module and conf snippets apply only through their mods-enabled/ and conf-enabled/ links, read
    // through apache2.conf's includes; on their own they are package defaults, not this server's settings.
    if (/(^|\/)(mods|conf)-available\//.test(path)) return 0;
    let apache = 0;
    let other = 0;
    let sections = 0;
    for (const raw of sample.split(/\r?\n/)) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) continue;
      // `User = root` is INI or Python, never Apache (which has no `=` between a directive and its value).
      if (/^[\w.-]+\s*=/.test(line)) other++;
      else if (APACHE_LINE.test(line)) {
        apache++;
        if (line.startsWith('<')) sections++;
      } else if (/[{};]\s*$/.test(line) || /^\s*[\w.-]+\s*:/.test(line)) other++;
    }
    const byName = /(^|\/)(apache2?|httpd)(\/|\.conf$)|(^|\/)(sites|conf|mods)-(enabled|available)\/[^/]+\.conf$/.test(
      path,
    );
    if (apache === 0 || other > apache) return 0;
    if (sections > 0 && apache >= 2) return 0.9;
    if (byName && apache >= 2) return 0.85;
    return apache >= 5 && other === 0 ? 0.6 : 0;
  },
  parse({ path, text, fs }) {
    const issues: ParseIssue[] = [];
    const ctx: ReadContext = { fs, mainPath: path, issues, consumed: new Set(), chain: [path] };
    const tree = parseFile(path, text, ctx);
    const data = buildView(tree, ctx.serverRoot, (loc, message) => issues.push({ ...loc, message }));
    return { data, issues, consumed: [...ctx.consumed] };
  },
  listeners(data): Listener[] {
    return data.listens.map((l) => ({
      role: 'apache',
      name: `Listen ${l.host ? `${l.host}:` : ''}${l.port}`,
      port: l.port,
      host: l.host,
    }));
  },
  targets(data): LinkTarget[] {
    const all = [...data.proxyPasses, ...data.virtualHosts.flatMap((v) => v.proxyPasses)];
    return all.map((p) => ({
      name: `${p.directive} ${p.path} ${p.target}`.replace(/\s+/g, ' '),
      host: p.host,
      port: p.port,
      loc: p.loc,
    }));
  },
};
