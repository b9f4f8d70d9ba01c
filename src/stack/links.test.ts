// Links by port, through the real pipeline (parsers declare listeners and targets, the stack resolves them).
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { auditFiles } from '../../test/helpers/audit-fixture.js';
import { audit } from '../audit.js';
import { CONFIG_PARSERS } from '../formats/config/registry.js';
import type { Link } from './stack.js';

/** One line per link: "from → to-component (role) via". */
function summary(links: Link[]): string[] {
  return links.map(
    (l) =>
      `${l.from.name} @${l.from.loc.path}:${l.from.loc.line} → ${l.to ? l.to.component : '-'} (${l.role ?? '?'}) ${l.via}`,
  );
}

const MYSQL = '[mysqld]\nport = 3306\n';
const HAPROXY_DB = (server: string) =>
  `defaults\n  mode tcp\n  timeout connect 5s\n  timeout client 1h\n  timeout server 1h\n\nlisten db\n  bind 127.0.0.1:3307\n  server ${server} check\n`;

test('an HAProxy server reaches the MySQL of the input that listens on its port', () => {
  const r = auditFiles({ 'etc/haproxy/haproxy.cfg': HAPROXY_DB('m1 127.0.0.1:3306'), 'etc/mysql/my.cnf': MYSQL });
  assert.deepEqual(summary(r.stack.links), [
    'listen db / server m1 @etc/haproxy/haproxy.cfg:9 → mysql:etc/mysql/my.cnf (mysql) port',
  ]);
  assert.equal(r.stack.links[0].to?.name, 'mysqld');
  assert.equal(r.stack.links[0].note, 'port 3306 is where etc/mysql/my.cnf listens (mysql)');
});

test('in a multi-host bundle a host name that names a host folder points at that host', () => {
  const r = auditFiles({
    'app1/etc/haproxy/haproxy.cfg': HAPROXY_DB('m1 db2.internal:3306'),
    'db1/etc/mysql/my.cnf': MYSQL,
    'db2/etc/mysql/my.cnf': MYSQL,
  });
  assert.deepEqual(summary(r.stack.links), [
    'listen db / server m1 @app1/etc/haproxy/haproxy.cfg:9 → mysql:db2/etc/mysql/my.cnf (mysql) port',
  ]);
});

test('a loopback address prefers the listener on the same host folder', () => {
  const r = auditFiles({
    'db1/etc/mysql/my.cnf': MYSQL,
    'app1/etc/mysql/my.cnf': MYSQL,
    'app1/etc/haproxy/haproxy.cfg': HAPROXY_DB('m1 127.0.0.1:3306'),
  });
  assert.deepEqual(summary(r.stack.links), [
    'listen db / server m1 @app1/etc/haproxy/haproxy.cfg:9 → mysql:app1/etc/mysql/my.cnf (mysql) port',
  ]);
});

test("a well-known port reaches the host's only server of that kind, or names the role only", () => {
  const elsewhere = auditFiles({
    'etc/haproxy/haproxy.cfg': HAPROXY_DB('m1 127.0.0.1:3306'),
    'etc/mysql/my.cnf': '[mysqld]\nport = 3310\n',
  });
  assert.deepEqual(summary(elsewhere.stack.links), [
    'listen db / server m1 @etc/haproxy/haproxy.cfg:9 → mysql:etc/mysql/my.cnf (mysql) well-known-port',
  ]);
  assert.match(
    elsewhere.stack.links[0].note,
    /the only mysql config on this host \(etc\/mysql\/my\.cnf\) listens on 3310/,
  );
  const none = auditFiles({ 'etc/haproxy/haproxy.cfg': HAPROXY_DB('m1 10.0.0.5:3306') });
  assert.deepEqual(summary(none.stack.links), [
    'listen db / server m1 @etc/haproxy/haproxy.cfg:9 → - (mysql) well-known-port',
  ]);
  assert.equal(none.stack.links[0].note, "port 3306 is mysql's well-known port; no mysql config in the input");
});

test('an address with no port, or a port nothing listens on, stays unresolved', () => {
  const r = auditFiles({
    'etc/nginx/nginx.conf':
      'events {}\nhttp {\n  upstream app {\n    server unix:/run/app.sock;\n    server 127.0.0.1:8081;\n  }\n  server {\n    listen 80;\n    location / {\n      proxy_pass http://app;\n    }\n  }\n}\n',
  });
  assert.deepEqual(summary(r.stack.links), [
    'upstream app / server unix:/run/app.sock @etc/nginx/nginx.conf:4 → - (?) unresolved',
    'upstream app / server 127.0.0.1:8081 @etc/nginx/nginx.conf:5 → - (?) unresolved',
  ]);
  assert.deepEqual(
    r.stack.links.map((l) => l.note),
    ['no port in the address; target not identified', 'nothing in the input listens on port 8081'],
  );
});

test('nginx upstream servers and direct proxy_pass reach the Node app, named by the file that listens', () => {
  const r = auditFiles({
    'etc/nginx/nginx.conf':
      'events {}\nhttp {\n  upstream api {\n    server 127.0.0.1:3000;\n  }\n  server {\n    listen 80;\n    location /api/ {\n      proxy_pass http://api;\n    }\n    location /ws/ {\n      proxy_pass http://127.0.0.1:3000;\n    }\n  }\n}\n',
    'srv/api/package.json': '{ "name": "api", "dependencies": { "express": "4" } }',
    'srv/api/server.js': "const express = require('express');\nconst app = express();\napp.listen(3000);\n",
  });
  assert.deepEqual(summary(r.stack.links), [
    'upstream api / server 127.0.0.1:3000 @etc/nginx/nginx.conf:4 → node-app:srv/api/server.js (app) port',
    'location /ws/ proxy_pass http://127.0.0.1:3000 @etc/nginx/nginx.conf:12 → node-app:srv/api/server.js (app) port',
  ]);
  assert.equal(r.stack.links[0].to?.name, 'api');
});

test("Django's DATABASES and a Node pool without a port use the engine's default port", () => {
  const r = auditFiles({
    'etc/postgresql/15/main/postgresql.conf': 'port = 5432\nmax_connections = 100\n',
    'srv/shop/shop/settings.py':
      "DATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.postgresql',\n        'HOST': '127.0.0.1',\n    }\n}\n",
    'srv/api/knexfile.js': "module.exports = {\n  client: 'pg',\n  connection: { host: '127.0.0.1' },\n};\n",
  });
  assert.deepEqual(summary(r.stack.links), [
    "DATABASES['default'] @srv/shop/shop/settings.py:2 → postgres:etc/postgresql/15/main/postgresql.conf (postgres) port",
    'api knex pool @srv/api/knexfile.js:1 → postgres:etc/postgresql/15/main/postgresql.conf (postgres) port',
  ]);
});

test('the link builder asks no component its format: each parser declares its own listeners and targets', () => {
  const source = readFileSync(new URL('./links.ts', import.meta.url), 'utf8');
  assert.doesNotMatch(source, /\.format\s*[!=]==|switch\s*\(/);
  const declaring = CONFIG_PARSERS.filter((p) => p.listeners || p.targets).map((p) => p.id);
  assert.deepEqual(declaring.sort(), [
    'apache',
    'celery',
    'django',
    'gunicorn',
    'haproxy',
    'mysql',
    'nginx',
    'php-fpm',
    'postgres',
    'redis',
    'tomcat',
    'uwsgi',
  ]);
});

test('nginx reaches gunicorn started by a systemd unit (its --bind), Apache a uWSGI socket, Celery its broker', () => {
  const r = auditFiles({
    'etc/nginx/nginx.conf':
      'events {}\nhttp {\n  upstream app {\n    server 127.0.0.1:8000;\n  }\n  server {\n    listen 80;\n    location / {\n      proxy_pass http://app;\n    }\n  }\n}\n',
    'etc/systemd/system/gunicorn.service':
      '[Service]\nExecStart=/srv/venv/bin/gunicorn --workers 3 --bind 127.0.0.1:8000 proj.wsgi:application\n',
    'etc/apache2/apache2.conf': '<VirtualHost *:8080>\n  ProxyPass / uwsgi://127.0.0.1:3031/\n</VirtualHost>\n',
    'etc/uwsgi/apps-enabled/app.ini': '[uwsgi]\nsocket = 127.0.0.1:3031\nmodule = proj.wsgi\n',
    'srv/proj/celeryconfig.py': "broker_url = 'redis://127.0.0.1:6379/0'\ntask_time_limit = 60\n",
    'etc/redis/redis.conf': 'bind 127.0.0.1\nport 6379\nmaxmemory 100mb\n',
  });
  assert.deepEqual(summary(r.stack.links).sort(), [
    'ProxyPass / uwsgi://127.0.0.1:3031/ @etc/apache2/apache2.conf:2 → uwsgi:etc/uwsgi/apps-enabled/app.ini (uwsgi) port',
    'broker redis://127.0.0.1:6379/0 @srv/proj/celeryconfig.py:1 → redis:etc/redis/redis.conf (redis) port',
    'upstream app / server 127.0.0.1:8000 @etc/nginx/nginx.conf:4 → systemd:etc/systemd/system/gunicorn.service (gunicorn) port',
  ]);
});

// Several unrelated inputs audited together: a link by port stays within its own input.
const summaryOf = async (paths: string[]) => summary((await audit({ paths })).stack.links);

test('two unrelated example bundles: the Celery broker does not resolve to the other bundle’s Redis', async () => {
  const links = await summaryOf(['examples/seed-talk-galera', 'examples/postmortem-api']);
  const broker = links.find((l) => l.startsWith('broker '));
  assert.equal(
    broker,
    'broker redis://127.0.0.1:6379/0 @seed-talk-galera/srv/shop/shop/settings.py:34 → - (redis) well-known-port',
  );
  // Each bundle's own links are unchanged by the other's presence.
  assert.ok(
    links.includes(
      "DATABASES['default'] @seed-talk-galera/srv/shop/shop/settings.py:22 → haproxy:seed-talk-galera/etc/haproxy/haproxy.cfg (haproxy) port",
    ),
  );
  assert.ok(
    links.some(
      (l) =>
        l.startsWith('ob-api-server knex pool') &&
        l.includes('→ postgres:postmortem-api/etc/postgresql/14/main/postgresql.conf'),
    ),
  );
});

test('another input is used only when nothing in the own input listens, and the note says it is assumed', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'fl-links-'));
  try {
    // A loose folder with the app's settings and a host root with Redis: the same machine's configs, named apart.
    mkdirSync(join(tmp, 'app'));
    mkdirSync(join(tmp, 'cache/etc/redis'), { recursive: true });
    cpSync('examples/seed-talk-galera/srv/shop/shop/settings.py', join(tmp, 'app/settings.py'));
    cpSync('examples/postmortem-api/etc/redis/redis.conf', join(tmp, 'cache/etc/redis/redis.conf'));
    const r = await audit({ paths: [join(tmp, 'app'), join(tmp, 'cache')] });
    const broker = r.stack.links.find((l) => l.from.name.startsWith('broker '));
    assert.equal(broker?.to?.component, 'redis:cache/etc/redis/redis.conf');
    assert.equal(
      broker?.note,
      'nothing in app listens on port 6379; assumed to be cache/etc/redis/redis.conf from another input (cache), which does (redis)',
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
