import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { haproxyParser, splitAddress, tokenize } from './haproxy.js';
import type { ConfigFS, HaproxyProxy } from './types.js';

const ROOT = 'test/fixtures/config/haproxy';
/** HAProxy's `${VAR}` syntax, spelled so it is not mistaken for a template literal. */
const dollar = '$';
const noFS: ConfigFS = { read: () => undefined, glob: () => [] };

function parseFixture(path: string) {
  return haproxyParser.parse({ path, text: readFileSync(join(ROOT, path), 'utf8'), fs: noFS });
}

function proxy(proxies: HaproxyProxy[], kind: HaproxyProxy['kind'], name: string): HaproxyProxy {
  const p = proxies.find((x) => x.kind === kind && x.name === name);
  assert.ok(p, `${kind} ${name} parsed`);
  return p;
}

test('Debian/Ubuntu stock haproxy.cfg: global logs, defaults with bare-number (ms) timeouts', () => {
  const path = 'debian/haproxy.cfg';
  const out = parseFixture(path);
  assert.deepEqual(out.issues, []);
  assert.deepEqual(out.consumed, []);
  const g = out.data.global;
  assert.deepEqual(g.loc, { path, line: 1 });
  assert.deepEqual(
    g.logs.map((l) => [l.value, l.loc?.line]),
    [
      ['/dev/log local0', 2],
      ['/dev/log local1 notice', 3],
    ],
  );
  // `stats timeout 30s` in global is the stats socket's timeout, not a proxy timeout.
  assert.equal(g.maxconn, undefined);
  assert.equal(out.data.defaults.length, 1);
  const d = out.data.defaults[0];
  assert.equal(d.name, '');
  assert.deepEqual(d.loc, { path, line: 20 });
  assert.deepEqual(d.mode, { value: 'http', loc: { path, line: 22 }, raw: 'http', isDefault: false });
  assert.deepEqual(d.timeouts.connect, { value: 5000, loc: { path, line: 25 }, raw: '5000', isDefault: false });
  assert.deepEqual(d.timeouts.client, { value: 50000, loc: { path, line: 26 }, raw: '50000', isDefault: false });
  assert.equal(d.timeouts.server?.value, 50000);
  assert.equal(d.timeouts.server?.loc?.line, 27);
  assert.equal(d.timeouts.tunnel, undefined);
  assert.deepEqual(out.data.proxies, []);
});

test('seed 001 Galera: tcp frontend → backend on 3306, mysql-check, default-server, three servers', () => {
  const path = 'galera/haproxy.cfg';
  const out = parseFixture(path);
  assert.deepEqual(out.issues, []);
  assert.equal(out.data.global.maxconn?.value, 4096);
  assert.equal(out.data.global.maxconn?.loc?.line, 10);

  const front = proxy(out.data.proxies, 'frontend', 'galera_front');
  assert.equal(front.defaultsName, '');
  assert.deepEqual(front.binds, [
    { address: '127.0.0.1:3306', host: '127.0.0.1', port: 3306, loc: { path, line: 24 } },
  ]);
  assert.equal(front.defaultBackend?.value, 'galera_nodes');
  assert.equal(front.defaultBackend?.loc?.line, 25);
  // Inherited from the anonymous defaults: value, the defaults line and where it came from.
  assert.deepEqual(front.mode, {
    value: 'tcp',
    raw: 'tcp',
    loc: { path, line: 14 },
    isDefault: false,
    inheritedFrom: 'defaults',
  });
  assert.deepEqual(front.timeouts.client, {
    value: 50000,
    raw: '50s',
    loc: { path, line: 20 },
    isDefault: false,
    inheritedFrom: 'defaults',
  });
  assert.equal(front.timeouts.check?.value, 5000);
  assert.equal(front.maxconn, undefined);
  assert.deepEqual(
    front.logs.map((l) => [l.value, l.loc?.line, l.inheritedFrom]),
    [['global', 13, 'defaults']],
  );
  assert.equal(front.options.tcplog.value, true);
  assert.equal(front.options.tcplog.inheritedFrom, 'defaults');

  const back = proxy(out.data.proxies, 'backend', 'galera_nodes');
  assert.equal(back.mode.value, 'tcp');
  assert.equal(back.timeouts.server?.value, 50000);
  assert.equal(back.timeouts.server?.loc?.line, 21);
  assert.deepEqual(back.balance, { value: 'leastconn', raw: 'leastconn', loc: { path, line: 28 }, isDefault: false });
  assert.deepEqual(back.options['mysql-check'], {
    value: true,
    raw: 'mysql-check user haproxy_check',
    loc: { path, line: 29 },
    isDefault: false,
  });
  assert.equal(back.options.redispatch.value, true);
  assert.equal(back.servers.length, 3);
  const [g1, , g3] = back.servers;
  assert.equal(g1.name, 'galera1');
  assert.equal(g1.host, '10.0.10.11');
  assert.equal(g1.port, 3306);
  assert.deepEqual(g1.loc, { path, line: 32 });
  assert.deepEqual(g1.check, { value: true, raw: 'check', loc: { path, line: 32 }, isDefault: false });
  // default-server inter 3s fall 3 rise 2 (line 31) applies to every server of the backend.
  assert.deepEqual(g1.inter, {
    value: 3000,
    raw: '3s',
    loc: { path, line: 31 },
    isDefault: false,
    inheritedFrom: 'default-server',
  });
  assert.equal(g1.fall.value, 3);
  assert.equal(g1.fall.isDefault, false);
  assert.equal(g1.rise.loc?.line, 31);
  assert.equal(g1.backup, false);
  assert.equal(g3.backup, true);
  assert.equal(g3.disabled, false);

  const admin = proxy(out.data.proxies, 'listen', 'galera_admin');
  assert.deepEqual(
    admin.binds.map((b) => [b.host, b.port, b.loc.line]),
    [
      ['127.0.0.1', 3307, 37],
      ['10.0.10.5', 3307, 37],
    ],
  );
  assert.deepEqual(admin.mode.loc, { path, line: 38 });
  assert.equal(admin.mode.inheritedFrom, undefined);
  assert.equal(admin.balance?.value, 'source');
  // Without default-server, the documented server defaults apply.
  const s = admin.servers[0];
  assert.deepEqual(s.inter, {
    value: 2000,
    isDefault: true,
    defaultSource: 'HAProxy configuration manual, server "inter": if left unspecified, the delay defaults to 2000 ms',
  });
  assert.equal(s.fall.value, 3);
  assert.equal(s.fall.isDefault, true);
  assert.equal(s.rise.value, 2);
  assert.equal(s.rise.isDefault, true);
});

test('seed 000 OpenShift gear: maxconn 128 from defaults, httpchk GET /, servers with inter 2000 fall 2 rise 3', () => {
  const path = 'openshift/haproxy.cfg';
  const out = parseFixture(path);
  assert.deepEqual(out.issues, []);
  assert.equal(out.data.global.maxconn?.value, 256);
  assert.equal(out.data.global.maxconn?.loc?.line, 23);
  assert.equal(out.data.defaults[0].maxconn?.value, 128);

  const express = proxy(out.data.proxies, 'listen', 'express');
  assert.deepEqual(express.binds, [
    { address: '127.7.150.130:8080', host: '127.7.150.130', port: 8080, loc: { path, line: 56 } },
  ]);
  assert.deepEqual(express.maxconn, {
    value: 128,
    raw: '128',
    loc: { path, line: 49 },
    isDefault: false,
    inheritedFrom: 'defaults',
  });
  assert.deepEqual(express.httpchk, {
    value: 'GET /',
    raw: 'httpchk GET /',
    loc: { path, line: 57 },
    isDefault: false,
  });
  assert.equal(express.mode.value, 'http');
  assert.equal(express.timeouts.check?.value, 10000);
  assert.equal(express.timeouts['http-request']?.value, 10000);
  assert.equal(express.timeouts.queue?.value, 60000);
  assert.equal(express.timeouts['http-keep-alive']?.value, 10000);
  assert.equal(express.options['http-server-close'].value, true);
  assert.equal(express.balance?.value, 'leastconn');

  const [filler, remote, local] = express.servers;
  assert.equal(filler.backup, true);
  assert.equal(filler.check.value, false);
  assert.equal(filler.check.isDefault, true);
  assert.equal(remote.host, 'ex-std-node512.prod.rhcloud.com');
  assert.equal(remote.port, 39631);
  assert.equal(local.name, 'local-gear');
  assert.deepEqual(local.loc, { path, line: 63 });
  assert.deepEqual(local.inter, { value: 2000, raw: '2000', loc: { path, line: 63 }, isDefault: false });
  assert.equal(local.fall.value, 2);
  assert.equal(local.rise.value, 3);
  assert.equal(local.check.value, true);

  const stats = proxy(out.data.proxies, 'listen', 'stats');
  assert.equal(stats.mode.inheritedFrom, undefined);
  assert.equal(stats.mode.loc?.line, 52);
});

test('named defaults (HAProxy ≥ 2.4): `from`, defaults inheriting defaults, last defaults for the rest', () => {
  const path = 'named-defaults/haproxy.cfg';
  const out = parseFixture(path);
  assert.deepEqual(out.issues, []);
  const g = out.data.global;
  assert.equal(g.nbthread?.value, 4);
  assert.equal(g.ulimitN?.value, 200039);
  assert.equal(g.ulimitN?.loc?.line, 5);
  assert.deepEqual(
    out.data.defaults.map((d) => [
      d.name,
      d.loc.line,
      d.mode?.value,
      d.timeouts.client?.raw,
      d.timeouts.connect?.loc?.line,
    ]),
    [
      ['web', 8, 'http', '30s', 12],
      // `defaults db from web` keeps web's connect timeout with web's line.
      ['db', 17, 'tcp', '8h', 12],
    ],
  );

  const www = proxy(out.data.proxies, 'frontend', 'www');
  assert.equal(www.defaultsName, 'web');
  assert.equal(www.mode.value, 'http');
  assert.equal(www.mode.inheritedFrom, 'defaults web');
  assert.equal(www.timeouts.client?.value, 30000);
  assert.equal(www.timeouts['http-keep-alive']?.value, 2000);
  assert.deepEqual(www.maxconn, { value: 20000, raw: '20000', loc: { path, line: 27 }, isDefault: false });
  assert.deepEqual(
    www.binds.map((b) => [b.address, b.host, b.port]),
    [
      [':80', undefined, 80],
      [':::443', '::', 443],
    ],
  );
  assert.deepEqual(www.useBackends, [{ name: 'api', loc: { path, line: 28 } }]);
  assert.equal(www.defaultBackend?.value, 'app');

  const app = proxy(out.data.proxies, 'backend', 'app');
  assert.equal(app.httpchk?.value, '');
  assert.equal(app.httpchk?.loc?.line, 33);
  const [app1, app2] = app.servers;
  assert.equal(app1.check.value, true);
  assert.equal(app1.check.loc?.line, 32);
  assert.equal(app1.inter.value, 3000);
  assert.equal(app1.fall.value, 5);
  assert.equal(app1.rise.isDefault, true);
  assert.deepEqual(app1.maxconn, { value: 200, raw: '200', loc: { path, line: 35 }, isDefault: false });
  assert.equal(app2.rise.value, 4);
  assert.equal(app2.rise.loc?.line, 36);

  const api = proxy(out.data.proxies, 'backend', 'api');
  assert.equal(api.timeouts.server?.value, 120000);
  assert.equal(api.timeouts.server?.inheritedFrom, undefined);
  assert.equal(api.timeouts.client?.inheritedFrom, 'defaults web');
  // Environment variables are only known when HAProxy starts: the text stays, the unknown part is absent.
  assert.deepEqual(
    api.servers.map((s) => [s.address, s.host, s.port]),
    [
      [`${dollar}{API_HOST}:8080`, undefined, 8080],
      [`10.0.1.31:${dollar}{API_PORT}`, '10.0.1.31', undefined],
    ],
  );

  // No `from`: the last defaults section before it, here the named "db" one.
  const mysql = proxy(out.data.proxies, 'frontend', 'mysql');
  assert.equal(mysql.defaultsName, 'db');
  assert.equal(mysql.mode.value, 'tcp');
  assert.deepEqual(mysql.timeouts.client, {
    value: 8 * 3600 * 1000,
    raw: '8h',
    loc: { path, line: 21 },
    isDefault: false,
    inheritedFrom: 'defaults db',
  });
  assert.equal(mysql.options.httplog.value, false);
  assert.equal(mysql.options.tcplog.value, true);
  const nodes = proxy(out.data.proxies, 'backend', 'mysql_nodes');
  assert.equal(nodes.timeouts.server?.value, 8 * 3600 * 1000);
  assert.equal(nodes.servers[1].backup, true);
});

test('Stack Overflow-style `timeout client 28800`: bare numbers are ms, raw kept; legacy names; bad values are issues', () => {
  const path = 'so-wait-timeout/haproxy.cfg';
  const out = parseFixture(path);
  const d = out.data.defaults[0];
  // contimeout/clitimeout/srvtimeout are the pre-1.5 names of connect/client/server.
  assert.deepEqual(d.timeouts.connect, { value: 5000, raw: '5000', loc: { path, line: 11 }, isDefault: false });
  assert.equal(d.timeouts.client?.value, 28800);
  assert.equal(d.timeouts.server?.loc?.line, 13);
  const l = proxy(out.data.proxies, 'listen', 'mysql-cluster');
  assert.deepEqual(l.timeouts.client, { value: 28800, raw: '28800', loc: { path, line: 20 }, isDefault: false });
  assert.equal(l.timeouts.server?.raw, '28800');
  assert.equal(l.timeouts.connect?.inheritedFrom, 'defaults');
  // The malformed check timeout is not invented; nothing is inherited for it either.
  assert.equal(l.timeouts.check, undefined);
  assert.deepEqual(out.issues, [
    {
      path,
      line: 22,
      message: 'expected a time after "timeout check" (a number of ms, or with a unit: us, ms, s, m, h, d), got "abc"',
    },
    {
      path,
      line: 24,
      message: 'expected a time after "inter" (a number of ms, or with a unit: us, ms, s, m, h, d), got "2x"',
    },
    { path, line: 24, message: 'expected a whole number after "fall", got "three"' },
  ]);
  // The rest of the line and the file still parse.
  const s2 = l.servers[1];
  assert.equal(s2.check.value, true);
  assert.equal(s2.inter.isDefault, true);
  assert.equal(s2.fall.isDefault, true);
  assert.equal(l.servers.length, 2);
});

test('mode defaults to tcp when nothing sets it; keywords before any section are issues', () => {
  const text = 'maxconn 100\nlisten db\n  bind :5432\n  server pg1 10.0.0.5:5432 check\n';
  const out = haproxyParser.parse({ path: 'haproxy.cfg', text, fs: noFS });
  assert.deepEqual(out.issues, [
    {
      path: 'haproxy.cfg',
      line: 1,
      message: 'expected a section (global, defaults, frontend, backend, listen) before "maxconn"',
    },
  ]);
  const db = out.data.proxies[0];
  assert.equal(db.mode.value, 'tcp');
  assert.equal(db.mode.isDefault, true);
  assert.match(db.mode.defaultSource ?? '', /tcp is the default mode/);
  assert.equal(db.defaultsName, undefined);
  assert.deepEqual(db.timeouts, {});
});

test('tokenize: comments, quotes, escapes; splitAddress: unix sockets and IPv6', () => {
  assert.deepEqual(tokenize('  server s1 10.0.0.1:80 check # was inter 5s'), ['server', 's1', '10.0.0.1:80', 'check']);
  assert.deepEqual(tokenize('http-request set-header X-Msg "a b\\"c" # x'), [
    'http-request',
    'set-header',
    'X-Msg',
    'a b"c',
  ]);
  assert.deepEqual(tokenize("log-format 'literal %[src] # not a comment'"), [
    'log-format',
    'literal %[src] # not a comment',
  ]);
  assert.deepEqual(splitAddress('/run/app.sock'), { address: '/run/app.sock' });
  assert.deepEqual(splitAddress('unix@/run/app.sock'), { address: 'unix@/run/app.sock' });
  assert.deepEqual(splitAddress('ipv6@[::1]:8080'), { address: 'ipv6@[::1]:8080', host: '::1', port: 8080 });
  assert.deepEqual(splitAddress('db1'), { address: 'db1', host: 'db1' });
  assert.deepEqual(splitAddress('*:8000-8010'), { address: '*:8000-8010', host: '*', port: 8000 });
});

test('detect: haproxy.cfg files yes; nginx, INI and YAML no', () => {
  for (const f of ['debian/haproxy.cfg', 'galera/haproxy.cfg', 'openshift/haproxy.cfg', 'named-defaults/haproxy.cfg']) {
    const text = readFileSync(join(ROOT, f), 'utf8');
    assert.ok(haproxyParser.detect(`/etc/haproxy/${f}`, text) >= 0.9, f);
    // Content decides: the same text under another name is still HAProxy.
    assert.ok(haproxyParser.detect('conf/lb.conf', text) >= 0.85, f);
  }
  const nginx = 'http {\n  server {\n    listen 80;\n    location / { proxy_pass http://app; }\n  }\n}\n';
  assert.equal(haproxyParser.detect('/etc/haproxy/haproxy.cfg', nginx), 0);
  assert.equal(
    haproxyParser.detect('my.cnf', '[mysqld]\nmax_connections = 151\nlog_error = /var/log/mysql/error.log\n'),
    0,
  );
  assert.equal(haproxyParser.detect('app.yaml', 'runtime: nodejs20\nenv: standard\n'), 0);
});

test('parse never throws on arbitrary text', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 400 }), (text) => {
      haproxyParser.parse({ path: 'x.cfg', text, fs: noFS });
      haproxyParser.detect('x.cfg', text);
    }),
  );
  const words = fc.constantFrom(
    'global',
    'defaults',
    'frontend f',
    'backend b from',
    'listen l :80',
    'server s',
    'timeout',
    'client',
    '50s',
    'inter',
    'x',
    '"',
    '#',
    `${dollar}{A}`,
    '\\',
    'no option',
    'default-server fall',
  );
  fc.assert(
    fc.property(
      fc.array(
        fc.array(words, { maxLength: 6 }).map((w) => w.join(' ')),
        { maxLength: 30 },
      ),
      (lines) => {
        const out = haproxyParser.parse({ path: 'x.cfg', text: lines.join('\n'), fs: noFS });
        for (const i of out.issues) assert.ok(i.line >= 1 && i.line <= Math.max(1, lines.length));
      },
    ),
  );
});
