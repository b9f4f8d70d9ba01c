import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { fixtureFS as bundleFS, noFS } from '../../../test/helpers/config-fixture.js';
import { MemoryFS } from '../../evidence/vfs.js';
import { lex, nginxParser } from './nginx.js';
import type { ConfigFS, NginxConfig, NginxLocation } from './types.js';

const ROOT = 'test/fixtures/config/nginx';

/**
 * A fixture directory as an input root that mirrors `/`: absolute targets under it; relative ones against
 * the including file's directory, then against baseDir (as the ConfigFS contract says).
 */
function fixtureFS(root: string): ConfigFS {
  const globIn = (pattern: string): string[] => {
    const dir = posix.dirname(pattern);
    const re = new RegExp(
      `^${posix
        .basename(pattern)
        .replace(/[.+^${}()|\\]/g, '\\$&')
        .replace(/\*/g, '[^/]*')
        .replace(/\?/g, '[^/]')}$`,
    );
    if (!existsSync(join(root, dir))) return [];
    return readdirSync(join(root, dir))
      .filter((n) => re.test(n) && statSync(join(root, dir, n)).isFile())
      .sort()
      .map((n) => posix.join(dir, n));
  };
  return {
    read: (p) => (existsSync(join(root, p)) ? readFileSync(join(root, p), 'utf8') : undefined),
    glob(target, fromPath, baseDir) {
      if (target.startsWith('/')) return globIn(target.slice(1));
      const near = globIn(posix.join(posix.dirname(fromPath), target));
      return near.length > 0 || baseDir === undefined ? near : globIn(posix.join(baseDir, target));
    },
  };
}

/** An in-memory input tree (paths relative to the root). */
function memoryFS(files: Record<string, string>): ConfigFS {
  return {
    read: (p) => files[p],
    glob(target, fromPath, baseDir) {
      const candidates = target.startsWith('/')
        ? [target.slice(1)]
        : [posix.join(posix.dirname(fromPath), target), ...(baseDir ? [posix.join(baseDir, target)] : [])];
      for (const c of candidates) {
        const re = new RegExp(`^${c.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
        const hits = Object.keys(files)
          .filter((f) => re.test(f))
          .sort();
        if (hits.length > 0) return hits;
      }
      return [];
    },
  };
}

function parseFixture(dir: string, path: string) {
  const root = join(ROOT, dir);
  return nginxParser.parse({ path, text: readFileSync(join(root, path), 'utf8'), fs: fixtureFS(root) });
}

function location(cfg: NginxConfig, path: string): NginxLocation {
  for (const s of cfg.servers) {
    const l = s.locations.find((x) => x.path === path);
    if (l) return l;
  }
  assert.fail(`location ${path} not found`);
}

test("Debian's nginx.conf: includes of conf.d/*.conf and sites-enabled/* with their own path:line", () => {
  const path = 'etc/nginx/nginx.conf';
  const out = parseFixture('debian', path);
  // modules-enabled/*.conf and conf.d/*.conf match nothing: nginx accepts an empty mask.
  assert.deepEqual(out.issues, []);
  assert.deepEqual(out.consumed, ['etc/nginx/mime.types', 'etc/nginx/sites-enabled/default']);
  const d = out.data;
  assert.deepEqual(d.workerProcesses, { value: 'auto', raw: 'auto', loc: { path, line: 2 }, isDefault: false });
  assert.deepEqual(d.workerConnections, { value: 768, raw: '768', loc: { path, line: 7 }, isDefault: false });
  assert.equal(d.workerRlimitNofile, undefined);
  // `keepalive_timeout 65`: a bare number is seconds in nginx.
  assert.deepEqual(d.keepaliveTimeout, { value: 65000, raw: '65', loc: { path, line: 20 }, isDefault: false });
  assert.deepEqual(d.accessLogs, [{ path: '/var/log/nginx/access.log', loc: { path, line: 41 } }]);
  assert.deepEqual(d.errorLogs, [{ path: '/var/log/nginx/error.log', loc: { path, line: 42 } }]);
  assert.deepEqual(d.upstreams, []);

  // The include directive is replaced by what it includes, each directive keeping its file:line.
  const http = d.tree.find((x) => x.name === 'http');
  assert.ok(http?.block);
  const types = http.block.find((x) => x.name === 'types');
  assert.deepEqual(types?.loc, { path: 'etc/nginx/mime.types', line: 2 });
  assert.deepEqual(types?.block?.[0], {
    name: 'text/html',
    args: ['html', 'htm', 'shtml'],
    loc: { path: 'etc/nginx/mime.types', line: 3 },
  });
  assert.equal(
    http.block.some((x) => x.name === 'include'),
    false,
  );

  const site = 'etc/nginx/sites-enabled/default';
  assert.equal(d.servers.length, 1);
  const s = d.servers[0];
  assert.deepEqual(s.loc, { path: site, line: 15 });
  assert.deepEqual(s.serverNames, ['_']);
  assert.deepEqual(s.listen, [
    { port: 80, loc: { path: site, line: 16 } },
    { port: 80, address: '::', loc: { path: site, line: 17 } },
  ]);
  // Inherited from the http level of the main file.
  assert.equal(s.keepaliveTimeout.value, 65000);
  assert.deepEqual(s.keepaliveTimeout.loc, { path, line: 20 });
  const root = s.locations[0];
  assert.equal(root.path, '/');
  assert.deepEqual(root.loc, { path: site, line: 31 });
  assert.equal(root.proxyPass, undefined);
  assert.deepEqual(root.proxyReadTimeout, {
    value: 60000,
    isDefault: true,
    defaultSource: 'nginx documentation, ngx_http_proxy_module: proxy_read_timeout 60s',
  });
  assert.equal(root.proxyHttpVersion.value, '1.0');
  assert.equal(root.proxyHttpVersion.isDefault, true);
});

test('reverse proxy to Node with upstream keepalive: HTTP/1.1, Connection "", proxy_set_header inheritance', () => {
  const path = 'etc/nginx/nginx.conf';
  const api = 'etc/nginx/conf.d/api.conf';
  const snippet = 'etc/nginx/snippets/proxy-timeouts.conf';
  const out = parseFixture('node-proxy', path);
  assert.deepEqual(out.issues, []);
  // `include conf.d/*.conf` is relative to the conf prefix; `snippets/…` inside conf.d/api.conf too.
  assert.deepEqual(out.consumed, ['etc/nginx/mime.types', api, snippet]);
  const d = out.data;
  assert.equal(d.workerProcesses.value, 2);
  assert.deepEqual(d.workerRlimitNofile, { value: 8192, raw: '8192', loc: { path, line: 3 }, isDefault: false });
  assert.equal(d.workerConnections.value, 4096);
  assert.deepEqual(d.errorLogs, [{ path: '/var/log/nginx/error.log', level: 'notice', loc: { path, line: 5 } }]);

  assert.equal(d.upstreams.length, 1);
  const up = d.upstreams[0];
  assert.equal(up.name, 'node_app');
  assert.deepEqual(up.loc, { path: api, line: 2 });
  assert.deepEqual(up.servers[0], {
    address: '127.0.0.1:3000',
    host: '127.0.0.1',
    port: 3000,
    params: { max_fails: '3', fail_timeout: '30s' },
    loc: { path: api, line: 3 },
  });
  assert.equal(up.servers[1].params.weight, '2');
  assert.deepEqual(up.servers[2], {
    address: 'unix:/run/node-app/app.sock',
    unix: 'unix:/run/node-app/app.sock',
    params: { backup: '' },
    loc: { path: api, line: 5 },
  });
  assert.deepEqual(up.keepalive, { value: 64, raw: '64', loc: { path: api, line: 6 }, isDefault: false });
  assert.deepEqual(up.keepaliveTimeout, { value: 75000, raw: '75s', loc: { path: api, line: 7 }, isDefault: false });
  assert.equal(up.keepaliveRequests?.value, 1000);

  assert.equal(d.keepaliveTimeout.value, 65000);
  const s = d.servers[0];
  assert.deepEqual(s.serverNames, ['api.example.com', 'www.api.example.com']);
  assert.deepEqual(s.keepaliveTimeout, { value: 30000, raw: '30', loc: { path: api, line: 15 }, isDefault: false });

  const root = location(d, '/');
  assert.deepEqual(root.proxyPass, { target: 'http://node_app', upstream: 'node_app', loc: { path: api, line: 25 } });
  assert.deepEqual(root.proxyHttpVersion, { value: '1.1', raw: '1.1', loc: { path: api, line: 19 }, isDefault: false });
  assert.deepEqual(root.connectionHeader, { value: '', raw: '', loc: { path: api, line: 20 }, isDefault: false });
  // http-level proxy_read_timeout 30s, server-level timeouts from the included snippet.
  assert.deepEqual(root.proxyReadTimeout.loc, { path, line: 18 });
  assert.equal(root.proxyReadTimeout.value, 30000);
  assert.deepEqual(root.proxyConnectTimeout, {
    value: 5000,
    raw: '5s',
    loc: { path: snippet, line: 2 },
    isDefault: false,
  });
  assert.deepEqual(root.proxySendTimeout.loc, { path: snippet, line: 3 });

  const ws = location(d, '/ws/');
  assert.equal(ws.connectionHeader?.value, 'upgrade');
  assert.equal(ws.connectionHeader?.loc?.line, 31);

  // The trap: one proxy_set_header in the location drops all of the server's, Connection "" included.
  const reports = location(d, '/reports/');
  assert.equal(reports.connectionHeader, undefined);
  assert.equal(reports.proxyHttpVersion.value, '1.1');
  assert.deepEqual(reports.proxyReadTimeout, {
    value: 300000,
    raw: '5m',
    loc: { path: api, line: 36 },
    isDefault: false,
  });
  // A nested location inherits from the enclosing location, not from the server.
  const exp = location(d, '/reports/export/');
  assert.deepEqual(exp.loc, { path: api, line: 40 });
  assert.equal(exp.connectionHeader, undefined);
  assert.equal(exp.proxyReadTimeout.value, 90 * 60 * 1000);
  assert.equal(exp.proxyConnectTimeout.value, 5000);

  const health = location(d, '= /health');
  assert.equal(health.proxyPass, undefined);
  // `access_log off` writes nothing and is not listed.
  assert.deepEqual(d.accessLogs, []);
});

test('PM2 postmortem site: a standalone sites-enabled fragment; proxy_pass to ports 3000, 8080 and a unix socket', () => {
  const path = 'etc/nginx/sites-enabled/api';
  const out = parseFixture('pm2-postmortem', path);
  assert.deepEqual(out.issues, []);
  assert.deepEqual(out.consumed, []);
  const d = out.data;
  assert.equal(d.workerProcesses.isDefault, true);
  assert.equal(d.workerProcesses.value, 1);
  assert.deepEqual(d.workerConnections, {
    value: 512,
    isDefault: true,
    defaultSource:
      'nginx documentation, ngx_events_module: worker_connections 512 (DEFAULT_CONNECTIONS in src/event/ngx_event.c)',
  });
  assert.equal(d.keepaliveTimeout.value, 75000);
  assert.equal(d.keepaliveTimeout.isDefault, true);
  assert.equal(d.servers.length, 1);
  const s = d.servers[0];
  assert.equal(s.keepaliveTimeout.isDefault, true);
  assert.deepEqual(
    s.listen.map((l) => [l.address, l.port, l.loc.line]),
    [
      [undefined, 80, 3],
      ['::', 80, 4],
    ],
  );
  const v1 = location(d, '/v1/');
  assert.deepEqual(v1.proxyPass, {
    target: 'http://127.0.0.1:3000',
    host: '127.0.0.1',
    port: 3000,
    loc: { path, line: 13 },
  });
  // `proxy_read_timeout 120`: seconds, not milliseconds.
  assert.deepEqual(v1.proxyReadTimeout, { value: 120000, raw: '120', loc: { path, line: 19 }, isDefault: false });
  assert.equal(v1.connectionHeader?.value, 'upgrade');
  assert.equal(v1.proxyConnectTimeout.isDefault, true);
  const admin = location(d, '/admin/');
  assert.deepEqual(admin.proxyPass, {
    target: 'http://localhost:8080/',
    host: 'localhost',
    port: 8080,
    loc: { path, line: 23 },
  });
  assert.equal(admin.proxyHttpVersion.value, '1.0');
  const sock = location(d, '/socket.io/');
  assert.deepEqual(sock.proxyPass, { target: 'http://unix:/run/pm2/app.sock:/socket.io/', loc: { path, line: 27 } });
  assert.deepEqual(d.accessLogs, [{ path: '/var/log/nginx/access.log', loc: { path, line: 7 } }]);
  assert.deepEqual(d.errorLogs, [{ path: '/var/log/nginx/error.log', loc: { path, line: 8 } }]);
});

test('custom log_format with $request_time $upstream_response_time, escape=json, access_log format names', () => {
  const path = 'etc/nginx/nginx.conf';
  const out = parseFixture('log-format', path);
  assert.deepEqual(out.issues, []);
  const d = out.data;
  assert.equal(d.workerProcesses.value, 4);
  assert.equal(d.workerRlimitNofile?.value, 65535);
  assert.equal(d.workerConnections.value, 8192);
  assert.deepEqual(d.logFormats[0], {
    name: 'timed',
    format:
      '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time $upstream_response_time',
    loc: { path, line: 10 },
  });
  assert.equal(d.logFormats[1].name, 'json_combined');
  assert.equal(d.logFormats[1].escape, 'json');
  assert.equal(
    d.logFormats[1].format,
    '{"time":"$time_iso8601","remote_addr":"$remote_addr","request":"$request","status":$status,"request_time":$request_time,"upstream_response_time":"$upstream_response_time"}',
  );
  assert.deepEqual(d.accessLogs, [
    { path: '/var/log/nginx/access.log', format: 'timed', loc: { path, line: 23 } },
    { path: '/var/log/nginx/access.json', format: 'json_combined', loc: { path, line: 24 } },
    { path: '/var/log/nginx/app.log', loc: { path, line: 33 } },
  ]);
  assert.deepEqual(d.errorLogs, [{ path: '/var/log/nginx/error.log', level: 'warn', loc: { path, line: 25 } }]);
  // keepalive_timeout's second argument is the Keep-Alive header value; the first is the timeout.
  assert.deepEqual(d.keepaliveTimeout, { value: 75000, raw: '75s', loc: { path, line: 27 }, isDefault: false });
});

test('malformed nginx.conf: missing ";" and an unclosed block name their lines; the rest still parses', () => {
  const path = 'etc/nginx/nginx.conf';
  const out = parseFixture('malformed', path);
  assert.deepEqual(out.issues, [
    { path, line: 7, message: 'expected ";" after "server 127.0.0.1:3000"' },
    { path, line: 13, message: 'expected ";" after "proxy_pass http://app"' },
    { path, line: 19, message: 'expected the included file "/etc/nginx/proxy_params" to exist in the input' },
    { path, line: 5, message: 'expected "}" to close "http" opened here (end of file)' },
    {
      path,
      line: 18,
      message: 'expected a time for "proxy_connect_timeout" (seconds, or with a unit: ms, s, m, h, d), got "abc"',
    },
  ]);
  const d = out.data;
  assert.equal(d.workerConnections.value, 1024);
  assert.deepEqual(
    d.upstreams[0].servers.map((s) => [s.port, s.loc.line]),
    [
      [3000, 7],
      [3001, 8],
    ],
  );
  const root = location(d, '/');
  assert.equal(root.proxyPass?.upstream, 'app');
  assert.deepEqual(root.proxyReadTimeout, { value: 90000, raw: '90s', loc: { path, line: 14 }, isDefault: false });
  const apiLoc = location(d, '/api/');
  assert.equal(apiLoc.proxyConnectTimeout.isDefault, true);
});

test('includes: cycles guarded, unreadable files reported, relative targets against the conf prefix', () => {
  const fs = memoryFS({
    'etc/nginx/nginx.conf': 'http {\n  include sites/*.conf;\n}\n',
    'etc/nginx/sites/a.conf': 'server {\n  listen 8081;\n  include common.conf;\n}\n',
    'etc/nginx/sites/b.conf': 'include sites/a.conf;\nupstream b { server 10.0.0.2:80; }\n',
    'etc/nginx/common.conf': 'proxy_read_timeout 10;\ninclude sites/b.conf;\n',
  });
  const path = 'etc/nginx/nginx.conf';
  const out = nginxParser.parse({ path, text: fs.read(path) ?? '', fs });
  // a → common → b → a is a cycle: reported on b's include line and not followed.
  assert.ok(
    out.issues.some(
      (i) =>
        i.path === 'etc/nginx/sites/b.conf' &&
        i.line === 1 &&
        /^include cycle: "etc\/nginx\/sites\/a\.conf"/.test(i.message),
    ),
    JSON.stringify(out.issues),
  );
  assert.deepEqual(out.consumed.sort(), ['etc/nginx/common.conf', 'etc/nginx/sites/a.conf', 'etc/nginx/sites/b.conf']);
  assert.ok(out.data.servers.some((s) => s.listen[0]?.port === 8081));
  assert.ok(
    out.data.upstreams.some((u) => u.name === 'b' && u.loc.path === 'etc/nginx/sites/b.conf' && u.loc.line === 2),
  );
  const srv = out.data.servers.find((s) => s.listen[0]?.port === 8081);
  assert.deepEqual(srv?.locations[0].proxyReadTimeout.loc, { path: 'etc/nginx/common.conf', line: 1 });
});

test('lexer: quotes with escapes, comments only at token start, $-brace variables and } inside words', () => {
  const toks = lex(
    // biome-ignore lint/suspicious/noTemplateCurlyInString: nginx's own ${var} syntax.
    'set $x "a \\"b\\" # c";  # comment\nreturn 200 \'it\\\'s\';\nrewrite ^/(.*)$ /${1}x}y#z last;\n',
    () => {},
  );
  assert.deepEqual(
    toks.map((t) => (t.kind === 'word' ? t.text : t.kind)),
    // biome-ignore lint/suspicious/noTemplateCurlyInString: nginx's own ${var} syntax.
    ['set', '$x', 'a "b" # c', ';', 'return', '200', "it's", ';', 'rewrite', '^/(.*)$', '/${1}x}y#z', 'last', ';'],
  );
  assert.deepEqual(
    toks.map((t) => t.line),
    [1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3],
  );
  const issues: string[] = [];
  lex('log_format x "unterminated;\n', (line, m) => issues.push(`${line}: ${m}`));
  assert.deepEqual(issues, ['1: expected a closing " for the string opened here']);
});

test('an extra "}" and a directive cut off at end of file are issues; arguments beyond a directive’s arity too', () => {
  const text = 'events { worker_connections 64; }\n}\nworker_processes 2 3;\nhttp { keepalive_timeout 5\n';
  const out = nginxParser.parse({ path: 'nginx.conf', text, fs: memoryFS({}) });
  assert.deepEqual(out.issues, [
    { path: 'nginx.conf', line: 2, message: 'unexpected "}" (no block is open here)' },
    { path: 'nginx.conf', line: 3, message: 'expected at most 1 argument for "worker_processes", got 2' },
    { path: 'nginx.conf', line: 4, message: 'expected ";" or "}" after "keepalive_timeout 5" (end of file)' },
    { path: 'nginx.conf', line: 4, message: 'expected "}" to close "http" opened here (end of file)' },
  ]);
  assert.equal(out.data.workerConnections.value, 64);
  assert.equal(out.data.workerProcesses.value, 2);
  assert.equal(out.data.keepaliveTimeout.value, 5000);
});

test('detect: nginx files and fragments yes; HAProxy and INI no', () => {
  const main = readFileSync(join(ROOT, 'debian/etc/nginx/nginx.conf'), 'utf8');
  assert.ok(nginxParser.detect('/etc/nginx/nginx.conf', main) >= 0.9);
  assert.ok(nginxParser.detect('backup/web.txt', main) >= 0.85);
  const site = readFileSync(join(ROOT, 'pm2-postmortem/etc/nginx/sites-enabled/api'), 'utf8');
  assert.ok(nginxParser.detect('etc/nginx/sites-enabled/api', site) >= 0.9);
  const haproxy =
    'global\n  maxconn 256\ndefaults\n  mode http\n  timeout client 1m\nlisten express 127.0.0.1:8080\n  server local-gear 127.0.0.1:8081 check\n';
  assert.equal(nginxParser.detect('/etc/nginx/nginx.conf', haproxy), 0);
  assert.equal(nginxParser.detect('my.cnf', '[mysqld]\nport = 3306\n'), 0);
});

test('parse never throws on arbitrary text', () => {
  const fs = memoryFS({ 'a.conf': 'include a.conf;\nserver { listen 1; }' });
  fc.assert(
    fc.property(fc.string({ maxLength: 400 }), (text) => {
      nginxParser.parse({ path: 'nginx.conf', text, fs });
      nginxParser.detect('nginx.conf', text);
    }),
  );
  const pieces = fc.constantFrom(
    '{',
    '}',
    ';',
    '"',
    "'",
    '#',
    '\\',
    '\n',
    ' ',
    'server',
    'location /',
    'listen',
    'proxy_pass',
    'http://',
    'upstream u',
    'include a.conf',
    'keepalive',
    'x',
    '$',
    '${',
  );
  fc.assert(
    fc.property(fc.array(pieces, { maxLength: 60 }), (parts) => {
      const out = nginxParser.parse({ path: 'nginx.conf', text: parts.join(' '), fs });
      for (const i of out.issues) assert.ok(i.line >= 1);
    }),
  );
});

test('checked with nginx -t: include relative to the conf prefix, not the including file; Lua blocks with braces in strings and comments', () => {
  const fs = bundleFS(join(ROOT, 'openresty-include'));
  const out = nginxParser.parse({ path: 'nginx.conf', text: fs.read('nginx.conf') ?? '', fs });
  assert.deepEqual(out.issues, []);
  // foo.inc beside nginx.conf, as nginx read it; conf.d/foo.inc (an unknown directive) is never read.
  assert.deepEqual(out.consumed.sort(), ['conf.d/server.conf', 'foo.inc']);
  const [server] = out.data.servers;
  assert.deepEqual(
    server.locations.map((l) => [l.path, l.loc]),
    [
      ['/root-foo', { path: 'foo.inc', line: 1 }],
      ['/lua', { path: 'conf.d/server.conf', line: 4 }],
    ],
  );
  const lua = out.data.tree
    .find((d) => d.name === 'http')
    ?.block?.find((d) => d.name === 'server')
    ?.block?.find((d) => d.name === 'location' && d.args[0] === '/lua')?.block?.[0];
  assert.equal(lua?.name, 'content_by_lua_block');
  assert.match(lua?.args[0] ?? '', /ngx\.say\(s, t\)/);
  // A directive after the Lua block keeps its own line.
  const after = nginxParser.parse({
    path: 'nginx.conf',
    text: 'http {\n  init_by_lua_block {\n    local x = "}"\n    -- }\n  }\n  keepalive_timeout 5;\n}\n',
    fs: noFS,
  });
  assert.deepEqual(after.issues, []);
  assert.deepEqual(after.data.keepaliveTimeout.loc, { path: 'nginx.conf', line: 6 });
  const open = nginxParser.parse({
    path: 'nginx.conf',
    text: 'http {\n  content_by_lua_block {\n  ngx.say("x")\n',
    fs: noFS,
  });
  assert.ok(
    open.issues.some((i) => i.line === 2 && /close the Lua block/.test(i.message)),
    JSON.stringify(open.issues),
  );
});

test('a fragment read without its nginx.conf finds fastcgi.conf and uwsgi_params under the /etc/nginx prefix of the bundle', () => {
  const files = {
    'host1/etc/nginx/sites-enabled/php':
      'server {\n  listen 80;\n  location ~ \\.php$ {\n    include fastcgi.conf;\n    fastcgi_pass unix:/run/php/php8.2-fpm.sock;\n  }\n  location /py {\n    include uwsgi_params;\n    uwsgi_pass 127.0.0.1:3031;\n  }\n}\n',
    'host1/etc/nginx/fastcgi.conf': 'fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\n',
    'host1/etc/nginx/uwsgi_params': 'uwsgi_param QUERY_STRING $query_string;\n',
  };
  const fs = new MemoryFS(
    Object.entries(files).map(([path, text]) => ({
      path,
      hostPath: path.slice('host1'.length),
      rootPath: 'host1',
      text,
    })),
  );
  const path = 'host1/etc/nginx/sites-enabled/php';
  const out = nginxParser.parse({ path, text: files[path], fs });
  assert.deepEqual(out.issues, []);
  assert.deepEqual(out.consumed.sort(), ['host1/etc/nginx/fastcgi.conf', 'host1/etc/nginx/uwsgi_params']);
});

test('argument counts as nginx -t reports them; unknown directives tolerated', () => {
  // nginx -t (1.22.1): invalid number of arguments in "user" directive in nginx.conf:1
  const out = nginxParser.parse({
    path: 'nginx.conf',
    text: 'user;\nevents {}\nhttp {\n  more_set_headers "X-A: b";\n  server {\n    listen;\n    proxy_set_header Host;\n  }\n}\n',
    fs: noFS,
  });
  assert.deepEqual(
    out.issues.map((i) => [i.line, i.message]),
    [
      [1, 'invalid number of arguments in "user" directive (expected at least 1, got 0)'],
      [7, 'invalid number of arguments in "proxy_set_header" directive (expected at least 2, got 1)'],
      [6, 'expected "listen <address[:port] | port | unix:path> [parameters];"'],
    ],
  );
});
