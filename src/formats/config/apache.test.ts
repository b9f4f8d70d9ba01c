import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fixtureFS, noFS } from '../../../test/helpers/config-fixture.js';
import { MemoryFS } from '../../evidence/vfs.js';
import { apacheBackend, apacheParser, apacheWords } from './apache.js';

const DEBIAN = 'test/fixtures/config/apache/debian-bookworm';

function parseTree(files: Record<string, string>, main: string) {
  const fs = new MemoryFS(
    Object.entries(files).map(([path, text]) => ({ path, hostPath: `/${path}`, rootPath: '', text })),
  );
  return apacheParser.parse({ path: main, text: files[main], fs });
}

test("Debian's shipped apache2.conf: Timeout 300, KeepAliveTimeout 5, event MPM's 150 workers, the default site", () => {
  const fs = fixtureFS(DEBIAN);
  const path = 'etc/apache2/apache2.conf';
  const out = apacheParser.parse({ path, text: fs.read(path) ?? '', fs });
  assert.deepEqual(out.issues, []);
  const d = out.data;
  assert.equal(d.timeout.value, 300_000);
  assert.deepEqual(d.timeout.loc, { path, line: 92 });
  // ProxyTimeout is not written: it takes Timeout's value (mod_proxy).
  assert.equal(d.proxyTimeout.value, 300_000);
  assert.equal(d.proxyTimeout.inheritedFrom, 'Timeout');
  assert.equal(d.keepAlive.value, true);
  assert.equal(d.keepAliveTimeout.value, 5_000);
  assert.deepEqual(d.keepAliveTimeout.loc, { path, line: 111 });
  assert.equal(d.mpm, 'event');
  assert.equal(d.maxRequestWorkers.value, 150);
  assert.deepEqual(d.maxRequestWorkers.loc, { path: 'etc/apache2/mods-enabled/mpm_event.conf', line: 13 });
  assert.deepEqual(d.listens[0], { host: undefined, port: 80, loc: { path: 'etc/apache2/ports.conf', line: 5 } });
  assert.deepEqual(
    d.virtualHosts.map((v) => [v.addresses, v.loc]),
    [[['*:80'], { path: 'etc/apache2/sites-enabled/000-default.conf', line: 1 }]],
  );
  assert.ok(out.consumed.includes('etc/apache2/ports.conf'));
});

test('includes are relative to ServerRoot, not to the including file', () => {
  const out = parseTree(
    {
      'etc/apache2/apache2.conf': 'Timeout 60\nIncludeOptional sites-enabled/*.conf\n',
      'etc/apache2/sites-enabled/app.conf': '<VirtualHost *:80>\n  Include snippets/proxy.conf\n</VirtualHost>\n',
      'etc/apache2/snippets/proxy.conf': 'ProxyPass "/" "http://127.0.0.1:8000/" timeout=120 connectiontimeout=5\n',
      // The same name beside the including file, which Apache never reads.
      'etc/apache2/sites-enabled/snippets/proxy.conf': 'ProxyPass / http://127.0.0.1:9999/\n',
    },
    'etc/apache2/apache2.conf',
  );
  assert.deepEqual(out.issues, []);
  const [p] = out.data.virtualHosts[0].proxyPasses;
  assert.equal(p.port, 8000);
  assert.equal(p.timeout.value, 120_000);
  assert.equal(p.timeout.raw, 'timeout=120');
  assert.equal(p.connectTimeout.value, 5_000);
  assert.deepEqual(p.loc, { path: 'etc/apache2/snippets/proxy.conf', line: 1 });
});

test("Red Hat's conf/httpd.conf resolves conf.d/*.conf against /etc/httpd", () => {
  const out = parseTree(
    {
      'etc/httpd/conf/httpd.conf':
        'ServerRoot "/etc/httpd"\nInclude conf.modules.d/*.conf\nIncludeOptional conf.d/*.conf\n',
      'etc/httpd/conf.modules.d/00-mpm.conf': 'LoadModule mpm_prefork_module modules/mod_mpm_prefork.so\n',
      'etc/httpd/conf.d/app.conf': 'ProxyTimeout 90\nProxyPass /api http://10.0.0.5:8080/api\n',
    },
    'etc/httpd/conf/httpd.conf',
  );
  assert.deepEqual(out.issues, []);
  assert.equal(out.data.mpm, 'prefork');
  assert.equal(out.data.maxRequestWorkers.value, 256);
  assert.equal(out.data.maxRequestWorkers.isDefault, true);
  const [p] = out.data.proxyPasses;
  assert.equal(p.timeout.value, 90_000);
  assert.deepEqual(p.timeout.loc, { path: 'etc/httpd/conf.d/app.conf', line: 1 });
  assert.equal(p.connectTimeout.value, 90_000);
});

test('defaults: Timeout 60 s, ProxyTimeout = Timeout, KeepAliveTimeout 5 s, 400 workers for a threaded MPM', () => {
  const out = apacheParser.parse({
    path: 'httpd.conf',
    text: '<VirtualHost *:8080>\n  Timeout 30\n  ProxyPass / http://app:3000/\n</VirtualHost>\n',
    fs: noFS,
  });
  const d = out.data;
  assert.equal(d.timeout.isDefault, true);
  assert.equal(d.timeout.value, 60_000);
  assert.match(d.timeout.defaultSource ?? '', /core\.html#timeout/);
  assert.equal(d.proxyTimeout.isDefault, true);
  assert.equal(d.keepAliveTimeout.value, 5_000);
  assert.equal(d.maxRequestWorkers.value, 400);
  const v = d.virtualHosts[0];
  // Timeout in a virtual host applies to its proxied requests when ProxyTimeout is not set.
  assert.equal(v.proxyPasses[0].timeout.value, 30_000);
  assert.deepEqual(v.proxyPasses[0].timeout.loc, { path: 'httpd.conf', line: 2 });
  assert.deepEqual(apacheParser.targets?.(d), [
    { name: 'ProxyPass / http://app:3000/', host: 'app', port: 3000, loc: { path: 'httpd.conf', line: 3 } },
  ]);
});

test('a missing Include is an error as for apachectl configtest; IncludeOptional is not; unbalanced sections are', () => {
  const out = apacheParser.parse({
    path: 'httpd.conf',
    text: 'Include missing.conf\nIncludeOptional also-missing.conf\n<VirtualHost *:80>\n</Directory>\n',
    fs: noFS,
  });
  assert.deepEqual(
    out.issues.map((i) => [i.line, i.message]),
    [
      [1, 'expected the included file "missing.conf" to exist in the input'],
      [4, 'expected </VirtualHost> but saw </Directory>'],
    ],
  );
});

test('words, MaxClients (2.2), ms units, unix backends', () => {
  assert.deepEqual(apacheWords('ProxyPass "/a b/" \'http://x/\' timeout=5'), [
    'ProxyPass',
    '/a b/',
    'http://x/',
    'timeout=5',
  ]);
  const out = apacheParser.parse({
    path: 'httpd.conf',
    text: 'MaxClients 64\nKeepAliveTimeout 500ms\nTimeout 5ms\n',
    fs: noFS,
  });
  assert.equal(out.data.maxRequestWorkers.value, 64);
  assert.equal(out.data.keepAliveTimeout.value, 500);
  assert.deepEqual(
    out.issues.map((i) => i.line),
    [3],
  );
  assert.deepEqual(apacheBackend('unix:/run/php/php8.2-fpm.sock|fcgi://localhost'), {
    unix: '/run/php/php8.2-fpm.sock',
    scheme: 'fcgi',
  });
  assert.deepEqual(apacheBackend('ajp://tomcat'), { scheme: 'ajp', host: 'tomcat', port: 8009 });
});

test('detect: Apache configs, not nginx or INI', () => {
  assert.ok(
    apacheParser.detect('etc/apache2/sites-available/x.conf', '<VirtualHost *:80>\n  ServerName a\n</VirtualHost>\n') >=
      0.5,
  );
  assert.equal(apacheParser.detect('nginx.conf', 'server {\n  listen 80;\n  root /srv;\n}\n'), 0);
  assert.equal(apacheParser.detect('my.cnf', '[mysqld]\nmax_connections = 10\n'), 0);
});

test('detect: INI or Python lines with Apache-like names are not Apache', () => {
  assert.equal(
    apacheParser.detect('app.cfg', 'User = root\nGroup = wheel\nTimeout = 30\nListen = 80\nKeepAlive = on\n'),
    0,
  );
  assert.equal(apacheParser.detect('gunicorn.conf.py', 'Timeout = 30\n'), 0);
  // A module's shipped defaults apply only once enabled (mods-enabled/ link, read through the include).
  const mpm = readFileSync(`${DEBIAN}/etc/apache2/mods-available/mpm_event.conf`, 'utf8');
  assert.equal(apacheParser.detect('etc/apache2/mods-available/mpm_event.conf', mpm), 0);
  assert.ok(apacheParser.detect('etc/apache2/mods-enabled/mpm_event.conf', mpm) >= 0.5);
});
