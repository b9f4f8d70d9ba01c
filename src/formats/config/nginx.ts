// nginx configuration: the full grammar (directives ending in `;`, blocks in `{ }`, quotes with escapes,
// `#` comments, variables kept as text) with `include` expanded in place, then a typed view of what
// matters for outages: workers and connections, client keep-alive, upstreams and their keep-alive,
// servers, locations and their effective proxy settings (inherited http → server → location), logs.
//
// Sample (reverse proxy to a Node app):
//
//   upstream node_app {
//       server 127.0.0.1:3000 max_fails=3 fail_timeout=30s;
//       keepalive 64;
//   }
//   server {
//       listen 80;
//       location / {
//           proxy_pass http://node_app;
//           proxy_http_version 1.1;
//           proxy_set_header Connection "";
//       }
//   }
//
// → upstreams = [{ name: "node_app", servers: [{ host: "127.0.0.1", port: 3000, params: { max_fails: "3", … } }],
//                  keepalive: 64, keepaliveTimeout: 60 s (default) }]
//   servers = [{ listen: [{ port: 80 }], locations: [{ path: "/", proxyPass: { upstream: "node_app" },
//                proxyHttpVersion: "1.1", connectionHeader: "", proxyReadTimeout: 60 s (default), … }] }]
import { byDefault, type ParseIssue, type Setting, type SourceLoc, written } from '../../model/setting.js';
import { type Duration, nginxDuration } from '../../model/units.js';
import { GlobError } from './glob.js';
import type {
  ConfigFS,
  ConfigParser,
  NginxConfig,
  NginxDirective,
  NginxLocation,
  NginxServer,
  NginxUpstream,
  NginxUpstreamServer,
} from './types.js';

const DOCS = 'nginx documentation';
const DEFAULTS = {
  workerProcesses: `${DOCS}, ngx_core_module: worker_processes 1`,
  workerConnections: `${DOCS}, ngx_events_module: worker_connections 512 (DEFAULT_CONNECTIONS in src/event/ngx_event.c)`,
  keepaliveTimeout: `${DOCS}, ngx_http_core_module: keepalive_timeout 75s`,
  upstreamKeepaliveTimeout: `${DOCS}, ngx_http_upstream_module: keepalive_timeout 60s (directive since 1.15.3)`,
  proxyReadTimeout: `${DOCS}, ngx_http_proxy_module: proxy_read_timeout 60s`,
  proxyConnectTimeout: `${DOCS}, ngx_http_proxy_module: proxy_connect_timeout 60s`,
  proxySendTimeout: `${DOCS}, ngx_http_proxy_module: proxy_send_timeout 60s`,
  fastcgiReadTimeout: `${DOCS}, ngx_http_fastcgi_module: fastcgi_read_timeout 60s`,
  uwsgiReadTimeout: `${DOCS}, ngx_http_uwsgi_module: uwsgi_read_timeout 60s`,
  // nginx 1.29.7 (mainline, March 2026) and 1.30 (stable) switched the default to 1.1 with keep-alive.
  proxyHttpVersion: `${DOCS}, ngx_http_proxy_module: proxy_http_version 1.0 (1.1 from nginx 1.29.7 / 1.30)`,
};

/** Includes nested deeper than this are not followed (nginx has no limit; a cycle guard is not enough for fan-out). */
const MAX_INCLUDE_DEPTH = 16;

/**
 * Argument counts of the directives modelled here (each module's ngx_command_t: NGX_CONF_TAKE1, NGX_CONF_1MORE, …).
 * Fewer than `min` is `nginx -t`'s "invalid number of arguments in "user" directive"; more than `max`, with an
 * argument starting a new line, is a missing `;` on the line before.
 */
const ARG_COUNTS: Record<string, { min?: number; max?: number }> = {
  user: { min: 1, max: 2 },
  pid: { min: 1, max: 1 },
  worker_processes: { min: 1, max: 1 },
  worker_connections: { min: 1, max: 1 },
  worker_rlimit_nofile: { min: 1, max: 1 },
  server_name: { min: 1 },
  root: { min: 1, max: 1 },
  alias: { min: 1, max: 1 },
  index: { min: 1, max: 64 },
  proxy_pass: { min: 1, max: 1 },
  proxy_read_timeout: { min: 1, max: 1 },
  proxy_connect_timeout: { min: 1, max: 1 },
  proxy_send_timeout: { min: 1, max: 1 },
  proxy_http_version: { min: 1, max: 1 },
  proxy_set_header: { min: 2, max: 2 },
  fastcgi_pass: { min: 1 },
  uwsgi_pass: { min: 1 },
  fastcgi_read_timeout: { min: 1 },
  uwsgi_read_timeout: { min: 1 },
  keepalive: { min: 1, max: 2 },
  keepalive_timeout: { min: 1, max: 2 },
  keepalive_requests: { min: 1, max: 1 },
  error_log: { min: 1, max: 2 },
  access_log: { min: 1 },
  log_format: { min: 2 },
  upstream: { min: 1 },
  location: { min: 1 },
  default_type: { min: 1, max: 1 },
  client_max_body_size: { min: 1, max: 1 },
  return: { min: 1, max: 2 },
  include: { max: 1 },
  sendfile: { max: 1 },
  gzip: { max: 1 },
};

/** A token at the start of a line that looks like one of these is a new directive, not an argument. */
const DIRECTIVE_NAME =
  /^(listen|server_name|server|location|upstream|include|root|alias|index|return|rewrite|try_files|add_header|expires|access_log|error_log|log_format|keepalive\w*|proxy_\w+|fastcgi_\w+|uwsgi_\w+|grpc_\w+|ssl_\w+|gzip\w*|client_\w+|worker_\w+|sendfile|tcp_\w+|default_type|charset|allow|deny|set|if|limit_\w+|auth_\w+|resolver\w*|types\w*|server_tokens|large_client_header_buffers|send_timeout|open_file_cache\w*)$/;

interface Token {
  kind: 'word' | ';' | '{' | '}';
  text: string;
  line: number;
  quoted: boolean;
  /** First token on its line. */
  startsLine: boolean;
}

/**
 * Splits nginx config text as ngx_conf_read_token does: blanks separate; `;`, `{` end a word (`${` does
 * not: it opens a variable name); `}` and `#` only count at the start of a word; quotes group with
 * `\"`, `\'`, `\\`, `\t`, `\r`, `\n` unescaped and other backslashes kept.
 */
export function lex(text: string, onIssue: (line: number, message: string) => void): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let lastLine = 0;
  const push = (kind: Token['kind'], t: string, at: number, quoted = false) => {
    tokens.push({ kind, text: t, line: at, quoted, startsLine: at !== lastLine });
    lastLine = at;
  };
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '\n') {
      line++;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === '{' && opensLuaBlock(tokens)) {
      // OpenResty's `*_by_lua_block { … }` holds Lua, not nginx syntax: one argument, as lua-nginx-module reads it.
      const start = line;
      const lua = luaBlock(text, i + 1);
      if (!lua) {
        onIssue(start, 'expected "}" to close the Lua block opened here (end of file)');
        i = n;
        continue;
      }
      push('word', text.slice(i + 1, lua.end), start, true);
      line += lua.lines;
      push(';', ';', line);
      i = lua.end + 1;
      continue;
    }
    if (c === ';' || c === '{' || c === '}') {
      push(c, c, line);
      i++;
      continue;
    }
    const start = line;
    if (c === '"' || c === "'") {
      let value = '';
      i++;
      let closed = false;
      while (i < n) {
        const d = text[i];
        if (d === '\\' && i + 1 < n) {
          const e = text[i + 1];
          if (e === '\n') line++;
          value += e === c || e === '\\' ? e : e === 't' ? '\t' : e === 'r' ? '\r' : e === 'n' ? '\n' : `\\${e}`;
          i += 2;
          continue;
        }
        if (d === c) {
          closed = true;
          i++;
          break;
        }
        if (d === '\n') line++;
        value += d;
        i++;
      }
      if (!closed) onIssue(start, `expected a closing ${c} for the string opened here`);
      push('word', value, start, true);
      continue;
    }
    let word = '';
    while (i < n) {
      const d = text[i];
      if (d === ' ' || d === '\t' || d === '\r' || d === '\n' || d === ';') break;
      if (d === '{' && word[word.length - 1] !== '$') break;
      if (d === '\\' && i + 1 < n && text[i + 1] !== '\n') {
        word += d + text[i + 1];
        i += 2;
        continue;
      }
      word += d;
      i++;
    }
    push('word', word, start);
  }
  return tokens;
}

/** A `{` right after a lone `*_by_lua_block` directive name opens Lua code. */
function opensLuaBlock(tokens: Token[]): boolean {
  const last = tokens[tokens.length - 1];
  const before = tokens[tokens.length - 2];
  return last?.kind === 'word' && !last.quoted && last.text.endsWith('_by_lua_block') && before?.kind !== 'word';
}

/** Level of a Lua long bracket opening at `at` (`[[` → 0, `[==[` → 2), or -1. */
function longBracketLevel(text: string, at: number): number {
  if (text[at] !== '[') return -1;
  let k = at + 1;
  while (text[k] === '=') k++;
  return text[k] === '[' ? k - at - 1 : -1;
}

/**
 * The `}` that closes a Lua block whose code starts at `from`: braces count except inside Lua strings
 * ('…', "…" with escapes, [[…]] / [==[…]==]) and comments (-- to the end of the line, --[[…]]), as
 * lua-nginx-module's block parser skips them. Newlines inside are counted for the line numbers after it.
 */
function luaBlock(text: string, from: number): { end: number; lines: number } | undefined {
  let depth = 1;
  let lines = 0;
  const skipTo = (close: string, at: number): number => {
    const end = text.indexOf(close, at);
    const stop = end < 0 ? text.length : end + close.length;
    for (let k = at; k < stop; k++) if (text[k] === '\n') lines++;
    return stop;
  };
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === '-' && text[i + 1] === '-') {
      const level = longBracketLevel(text, i + 2);
      i = level >= 0 ? skipTo(`]${'='.repeat(level)}]`, i + 2) : skipTo('\n', i);
      continue;
    }
    const level = c === '[' ? longBracketLevel(text, i) : -1;
    if (level >= 0) {
      i = skipTo(`]${'='.repeat(level)}]`, i + level + 2);
      continue;
    }
    if (c === '"' || c === "'") {
      i++;
      while (i < text.length && text[i] !== c && text[i] !== '\n') {
        if (text[i] === '\\' && text[i + 1] === '\n') lines++;
        i += text[i] === '\\' ? 2 : 1;
      }
      // An unclosed string ends at the newline, which the loop then counts.
      if (text[i] === c) i++;
      continue;
    }
    if (c === '\n') lines++;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return { end: i, lines };
    i++;
  }
  return undefined;
}

interface TreeContext {
  fs: ConfigFS;
  /** The main configuration file: nginx resolves a relative include against its directory (the conf prefix). */
  mainPath: string;
  issues: ParseIssue[];
  consumed: Set<string>;
  /** Files being read, outermost first: an include of one of them is a cycle. */
  chain: string[];
}

/** Parses one file into directives, expanding includes in place. */
function parseFile(path: string, text: string, ctx: TreeContext): NginxDirective[] {
  const issue = (line: number, message: string) => ctx.issues.push({ path, line, message });
  const tokens = lex(text, issue);
  const root: NginxDirective[] = [];
  const stack: { list: NginxDirective[]; opener?: NginxDirective }[] = [{ list: root }];
  let words: Token[] = [];

  const emit = (ws: Token[], block?: NginxDirective[]) => {
    const list = stack[stack.length - 1].list;
    const ds = splitMissingSemicolons(ws, path, issue);
    if (block) ds[ds.length - 1].block = block;
    for (const d of ds) {
      if (d.name === 'include' && !d.block) {
        list.push(...expandInclude(d, ctx));
        continue;
      }
      list.push(d);
    }
    return list[list.length - 1];
  };

  for (const t of tokens) {
    if (t.kind === 'word') {
      words.push(t);
      continue;
    }
    if (t.kind === ';') {
      if (words.length === 0) issue(t.line, 'unexpected ";"');
      else emit(words);
      words = [];
      continue;
    }
    if (t.kind === '{') {
      if (words.length === 0) {
        issue(t.line, 'unexpected "{" (a block needs a directive name before it)');
        words = [{ kind: 'word', text: '', line: t.line, quoted: false, startsLine: t.startsLine }];
      }
      const block: NginxDirective[] = [];
      const opener = emit(words, block);
      stack.push({ list: block, opener });
      words = [];
      continue;
    }
    // "}"
    if (words.length > 0) {
      issue(words[words.length - 1].line, `expected ";" after "${clip(words.map((w) => w.text).join(' '))}"`);
      emit(words);
      words = [];
    }
    if (stack.length === 1) issue(t.line, 'unexpected "}" (no block is open here)');
    else stack.pop();
  }
  if (words.length > 0) {
    issue(
      words[words.length - 1].line,
      `expected ";" or "}" after "${clip(words.map((w) => w.text).join(' '))}" (end of file)`,
    );
    emit(words);
  }
  for (let k = stack.length - 1; k >= 1; k--) {
    const opener = stack[k].opener;
    if (opener) issue(opener.loc.line, `expected "}" to close "${opener.name}" opened here (end of file)`);
  }
  return root;
}

/**
 * Turns the words of one statement into directives. A directive with too many arguments where one of
 * them starts a line and looks like a directive name is two directives with a `;` missing between them:
 * report it on the first one's line and keep both.
 */
function splitMissingSemicolons(
  ws: Token[],
  path: string,
  issue: (line: number, message: string) => void,
): NginxDirective[] {
  const out: NginxDirective[] = [];
  let rest = ws;
  while (rest.length > 0) {
    let cut = -1;
    for (let k = 1; k < rest.length; k++) {
      const t = rest[k];
      if (
        t.startsLine &&
        !t.quoted &&
        DIRECTIVE_NAME.test(t.text) &&
        !(rest[0].text === 'location' || rest[0].text === 'if')
      ) {
        cut = k;
        break;
      }
    }
    const name = rest[0].text;
    if (cut < 0) {
      const d = directive(rest, path);
      const max = ARG_COUNTS[name]?.max;
      const min = ARG_COUNTS[name]?.min;
      if (max !== undefined && d.args.length > max) {
        issue(
          d.loc.line,
          `expected at most ${max} argument${max === 1 ? '' : 's'} for "${name}", got ${d.args.length}`,
        );
      } else if (min !== undefined && d.args.length < min) {
        issue(
          d.loc.line,
          `invalid number of arguments in "${name}" directive (expected at least ${min}, got ${d.args.length})`,
        );
      }
      out.push(d);
      break;
    }
    const head = rest.slice(0, cut);
    issue(head[head.length - 1].line, `expected ";" after "${clip(head.map((w) => w.text).join(' '))}"`);
    out.push(directive(head, path));
    rest = rest.slice(cut);
  }
  return out;
}

function directive(ws: Token[], path: string): NginxDirective {
  return { name: ws[0].text, args: ws.slice(1).map((w) => w.text), loc: { path, line: ws[0].line } };
}

/**
 * Files of an include target as nginx finds them: an absolute path as written; a relative one against the
 * directory of the main configuration (ngx_conf_full_name with the conf prefix), never against the including
 * file's. A fragment read on its own (a sites-enabled file without its nginx.conf) has no known prefix: its
 * relative includes are looked up under the default conf prefix /etc/nginx (`--conf-path=/etc/nginx/nginx.conf`
 * of Debian's and nginx.org's packages), which finds `fastcgi.conf` or `uwsgi_params` wherever the bundle has them.
 */
function includeFiles(target: string, ctx: TreeContext): string[] {
  const files = ctx.fs.glob(target, ctx.mainPath);
  if (files.length > 0 || target.startsWith('/') || /(^|\/)nginx\.conf$/.test(ctx.mainPath)) return files;
  return ctx.fs.glob(`/etc/nginx/${target}`, ctx.mainPath);
}

function expandInclude(d: NginxDirective, ctx: TreeContext): NginxDirective[] {
  const issue = (message: string) => ctx.issues.push({ ...d.loc, message });
  const target = d.args[0];
  if (d.args.length !== 1 || !target) {
    issue('expected "include <file or mask>;"');
    return [];
  }
  let files: string[];
  try {
    files = includeFiles(target, ctx);
  } catch (err) {
    // An invalid mask (`[z-a]`) is reported; a failing file system means "not found".
    if (err instanceof GlobError) {
      issue(`include pattern: ${err.message}`);
      return [];
    }
    files = [];
  }
  // nginx accepts a mask that matches nothing, but not a missing file.
  if (files.length === 0) {
    if (!/[*?[]/.test(target)) issue(`expected the included file "${target}" to exist in the input`);
    return [];
  }
  const out: NginxDirective[] = [];
  for (const file of files) {
    if (ctx.chain.includes(file)) {
      issue(`include cycle: "${file}" is already being read (${[...ctx.chain, file].join(' → ')})`);
      continue;
    }
    if (ctx.chain.length >= MAX_INCLUDE_DEPTH) {
      issue(`includes nested deeper than ${MAX_INCLUDE_DEPTH} levels; "${file}" not read`);
      continue;
    }
    const text = ctx.fs.read(file);
    if (text === undefined) {
      issue(`expected to read the included file "${file}"`);
      continue;
    }
    ctx.consumed.add(file);
    ctx.chain.push(file);
    out.push(...parseFile(file, text, ctx));
    ctx.chain.pop();
  }
  return out;
}

// ---------------------------------------------------------------- typed view

/** Settings that the proxy module and core module inherit from the enclosing level. */
interface Inherited {
  keepaliveTimeout?: Setting<Duration>;
  proxyReadTimeout?: Setting<Duration>;
  proxyConnectTimeout?: Setting<Duration>;
  proxySendTimeout?: Setting<Duration>;
  fastcgiReadTimeout?: Setting<Duration>;
  uwsgiReadTimeout?: Setting<Duration>;
  proxyHttpVersion?: Setting<string>;
  /** All `proxy_set_header` of the nearest level that has any (ngx_http_proxy_module: inherited only if none here). */
  headers?: { name: string; value: string; loc: SourceLoc }[];
}

type Issue = (loc: SourceLoc, message: string) => void;

function levelSettings(list: NginxDirective[], parent: Inherited, issue: Issue): Inherited {
  const own: Inherited = {};
  let headers: Inherited['headers'];
  for (const d of list) {
    switch (d.name) {
      case 'keepalive_timeout':
        own.keepaliveTimeout = durationSetting(d, issue) ?? own.keepaliveTimeout;
        break;
      case 'proxy_read_timeout':
        own.proxyReadTimeout = durationSetting(d, issue) ?? own.proxyReadTimeout;
        break;
      case 'proxy_connect_timeout':
        own.proxyConnectTimeout = durationSetting(d, issue) ?? own.proxyConnectTimeout;
        break;
      case 'proxy_send_timeout':
        own.proxySendTimeout = durationSetting(d, issue) ?? own.proxySendTimeout;
        break;
      case 'fastcgi_read_timeout':
        own.fastcgiReadTimeout = durationSetting(d, issue) ?? own.fastcgiReadTimeout;
        break;
      case 'uwsgi_read_timeout':
        own.uwsgiReadTimeout = durationSetting(d, issue) ?? own.uwsgiReadTimeout;
        break;
      case 'proxy_http_version':
        if (d.args[0] === '1.0' || d.args[0] === '1.1' || d.args[0] === '2') {
          own.proxyHttpVersion = written(d.args[0], d.loc, d.args[0]);
        } else issue(d.loc, `expected "proxy_http_version 1.0" or "1.1", got "${d.args.join(' ')}"`);
        break;
      case 'proxy_set_header':
        if (d.args.length < 1) issue(d.loc, 'expected "proxy_set_header <field> <value>;"');
        else (headers ??= []).push({ name: d.args[0], value: d.args[1] ?? '', loc: d.loc });
        break;
    }
  }
  return {
    keepaliveTimeout: own.keepaliveTimeout ?? parent.keepaliveTimeout,
    proxyReadTimeout: own.proxyReadTimeout ?? parent.proxyReadTimeout,
    proxyConnectTimeout: own.proxyConnectTimeout ?? parent.proxyConnectTimeout,
    proxySendTimeout: own.proxySendTimeout ?? parent.proxySendTimeout,
    fastcgiReadTimeout: own.fastcgiReadTimeout ?? parent.fastcgiReadTimeout,
    uwsgiReadTimeout: own.uwsgiReadTimeout ?? parent.uwsgiReadTimeout,
    proxyHttpVersion: own.proxyHttpVersion ?? parent.proxyHttpVersion,
    headers: headers ?? parent.headers,
  };
}

function durationSetting(d: NginxDirective, issue: Issue): Setting<Duration> | undefined {
  const raw = d.args[0];
  const ms = raw === undefined ? null : nginxDuration(raw);
  if (ms === null) {
    issue(d.loc, `expected a time for "${d.name}" (seconds, or with a unit: ms, s, m, h, d), got "${raw ?? ''}"`);
    return undefined;
  }
  return written(ms, d.loc, raw);
}

function intSetting(d: NginxDirective, issue: Issue): Setting<number> | undefined {
  const raw = d.args[0];
  if (raw === undefined || !/^\d+$/.test(raw)) {
    issue(d.loc, `expected a whole number for "${d.name}", got "${raw ?? ''}"`);
    return undefined;
  }
  return written(Number(raw), d.loc, raw);
}

/** "127.0.0.1:3000", "[::1]:3000", "app.internal", "8080", "*:80", "unix:/run/app.sock". */
export function splitHostPort(address: string, defaultPort?: number): { host?: string; port?: number; unix?: string } {
  if (address.startsWith('unix:')) return { unix: address };
  if (address.includes('$')) return {};
  const v6 = /^\[([^\]]*)\](?::(\d+))?$/.exec(address);
  if (v6) return { host: v6[1], port: v6[2] ? Number(v6[2]) : defaultPort };
  if (/^\d+$/.test(address)) return { port: Number(address) };
  const colon = address.lastIndexOf(':');
  if (colon >= 0 && /^\d+$/.test(address.slice(colon + 1))) {
    const host = address.slice(0, colon);
    return { host: host === '' ? undefined : host, port: Number(address.slice(colon + 1)) };
  }
  return { host: address, port: defaultPort };
}

function upstreamView(d: NginxDirective, issue: Issue): NginxUpstream {
  const up: NginxUpstream = {
    name: d.args[0] ?? '',
    loc: d.loc,
    servers: [],
    keepaliveTimeout: byDefault(60_000, DEFAULTS.upstreamKeepaliveTimeout),
  };
  for (const c of d.block ?? []) {
    switch (c.name) {
      case 'server': {
        const address = c.args[0];
        if (!address) {
          issue(c.loc, 'expected "server <address> [parameters];"');
          break;
        }
        const params: Record<string, string> = {};
        for (const p of c.args.slice(1)) {
          const eq = p.indexOf('=');
          if (eq < 0) params[p] = '';
          else params[p.slice(0, eq)] = p.slice(eq + 1);
        }
        // ngx_http_upstream_module, "server": "If a port is not specified, the port 80 is used."
        const s: NginxUpstreamServer = { address, ...splitHostPort(address, 80), params, loc: c.loc };
        up.servers.push(s);
        break;
      }
      case 'keepalive': {
        const s = intSetting(c, issue);
        if (s) up.keepalive = s;
        break;
      }
      case 'keepalive_timeout': {
        const s = durationSetting(c, issue);
        if (s) up.keepaliveTimeout = s;
        break;
      }
      case 'keepalive_requests': {
        const s = intSetting(c, issue);
        if (s) up.keepaliveRequests = s;
        break;
      }
    }
  }
  return up;
}

function proxyPassView(d: NginxDirective, upstreams: Set<string>): NginxLocation['proxyPass'] {
  const target = d.args[0] ?? '';
  const out: NonNullable<NginxLocation['proxyPass']> = { target, loc: d.loc };
  const m = /^(https?|grpcs?):\/\/(.*)$/i.exec(target);
  if (!m) return out;
  const rest = m[2];
  // http://unix:/run/app.sock:/uri — the socket path ends at the next ":".
  if (rest.startsWith('unix:')) return out;
  const hostPort = rest.split('/')[0];
  if (hostPort.includes('$')) return out;
  if (upstreams.has(hostPort)) {
    out.upstream = hostPort;
    return out;
  }
  const { host, port } = splitHostPort(hostPort, /^https/i.test(m[1]) ? 443 : 80);
  if (host !== undefined) out.host = host;
  if (port !== undefined) out.port = port;
  return out;
}

function locationView(
  path: string,
  loc: SourceLoc,
  list: NginxDirective[] | undefined,
  eff: Inherited,
  upstreams: Set<string>,
): NginxLocation {
  const location: NginxLocation = {
    path,
    loc,
    proxyReadTimeout: eff.proxyReadTimeout ?? byDefault(60_000, DEFAULTS.proxyReadTimeout),
    proxyConnectTimeout: eff.proxyConnectTimeout ?? byDefault(60_000, DEFAULTS.proxyConnectTimeout),
    proxySendTimeout: eff.proxySendTimeout ?? byDefault(60_000, DEFAULTS.proxySendTimeout),
    proxyHttpVersion: eff.proxyHttpVersion ?? byDefault('1.0', DEFAULTS.proxyHttpVersion),
  };
  const pass = list?.filter((d) => d.name === 'proxy_pass').pop();
  if (pass) location.proxyPass = proxyPassView(pass, upstreams);
  // fastcgi_pass / uwsgi_pass take an address, a unix: path or an upstream name, without a scheme.
  for (const kind of ['fastcgi', 'uwsgi'] as const) {
    const d = list?.filter((x) => x.name === `${kind}_pass`).pop();
    if (!d) continue;
    const target = d.args[0] ?? '';
    const read = kind === 'fastcgi' ? eff.fastcgiReadTimeout : eff.uwsgiReadTimeout;
    const where = target.startsWith('uwsgi://') ? target.slice('uwsgi://'.length) : target;
    location[kind === 'fastcgi' ? 'fastcgiPass' : 'uwsgiPass'] = {
      target,
      ...(upstreams.has(where) ? { upstream: where } : splitHostPort(where)),
      loc: d.loc,
      readTimeout:
        read ?? byDefault(60_000, kind === 'fastcgi' ? DEFAULTS.fastcgiReadTimeout : DEFAULTS.uwsgiReadTimeout),
    };
  }
  // Header names are case-insensitive; the last one written at the level wins.
  const conn = eff.headers?.filter((h) => h.name.toLowerCase() === 'connection').pop();
  if (conn) location.connectionHeader = written(conn.value, conn.loc, conn.value);
  return location;
}

function collectLocations(
  list: NginxDirective[],
  parent: Inherited,
  upstreams: Set<string>,
  issue: Issue,
  out: NginxLocation[],
): void {
  for (const d of list) {
    if (d.name !== 'location' || !d.block) continue;
    const eff = levelSettings(d.block, parent, issue);
    out.push(locationView(d.args.join(' '), d.loc, d.block, eff, upstreams));
    collectLocations(d.block, eff, upstreams, issue, out);
  }
}

function serverView(d: NginxDirective, parent: Inherited, upstreams: Set<string>, issue: Issue): NginxServer {
  const block = d.block ?? [];
  const eff = levelSettings(block, parent, issue);
  const server: NginxServer = {
    loc: d.loc,
    serverNames: [],
    listen: [],
    keepaliveTimeout: eff.keepaliveTimeout ?? byDefault(75_000, DEFAULTS.keepaliveTimeout),
    locations: [],
  };
  for (const c of block) {
    if (c.name === 'server_name') server.serverNames.push(...c.args);
    if (c.name === 'listen') {
      if (!c.args[0]) {
        issue(c.loc, 'expected "listen <address[:port] | port | unix:path> [parameters];"');
        continue;
      }
      const { host, port, unix } = splitHostPort(c.args[0], 80);
      const l: NginxServer['listen'][number] = { loc: c.loc };
      if (port !== undefined) l.port = port;
      const address = unix ?? host;
      if (address !== undefined) l.address = address;
      server.listen.push(l);
    }
  }
  collectLocations(block, eff, upstreams, issue, server.locations);
  // A server with no location still has effective proxy settings; give rules one place to read them.
  if (server.locations.length === 0) server.locations.push(locationView('', d.loc, undefined, eff, upstreams));
  return server;
}

function buildView(tree: NginxDirective[], issue: Issue): Omit<NginxConfig, 'tree'> {
  const view: Omit<NginxConfig, 'tree'> = {
    workerProcesses: byDefault(1, DEFAULTS.workerProcesses),
    workerConnections: byDefault(512, DEFAULTS.workerConnections),
    keepaliveTimeout: byDefault(75_000, DEFAULTS.keepaliveTimeout),
    upstreams: [],
    servers: [],
    logFormats: [],
    accessLogs: [],
    errorLogs: [],
  };
  for (const d of tree) {
    if (d.name === 'worker_processes') {
      const raw = d.args[0];
      if (raw === 'auto') view.workerProcesses = written('auto', d.loc, raw);
      else if (raw !== undefined && /^\d+$/.test(raw)) view.workerProcesses = written(Number(raw), d.loc, raw);
      else issue(d.loc, `expected "worker_processes <number> | auto", got "${d.args.join(' ')}"`);
    } else if (d.name === 'worker_rlimit_nofile') {
      const s = intSetting(d, issue);
      if (s) view.workerRlimitNofile = s;
    } else if (d.name === 'events') {
      for (const e of d.block ?? []) {
        if (e.name !== 'worker_connections') continue;
        const s = intSetting(e, issue);
        if (s) view.workerConnections = s;
      }
    }
  }
  // A file that is only a fragment (conf.d/site.conf holding `server {}` / `upstream {}`) is read as the
  // inside of an http block.
  const https = tree.filter((d) => d.name === 'http' && d.block).map((d) => d.block as NginxDirective[]);
  const contexts = https.length > 0 ? https : [tree];
  const levels = contexts.map((http) => levelSettings(http, {}, issue));
  contexts.forEach((http, k) => {
    if (levels[k].keepaliveTimeout) view.keepaliveTimeout = levels[k].keepaliveTimeout as Setting<Duration>;
    const ups = http.filter((d) => d.name === 'upstream' && d.block).map((d) => upstreamView(d, issue));
    view.upstreams.push(...ups);
  });
  const upstreamNames = new Set(view.upstreams.map((u) => u.name));
  for (const [k, http] of contexts.entries()) {
    const level = levels[k];
    for (const d of http) {
      if (d.name === 'server' && d.block) view.servers.push(serverView(d, level, upstreamNames, issue));
    }
  }
  walk(tree, (d) => {
    if (d.name === 'log_format' && d.args.length >= 2) {
      let args = d.args.slice(1);
      let escaping: string | undefined;
      if (args[0].startsWith('escape=')) {
        escaping = args[0].slice('escape='.length);
        args = args.slice(1);
      }
      const f: NginxConfig['logFormats'][number] = { name: d.args[0], format: args.join(''), loc: d.loc };
      if (escaping !== undefined) f.escape = escaping;
      view.logFormats.push(f);
    } else if (d.name === 'access_log' && d.args[0] && d.args[0] !== 'off') {
      const a: NginxConfig['accessLogs'][number] = { path: d.args[0], loc: d.loc };
      // Without a format name nginx writes "combined" (ngx_http_log_module).
      if (d.args[1] && !d.args[1].includes('=')) a.format = d.args[1];
      view.accessLogs.push(a);
    } else if (d.name === 'error_log' && d.args[0]) {
      const e: NginxConfig['errorLogs'][number] = { path: d.args[0], loc: d.loc };
      if (d.args[1]) e.level = d.args[1];
      view.errorLogs.push(e);
    }
  });
  return view;
}

function walk(list: NginxDirective[], visit: (d: NginxDirective) => void): void {
  for (const d of list) {
    visit(d);
    if (d.block) walk(d.block, visit);
  }
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** Statement words of nginx configs: core, events, http, stream, mail and the modules Debian and OpenResty ship. */
const KNOWN_DIRECTIVE =
  /^(?:user|pid|daemon|master_process|worker_\w+|load_module|env|include|error_log|access_log|events|use|multi_accept|accept_mutex\w*|http|stream|mail|server|upstream|location|listen|server_name|root|alias|index|autoindex\w*|try_files|return|rewrite\w*|if|set|break|map\w*|geo\w*|types\w*|default_type|split_clients|charset\w*|sendfile\w*|tcp_\w+|keepalive\w*|client_\w+|large_client_header_buffers|send_timeout|send_lowat|lingering_\w+|reset_timedout_connection|log_format|log_not_found|log_subrequest|open_log_file_cache|open_file_cache\w*|gzip\w*|gunzip\w*|brotli\w*|ssl\w*|proxy_\w+|fastcgi_\w+|uwsgi_\w+|scgi_\w+|grpc_\w+|memcached_\w+|add_header|add_trailer|more_\w+|expires|etag|if_modified_since|limit_\w+|auth_\w+|allow|deny|satisfy|resolver\w*|error_page|recursive_error_pages|internal|server_tokens|server_names_hash_\w+|server_name_in_redirect|variables_hash_\w+|port_in_redirect|absolute_redirect|underscores_in_headers|ignore_invalid_headers|merge_slashes|chunked_transfer_encoding|max_ranges|directio\w*|aio\w*|output_buffers|postpone_output|thread_pool|timer_resolution|debug_connection|real_ip_\w+|set_real_ip_from|http2\w*|http3\w*|quic_\w+|least_conn|ip_hash|hash|random|zone|sticky|health_check|stub_status|sub_filter\w*|ssi\w*|subrequest_output_buffer_size|mirror\w*|slice|secure_link\w*|userid\w*|valid_referers|referer_hash_\w+|image_filter\w*|dav_\w+|create_full_put_path|min_delete_depth|mp4\w*|flv|hls\w*|perl\w*|js_\w+|lua_\w+|\w+_by_lua(?:_block|_file)?|init_worker_by_lua\w*|access_rules|modsecurity\w*|pagespeed|passenger_\w+|default|hostnames|volatile|pcre_jit|ancient_browser\w*|modern_browser\w*|server_name_in_redirect|msie_\w+|uninitialized_variable_warn|variables_hash_max_size)$/;
/** Blocks whose lines are free keys (`map $a $b { default 0; ~bot 1; }`, `types { text/html html; }`). */
const KEYED_BLOCK = /^(?:map|types|geo|split_clients|charset_map|match)\b/;

/** The last character of a trimmed line before an inline `# comment` (string operations: no regex to backtrack). */
function lastCodeChar(line: string): string {
  const hash = line.indexOf('#');
  const code = (hash >= 0 ? line.slice(0, hash) : line).trimEnd();
  return code[code.length - 1] ?? '';
}

/**
 * Whether a text is nginx configuration by its content: nearly every line is a statement (`word args;`,
 * `word args {`, `}`), a quoted or unterminated statement's continuation, or a line of a keyed block or of a Lua
 * block; and the statement words are mostly nginx's. Code (`$x = f();`, `foo(bar);`), Perl hashes, build logs fail.
 */
export function looksLikeNginx(sample: string): boolean {
  let lines = 0;
  let shaped = 0;
  let named = 0;
  let known = 0;
  let open = false;
  const blocks: ('keyed' | 'lua' | 'plain')[] = [];
  for (const raw of sample.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    lines++;
    const inner = blocks[blocks.length - 1];
    const last = lastCodeChar(line);
    const ends = last === ';' || last === '{' || last === '}';
    const opens = last === '{';
    if (inner === 'lua') {
      shaped++;
      const depth = (line.match(/\{/g)?.length ?? 0) - (line.match(/\}/g)?.length ?? 0);
      if (depth < 0) blocks.pop();
      else if (depth > 0) for (let i = 0; i < depth; i++) blocks.push('plain');
      continue;
    }
    if (/^}+[;\s]*$/.test(line)) {
      shaped++;
      blocks.length = Math.max(0, blocks.length - line.replace(/[^}]/g, '').length);
      open = false;
      continue;
    }
    if (open || /^["']/.test(line) || inner === 'keyed') {
      shaped++;
      open = !ends;
      if (opens) blocks.push('plain');
      continue;
    }
    const word = /^([A-Za-z_][\w.-]*)(?=[\s;{]|$)/.exec(line)?.[1];
    if (word === undefined) continue;
    named++;
    const isKnown = KNOWN_DIRECTIVE.test(word);
    if (isKnown) known++;
    // An unknown directive is tolerated as a statement; an unknown word that does not end one is not nginx.
    else if (!ends) continue;
    shaped++;
    open = !ends;
    if (opens) blocks.push(/_by_lua_block$/.test(word) ? 'lua' : KEYED_BLOCK.test(line) ? 'keyed' : 'plain');
  }
  return lines > 0 && known > 0 && shaped / lines >= 0.9 && known / named >= 0.8;
}

export const nginxParser: ConfigParser<NginxConfig> = {
  id: 'nginx',
  detect(path, sample) {
    // Content decides: source code, build logs and other programs' `.cfg` files are not nginx however they are
    // named; the name only raises the score of a file whose content already is nginx's.
    if (!looksLikeNginx(sample)) return 0;
    let score = 0;
    for (const raw of sample.split(/\r?\n/)) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) continue;
      if (/^(http|events|stream|mail)\s*\{/.test(line)) score += 3;
      else if (/^(?:server|upstream\s+\S+|types)\s*\{|^location\s[^{]+\{/.test(line)) score += 2;
      else if (
        /^(listen|server_name|proxy_pass|root|worker_processes|worker_connections|include|access_log|error_log|keepalive_timeout|proxy_\w+|fastcgi_pass|try_files|return)\s[^;]*;\s*(#.*)?$/.test(
          line,
        )
      )
        score += 1;
    }
    if (score === 0) return 0;
    const byName = /(^|\/)nginx[^/]*\.conf$|(^|\/)nginx\/(sites-(available|enabled)|conf\.d|snippets)\//.test(path);
    if (score >= 3) return byName ? 0.98 : 0.9;
    return byName ? 0.8 : 0.6;
  },
  parse({ path, text, fs }) {
    const issues: ParseIssue[] = [];
    const ctx: TreeContext = { fs, mainPath: path, issues, consumed: new Set(), chain: [path] };
    const tree = parseFile(path, text, ctx);
    const view = buildView(tree, (loc, message) => issues.push({ ...loc, message }));
    ctx.consumed.delete(path);
    return { data: { tree, ...view }, issues, consumed: [...ctx.consumed] };
  },
  listeners(data) {
    return data.servers.flatMap((s) =>
      s.listen.flatMap((l) =>
        l.port === undefined ? [] : [{ role: 'nginx', name: 'server', port: l.port, host: l.address }],
      ),
    );
  },
  targets(data) {
    const upstreamServers = data.upstreams.flatMap((u) =>
      u.servers.map((s) => ({
        name: `upstream ${u.name} / server ${s.address}`,
        host: s.host,
        port: s.port,
        loc: s.loc,
      })),
    );
    // A proxy_pass to an upstream{} block is linked through that block's servers above.
    const direct = data.servers.flatMap((srv) =>
      srv.locations.flatMap((l) => {
        const pp = l.proxyPass;
        if (!pp || pp.upstream) return [];
        return [{ name: `location ${l.path} proxy_pass ${pp.target}`, host: pp.host, port: pp.port, loc: pp.loc }];
      }),
    );
    return [...upstreamServers, ...direct];
  },
};
