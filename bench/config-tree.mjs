// Writes a realistic configuration tree of about `n` files (a host with many vhosts, units and drop-ins)
// for the audit benchmark. Deterministic.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function generateConfigTree(dir, n = 300) {
  let count = 0;
  const put = (rel, text) => {
    const p = join(dir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
    count++;
  };
  put(
    'etc/nginx/nginx.conf',
    `user www-data;\nworker_processes auto;\nevents { worker_connections 4096; }\nhttp {\n  keepalive_timeout 65;\n  include /etc/nginx/conf.d/*.conf;\n  include /etc/nginx/sites-enabled/*;\n}\n`,
  );
  let backends = '';
  for (let i = 0; i < 40; i++) {
    backends += `\nbackend app${i}\n  mode http\n  balance roundrobin\n  option httpchk GET /health\n  server a${i} 10.0.${i}.1:${3000 + i} check inter 2s fall 3\n  server b${i} 10.0.${i}.2:${3000 + i} check inter 2s fall 3\n`;
  }
  put(
    'etc/haproxy/haproxy.cfg',
    `global\n  maxconn 20000\n  log /dev/log local0\n\ndefaults\n  mode http\n  timeout connect 5s\n  timeout client 50s\n  timeout server 50s\n\nfrontend www\n  bind *:80\n  default_backend app0\n${backends}\nlisten mysql\n  bind 127.0.0.1:3307\n  mode tcp\n  server db1 10.1.0.5:3306 check\n`,
  );
  put('etc/mysql/my.cnf', '[client-server]\n!includedir /etc/mysql/conf.d/\n!includedir /etc/mysql/mariadb.conf.d/\n');
  put(
    'etc/mysql/mariadb.conf.d/50-server.cnf',
    '[mysqld]\nbind-address = 0.0.0.0\nmax_connections = 300\ninnodb_buffer_pool_size = 2G\n',
  );
  put('etc/redis/redis.conf', 'bind 127.0.0.1\nport 6379\nsave 900 1\n');
  put(
    'etc/postgresql/15/main/postgresql.conf',
    "listen_addresses = 'localhost'\nport = 5432\nmax_connections = 200\nshared_buffers = 2GB\n",
  );
  put('proc/meminfo', 'MemTotal:        8041224 kB\nSwapTotal:       2097148 kB\n');
  put('proc/cpuinfo', 'processor\t: 0\nmodel name\t: x\n\nprocessor\t: 1\nmodel name\t: x\n');
  put('sys/kernel/mm/transparent_hugepage/enabled', 'always [madvise] never\n');
  put('proc/sys/vm/overcommit_memory', '1\n');
  put(
    'srv/api/ecosystem.config.js',
    `module.exports = { apps: [{ name: 'api', script: 'server.js', instances: 4, exec_mode: 'cluster', max_memory_restart: '1G' }] };\n`,
  );
  put('srv/api/package.json', '{ "name": "api", "engines": { "node": "20" } }\n');
  put(
    'srv/api/server.js',
    "const http = require('http');\nconst server = http.createServer(() => {});\nserver.keepAliveTimeout = 65000;\nserver.listen(3000);\n",
  );
  let i = 0;
  while (count < n) {
    const k = i++;
    switch (k % 5) {
      case 0:
      case 1:
        put(
          `etc/nginx/sites-enabled/site${k}.conf`,
          `upstream site${k} {\n  server 127.0.0.1:${4000 + k};\n  keepalive 16;\n}\nserver {\n  listen 80;\n  server_name site${k}.example.com;\n  location / {\n    proxy_pass http://site${k};\n    proxy_http_version 1.1;\n    proxy_set_header Connection "";\n    proxy_read_timeout 30s;\n  }\n}\n`,
        );
        break;
      case 2:
        put(
          `etc/systemd/system/worker${k}.service`,
          `[Unit]\nDescription=Worker ${k}\n\n[Service]\nExecStart=/usr/bin/node /srv/w${k}/index.js\nRestart=always\nLimitNOFILE=65536\nMemoryMax=512M\n\n[Install]\nWantedBy=multi-user.target\n`,
        );
        break;
      case 3:
        put(
          `etc/sysctl.d/${String(10 + k).padStart(2, '0')}-tuning-${k}.conf`,
          `net.core.somaxconn = 4096\nvm.swappiness = 10\n`,
        );
        break;
      default:
        put(`etc/security/limits.d/${k}-nofile.conf`, `app${k} soft nofile 65535\napp${k} hard nofile 65535\n`);
    }
  }
  return count;
}
