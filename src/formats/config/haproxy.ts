// HAProxy configuration (haproxy.cfg): global, defaults, frontend, backend and listen sections, one
// keyword per line (HAProxy configuration manual, section 2 "Configuring HAProxy"). Proxies get their
// effective settings: written in the section, inherited from the defaults section that applies (the last
// one before it, or the one named by `from`, HAProxy ≥ 2.4), or HAProxy's documented default.
//
// Sample (the seed talk's Galera setup):
//
//   defaults
//       mode tcp
//       timeout connect 5s
//       timeout client  50s
//   listen galera
//       bind 10.0.0.10:3306
//       balance leastconn
//       option mysql-check user haproxy
//       server db1 10.0.0.11:3306 check
//
// → proxies = [{ kind: "listen", name: "galera", mode: tcp (inherited, defaults line 2),
//                timeouts: { connect: 5000 ms, client: 50000 ms, both inheritedFrom "defaults" },
//                binds: [{ host: "10.0.0.10", port: 3306 }], balance: "leastconn",
//                options: { "mysql-check": true }, servers: [{ name: "db1", port: 3306, check: true,
//                inter: 2000 ms (default), fall: 3 (default), rise: 2 (default) }] }]
import { byDefault, type ParseIssue, type Setting, type SourceLoc, written } from '../../model/setting.js';
import { type Duration, haproxyDuration } from '../../model/units.js';
import { nameHasBefore } from './include.js';
import type {
  ConfigParser,
  HaproxyBind,
  HaproxyConfig,
  HaproxyDefaults,
  HaproxyProxy,
  HaproxyServer,
  HaproxyTimeoutName,
} from './types.js';

const MANUAL = 'HAProxy configuration manual';
const MODE_DEFAULT = `${MANUAL}, "mode": tcp is the default mode`;
const INTER_DEFAULT = `${MANUAL}, server "inter": if left unspecified, the delay defaults to 2000 ms`;
const FALL_DEFAULT = `${MANUAL}, server "fall": defaults to 3 if unspecified`;
const RISE_DEFAULT = `${MANUAL}, server "rise": defaults to 2 if unspecified`;
const CHECK_DEFAULT = `${MANUAL}, server "check": health checks are off unless "check" is set`;

const TIMEOUT_NAMES: ReadonlySet<string> = new Set<HaproxyTimeoutName>([
  'client',
  'server',
  'connect',
  'tunnel',
  'http-request',
  'http-keep-alive',
  'queue',
  'check',
  'client-fin',
  'server-fin',
  'tarpit',
]);

/** Pre-1.5 spellings, still accepted by 1.x and removed in 2.1 (HAProxy manual, "contimeout"…). */
const LEGACY_TIMEOUTS: Record<string, HaproxyTimeoutName> = {
  contimeout: 'connect',
  clitimeout: 'client',
  srvtimeout: 'server',
};

const PROXY_SECTIONS = new Set(['frontend', 'backend', 'listen']);
/** Sections whose content this parser does not model; their lines are skipped without complaint. */
const OTHER_SECTIONS = new Set([
  'userlist',
  'peers',
  'resolvers',
  'mailers',
  'program',
  'http-errors',
  'ring',
  'cache',
  'fcgi-app',
  'crt-store',
  'traces',
  'log-forward',
  'namespace_list',
  'dynamic-update',
]);

/** `default-server` parameters this parser models, as written. */
interface ServerParams {
  check?: Setting<boolean>;
  inter?: Setting<Duration>;
  fall?: Setting<number>;
  rise?: Setting<number>;
  maxconn?: Setting<number>;
  backup?: boolean;
  disabled?: boolean;
}

/** What a defaults section carries to the proxies after it. */
interface DefaultsState {
  name: string;
  /** "defaults" or "defaults <name>", as inheritedFrom. */
  label: string;
  loc: SourceLoc;
  mode?: Setting<'tcp' | 'http'>;
  timeouts: Partial<Record<HaproxyTimeoutName, Setting<Duration>>>;
  maxconn?: Setting<number>;
  fullconn?: Setting<number>;
  balance?: Setting<string>;
  httpchk?: Setting<string>;
  options: Record<string, Setting<boolean>>;
  logs: Setting<string>[];
  defaultServer: ServerParams;
  defaultBackend?: Setting<string>;
}

interface ProxyState {
  proxy: HaproxyProxy;
  from?: DefaultsState;
  own: {
    mode?: Setting<'tcp' | 'http'>;
    timeouts: Partial<Record<HaproxyTimeoutName, Setting<Duration>>>;
    maxconn?: Setting<number>;
    fullconn?: Setting<number>;
    balance?: Setting<string>;
    httpchk?: Setting<string>;
    options: Record<string, Setting<boolean>>;
    logs: Setting<string>[];
    noLog: boolean;
    defaultServer: ServerParams;
    defaultBackend?: Setting<string>;
  };
  /** Server lines with their own params, resolved against default-server when the section ends. */
  servers: {
    base: Omit<HaproxyServer, 'check' | 'inter' | 'fall' | 'rise' | 'maxconn' | 'backup' | 'disabled'>;
    params: ServerParams;
  }[];
}

type Section =
  | { kind: 'none' }
  | { kind: 'global' }
  | { kind: 'defaults'; state: DefaultsState }
  | { kind: 'proxy'; state: ProxyState }
  | { kind: 'other' };

export const haproxyParser: ConfigParser<HaproxyConfig> = {
  id: 'haproxy',
  detect(path, sample) {
    let sections = 0;
    let keywords = 0;
    let foreign = 0;
    for (const raw of sample.split(/\r?\n/)) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) continue;
      if (/^(global|defaults)(\s|$)/.test(line) || /^(frontend|backend|listen)\s+\S+/.test(line)) sections++;
      else if (
        /^(bind|server|default-server|timeout|mode|balance|option|no option|default_backend|use_backend|maxconn|log|stats|acl|http-request|tcp-request|errorfile|retries|chroot|daemon|nbthread|nbproc|ulimit-n|user|group)(\s|$)/.test(
          line,
        )
      ) {
        keywords++;
      } else if (/[{};]\s*$/.test(line) || /^\[[^\]]+\]$/.test(line) || /^[\w.-]+\s*=/.test(line)) foreign++;
    }
    // A section header plus keywords that only HAProxy uses, and no nginx braces or INI sections.
    if (sections === 0 || foreign > keywords) return 0;
    const byName = nameHasBefore(path, 'haproxy', '.cfg') || `/${path}`.includes('/haproxy/');
    if (keywords === 0) return byName ? 0.5 : 0.2;
    return byName ? 0.98 : 0.9;
  },
  parse({ path, text }) {
    const issues: ParseIssue[] = [];
    const data: HaproxyConfig = { global: { logs: [] }, defaults: [], proxies: [] };
    const defaultsByName = new Map<string, DefaultsState>();
    let lastDefaults: DefaultsState | undefined;
    let section: Section = { kind: 'none' };
    const proxyStates: ProxyState[] = [];

    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      const loc: SourceLoc = { path, line: i + 1 };
      const issue = (message: string) => issues.push({ ...loc, message });
      const words = tokenize(lines[i], issue);
      if (words.length === 0) continue;
      const [kw, ...args] = words;

      // A section keyword starts a new section wherever it appears (HAProxy ignores indentation).
      if (kw === 'global') {
        section = { kind: 'global' };
        data.global.loc = loc;
        continue;
      }
      if (kw === 'defaults') {
        const { name, from } = sectionName(args);
        const parent = from !== undefined ? defaultsByName.get(from) : undefined;
        if (from !== undefined && !parent) issue(`expected "from" to name an earlier defaults section, got "${from}"`);
        const state = newDefaults(name, loc, parent);
        defaultsByName.set(name, state);
        lastDefaults = state;
        section = { kind: 'defaults', state };
        data.defaults.push(defaultsView(state));
        continue;
      }
      if (PROXY_SECTIONS.has(kw)) {
        const { name, from, rest } = sectionName(args);
        if (name === '') {
          issue(`expected a name after "${kw}"`);
          section = { kind: 'other' };
          continue;
        }
        let parent = lastDefaults;
        if (from !== undefined) {
          parent = defaultsByName.get(from);
          if (!parent) issue(`expected "from" to name an earlier defaults section, got "${from}"`);
        }
        const state = newProxy(kw as HaproxyProxy['kind'], name, loc, parent);
        // HAProxy 1.x form: `listen name 0.0.0.0:3306`.
        if (kw === 'listen' && rest.length > 0) state.proxy.binds.push(...parseBinds(rest[0], loc));
        proxyStates.push(state);
        section = { kind: 'proxy', state };
        continue;
      }
      if (OTHER_SECTIONS.has(kw)) {
        section = { kind: 'other' };
        continue;
      }

      switch (section.kind) {
        case 'none':
          issue(`expected a section (global, defaults, frontend, backend, listen) before "${kw}"`);
          break;
        case 'global':
          globalKeyword(data.global, kw, args, loc, issue);
          break;
        case 'defaults':
          proxyKeyword(section.state, undefined, kw, args, loc, issue);
          data.defaults[data.defaults.length - 1] = defaultsView(section.state);
          break;
        case 'proxy':
          proxyKeyword(section.state.own, section.state, kw, args, loc, issue);
          break;
        case 'other':
          break;
      }
    }

    for (const state of proxyStates) data.proxies.push(finishProxy(state));
    return { data, issues, consumed: [] };
  },
  listeners(data) {
    return data.proxies.flatMap((p) =>
      p.binds.flatMap((b) =>
        b.port === undefined ? [] : [{ role: 'haproxy', name: `${p.kind} ${p.name}`, port: b.port, host: b.host }],
      ),
    );
  },
  targets(data) {
    return data.proxies.flatMap((p) =>
      p.servers.map((s) => ({
        name: `${p.kind} ${p.name} / server ${s.name}`,
        host: s.host,
        port: s.port,
        loc: s.loc,
      })),
    );
  },
};

/**
 * Splits a line into words as HAProxy ≥ 1.8 does: blanks separate, `#` starts a comment, double quotes
 * keep blanks and `\` escapes, single quotes are literal; `${VAR}` stays as written (it is expanded only
 * when HAProxy starts, from its environment, which the parser does not have).
 */
export function tokenize(line: string, issue?: (message: string) => void): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) cur += line[++i];
      else cur += c;
      continue;
    }
    if (c === '#') break;
    if (c === ' ' || c === '\t') {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
      continue;
    }
    inWord = true;
    if (c === '"' || c === "'") quote = c;
    else if (c === '\\' && i + 1 < line.length) cur += line[++i];
    else cur += c;
  }
  if (quote) issue?.(`expected a closing ${quote} on this line`);
  if (inWord) words.push(cur);
  return words;
}

function sectionName(args: string[]): { name: string; from?: string; rest: string[] } {
  let name = '';
  let from: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === 'from' && i + 1 < args.length) from = args[++i];
    else if (name === '' && i === 0) name = args[i];
    else rest.push(args[i]);
  }
  return { name, from, rest };
}

function newDefaults(name: string, loc: SourceLoc, parent: DefaultsState | undefined): DefaultsState {
  const label = name ? `defaults ${name}` : 'defaults';
  return {
    name,
    label,
    loc,
    // `defaults b from a` starts from a's values; they keep their own lines.
    mode: parent?.mode,
    timeouts: { ...parent?.timeouts },
    maxconn: parent?.maxconn,
    fullconn: parent?.fullconn,
    balance: parent?.balance,
    httpchk: parent?.httpchk,
    options: { ...parent?.options },
    logs: [...(parent?.logs ?? [])],
    defaultServer: { ...parent?.defaultServer },
    defaultBackend: parent?.defaultBackend,
  };
}

function defaultsView(d: DefaultsState): HaproxyDefaults {
  const view: HaproxyDefaults = { name: d.name, loc: d.loc, timeouts: { ...d.timeouts } };
  if (d.mode) view.mode = d.mode;
  if (d.maxconn) view.maxconn = d.maxconn;
  return view;
}

function newProxy(
  kind: HaproxyProxy['kind'],
  name: string,
  loc: SourceLoc,
  from: DefaultsState | undefined,
): ProxyState {
  const proxy: HaproxyProxy = {
    kind,
    name,
    loc,
    mode: byDefault('tcp', MODE_DEFAULT),
    timeouts: {},
    binds: [],
    servers: [],
    options: {},
    useBackends: [],
    logs: [],
  };
  if (from) proxy.defaultsName = from.name;
  return {
    proxy,
    from,
    own: { timeouts: {}, options: {}, logs: [], noLog: false, defaultServer: {} },
    servers: [],
  };
}

type Issue = (message: string) => void;

function globalKeyword(g: HaproxyConfig['global'], kw: string, args: string[], loc: SourceLoc, issue: Issue): void {
  const raw = args.join(' ');
  switch (kw) {
    case 'maxconn':
    case 'nbthread':
    case 'nbproc':
    case 'ulimit-n': {
      const n = count(args[0], kw, issue);
      if (n === undefined) return;
      const s = written(n, loc, raw);
      if (kw === 'maxconn') g.maxconn = s;
      else if (kw === 'nbthread') g.nbthread = s;
      else if (kw === 'nbproc') g.nbproc = s;
      else g.ulimitN = s;
      return;
    }
    case 'crt-base':
      if (args[0]) g.crtBase = written(args[0], loc, raw);
      return;
    case 'log':
      if (args.length === 0) issue('expected a log target after "log"');
      else g.logs.push(written(raw, loc, raw));
      return;
  }
}

/** The fields a defaults section and a proxy section share; `proxy` is set for a proxy section. */
type Settable = Pick<
  DefaultsState,
  | 'mode'
  | 'timeouts'
  | 'maxconn'
  | 'fullconn'
  | 'balance'
  | 'httpchk'
  | 'options'
  | 'logs'
  | 'defaultServer'
  | 'defaultBackend'
> & { noLog?: boolean };

function proxyKeyword(
  target: Settable,
  proxy: ProxyState | undefined,
  kw: string,
  args: string[],
  loc: SourceLoc,
  issue: Issue,
): void {
  const raw = args.join(' ');
  if (kw === 'timeout' || kw in LEGACY_TIMEOUTS) {
    const name = kw === 'timeout' ? args[0] : LEGACY_TIMEOUTS[kw];
    const value = kw === 'timeout' ? args[1] : args[0];
    if (!name) {
      issue('expected a timeout name after "timeout"');
      return;
    }
    // Timeout names this model does not list (e.g. "client-hs") are skipped, like any unknown keyword.
    if (!TIMEOUT_NAMES.has(name)) return;
    const ms = duration(value, `timeout ${name}`, issue);
    if (ms !== undefined) target.timeouts[name as HaproxyTimeoutName] = written(ms, loc, value);
    return;
  }
  switch (kw) {
    case 'mode':
      if (args[0] === 'tcp' || args[0] === 'http') target.mode = written(args[0], loc, raw);
      else if (args[0] !== 'health' && args[0] !== 'log' && args[0] !== 'spop')
        issue(`expected "mode tcp" or "mode http", got "mode ${raw}"`);
      return;
    case 'maxconn':
    case 'fullconn': {
      const n = count(args[0], kw, issue);
      if (n === undefined) return;
      if (kw === 'maxconn') target.maxconn = written(n, loc, raw);
      else target.fullconn = written(n, loc, raw);
      return;
    }
    case 'balance':
      if (args.length === 0) issue('expected an algorithm after "balance"');
      else target.balance = written(raw, loc, raw);
      return;
    case 'option':
    case 'no': {
      const negated = kw === 'no';
      const words = negated ? args.slice(1) : args;
      if (negated && args[0] !== 'option') {
        if (args[0] === 'log') {
          target.logs.length = 0;
          target.noLog = true;
        }
        return;
      }
      const name = words[0];
      if (!name) {
        issue('expected an option name after "option"');
        return;
      }
      target.options[name] = written(!negated, loc, [name, ...words.slice(1)].join(' '));
      if (name === 'httpchk') {
        if (negated) target.httpchk = undefined;
        // Without arguments HAProxy sends "OPTIONS / HTTP/1.0"; the setting keeps what was written.
        else target.httpchk = written(words.slice(1).join(' '), loc, raw);
      }
      return;
    }
    case 'log':
      if (args.length === 0) issue('expected a log target after "log"');
      else target.logs.push(written(raw, loc, raw));
      return;
    case 'default_backend':
      if (!args[0]) issue('expected a backend name after "default_backend"');
      else target.defaultBackend = written(args[0], loc, raw);
      return;
    case 'default-server':
      Object.assign(target.defaultServer, serverParams(args, loc, issue));
      return;
  }
  if (!proxy) return;
  switch (kw) {
    case 'bind': {
      if (!args[0]) {
        issue('expected an address after "bind"');
        return;
      }
      // `crt <file|folder>` (repeatable) names the certificates an `ssl` bind serves.
      const crt = args.flatMap((a, i) => (a === 'crt' && args[i + 1] ? [args[i + 1]] : []));
      const binds = parseBinds(args[0], loc);
      proxy.proxy.binds.push(...(crt.length ? binds.map((b) => ({ ...b, crt })) : binds));
      return;
    }
    case 'use_backend':
      if (!args[0]) issue('expected a backend name after "use_backend"');
      else proxy.proxy.useBackends.push({ name: args[0], loc });
      return;
    case 'server': {
      const [name, address, ...params] = args;
      if (!name || !address) {
        issue('expected "server <name> <address>[:port] [params]"');
        return;
      }
      proxy.servers.push({
        base: { name, ...splitAddress(address), loc },
        params: serverParams(params, loc, issue),
      });
      return;
    }
  }
}

function serverParams(args: string[], loc: SourceLoc, issue: Issue): ServerParams {
  const p: ServerParams = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    switch (a) {
      case 'check':
      case 'no-check':
        p.check = written(a === 'check', loc, a);
        break;
      case 'backup':
      case 'no-backup':
        p.backup = a === 'backup';
        break;
      case 'disabled':
      case 'enabled':
        p.disabled = a === 'disabled';
        break;
      case 'inter': {
        const v = args[++i];
        const ms = duration(v, 'inter', issue);
        if (ms !== undefined) p.inter = written(ms, loc, v);
        break;
      }
      case 'fall':
      case 'rise':
      case 'maxconn': {
        const v = args[++i];
        const n = count(v, a, issue);
        if (n !== undefined) p[a] = written(n, loc, v);
        break;
      }
    }
  }
  return p;
}

function finishProxy(state: ProxyState): HaproxyProxy {
  const { proxy, own } = state;
  const from = state.from;
  const inherit = <T>(s: Setting<T> | undefined): Setting<T> | undefined =>
    s && from ? { ...s, inheritedFrom: from.label } : undefined;

  const mode = own.mode ?? inherit(from?.mode);
  if (mode) proxy.mode = mode;
  for (const [name, s] of Object.entries(from?.timeouts ?? {})) {
    proxy.timeouts[name as HaproxyTimeoutName] = inherit(s);
  }
  Object.assign(proxy.timeouts, own.timeouts);
  // maxconn limits a frontend's (or listen's) accepted connections; a backend does not take it.
  if (proxy.kind !== 'backend') {
    const maxconn = own.maxconn ?? inherit(from?.maxconn);
    if (maxconn) proxy.maxconn = maxconn;
  }
  if (proxy.kind !== 'frontend') {
    const fullconn = own.fullconn ?? inherit(from?.fullconn);
    if (fullconn) proxy.fullconn = fullconn;
    const balance = own.balance ?? inherit(from?.balance);
    if (balance) proxy.balance = balance;
  }
  for (const [name, s] of Object.entries(from?.options ?? {})) proxy.options[name] = inherit(s) as Setting<boolean>;
  Object.assign(proxy.options, own.options);
  const httpchk = 'httpchk' in own.options ? own.httpchk : inherit(from?.httpchk);
  if (httpchk) proxy.httpchk = httpchk;
  if (proxy.kind !== 'backend') {
    const defaultBackend = own.defaultBackend ?? inherit(from?.defaultBackend);
    if (defaultBackend) proxy.defaultBackend = defaultBackend;
  }
  // Log lines add to the inherited ones; `no log` drops the inherited ones (manual, "log").
  const inheritedLogs = own.noLog ? [] : (from?.logs ?? []).map((l) => inherit(l) as Setting<string>);
  proxy.logs = [...inheritedLogs, ...own.logs];

  const ds: ServerParams = {};
  for (const [k, v] of Object.entries(from?.defaultServer ?? {})) {
    (ds as Record<string, unknown>)[k] =
      typeof v === 'object' && from ? { ...v, inheritedFrom: `${from.label} default-server` } : v;
  }
  for (const [k, v] of Object.entries(own.defaultServer)) {
    (ds as Record<string, unknown>)[k] = typeof v === 'object' ? { ...v, inheritedFrom: 'default-server' } : v;
  }
  for (const { base, params } of state.servers) {
    const server: HaproxyServer = {
      ...base,
      check: params.check ?? ds.check ?? byDefault(false, CHECK_DEFAULT),
      inter: params.inter ?? ds.inter ?? byDefault(2000, INTER_DEFAULT),
      fall: params.fall ?? ds.fall ?? byDefault(3, FALL_DEFAULT),
      rise: params.rise ?? ds.rise ?? byDefault(2, RISE_DEFAULT),
      backup: params.backup ?? ds.backup ?? false,
      disabled: params.disabled ?? ds.disabled ?? false,
    };
    const maxconn = params.maxconn ?? ds.maxconn;
    if (maxconn) server.maxconn = maxconn;
    proxy.servers.push(server);
  }
  return proxy;
}

/**
 * `bind` takes one or more comma-separated addresses: "*:80", ":443", "10.0.0.1:3306", ":::80" (IPv6 any),
 * "ipv4@0.0.0.0:80", "unix@/run/haproxy.sock", "/run/x.sock", "${IP}:${PORT}".
 */
export function parseBinds(spec: string, loc: SourceLoc): HaproxyBind[] {
  return spec
    .split(',')
    .filter((a) => a !== '')
    .map((address) => ({ ...splitAddress(address), loc }));
}

/**
 * Host and port of an address as HAProxy writes it: the port follows the last colon; a path or `unix@`
 * has none. A part holding `${VAR}` is only known when HAProxy starts, so it is left out (the text stays
 * in `address`). A port range ("8000-8010") gives its first port.
 */
export function splitAddress(address: string): { address: string; host?: string; port?: number } {
  const bare = address.replace(
    /^(ipv4|ipv6|tcp|tcp4|tcp6|udp|udp4|udp6|quic4|quic6|fd|sockpair|abns|abnsz|unix|uxst|uxdg)@/,
    '',
  );
  if (bare.startsWith('/') || /^(unix|uxst|uxdg|abns|abnsz|fd|sockpair)@/.test(address)) return { address };
  const colon = bare.lastIndexOf(':');
  const hostPart = colon < 0 ? bare : bare.slice(0, colon);
  const portPart = colon < 0 ? '' : bare.slice(colon + 1);
  const out: { address: string; host?: string; port?: number } = { address };
  if (hostPart !== '' && !hostPart.includes('${')) out.host = hostPart.replace(/^\[(.*)\]$/, '$1');
  const m = /^(\d{1,5})(-\d{1,5})?$/.exec(portPart);
  if (m && Number(m[1]) <= 65535) out.port = Number(m[1]);
  return out;
}

function count(raw: string | undefined, kw: string, issue: Issue): number | undefined {
  if (raw === undefined || !/^\d+$/.test(raw)) {
    issue(`expected a whole number after "${kw}", got "${raw ?? ''}"`);
    return undefined;
  }
  return Number(raw);
}

function duration(raw: string | undefined, kw: string, issue: Issue): Duration | undefined {
  const ms = raw === undefined ? null : haproxyDuration(raw);
  if (ms === null || ms < 0 || raw === undefined || !/^\d/.test(raw)) {
    issue(`expected a time after "${kw}" (a number of ms, or with a unit: us, ms, s, m, h, d), got "${raw ?? ''}"`);
    return undefined;
  }
  return ms;
}
