// What each config parser declares for links: the ports it listens on and the addresses it connects to.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { noFS } from '../../../test/helpers/config-fixture.js';
import { djangoParser } from './django.js';
import { haproxyParser } from './haproxy.js';
import { mysqlParser } from './mysql.js';
import { nginxParser } from './nginx.js';
import { postgresParser } from './postgres.js';
import { redisParser } from './redis.js';
import { tomcatParser } from './tomcat.js';
import type { ConfigParser } from './types.js';

function declared<T>(parser: ConfigParser<T>, path: string, text: string) {
  const { data } = parser.parse({ path, text, fs: noFS });
  return { listeners: parser.listeners?.(data) ?? [], targets: parser.targets?.(data) ?? [] };
}

test('HAProxy: every bind with a port listens; every server is a target', () => {
  const cfg = `frontend www
    bind 10.0.0.1:80
    bind /run/haproxy.sock
    default_backend app

backend app
    server a1 127.0.0.1:3000 check
    server a2 /run/app.sock

listen galera
    bind 127.0.0.1:3306
    server g1 10.0.0.11:3306 check
`;
  const d = declared(haproxyParser, 'etc/haproxy/haproxy.cfg', cfg);
  assert.deepEqual(d.listeners, [
    { role: 'haproxy', name: 'frontend www', port: 80, host: '10.0.0.1' },
    { role: 'haproxy', name: 'listen galera', port: 3306, host: '127.0.0.1' },
  ]);
  assert.deepEqual(
    d.targets.map((t) => [t.name, t.host, t.port, t.loc.line]),
    [
      ['backend app / server a1', '127.0.0.1', 3000, 7],
      ['backend app / server a2', undefined, undefined, 8],
      ['listen galera / server g1', '10.0.0.11', 3306, 12],
    ],
  );
});

test('nginx: listen directives listen; upstream servers and direct proxy_pass are targets', () => {
  const conf = `events {}
http {
  upstream api {
    server 127.0.0.1:3000;
  }
  server {
    listen 127.0.0.1:8080;
    location /api/ {
      proxy_pass http://api;
    }
    location /ws/ {
      proxy_pass http://10.0.0.7:4000;
    }
  }
}
`;
  const d = declared(nginxParser, 'etc/nginx/nginx.conf', conf);
  assert.deepEqual(d.listeners, [{ role: 'nginx', name: 'server', port: 8080, host: '127.0.0.1' }]);
  // proxy_pass http://api goes through the upstream's servers, not to a host named "api".
  assert.deepEqual(
    d.targets.map((t) => [t.name, t.host, t.port, t.loc.line]),
    [
      ['upstream api / server 127.0.0.1:3000', '127.0.0.1', 3000, 4],
      ['location /ws/ proxy_pass http://10.0.0.7:4000', '10.0.0.7', 4000, 12],
    ],
  );
});

test('MySQL, PostgreSQL and Redis listen on their port, written or default', () => {
  assert.deepEqual(declared(mysqlParser, 'etc/mysql/my.cnf', '[mysqld]\nport = 3307\n').listeners, [
    { role: 'mysql', name: 'mysqld', port: 3307 },
  ]);
  assert.deepEqual(declared(mysqlParser, 'etc/mysql/my.cnf', '[mysqld]\nmax_connections = 20\n').listeners, [
    { role: 'mysql', name: 'mysqld', port: 3306 },
  ]);
  assert.deepEqual(
    declared(postgresParser, 'etc/postgresql/15/main/postgresql.conf', 'max_connections = 100\n').listeners,
    [{ role: 'postgres', name: 'postgres', port: 5432 }],
  );
  assert.deepEqual(declared(redisParser, 'etc/redis/redis.conf', 'bind 127.0.0.1\nport 6380\n').listeners, [
    { role: 'redis', name: 'redis-server', port: 6380 },
  ]);
  assert.deepEqual(declared(redisParser, 'etc/redis/redis.conf', 'port 6380\n').targets, []);
});

test('Tomcat: each connector with a port listens', () => {
  const xml = `<Server port="8005" shutdown="SHUTDOWN">
  <Service name="Catalina">
    <Connector port="8080" protocol="HTTP/1.1" />
    <Connector port="8009" protocol="AJP/1.3" />
  </Service>
</Server>
`;
  assert.deepEqual(declared(tomcatParser, 'conf/server.xml', xml).listeners, [
    { role: 'tomcat', name: 'connector', port: 8080 },
    { role: 'tomcat', name: 'connector', port: 8009 },
  ]);
});

test("Django: each DATABASES entry is a target, on the engine's default port when PORT is empty", () => {
  const settings = `DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.mysql',
        'HOST': '127.0.0.1',
        'PORT': '',
    },
    'reports': {
        'ENGINE': 'django.db.backends.postgresql',
        'HOST': 'db2',
        'PORT': '6432',
    },
}
`;
  const d = declared(djangoParser, 'shop/settings.py', settings);
  assert.deepEqual(d.listeners, []);
  assert.deepEqual(
    d.targets.map((t) => [t.name, t.host, t.port, t.loc.line]),
    [
      ["DATABASES['default']", '127.0.0.1', 3306, 2],
      ["DATABASES['reports']", 'db2', 6432, 7],
    ],
  );
});
