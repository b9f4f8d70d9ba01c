// The catalog of known log lines. Data only: one entry per line shape, grouped by the software
// that prints it, each with the exact lines real servers print as samples (checked by the tests).
// Order matters: the matcher returns the first entry of a format that matches, so a specific
// shape comes before a general one (the generic groups are last).
// Sources of the message texts: nginx src/http/ngx_http_upstream.c and ngx_event_accept.c;
// HAProxy src/check.c, src/backend.c, src/listener.c and the management guide; Linux mm/oom_kill.c,
// kernel/hung_task.c, net/ipv4/tcp_input.c, nf_conntrack_core.c; systemd src/core/service.c and
// unit.c; Node.js src/node_errors / lib/internal/process; PM2 lib/God*.js and lib/Worker.js;
// MySQL/MariaDB client error codes 2006/2013/1040 and sql/sql_connect.cc; PostgreSQL postmaster.c
// and postgres.c; Redis src/server.c and rdb.c; Tomcat JIoEndpoint/AbstractEndpoint; Heroku's
// error-codes reference (devcenter.heroku.com/articles/error-codes); cloud-init's main banner; gunicorn
// arbiter.py and workers/base.py; Celery and billiard pool.py; uWSGI core/master_checks.c, master_utils.c and
// socket.c; supervisor process.py.
import type { LogFormatId } from '../model/event.js';
import type { Signature } from './types.js';

// Where each family of lines shows up. An application's own errors reach its stdout/stderr, PM2's
// files, JSON loggers, the journal (syslog exports) and Heroku's log stream alike.
const NGINX: LogFormatId[] = ['nginx-error'];
const HAPROXY: LogFormatId[] = ['haproxy-log', 'syslog'];
const KERNEL: LogFormatId[] = ['kernel', 'syslog'];
const SYSTEMD: LogFormatId[] = ['syslog'];
const APP: LogFormatId[] = ['node-log', 'pm2-log', 'json-log', 'syslog', 'heroku-log', 'python-log', 'uwsgi-log'];
/** Python servers' own logs (gunicorn, Celery, Django), on their own or through the journal. */
const PYTHON: LogFormatId[] = ['python-log', 'syslog'];
const UWSGI: LogFormatId[] = ['uwsgi-log', 'syslog'];
const SUPERVISORD: LogFormatId[] = ['supervisord-log', 'syslog'];
const PM2: LogFormatId[] = ['pm2-log', 'syslog'];
const MYSQL: LogFormatId[] = ['mysql-log', 'syslog'];
const POSTGRES: LogFormatId[] = ['postgres-log', 'syslog'];
const REDIS: LogFormatId[] = ['redis-log', 'syslog'];
const TOMCAT: LogFormatId[] = ['tomcat-log'];
/** JVM output: Tomcat's catalina.out and the log4j/logback/Spring Boot files of any Java service. */
const JAVA: LogFormatId[] = ['tomcat-log', 'java-log'];
const APACHE: LogFormatId[] = ['apache-error'];
const PHP_FPM: LogFormatId[] = ['php-fpm-log'];
/** Where a PHP application's errors land: its Monolog file, FPM's log (catch_workers_output), nginx's FastCGI stderr. */
const PHP_APP: LogFormatId[] = ['monolog', 'php-fpm-log', 'nginx-error'];
const HEROKU: LogFormatId[] = ['heroku-log'];
const AWS_LB: LogFormatId[] = ['aws-lb-access'];
const MONGODB: LogFormatId[] = ['mongodb-log'];
const MYSQL_SLOW: LogFormatId[] = ['mysql-slow'];
/** Lines a database or cache server prints that its clients also quote in their own logs. */
const withApp = (f: LogFormatId[]): LogFormatId[] => [...new Set([...f, ...APP])];
/** A Node app's pool errors, also in a log file the app writes itself with its own timestamps (generic-log). */
const NODE_POOL: LogFormatId[] = [...APP, 'generic-log'];
/** Every format that carries free-text messages (not access logs or socket tables); a user format's default. */
export const ANY_TEXT: LogFormatId[] = [
  'nginx-error',
  'haproxy-log',
  'syslog',
  'kernel',
  'pm2-log',
  'node-log',
  'redis-log',
  'mysql-log',
  'postgres-log',
  'tomcat-log',
  'heroku-log',
  'cloud-init-log',
  'json-log',
  'python-log',
  'uwsgi-log',
  'supervisord-log',
  'java-log',
  'apache-error',
  'php-fpm-log',
  'monolog',
  'logfmt',
  'mongodb-log',
  'mysql-slow',
];

/** nginx's phases of talking to an upstream, as ngx_http_upstream.c names them. */
const UPSTREAM_PHASE =
  '(?<phase>reading response header from upstream|reading upstream|sending request to upstream|connecting to upstream|SSL handshaking to upstream)';

export const SIGNATURES: readonly Signature[] = [
  // ── nginx error log ───────────────────────────────────────────────────────────────────────
  {
    id: 'nginx-upstream-prematurely-closed',
    formats: NGINX,
    pattern: /upstream prematurely closed connection while (?<phase>[^,]+)/,
    event: 'upstream-closed',
    severity: 'error',
    // The app closed the socket mid-request: most often the process died or was restarted (the
    // seed postmortem's PM2 restarts); a keepalive race or a huge response are weighed by analysis.
    cause: 'crash-loop',
    summary: 'the upstream closed the connection before sending a complete response (502)',
    samples: [
      '2022/07/11 14:01:27 [error] 8934#8934: *220129 upstream prematurely closed connection while reading response header from upstream, client: 107.167.202.154, server: api.example.com, request: "GET /v1/location?id=4704 HTTP/1.1", upstream: "http://127.0.0.1:3000/v1/location?id=4704", host: "api.example.com"',
      '2023/03/02 09:12:44 [error] 2211#2211: *88123 upstream prematurely closed connection while reading upstream, client: 10.0.3.17, server: _, request: "GET /export.csv HTTP/1.1", upstream: "http://10.0.1.12:8080/export.csv", host: "reports.example.com"',
    ],
  },
  {
    id: 'nginx-upstream-reset',
    formats: NGINX,
    pattern: new RegExp(`\\(\\) failed \\(104: Connection reset by peer\\) while ${UPSTREAM_PHASE}`),
    needle: '(104: Connection reset by peer) while',
    event: 'upstream-reset',
    severity: 'error',
    cause: 'keepalive-race',
    summary: 'the upstream reset the connection (RST) while nginx talked to it (502)',
    samples: [
      '2020/06/16 23:11:11 [error] 35#35: *1149 recv() failed (104: Connection reset by peer) while reading response header from upstream, client: 169.254.1.1, server: _, request: "POST /api/redacted HTTP/1.1", upstream: "http://127.0.0.1:8081/api/redacted", host: "redacted.appspot.com"',
      '2021/11/04 17:30:02 [error] 1502#1502: *40211 readv() failed (104: Connection reset by peer) while reading upstream, client: 172.31.9.80, server: shop.example.com, request: "GET /media/big.zip HTTP/1.1", upstream: "http://127.0.0.1:8000/media/big.zip", host: "shop.example.com"',
      '2021/11/04 17:30:05 [error] 1502#1502: *40230 writev() failed (104: Connection reset by peer) while sending request to upstream, client: 172.31.9.80, server: shop.example.com, request: "POST /upload HTTP/1.1", upstream: "http://127.0.0.1:8000/upload", host: "shop.example.com"',
    ],
  },
  {
    id: 'nginx-upstream-refused',
    formats: NGINX,
    pattern:
      /connect\(\) (?:to (?<socket>\S+) )?failed \((?:111: Connection refused|2: No such file or directory)\) while connecting to upstream/,
    needle: ' while connecting to upstream',
    event: 'upstream-refused',
    severity: 'error',
    // Nothing listens: the app is down, crashed or still starting.
    cause: 'crash-loop',
    summary: 'nothing accepted the connection to the upstream (app down or restarting) (502)',
    samples: [
      '2022/07/11 14:02:10 [error] 8935#8935: *220131 connect() failed (111: Connection refused) while connecting to upstream, client: 107.167.202.154, server: api.example.com, request: "GET /v1/me/tenant HTTP/1.1", upstream: "http://127.0.0.1:3000/v1/me/tenant", host: "api.example.com"',
      '2023/01/19 08:40:13 [crit] 911#911: *7 connect() to unix:/run/php/php8.1-fpm.sock failed (2: No such file or directory) while connecting to upstream, client: 203.0.113.9, server: blog.example.org, request: "GET / HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.1-fpm.sock:", host: "blog.example.org"',
      '2023/01/19 08:41:02 [error] 911#911: *19 connect() to unix:/tmp/gunicorn.sock failed (111: Connection refused) while connecting to upstream, client: 203.0.113.9, server: app.example.org, request: "GET /login HTTP/1.1", upstream: "http://unix:/tmp/gunicorn.sock:/login", host: "app.example.org"',
    ],
  },
  // ── The upstream's accept queue is full, seen from nginx (issue 14) ───────────────────────
  // nginx could not even connect: every worker of the upstream was busy (php-fpm pm.max_children, a Tomcat
  // connector at maxThreads, gunicorn or uWSGI workers all in requests) and the kernel's listen backlog for its
  // socket overflowed. On TCP the SYN is dropped and the connect times out (proxy_connect_timeout: "upstream
  // timed out … while connecting"; the kernel's own retries: "connect() failed (110"); on a Unix socket
  // connect() fails at once with EAGAIN. Before the "upstream timed out" entry: the same words, another phase.
  {
    id: 'nginx-upstream-connect-timeout',
    formats: NGINX,
    pattern: /upstream timed out \(110: [^()]*\) while connecting to upstream/,
    event: 'queue-full',
    severity: 'error',
    cause: 'connection-limit',
    summary:
      'nginx could not connect to the upstream within proxy_connect_timeout: its accept queue is full (every worker busy) or the host does not answer (504)',
    samples: [
      // lab php-fpm-max-children: nginx 1.22 → PHP-FPM 8.2 with pm.max_children = 2, listen.backlog = 1
      '2026/12/03 18:23:19 [error] 24449#24449: *65 upstream timed out (110: Connection timed out) while connecting to upstream, client: 127.0.0.1, server: shop.example.com, request: "GET /index.php?id=1 HTTP/1.1", upstream: "fastcgi://127.0.0.1:35857", host: "127.0.0.1:38493"',
      '2019/08/27 03:14:07 [error] 27#27: *5543 upstream timed out (110: Operation timed out) while connecting to upstream, client: 10.2.0.5, server: , request: "GET /health HTTP/1.1", upstream: "http://10.2.1.7:8080/health", host: "10.2.0.10"',
    ],
  },
  {
    id: 'nginx-upstream-connect-timed-out',
    formats: NGINX,
    pattern: /connect\(\) failed \(110: [^)]*\) while connecting to upstream/,
    event: 'queue-full',
    severity: 'error',
    cause: 'connection-limit',
    summary: 'the TCP connect to the upstream timed out (its accept queue full, or the host down) (504)',
    samples: [
      '2021/02/10 22:01:55 [error] 3122#3122: *918 connect() failed (110: Connection timed out) while connecting to upstream, client: 198.51.100.23, server: www.example.com, request: "GET / HTTP/1.1", upstream: "http://10.0.0.21:80/", host: "www.example.com"',
    ],
  },
  {
    id: 'nginx-upstream-socket-backlog-full',
    formats: NGINX,
    pattern:
      /connect\(\) to (?<socket>unix:\S+) failed \(11: Resource temporarily unavailable\) while connecting to upstream/,
    needle: '(11: Resource temporarily unavailable) while connecting',
    event: 'queue-full',
    severity: 'error',
    cause: 'connection-limit',
    summary: "the upstream's Unix socket backlog is full (every php-fpm/uWSGI worker busy): nginx answers 502",
    samples: [
      // unbit/uwsgi#1647
      '2017/09/22 18:05:27 [error] 6536#0: *56880 connect() to unix:///var/sockets/harri.sock failed (11: Resource temporarily unavailable) while connecting to upstream, client: 10.10.6.22, server: communication-api.harri.com, request: "GET /api/v1/brands/829255/conversations/2562/messages?limit=20 HTTP/1.1", upstream: "uwsgi://unix:///var/sockets/harri.sock:", host: "communication-api.harri.com", referrer: "https://harri.com/schedule?date=2017-09-25"',
      // richarvey/nginx-php-fpm#143 (without the docker log prefix)
      '2017/05/10 06:50:00 [error] 23#23: *423240 connect() to unix:/var/run/php-fpm.sock failed (11: Resource temporarily unavailable) while connecting to upstream, client: 172.18.0.1, server: *.*.org, request: "GET /-xxx-selecti HTTP/1.0", upstream: "fastcgi://unix:/var/run/php-fpm.sock:", host: "xxx.org"',
    ],
  },
  // ── end of the accept-queue block ─────────────────────────────────────────────────────────
  // ── config-error: a start or reload rejected the configuration (issue 14 item 2) ─────────────
  // A server that cannot parse its configuration names the file and line and refuses it. On a reload the old
  // workers keep the old configuration (a warning); on a start or restart nothing listens afterwards (the
  // outage). Which of the two it was is the detector's to tell, from whether requests went on after the line.
  {
    id: 'nginx-config-emerg',
    formats: NGINX,
    pattern: /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[emerg\] \d+#\d+: (?<message>.*) in (?<file>\/\S+):(?<cfgline>\d+)$/,
    needle: '[emerg] ',
    event: 'config-error',
    severity: 'critical',
    cause: 'config-error',
    summary: 'nginx rejected its configuration at a file:line (a reload keeps the old one; a start does not start)',
    samples: [
      // lab config-error: nginx 1.22, `nginx -s reload` and then a start on a site file with a typo
      '2026/12/04 04:15:47 [emerg] 10044#10044: unknown directive "proxy_read_timout" in /etc/nginx/conf.d/shop.conf:13',
    ],
  },
  {
    id: 'haproxy-config-parsing-alert',
    formats: HAPROXY,
    pattern: /: parsing \[(?<file>\/[^\]:]+):(?<cfgline>\d+)\] : (?<message>.+)/,
    needle: ': parsing [',
    event: 'config-error',
    severity: 'critical',
    cause: 'config-error',
    summary: 'HAProxy rejected a line of its configuration (parsing [file:line]): it does not start or reload',
    samples: [
      // a public incident write-up (`haproxy -c -f /etc/haproxy/haproxy.cfg` after a failed start)
      "[ALERT] 152/074545 (399) : parsing [/etc/haproxy/haproxy.cfg:7] : cannot find user id for 'haprox' (0:Success)",
      // the same through the journal (haproxy-systemd-wrapper on CentOS 7)
      "Apr 03 00:57:04 stlb01.stratos.xfusioncorp.com haproxy-systemd-wrapper[469]: [ALERT] 093/005704 (470) : parsing [/etc/haproxy/haproxy.cfg:57] : balance only supports 'roundrobin', 'static-rr', 'leastconn', 'source', 'uri', 'url_param', 'hdr(name)' and 'rdp-cookie(name)' options.",
    ],
  },
  {
    id: 'haproxy-config-fatal-errors',
    formats: HAPROXY,
    pattern: / : Fatal errors found in configuration\./,
    needle: 'Fatal errors found in configuration.',
    event: 'config-error',
    severity: 'critical',
    cause: 'config-error',
    summary: 'HAProxy refused to start or reload: its configuration has fatal errors',
    samples: [
      '[ALERT] 041/154050 (17460) : Fatal errors found in configuration.',
      'Jul 15 09:50:24 495864-lb-01 haproxy[84411]: [ALERT] 196/095024 (84411) : Fatal errors found in configuration.',
    ],
  },
  // ── end of the config-error block ─────────────────────────────────────────────────────────
  {
    id: 'nginx-upstream-timed-out',
    formats: NGINX,
    pattern: new RegExp(`upstream timed out \\(110: [^()]*\\) while ${UPSTREAM_PHASE}`),
    needle: 'upstream timed out (110: ',
    event: 'upstream-timeout',
    severity: 'error',
    // The app accepted but did not answer within proxy_read_timeout: blocked or overloaded.
    cause: 'event-loop-blocked',
    summary: 'the upstream did not answer within the proxy timeout (504)',
    samples: [
      '2022/07/11 14:05:41 [error] 8934#8934: *220377 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 107.167.202.154, server: api.example.com, request: "GET /v1/inventory/get/?current=256 HTTP/1.1", upstream: "http://127.0.0.1:3000/v1/inventory/get/?current=256", host: "api.example.com"',
    ],
  },
  {
    id: 'nginx-no-live-upstreams',
    formats: NGINX,
    pattern: /no live upstreams while connecting to upstream/,
    event: 'no-live-upstream',
    severity: 'critical',
    cause: 'health-check-cascade',
    summary: 'every server of the upstream group is marked failed (max_fails): nginx has nowhere to send requests',
    samples: [
      '2022/05/03 11:20:09 [error] 1290#1290: *66021 no live upstreams while connecting to upstream, client: 192.0.2.44, server: api.example.com, request: "GET /v2/orders HTTP/1.1", upstream: "http://backend/v2/orders", host: "api.example.com"',
    ],
  },
  {
    id: 'nginx-upstream-temporarily-disabled',
    formats: NGINX,
    pattern: /upstream server temporarily disabled while (?<phase>[^,]+)/,
    event: 'server-down',
    severity: 'warning',
    cause: 'health-check-cascade',
    summary: 'nginx took an upstream server out for fail_timeout after max_fails failures',
    samples: [
      '2022/05/03 11:20:01 [warn] 1290#1290: *66002 upstream server temporarily disabled while reading response header from upstream, client: 192.0.2.44, server: api.example.com, request: "GET /v2/orders HTTP/1.1", upstream: "http://10.0.1.5:8080/v2/orders", host: "api.example.com"',
    ],
  },
  {
    id: 'nginx-worker-connections-not-enough',
    formats: NGINX,
    pattern: /(?:^|\D)(?<limit>\d+) worker_connections are not enough/,
    event: 'worker-connections-exhausted',
    severity: 'critical',
    cause: 'connection-limit',
    summary: 'an nginx worker ran out of worker_connections (client plus upstream sockets)',
    samples: [
      '2022/07/11 14:03:00 [alert] 8934#0: 1024 worker_connections are not enough',
      '2018/12/01 19:44:31 [alert] 7#7: *1048573 768 worker_connections are not enough while connecting to upstream, client: 10.1.4.2, server: _, request: "GET /ws HTTP/1.1", upstream: "http://127.0.0.1:3000/ws", host: "chat.example.com"',
    ],
  },
  {
    id: 'nginx-too-many-open-files',
    formats: NGINX,
    pattern: /(?:^|\W)(?<call>\w+)\(\) (?:"[^"]*" )?failed \(24: Too many open files\)/,
    needle: '(24: Too many open files)',
    event: 'too-many-open-files',
    severity: 'critical',
    cause: 'fd-exhaustion',
    summary: 'nginx hit its file-descriptor limit (worker_rlimit_nofile / LimitNOFILE)',
    samples: [
      '2022/07/11 14:03:02 [crit] 8934#0: accept4() failed (24: Too many open files)',
      '2017/10/09 16:20:48 [crit] 3115#0: *2284017 open() "/usr/share/nginx/html/50x.html" failed (24: Too many open files), client: 66.249.64.1, server: example.com, request: "GET /favicon.ico HTTP/1.1", host: "example.com"',
      '2017/10/09 16:20:49 [alert] 3115#0: *2284020 socket() failed (24: Too many open files) while connecting to upstream, client: 66.249.64.3, server: example.com, request: "GET / HTTP/1.1", upstream: "http://127.0.0.1:8080/", host: "example.com"',
    ],
  },
  {
    id: 'nginx-client-body-too-large',
    formats: NGINX,
    pattern: /client intended to send too large (?:chunked )?body: (?<bytes>[\d+]+) bytes/,
    event: 'other',
    severity: 'warning',
    cause: 'oversized-payload',
    summary: 'a request body exceeded client_max_body_size (413)',
    samples: [
      '2023/04/12 10:02:31 [error] 24#24: *5127 client intended to send too large body: 15728640 bytes, client: 172.17.0.1, server: files.example.com, request: "POST /api/upload HTTP/1.1", host: "files.example.com"',
      '2023/04/12 10:05:02 [error] 24#24: *5188 client intended to send too large chunked body: 1048576+32768 bytes, client: 172.17.0.1, server: files.example.com, request: "PUT /api/blob HTTP/1.1", host: "files.example.com"',
    ],
  },
  {
    id: 'nginx-upstream-too-big-header',
    formats: NGINX,
    pattern: /upstream sent too big header while reading response header from upstream/,
    event: 'upstream-closed',
    severity: 'error',
    cause: 'oversized-payload',
    summary: "the upstream's response headers exceed proxy_buffer_size (502)",
    samples: [
      '2021/09/30 15:47:12 [error] 31#31: *3391 upstream sent too big header while reading response header from upstream, client: 10.0.0.7, server: sso.example.com, request: "GET /oauth/callback?code=x HTTP/1.1", upstream: "http://127.0.0.1:9000/oauth/callback?code=x", host: "sso.example.com"',
    ],
  },
  {
    id: 'nginx-limiting-requests',
    formats: NGINX,
    pattern: /limiting (?:requests, excess: [\d.]+|connections) by zone "(?<zone>[^"]+)"/,
    needle: ' by zone "',
    event: 'maxconn-reached',
    severity: 'warning',
    cause: 'connection-limit',
    summary: 'limit_req / limit_conn rejected or delayed a request (503 by default)',
    samples: [
      '2022/02/14 08:00:03 [error] 19#19: *2210 limiting requests, excess: 20.550 by zone "api", client: 198.51.100.7, server: api.example.com, request: "POST /v1/login HTTP/1.1", host: "api.example.com"',
      '2022/02/14 08:00:04 [error] 19#19: *2232 limiting connections by zone "perip", client: 198.51.100.7, server: api.example.com, request: "GET /v1/feed HTTP/1.1", host: "api.example.com"',
    ],
  },
  {
    id: 'nginx-worker-exited-on-signal',
    formats: NGINX,
    pattern: /worker process (?<pid>\d+) exited on signal (?<signal>\d+)/,
    event: 'process-exit',
    severity: 'critical',
    // Signal 9 from outside nginx is nearly always the kernel's OOM killer.
    cause: 'memory-exhaustion',
    summary: 'an nginx worker died on a signal (9: OOM killer; 11: crash)',
    samples: [
      '2022/07/11 14:10:52 [alert] 8930#8930: worker process 8934 exited on signal 9',
      '2020/03/05 02:16:40 [alert] 1#1: worker process 4321 exited on signal 11 (core dumped)',
    ],
  },
  {
    id: 'nginx-no-space-left',
    formats: NGINX,
    pattern: /failed \(28: No space left on device\)/,
    event: 'disk-full',
    severity: 'critical',
    cause: 'disk-full',
    summary: 'nginx could not write (temp file, log, cache): the disk is full',
    samples: [
      '2022/10/01 04:12:19 [crit] 1021#1021: *77123 pwrite() "/var/lib/nginx/body/0000000012" failed (28: No space left on device), client: 10.0.2.2, server: _, request: "POST /upload HTTP/1.1", host: "10.0.2.15"',
    ],
  },

  // ── HAProxy ([WARNING]/[ALERT] messages on stderr, or the same through syslog) ─────────────
  {
    id: 'haproxy-server-down-layer4-connection',
    formats: HAPROXY,
    pattern: /Server (?<backend>[^/\s]+)\/(?<server>\S+) is DOWN, reason: (?<reason>Layer4 connection problem)/,
    event: 'server-down',
    severity: 'error',
    // The check's connect was refused: the app is not listening (crashed, restarting).
    cause: 'crash-loop',
    summary: 'HAProxy marked a server DOWN: its health check connection was refused',
    samples: [
      '[WARNING]  (8) : Server app/web1 is DOWN, reason: Layer4 connection problem, info: "Connection refused", check duration: 0ms. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.',
      'Oct 12 07:15:06 lb1 haproxy[74918]: Server be_api/api2 is DOWN, reason: Layer4 connection problem, info: "Connection refused", check duration: 1ms. 1 active and 0 backup servers left. 3 sessions active, 0 requeued, 0 remaining in queue.',
    ],
  },
  {
    id: 'haproxy-server-down-layer4-timeout',
    formats: HAPROXY,
    pattern: /Server (?<backend>[^/\s]+)\/(?<server>\S+) is DOWN, reason: (?<reason>Layer4 timeout)/,
    event: 'server-down',
    severity: 'error',
    cause: 'health-check-cascade',
    summary: 'HAProxy marked a server DOWN: its health check could not even connect in time',
    samples: [
      '[WARNING] 285/071503 (74918) : Server express/gear-2 is DOWN, reason: Layer4 timeout, check duration: 2001ms. 1 active and 0 backup servers left. 64 sessions active, 0 requeued, 0 remaining in queue.',
    ],
  },
  {
    id: 'haproxy-server-down-layer7-timeout',
    formats: HAPROXY,
    pattern: /Server (?<backend>[^/\s]+)\/(?<server>\S+) is DOWN, reason: (?<reason>Layer7 timeout)/,
    event: 'server-down',
    severity: 'error',
    cause: 'health-check-cascade',
    summary: 'HAProxy marked a server DOWN: it accepted the check but did not answer in time',
    samples: [
      '[WARNING] 285/071506 (74918) : Server express/local-gear is DOWN, reason: Layer7 timeout, check duration: 10002ms. 0 active and 0 backup servers left. 128 sessions active, 0 requeued, 0 remaining in queue.',
    ],
  },
  {
    id: 'haproxy-server-down-layer7-status',
    formats: HAPROXY,
    pattern:
      /Server (?<backend>[^/\s]+)\/(?<server>\S+) is DOWN, reason: (?<reason>Layer7 wrong status), code: (?<code>\d+)/,
    event: 'server-down',
    severity: 'error',
    cause: 'health-check-cascade',
    summary: 'HAProxy marked a server DOWN: its health check answered with an error status',
    samples: [
      '[WARNING] 041/101522 (2113) : Server web/app3 is DOWN, reason: Layer7 wrong status, code: 503, info: "Service Unavailable", check duration: 4ms. 2 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.',
    ],
  },
  {
    id: 'haproxy-server-down-maintenance',
    formats: HAPROXY,
    pattern: /Server (?<backend>[^/\s]+)\/(?<server>\S+) is (?:going )?DOWN for maintenance/,
    needle: 'DOWN for maintenance',
    event: 'server-down',
    severity: 'notice',
    summary: 'a server was put in maintenance (by an operator, an API or a scaler)',
    samples: ['[WARNING] 285/071511 (74918) : Server express/local-gear is DOWN for maintenance.'],
  },
  {
    id: 'haproxy-server-down',
    formats: HAPROXY,
    pattern: /Server (?<backend>[^/\s]+)\/(?<server>\S+) is DOWN, reason: (?<reason>[^,.]+)/,
    needle: ' is DOWN, reason: ',
    event: 'server-down',
    severity: 'error',
    cause: 'health-check-cascade',
    summary: 'HAProxy marked a server DOWN (other check failures: socket error, invalid response)',
    samples: [
      '[WARNING] 152/093012 (1402) : Server db/galera2 is DOWN, reason: Socket error, check duration: 0ms. 2 active and 0 backup servers left. 12 sessions active, 0 requeued, 0 remaining in queue.',
      'Jun  1 09:30:14 lb2 haproxy[1402]: Server app/web4 is DOWN, reason: Layer7 invalid response, info: "TCPCHK got an empty response at step 1", check duration: 2ms. 3 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.',
    ],
  },
  {
    id: 'haproxy-server-up',
    formats: HAPROXY,
    pattern: /Server (?<backend>[^/\s]+)\/(?<server>\S+) is UP/,
    needle: ' is UP',
    event: 'server-up',
    severity: 'info',
    summary: 'HAProxy put a server back in rotation',
    samples: [
      '[WARNING] 285/071726 (74918) : Server express/local-gear is UP, reason: Layer7 check passed, code: 200, check duration: 3ms. 1 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.',
      'Oct 12 07:17:26 lb1 haproxy[74918]: Server be_api/api2 is UP, reason: Layer4 check passed, check duration: 0ms. 2 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.',
    ],
  },
  {
    id: 'haproxy-no-server-available',
    formats: HAPROXY,
    pattern: /(?:backend|proxy) '?(?<backend>[^'\s]+)'? has no server available!/,
    needle: ' has no server available!',
    event: 'no-server-available',
    severity: 'critical',
    cause: 'health-check-cascade',
    summary: 'every server of a backend is DOWN: HAProxy answers 503',
    samples: [
      "[ALERT] 285/071506 (74918) : proxy 'express' has no server available!",
      "[ALERT]    (8) : backend 'app' has no server available!",
      'Mar  3 02:11:09 lb1 haproxy[911]: backend be_api has no server available!',
    ],
  },
  {
    id: 'haproxy-process-fd-limit',
    formats: HAPROXY,
    pattern: /Proxy (?<proxy>\S+) reached (?:process|system) FD limit/,
    needle: ' FD limit',
    event: 'too-many-open-files',
    severity: 'critical',
    cause: 'fd-exhaustion',
    summary: 'HAProxy cannot accept: it reached its file-descriptor limit (ulimit-n / fs.file-max)',
    samples: [
      "[ALERT] 132/101500 (1203) : Proxy http-in reached process FD limit (maxsock=4096). Please check 'ulimit-n' and restart.",
      'May 12 10:15:00 lb1 haproxy[1203]: Proxy fe_main reached system FD limit (maxsock=200039). Please check system tunables.',
    ],
  },
  {
    id: 'haproxy-fd-limit-too-low',
    formats: HAPROXY,
    pattern: /FD limit \((?<limit>\d+)\) too low for maxconn=(?<maxconn>\d+)/,
    event: 'other',
    severity: 'warning',
    cause: 'fd-exhaustion',
    summary: 'HAProxy started with fewer file descriptors than its maxconn needs',
    samples: [
      "[WARNING] 132/101455 (1203) : [haproxy.main()] FD limit (1024) too low for maxconn=2000/maxsock=4036. Please raise 'ulimit-n' to 4036 or more to avoid any trouble.",
    ],
  },
  {
    id: 'haproxy-global-maxconn-reached',
    formats: HAPROXY,
    pattern: /Proxy (?<proxy>\S+) reached the configured maximum connection limit/,
    event: 'maxconn-reached',
    severity: 'critical',
    cause: 'connection-limit',
    summary: "HAProxy reached the global maxconn: new connections wait in the kernel's backlog",
    samples: [
      "[ALERT] 286/101503 (2001) : Proxy fe_http reached the configured maximum connection limit. Please check the global 'maxconn' value.",
    ],
  },
  {
    id: 'haproxy-no-free-ports',
    formats: HAPROXY,
    pattern: /Connect\(\) failed for backend (?<backend>\S+): no free ports/,
    event: 'maxconn-reached',
    severity: 'critical',
    cause: 'connection-limit',
    summary: 'HAProxy ran out of local ports toward a backend (ephemeral port exhaustion)',
    samples: ['[ALERT] 201/150212 (4412) : Connect() failed for backend mysql: no free ports.'],
  },

  // ── OpenShift haproxy_ctld (the gear auto-scaler) ─────────────────────────────────────────
  {
    id: 'haproxy-ctld-add-gear',
    formats: ['haproxy-ctld'],
    pattern: /add-gear - capacity: (?<capacity>[\d.]+)% gear_count: (?<gears>\d+) sessions: (?<sessions>\d+)/,
    event: 'scale-up',
    severity: 'notice',
    summary: 'the OpenShift scaler adds a gear: sessions exceeded the up threshold',
    samples: [
      'I, [2014-10-13T07:14:48.857616 #74934]  INFO -- : add-gear - capacity: 143.75% gear_count: 1 sessions: 23 up_thresh: 90.0%',
    ],
  },
  {
    id: 'haproxy-ctld-remove-gear',
    formats: ['haproxy-ctld'],
    pattern: /remove-gear - capacity: (?<capacity>[\d.]+)% gear_count: (?<gears>\d+) sessions: (?<sessions>\d+)/,
    event: 'scale-down',
    severity: 'info',
    summary: 'the OpenShift scaler removes a gear: load stayed under the remove threshold',
    samples: [
      'I, [2014-10-13T08:02:18.113201 #74934]  INFO -- : remove-gear - capacity: 9.375% gear_count: 2 sessions: 3 remove_thresh: 49.9%',
    ],
  },
  {
    id: 'haproxy-ctld-haproxy-unreachable',
    formats: ['haproxy-ctld'],
    pattern: /Failed to get information from haproxy/,
    event: 'health-check-failed',
    severity: 'error',
    summary: 'the scaler could not read HAProxy stats (HAProxy down or the gear starved)',
    samples: ['E, [2014-10-13T07:16:51.020301 #74934] ERROR -- : Failed to get information from haproxy'],
  },

  // ── Linux kernel (dmesg, kern.log, or the journal's kernel lines) ─────────────────────────
  {
    id: 'kernel-oom-killed-process',
    formats: KERNEL,
    pattern: /Out of memory: Kill(?:ed)? process (?<pid>\d+) \((?<process>[^()]*)\)/,
    needle: 'Out of memory: Kill',
    event: 'oom-kill',
    severity: 'critical',
    cause: 'memory-exhaustion',
    summary: 'the kernel OOM killer killed a process: the host ran out of memory',
    samples: [
      '[1043922.162218] Out of memory: Killed process 8934 (node) total-vm:2873440kB, anon-rss:2591228kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:5436kB oom_score_adj:0',
      'Jul 11 14:09:58 ip-172-31-9-80 kernel: [1043922.162218] Out of memory: Killed process 8934 (node) total-vm:2873440kB, anon-rss:2591228kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:5436kB oom_score_adj:0',
      'Oct 13 07:15:01 ex-std-node42 kernel: Out of memory: Kill process 74931 (node) score 912 or sacrifice child',
    ],
  },
  {
    id: 'kernel-memcg-oom-killed-process',
    formats: KERNEL,
    pattern: /Memory cgroup out of memory: Kill(?:ed)? process (?<pid>\d+) \((?<process>[^()]*)\)/,
    event: 'oom-kill',
    severity: 'critical',
    cause: 'memory-exhaustion',
    summary: "the OOM killer killed a process that exceeded its cgroup's memory limit (container, unit)",
    samples: [
      '[ 8812.442781] Memory cgroup out of memory: Killed process 22190 (node) total-vm:1512300kB, anon-rss:518112kB, file-rss:31220kB, shmem-rss:0kB, UID:0 pgtables:1432kB oom_score_adj:0',
    ],
  },
  {
    id: 'kernel-killed-process',
    formats: KERNEL,
    // The second line of older kernels' two-line OOM report; the first line is matched above.
    pattern: /(?<!memory: )Killed process (?<pid>\d+) \((?<process>[^()]*)\) total-vm:/,
    needle: 'Killed process ',
    event: 'oom-kill',
    severity: 'critical',
    cause: 'memory-exhaustion',
    summary: 'the OOM killer killed a process (older kernels print it on its own line)',
    samples: [
      'Oct 13 07:15:01 ex-std-node42 kernel: Killed process 74931 (node) total-vm:1364088kB, anon-rss:493408kB, file-rss:0kB',
    ],
  },
  {
    id: 'kernel-invoked-oom-killer',
    formats: KERNEL,
    pattern: /(?:^|\s)(?<process>\S+) invoked oom-killer: gfp_mask=/,
    event: 'memory-warning',
    severity: 'error',
    cause: 'memory-exhaustion',
    summary: 'an allocation found no free memory and woke the OOM killer (a kill follows)',
    samples: [
      '[1043922.161001] node invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0',
      'Jul 11 14:09:58 ip-172-31-9-80 kernel: [1043922.161001] redis-server invoked oom-killer: gfp_mask=0x14200ca(GFP_HIGHUSER_MOVABLE), nodemask=(null), order=0, oom_score_adj=0',
    ],
  },
  {
    id: 'kernel-oom-kill-constraint',
    formats: KERNEL,
    pattern: /oom-kill:constraint=(?<constraint>[A-Z_]+),[^:]*?task=(?<process>[^,=]*),pid=(?<pid>\d+)/,
    needle: 'oom-kill:constraint=',
    event: 'memory-warning',
    severity: 'error',
    cause: 'memory-exhaustion',
    summary: "the OOM killer's choice: which task in which cgroup (a kill line follows)",
    samples: [
      '[1043922.162190] oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/user.slice/user-1000.slice/session-3.scope,task=node,pid=8934,uid=1000',
    ],
  },
  {
    id: 'kernel-page-allocation-failure',
    formats: KERNEL,
    pattern: /(?:^|\s)(?<process>\S+): page allocation failure: order:(?<order>\d+)/,
    event: 'memory-warning',
    severity: 'warning',
    cause: 'memory-exhaustion',
    summary: 'the kernel failed an allocation (memory pressure or fragmentation)',
    samples: [
      '[523311.118232] nginx: page allocation failure: order:4, mode:0x104020(GFP_ATOMIC|__GFP_COMP), nodemask=(null),cpuset=/,mems_allowed=0',
    ],
  },
  {
    id: 'kernel-hung-task',
    formats: KERNEL,
    pattern: /INFO: task (?<process>[^\s:]+(?::[^\s:]+)?):(?<pid>\d+) blocked for more than (?<seconds>\d+) seconds/,
    needle: ' blocked for more than ',
    event: 'hung-task',
    severity: 'error',
    // Usually I/O starvation under memory pressure (swap, page cache thrash) on small instances.
    cause: 'memory-exhaustion',
    summary: 'a task was stuck in uninterruptible sleep for minutes (I/O or memory starvation)',
    samples: [
      '[1044101.520331] INFO: task jbd2/xvda1-8:215 blocked for more than 120 seconds.',
      'Jul 11 14:12:59 ip-172-31-9-80 kernel: [1044101.520902] INFO: task node:8934 blocked for more than 120 seconds.',
    ],
  },
  {
    id: 'kernel-syn-flooding',
    formats: KERNEL,
    pattern: /[Pp]ossible SYN flooding on port (?<port>\S+?)\. (?<action>Sending cookies|Dropping request)/,
    needle: 'SYN flooding on port ',
    event: 'syn-flood',
    severity: 'warning',
    // Mostly not an attack: the listen backlog (somaxconn) overflowed under a burst.
    cause: 'connection-limit',
    summary: 'a listen queue overflowed (backlog/somaxconn too small for the burst, or a flood)',
    samples: [
      '[ 2211.901201] TCP: request_sock_TCP: Possible SYN flooding on port 80. Sending cookies.  Check SNMP counters.',
      'Mar  3 02:10:55 web1 kernel: [  912.001122] TCP: request_sock_TCP: Possible SYN flooding on port [::]:443. Sending cookies.',
      'Jan  8 22:31:40 web2 kernel: possible SYN flooding on port 8080. Sending cookies.',
    ],
  },
  {
    id: 'kernel-conntrack-table-full',
    formats: KERNEL,
    pattern: /nf_conntrack: (?:nf_conntrack: )?table full, dropping packet/,
    needle: 'table full, dropping packet',
    event: 'conntrack-full',
    severity: 'critical',
    cause: 'connection-limit',
    summary: 'the netfilter connection-tracking table is full: new connections are dropped',
    samples: [
      '[ 7221.551390] nf_conntrack: nf_conntrack: table full, dropping packet',
      'Feb 21 18:02:13 lb1 kernel: nf_conntrack: table full, dropping packet.',
    ],
  },
  {
    id: 'kernel-file-max-reached',
    formats: KERNEL,
    pattern: /VFS: file-max limit (?<limit>\d+) reached/,
    event: 'too-many-open-files',
    severity: 'critical',
    cause: 'fd-exhaustion',
    summary: 'the system-wide file handle limit (fs.file-max) was reached',
    samples: ['[ 9912.004001] VFS: file-max limit 65536 reached'],
  },
  {
    id: 'kernel-tcp-out-of-memory',
    formats: KERNEL,
    pattern: /TCP: out of memory -- consider tuning tcp_mem/,
    event: 'memory-warning',
    severity: 'error',
    cause: 'memory-exhaustion',
    summary: 'TCP socket buffers exceeded net.ipv4.tcp_mem: connections are dropped',
    samples: ['[ 4412.219001] TCP: out of memory -- consider tuning tcp_mem'],
  },
  {
    id: 'kernel-too-many-orphaned-sockets',
    formats: KERNEL,
    pattern: /TCP: too many orphaned sockets/,
    event: 'maxconn-reached',
    severity: 'error',
    cause: 'connection-limit',
    summary: 'more closed-but-unacknowledged sockets than tcp_max_orphans: the kernel resets them',
    samples: ['Apr  2 11:22:33 web1 kernel: [ 5512.331902] TCP: too many orphaned sockets'],
  },
  {
    id: 'kernel-ext4-error',
    formats: KERNEL,
    pattern: /EXT4-fs error \(device (?<device>[^()]+)\)/,
    event: 'filesystem-error',
    severity: 'critical',
    summary: 'the ext4 filesystem reported an error (corruption or I/O failure; may remount read-only)',
    samples: [
      '[ 3301.112201] EXT4-fs error (device xvda1): ext4_journal_check_start:83: Detected aborted journal',
      'Sep  9 03:12:44 db1 kernel: EXT4-fs error (device nvme1n1p1): ext4_find_entry:1455: inode #2: comm mysqld: reading directory lblock 0',
    ],
  },
  {
    id: 'kernel-io-error',
    formats: KERNEL,
    pattern: /(?:blk_update_request|I\/O error), dev (?<device>\w+), sector (?<sector>\d+)/,
    needle: ', dev ',
    event: 'filesystem-error',
    severity: 'critical',
    summary: 'a block device returned an I/O error',
    samples: [
      '[ 3301.100001] blk_update_request: I/O error, dev xvda, sector 2048 op 0x1:(WRITE) flags 0x800 phys_seg 1 prio class 0',
      '[ 5501.100101] I/O error, dev nvme0n1, sector 41943040 op 0x0:(READ) flags 0x80700 phys_seg 1 prio class 0',
    ],
  },
  {
    id: 'kernel-linux-version-banner',
    formats: KERNEL,
    pattern: /Linux version (?<release>\S+) \([^\s@()]+@[^\s()]+\)/,
    needle: 'Linux version ',
    event: 'reboot',
    severity: 'notice',
    summary: 'the kernel boot banner: the host (re)booted here',
    samples: [
      '[    0.000000] Linux version 5.4.0-1060-aws (buildd@lgw01-amd64-054) (gcc version 7.5.0 (Ubuntu 7.5.0-3ubuntu1~18.04)) #63~18.04.1-Ubuntu SMP Mon Nov 15 14:31:31 UTC 2021 (Ubuntu 5.4.0-1060.63~18.04.1-aws 5.4.151)',
      'Jul 11 14:19:19 ip-172-31-9-80 kernel: [    0.000000] Linux version 5.4.0-1060-aws (buildd@lgw01-amd64-054) (gcc version 7.5.0 (Ubuntu 7.5.0-3ubuntu1~18.04)) #63~18.04.1-Ubuntu SMP Mon Nov 15 14:31:31 UTC 2021 (Ubuntu 5.4.0-1060.63~18.04.1-aws 5.4.151)',
    ],
  },

  // ── systemd and friends (syslog / journal) ────────────────────────────────────────────────
  {
    id: 'systemd-watchdog-timeout',
    formats: SYSTEMD,
    pattern: /(?:^|\s)(?<unit>\S+): Watchdog timeout \(limit (?<limit>[^()]+)\)!/,
    needle: ': Watchdog timeout (limit ',
    event: 'watchdog-timeout',
    severity: 'critical',
    // A service that cannot ping its watchdog for minutes: the host is starved (seed postmortem).
    cause: 'memory-exhaustion',
    summary: 'a service missed its systemd watchdog: the host or the service is starved or hung',
    samples: [
      'Jul 11 14:15:37 ip-172-31-9-80 systemd[1]: snapd.service: Watchdog timeout (limit 5min)!',
      '2022-07-11T14:15:37+0000 ip-172-31-9-80 systemd[1]: systemd-journald.service: Watchdog timeout (limit 3min)!',
    ],
  },
  {
    id: 'systemd-unit-oom-killed',
    formats: SYSTEMD,
    pattern: /(?:^|\s)(?<unit>\S+): A process of this unit has been killed by the OOM killer/,
    needle: 'has been killed by the OOM killer',
    event: 'oom-kill',
    severity: 'critical',
    cause: 'memory-exhaustion',
    summary: "systemd reports that the OOM killer killed one of the unit's processes",
    samples: [
      'Jul 11 14:09:58 ip-172-31-9-80 systemd[1]: pm2-jenkins.service: A process of this unit has been killed by the OOM killer.',
    ],
  },
  {
    id: 'systemd-failed-oom-kill',
    formats: SYSTEMD,
    pattern: /(?:^|\s)(?<unit>\S+): Failed with result 'oom-kill'/,
    event: 'process-exit',
    severity: 'critical',
    cause: 'memory-exhaustion',
    summary: 'a systemd unit failed because the OOM killer killed it',
    samples: ["Jul 11 14:09:58 ip-172-31-9-80 systemd[1]: pm2-jenkins.service: Failed with result 'oom-kill'."],
  },
  {
    id: 'systemd-main-process-killed',
    formats: SYSTEMD,
    pattern: /(?:^|\s)(?<unit>\S+): Main process exited, code=killed, status=(?<status>\d+)\/(?<signal>[A-Z]+)/,
    needle: ': Main process exited, code=killed, ',
    event: 'process-exit',
    severity: 'error',
    // SIGKILL that the unit did not ask for is most often the OOM killer.
    cause: 'memory-exhaustion',
    summary: "a service's main process was killed by a signal (9/KILL: usually the OOM killer)",
    samples: [
      'Jul 11 14:09:58 ip-172-31-9-80 systemd[1]: pm2-jenkins.service: Main process exited, code=killed, status=9/KILL',
      'Mar 14 03:00:01 app1 systemd[1]: api.service: Main process exited, code=killed, status=6/ABRT',
    ],
  },
  {
    id: 'systemd-main-process-failed',
    formats: SYSTEMD,
    pattern: /(?:^|\s)(?<unit>\S+): Main process exited, code=exited, status=(?<status>[1-9]\d*)\/(?<name>\w+)/,
    needle: ': Main process exited, code=exited, status=',
    event: 'process-exit',
    severity: 'error',
    cause: 'crash-loop',
    summary: "a service's main process exited with a failure status",
    samples: ['Mar 14 03:00:01 app1 systemd[1]: api.service: Main process exited, code=exited, status=1/FAILURE'],
  },
  {
    id: 'systemd-scheduled-restart',
    formats: SYSTEMD,
    pattern: /(?:^|\s)(?<unit>\S+): Scheduled restart job, restart counter is at (?<count>\d+)/,
    event: 'process-restart',
    severity: 'warning',
    cause: 'crash-loop',
    summary: 'systemd restarts a failed service (Restart=)',
    samples: ['Mar 14 03:00:06 app1 systemd[1]: api.service: Scheduled restart job, restart counter is at 4.'],
  },
  {
    id: 'systemd-start-request-repeated',
    formats: SYSTEMD,
    pattern: /(?:^|\s)(?<unit>\S+): Start request repeated too quickly/,
    event: 'restart-loop-stopped',
    severity: 'critical',
    cause: 'crash-loop',
    summary: 'systemd gave up restarting a service that kept failing (StartLimitBurst)',
    samples: ['Mar 14 03:00:31 app1 systemd[1]: api.service: Start request repeated too quickly.'],
  },
  {
    id: 'systemd-udevd-taking-long',
    formats: SYSTEMD,
    pattern: /systemd-udevd\[\d+\]: (?:seq \d+ )?.{0,300}? is taking a long time/,
    needle: ' is taking a long time',
    event: 'hung-task',
    severity: 'warning',
    cause: 'memory-exhaustion',
    summary: 'udev work stalled for minutes: a sign the host is starved',
    samples: [
      "Jul 11 13:59:43 ip-172-31-9-80 systemd-udevd[450]: seq 26654 '/kernel/slab/:a-0000104/cgroup/buffer_head(531:systemd-resolved.service)' is taking a long time",
      'Jul 11 13:59:43 ip-172-31-9-80 systemd-udevd[450]: seq 26654 ‘/kernel/slab/:a-0000104/cgroup/buffer_head(531:systemd-resolved.service)’ is taking a long time',
    ],
  },
  {
    id: 'systemd-journald-memory-pressure',
    formats: SYSTEMD,
    pattern: /systemd-journald\[\d+\]: Under memory pressure, flushing caches/,
    needle: 'Under memory pressure, flushing caches',
    event: 'memory-warning',
    severity: 'warning',
    cause: 'memory-exhaustion',
    summary: 'journald saw memory pressure (the kernel signalled it via PSI)',
    samples: ['Jul 11 14:08:12 ip-172-31-9-80 systemd-journald[311]: Under memory pressure, flushing caches.'],
  },

  // ── cloud-init ────────────────────────────────────────────────────────────────────────────
  {
    id: 'cloud-init-boot',
    formats: ['cloud-init-log', 'syslog'],
    pattern: /Cloud-init v\. (?<version>\S+) running ['‘]init-local['’] at /,
    needle: 'Cloud-init v. ',
    event: 'reboot',
    severity: 'notice',
    summary: "cloud-init's first stage of a boot: the instance (re)started here",
    samples: [
      "2022-07-11 14:19:13,221 - util.py[DEBUG]: Cloud-init v. 21.4-0ubuntu1~18.04.1 running 'init-local' at Mon, 11 Jul 2022 14:19:13 +0000. Up 21.52 seconds.",
      'util.py[DEBUG]: Cloud-init v. 21.4-0ubuntu1~18.04.1 running ‘init-local’ at Mon, 11 Jul 2022 14:19:13 +0000. Up 21.52 seconds.',
      "Jul 11 14:19:13 ip-172-31-9-80 cloud-init[512]: Cloud-init v. 21.4-0ubuntu1~18.04.1 running 'init-local' at Mon, 11 Jul 2022 14:19:13 +0000. Up 21.52 seconds.",
    ],
  },

  // ── PM2 (the daemon's pm2.log, and what PM2 prints into the app's logs) ───────────────────
  {
    id: 'pm2-max-memory-restart',
    formats: PM2,
    pattern: /Process (?<id>\d+) restarted because it exceeds --max-memory-restart value/,
    needle: 'exceeds --max-memory-restart value',
    event: 'memory-limit-restart',
    severity: 'error',
    cause: 'memory-exhaustion',
    summary: 'PM2 restarted an app that grew past max_memory_restart',
    samples: [
      '2022-07-11T15:26:54: PM2 log: [PM2][WORKER] Process 0 restarted because it exceeds --max-memory-restart value (current_memory=212860928 max_memory_limit=209715200 [octets])',
    ],
  },
  {
    id: 'pm2-too-many-unstable-restarts',
    formats: PM2,
    pattern: /Script (?<script>\S+) had too many unstable restarts \((?<count>\d+)\)\. Stopped\./,
    needle: 'had too many unstable restarts',
    event: 'restart-loop-stopped',
    severity: 'critical',
    cause: 'crash-loop',
    summary: 'PM2 stopped restarting an app that kept dying right after start (status errored)',
    samples: [
      '2022-07-11T15:27:10: PM2 log: Script /var/lib/jenkins/workspace/dev_backend/build/server.js had too many unstable restarts (16). Stopped. "errored"',
    ],
  },
  {
    id: 'pm2-app-exited',
    formats: PM2,
    pattern: /App \[(?<app>[^\][:]+):(?<id>\d+)\] exited with code \[(?<code>-?\d+)\] via signal \[(?<signal>\w+)\]/,
    needle: '] exited with code [',
    event: 'process-exit',
    severity: 'warning',
    cause: 'crash-loop',
    summary: 'a PM2 app process exited (PM2 restarts it when autorestart is on)',
    samples: [
      '2022-07-11T15:26:54: PM2 log: App [ob_api_server:0] exited with code [1] via signal [SIGINT]',
      'PM2 log: App [front:1] exited with code [0] via signal [SIGKILL]',
    ],
  },
  {
    id: 'pm2-sigkill-after-kill-timeout',
    formats: PM2,
    pattern: /Process with pid (?<pid>\d+) still alive after (?<ms>\d+)ms, sending it SIGKILL/,
    needle: 'still alive after ',
    event: 'other',
    severity: 'warning',
    summary: "an app did not exit within PM2's kill_timeout and was SIGKILLed (busy or stuck shutdown)",
    samples: [
      '2022-07-11T15:26:56: PM2 log: Process with pid 995403 still alive after 1600ms, sending it SIGKILL now...',
    ],
  },
  {
    id: 'pm2-app-starting',
    formats: PM2,
    pattern: /App \[(?<app>[^\][:]+):(?<id>\d+)\] starting in -(?<mode>fork|cluster) mode-/,
    needle: ' mode-',
    event: 'process-start',
    severity: 'info',
    summary: 'PM2 starts an app process (first start or restart)',
    samples: [
      '2022-07-11T15:26:54: PM2 log: App [ob_api_server:0] starting in -cluster mode-',
      '2022-07-11T14:26:31: PM2 log: App [worker:2] starting in -fork mode-',
    ],
  },
  {
    id: 'pm2-app-online',
    formats: PM2,
    pattern: /App \[(?<app>[^\][:]+):(?<id>\d+)\] online/,
    needle: '] online',
    event: 'process-online',
    severity: 'info',
    summary: 'a PM2 app process is up',
    samples: ['2022-07-11T15:26:55: PM2 log: App [ob_api_server:0] online'],
  },

  // ── Node.js runtime (stderr, PM2 error logs, JSON loggers, journal, Heroku) ───────────────
  {
    id: 'node-heap-limit-oom',
    formats: APP,
    pattern:
      /FATAL ERROR: (?<phase>Reached heap limit|Ineffective mark-compacts near heap limit|CALL_AND_RETRY_LAST|MarkCompactCollector: young object promotion failed) Allocation failed - JavaScript heap out of memory/,
    needle: 'JavaScript heap out of memory',
    event: 'heap-out-of-memory',
    severity: 'critical',
    cause: 'memory-exhaustion',
    summary: 'Node ran out of V8 heap (--max-old-space-size) and aborted',
    samples: [
      'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
      'FATAL ERROR: Ineffective mark-compacts near heap limit Allocation failed - JavaScript heap out of memory',
      '2022-07-11T15:26:50: FATAL ERROR: CALL_AND_RETRY_LAST Allocation failed - JavaScript heap out of memory',
    ],
  },
  {
    id: 'node-last-few-gcs',
    formats: APP,
    pattern: /<--- Last few GCs --->/,
    event: 'memory-warning',
    severity: 'error',
    cause: 'memory-exhaustion',
    summary: "V8's GC trace printed just before a heap out-of-memory abort",
    samples: ['<--- Last few GCs --->'],
  },
  {
    id: 'node-invalid-string-length',
    formats: APP,
    pattern: /RangeError: Invalid string length/,
    event: 'invalid-string-length',
    severity: 'error',
    // JSON.stringify of a huge result (the seed postmortem) exceeds V8's max string length.
    cause: 'oversized-payload',
    summary: 'a string grew past V8’s maximum length (typically JSON.stringify of a huge response)',
    samples: [
      'RangeError: Invalid string length',
      '{"level":50,"time":1657552014123,"pid":8934,"hostname":"ip-172-31-9-80","err":{"type":"RangeError","message":"Invalid string length","stack":"RangeError: Invalid string length\\n    at JSON.stringify (<anonymous>)"},"msg":"Invalid string length"}',
    ],
  },
  {
    id: 'node-unhandled-rejection-pm2',
    formats: APP,
    pattern: /You have triggered an unhandledRejection, you may have forgotten to catch a Promise rejection/,
    needle: 'You have triggered an unhandledRejection',
    event: 'unhandled-rejection',
    severity: 'error',
    cause: 'crash-loop',
    summary: 'PM2 caught an unhandled promise rejection in the app',
    samples: ['You have triggered an unhandledRejection, you may have forgotten to catch a Promise rejection:'],
  },
  {
    id: 'node-unhandled-rejection-fatal',
    formats: APP,
    pattern:
      /\[UnhandledPromiseRejection: This error originated either by throwing inside of an async function without a catch block/,
    needle: '[UnhandledPromiseRejection: ',
    event: 'unhandled-rejection',
    severity: 'critical',
    cause: 'crash-loop',
    summary: 'an unhandled promise rejection crashed Node (15+ default --unhandled-rejections=throw)',
    samples: [
      '[UnhandledPromiseRejection: This error originated either by throwing inside of an async function without a catch block, or by rejecting a promise which was not handled with .catch(). The promise rejected with the reason "Error: connect ECONNREFUSED 127.0.0.1:6379".] {',
    ],
  },
  {
    id: 'node-unhandled-rejection-warning',
    formats: APP,
    pattern: /UnhandledPromiseRejectionWarning: /,
    event: 'unhandled-rejection',
    severity: 'warning',
    summary: 'an unhandled promise rejection (Node ≤ 14 warns and goes on)',
    samples: [
      '(node:8934) UnhandledPromiseRejectionWarning: Error: Request failed with status code 500',
      '(node:8934) UnhandledPromiseRejectionWarning: Unhandled promise rejection. This error originated either by throwing inside of an async function without a catch block, or by rejecting a promise which was not handled with .catch(). (rejection id: 3)',
    ],
  },
  {
    id: 'node-uncaught-exception',
    formats: APP,
    pattern: /\b[Uu]ncaught ?[Ee]xception\b/,
    needle: 'ncaught',
    event: 'uncaught-exception',
    severity: 'critical',
    cause: 'crash-loop',
    summary: 'an uncaught exception (the process dies unless a handler keeps it alive)',
    samples: [
      "uncaughtException: Cannot read properties of undefined (reading 'id')",
      '{"level":"error","message":"uncaughtException: connect ECONNREFUSED 10.0.1.20:5432","timestamp":"2022-07-11T15:26:53.911Z"}',
      "2022-07-11T15:26:53.911Z Uncaught Exception: TypeError: Cannot read properties of null (reading 'length')",
    ],
  },
  {
    id: 'node-max-call-stack',
    formats: APP,
    pattern: /RangeError: Maximum call stack size exceeded/,
    event: 'uncaught-exception',
    severity: 'error',
    cause: 'crash-loop',
    summary: 'unbounded recursion (often a cyclic structure being serialised)',
    samples: ['RangeError: Maximum call stack size exceeded'],
  },
  {
    id: 'node-max-listeners-exceeded',
    formats: APP,
    pattern:
      /MaxListenersExceededWarning: Possible EventEmitter memory leak detected\. (?<count>\d+) (?<event>\S+) listeners added/,
    needle: 'MaxListenersExceededWarning',
    event: 'listener-leak',
    severity: 'warning',
    cause: 'memory-exhaustion',
    summary: 'listeners pile up on an emitter: a leak that grows memory per request or connection',
    samples: [
      '(node:8934) MaxListenersExceededWarning: Possible EventEmitter memory leak detected. 11 error listeners added to [Socket]. Use emitter.setMaxListeners() to increase limit',
      '(node:21) MaxListenersExceededWarning: Possible EventEmitter memory leak detected. 11 close listeners added. Use emitter.setMaxListeners() to increase limit',
    ],
  },
  {
    id: 'node-emfile',
    formats: APP,
    pattern: /\bEMFILE\b/,
    needle: 'EMFILE',
    event: 'too-many-open-files',
    severity: 'critical',
    cause: 'fd-exhaustion',
    summary: 'the process hit its open-file limit (sockets count): accept/connect/open fail',
    samples: [
      "Error: EMFILE: too many open files, open '/var/lib/jenkins/workspace/dev_backend/uploads/tmp-8934'",
      'Error: accept EMFILE',
      'Error: connect EMFILE 10.0.1.20:5432 - Local (undefined:undefined)',
      '{"level":50,"time":1657552014123,"msg":"getaddrinfo EMFILE api.stripe.com","err":{"code":"EMFILE","syscall":"getaddrinfo"}}',
    ],
  },
  {
    id: 'node-eaddrinuse',
    formats: APP,
    pattern: /\blisten EADDRINUSE: address already in use (?<address>\S+)/,
    needle: 'EADDRINUSE',
    event: 'process-exit',
    severity: 'critical',
    // A restarted process finds the old one (or a sibling) still holding the port.
    cause: 'crash-loop',
    summary: 'the app cannot bind its port: another process still holds it (restart overlap)',
    samples: [
      'Error: listen EADDRINUSE: address already in use :::3000',
      'Error: listen EADDRINUSE: address already in use 0.0.0.0:8080',
    ],
  },
  {
    id: 'node-socket-hang-up',
    formats: APP,
    pattern: /\bsocket hang up\b/,
    event: 'connection-reset',
    severity: 'error',
    cause: 'keepalive-race',
    summary: 'the peer closed the connection before answering (often a reused keep-alive socket)',
    samples: [
      "{ [Error: socket hang up] code: 'ECONNRESET' }",
      "{ [Error: socket hang up] code: 'ECONNRESET', sslError: undefined }",
      'Error: socket hang up',
    ],
  },
  {
    id: 'node-econnreset',
    formats: APP,
    pattern: /\bECONNRESET\b/,
    event: 'connection-reset',
    severity: 'error',
    cause: 'keepalive-race',
    summary: 'the peer reset a connection (closed keep-alive socket reused, or the peer died)',
    samples: [
      'Error: read ECONNRESET',
      "    at TCP.onStreamRead (node:internal/stream_base_commons:217:20) { errno: -104, code: 'ECONNRESET', syscall: 'read' }",
    ],
  },
  {
    id: 'node-econnrefused',
    formats: APP,
    pattern: /\bconnect ECONNREFUSED (?<target>\S+)/,
    needle: 'ECONNREFUSED',
    event: 'dependency-refused',
    severity: 'error',
    cause: 'dependency-down',
    summary: 'a dependency (database, cache, API) refused the connection: it is down or restarting',
    samples: [
      'Error: connect ECONNREFUSED 127.0.0.1:6379',
      '{"level":"error","message":"connect ECONNREFUSED 10.0.1.20:5432","stack":"Error: connect ECONNREFUSED 10.0.1.20:5432\\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1494:16)"}',
    ],
  },
  {
    id: 'node-etimedout',
    formats: APP,
    pattern: /\b(?:connect|read) ETIMEDOUT\b/,
    needle: 'ETIMEDOUT',
    event: 'dependency-timeout',
    severity: 'error',
    summary: 'a connection to a dependency timed out (unreachable, overloaded, or a full backlog)',
    samples: ['Error: connect ETIMEDOUT 10.0.1.20:3306', 'Error: read ETIMEDOUT'],
  },
  {
    id: 'node-enospc',
    formats: APP,
    pattern: /\bENOSPC: no space left on device/,
    event: 'disk-full',
    severity: 'critical',
    cause: 'disk-full',
    summary: 'a write failed: the disk is full',
    samples: [
      'Error: ENOSPC: no space left on device, write',
      "[Error: ENOSPC: no space left on device, open '/app/logs/out.log'] { errno: -28, code: 'ENOSPC', syscall: 'open', path: '/app/logs/out.log' }",
    ],
  },

  // ── Node database pools and drivers ───────────────────────────────────────────────────────
  {
    id: 'knex-acquire-timeout',
    formats: NODE_POOL,
    pattern: /Knex: Timeout acquiring a connection\. The pool is probably full\./,
    needle: 'Knex: Timeout acquiring a connection',
    event: 'pool-acquire-timeout',
    severity: 'error',
    cause: 'db-pool-exhaustion',
    summary: 'Knex waited acquireConnectionTimeout for a pooled connection and gave up',
    samples: [
      'KnexTimeoutError: Knex: Timeout acquiring a connection. The pool is probably full. Are you missing a .transacting(trx) call?',
      'Error: Knex: Timeout acquiring a connection. The pool is probably full. Are you missing a .transacting(trx) call?',
    ],
  },
  {
    id: 'sequelize-acquire-timeout',
    formats: NODE_POOL,
    pattern: /SequelizeConnectionAcquireTimeoutError|ConnectionAcquireTimeoutError: Operation timeout/,
    needle: 'ConnectionAcquireTimeoutError',
    event: 'pool-acquire-timeout',
    severity: 'error',
    cause: 'db-pool-exhaustion',
    summary: "Sequelize's pool had no free connection within pool.acquire",
    samples: [
      'SequelizeConnectionAcquireTimeoutError: Operation timeout',
      'ConnectionAcquireTimeoutError [SequelizeConnectionAcquireTimeoutError]: Operation timeout',
    ],
  },
  {
    id: 'generic-pool-resource-timeout',
    formats: NODE_POOL,
    pattern: /TimeoutError: ResourceRequest timed out/,
    event: 'pool-acquire-timeout',
    severity: 'error',
    cause: 'db-pool-exhaustion',
    summary: 'a generic-pool (older Knex/Sequelize, many drivers) request for a resource timed out',
    samples: ['TimeoutError: ResourceRequest timed out'],
  },
  {
    id: 'pg-pool-connect-timeout',
    formats: NODE_POOL,
    pattern: /timeout exceeded when trying to connect/,
    event: 'pool-acquire-timeout',
    severity: 'error',
    cause: 'db-pool-exhaustion',
    summary: 'node-postgres: no pooled client within connectionTimeoutMillis',
    samples: [
      'Error: timeout exceeded when trying to connect',
      '{"level":50,"time":1700000000000,"msg":"timeout exceeded when trying to connect","err":{"type":"Error","message":"timeout exceeded when trying to connect"}}',
    ],
  },
  {
    id: 'pg-connection-terminated',
    formats: APP,
    pattern: /Connection terminated unexpectedly/,
    event: 'db-connection-lost',
    severity: 'error',
    cause: 'proxy-idle-timeout',
    summary: 'node-postgres: the server or a proxy closed an open connection',
    samples: ['Error: Connection terminated unexpectedly'],
  },
  {
    id: 'mysql-protocol-connection-lost',
    formats: APP,
    pattern: /Connection lost: The server closed the connection\./,
    event: 'db-connection-lost',
    severity: 'error',
    cause: 'proxy-idle-timeout',
    summary: 'mysql/mysql2: the server (or a proxy in between) closed the connection',
    samples: [
      'Error: Connection lost: The server closed the connection.',
      "{ Error: Connection lost: The server closed the connection. code: 'PROTOCOL_CONNECTION_LOST', fatal: true }",
    ],
  },
  {
    id: 'mysql-protocol-connection-lost-code',
    formats: APP,
    pattern: /\bPROTOCOL_CONNECTION_LOST\b/,
    needle: 'PROTOCOL_CONNECTION_LOST',
    event: 'db-connection-lost',
    severity: 'error',
    cause: 'proxy-idle-timeout',
    summary: 'mysql/mysql2 error code of a connection the server or a proxy closed',
    samples: ['{"level":50,"msg":"query failed","err":{"code":"PROTOCOL_CONNECTION_LOST","fatal":true}}'],
  },
  {
    id: 'mysql-closed-state',
    formats: APP,
    pattern: /Can't add new command when connection is in closed state/,
    event: 'db-connection-lost',
    severity: 'error',
    cause: 'proxy-idle-timeout',
    summary: 'mysql2: a query on a connection that was already closed underneath the app',
    samples: ["Error: Can't add new command when connection is in closed state"],
  },

  // ── MySQL / MariaDB (client errors quoted by apps, and the server's error log) ────────────
  {
    id: 'mysql-lost-connection-2013',
    formats: withApp(MYSQL),
    // MariaDB Connector/C (Debian 12's libmariadb behind MySQLdb) says "Lost connection to server".
    pattern: /Lost connection to (?:(?:MySQL|MariaDB) )?server (?:during query|at '[^']*')/,
    needle: 'Lost connection to ',
    event: 'db-connection-lost',
    severity: 'error',
    // The HAProxy/Galera talk: a proxy timeout shorter than the query or the idle time cuts it.
    cause: 'proxy-idle-timeout',
    summary: 'MySQL error 2013: the connection died during a query (proxy or server timeout, server crash)',
    samples: [
      'ERROR 2013 (HY000): Lost connection to MySQL server during query',
      "django.db.utils.OperationalError: (2013, 'Lost connection to MySQL server during query')",
      "ERROR 2013 (HY000): Lost connection to MySQL server at 'reading initial communication packet', system error: 0",
      // lab capture: Celery 5.2 task through HAProxy to MariaDB 10.11 (test/corpus/celery-db-session-cut)
      "MySQLdb._exceptions.OperationalError: (2013, 'Lost connection to server during query')",
    ],
  },
  {
    id: 'mysql-server-gone-away-2006',
    formats: withApp(MYSQL),
    pattern: /(?:MySQL|MariaDB) server has gone away/,
    needle: 'server has gone away',
    event: 'db-gone-away',
    severity: 'error',
    cause: 'proxy-idle-timeout',
    summary: 'MySQL error 2006: a pooled connection was closed while idle (wait_timeout or a proxy)',
    samples: [
      'ERROR 2006 (HY000): MySQL server has gone away',
      "django.db.utils.OperationalError: (2006, 'MySQL server has gone away')",
    ],
  },
  {
    id: 'mysql-disconnected-inactivity-4031',
    formats: withApp(MYSQL),
    pattern: /The client was disconnected by the server because of inactivity/,
    event: 'db-connection-lost',
    severity: 'error',
    cause: 'proxy-idle-timeout',
    summary: 'MySQL 8 error 4031: the server closed an idle connection (wait_timeout)',
    samples: [
      'ERROR 4031 (HY000): The client was disconnected by the server because of inactivity. See wait_timeout and interactive_timeout for configuring this behavior.',
    ],
  },
  {
    id: 'mysql-too-many-connections',
    formats: [...withApp(MYSQL), 'java-log', 'monolog'],
    pattern: /\bToo many connections\b/,
    event: 'db-too-many-connections',
    severity: 'critical',
    cause: 'connection-limit',
    summary: 'MySQL error 1040: max_connections reached',
    samples: [
      'ERROR 1040 (HY000): Too many connections',
      'Error: ER_CON_COUNT_ERROR: Too many connections',
      "django.db.utils.OperationalError: (1040, 'Too many connections')",
      // MySQL Connector/J and PDO (Laravel) quoting the server's 1040
      'com.mysql.cj.jdbc.exceptions.MySQLNonTransientConnectionException: Data source rejected establishment of connection,  message from server: "Too many connections"',
      'SQLSTATE[HY000] [1040] Too many connections',
    ],
  },
  {
    id: 'mysql-aborted-connection-read-error',
    formats: MYSQL,
    pattern:
      /Aborted connection (?<conn>\d+) to db: .{0,300}?\((?<reason>Got an error reading communication packets)\)/,
    needle: 'Got an error reading communication packets',
    event: 'db-aborted-connection',
    severity: 'warning',
    // The client side (or a proxy such as HAProxy) closed the socket without COM_QUIT.
    cause: 'proxy-idle-timeout',
    summary: 'the client or a proxy dropped a MySQL connection without closing it properly',
    samples: [
      "2022-07-11T14:01:27.123456Z 123 [Note] Aborted connection 123 to db: 'app' user: 'api' host: '10.0.0.5' (Got an error reading communication packets)",
      "2023-02-01T10:11:12.000000Z 8812 [Note] [MY-010914] [Server] Aborted connection 8812 to db: 'shop' user: 'web' host: '10.0.2.9' (Got an error reading communication packets).",
    ],
  },
  {
    id: 'mysql-aborted-connection-timeout',
    formats: MYSQL,
    pattern: /Aborted connection (?<conn>\d+) to db: .{0,300}?\((?<reason>Got timeout reading communication packets)\)/,
    needle: 'Got timeout reading communication packets',
    event: 'db-aborted-connection',
    severity: 'warning',
    cause: 'proxy-idle-timeout',
    summary: 'the server closed a connection that sat idle past wait_timeout',
    samples: [
      "2019-06-02 14:21:09 140 [Warning] Aborted connection 140 to db: 'celery' user: 'celery' host: '10.0.0.12' (Got timeout reading communication packets)",
    ],
  },
  {
    id: 'mysql-aborted-connection',
    formats: MYSQL,
    pattern: /Aborted connection (?<conn>\d+) to db: /,
    event: 'db-aborted-connection',
    severity: 'warning',
    summary: 'a MySQL connection ended abnormally (other reasons: write errors, killed)',
    samples: [
      "2019-06-02 14:25:00 188 [Warning] Aborted connection 188 to db: 'celery' user: 'celery' host: '10.0.0.12' (Got an error writing communication packets)",
    ],
  },
  {
    id: 'mysql-innodb-page-cleaner',
    formats: MYSQL,
    pattern: /InnoDB: page_cleaner: 1000ms intended loop took (?<ms>\d+)ms/,
    event: 'io-stall',
    severity: 'warning',
    summary: 'InnoDB could not flush pages in time: the disk (or the host) is too slow for the load',
    samples: [
      '2022-07-11T14:08:01.000000Z 0 [Note] InnoDB: page_cleaner: 1000ms intended loop took 4013ms. The settings might not be optimal. (flushed=200 and evicted=0, during the time.)',
    ],
  },
  {
    id: 'mysql-got-signal',
    formats: MYSQL,
    pattern: /mysqld got signal (?<signal>\d+)/,
    event: 'process-exit',
    severity: 'critical',
    cause: 'crash-loop',
    summary: 'mysqld crashed on a signal (its stack trace follows)',
    samples: ['12:01:44 UTC - mysqld got signal 11 ;'],
  },
  {
    id: 'mysql-safe-restarted',
    formats: MYSQL,
    pattern: /mysqld_safe Number of processes running now: 0/,
    event: 'process-exit',
    severity: 'critical',
    // mysqld vanished without a word of its own: SIGKILL, almost always the OOM killer.
    cause: 'memory-exhaustion',
    summary: 'mysqld disappeared without logging why (SIGKILL, usually the OOM killer); mysqld_safe restarts it',
    samples: ['220711 14:09:59 mysqld_safe Number of processes running now: 0'],
  },
  {
    id: 'mysql-out-of-memory',
    formats: MYSQL,
    pattern: /(?:mysqld|mariadbd): Out of memory \(Needed (?<bytes>\d+) bytes\)/,
    needle: ': Out of memory (Needed ',
    event: 'memory-warning',
    severity: 'critical',
    cause: 'memory-exhaustion',
    summary: 'mysqld could not allocate memory for a query or connection',
    samples: ['2022-07-11T14:09:40.101010Z 311 [ERROR] /usr/sbin/mysqld: Out of memory (Needed 16384 bytes)'],
  },
  {
    id: 'mysql-innodb-buffer-pool-alloc',
    formats: MYSQL,
    pattern: /InnoDB: Cannot allocate memory for the buffer pool/,
    event: 'memory-warning',
    severity: 'critical',
    cause: 'memory-exhaustion',
    summary: 'InnoDB could not allocate its buffer pool at start (innodb_buffer_pool_size above free memory)',
    samples: ['2022-07-11T14:19:40.101010Z 0 [ERROR] InnoDB: Cannot allocate memory for the buffer pool'],
  },
  {
    id: 'mysql-cannot-create-thread',
    formats: MYSQL,
    pattern: /Can't create a new thread \(errno (?<errno>\d+)/,
    event: 'fork-failed',
    severity: 'critical',
    cause: 'memory-exhaustion',
    summary: 'mysqld cannot start a thread for a new connection (memory or ulimit -u)',
    samples: [
      "2022-07-11T14:09:41.000000Z 0 [ERROR] Can't create a new thread (errno 11); if you are not out of available memory, you can consult the manual for a possible OS-dependent bug",
    ],
  },
  {
    id: 'mysql-disk-full',
    formats: MYSQL,
    pattern: /Disk (?:is )?full .{0,200}?\(Errcode: 28/,
    needle: '(Errcode: 28',
    event: 'disk-full',
    severity: 'critical',
    cause: 'disk-full',
    summary: 'MySQL is blocked on a full disk (it waits for space)',
    samples: [
      "2022-10-01T04:12:19.000000Z 12 [ERROR] Disk is full writing './mysql-bin.000123' (Errcode: 28 - No space left on device). Waiting for someone to free space...",
    ],
  },

  // ── PostgreSQL (server log; the FATAL texts also reach client logs) ───────────────────────
  {
    id: 'postgres-too-many-clients',
    formats: withApp(POSTGRES),
    pattern: /sorry, too many clients already/,
    event: 'db-too-many-connections',
    severity: 'critical',
    cause: 'connection-limit',
    summary: 'PostgreSQL refused a connection: max_connections reached',
    samples: [
      '2022-07-11 14:05:02.117 UTC [20112] FATAL:  sorry, too many clients already',
      'error: sorry, too many clients already',
    ],
  },
  {
    id: 'postgres-reserved-slots',
    formats: withApp(POSTGRES),
    pattern: /remaining connection slots are reserved for/,
    event: 'db-too-many-connections',
    severity: 'critical',
    cause: 'connection-limit',
    summary: 'PostgreSQL has only superuser-reserved slots left',
    samples: [
      '2022-07-11 14:05:01.201 UTC [20101] FATAL:  remaining connection slots are reserved for non-replication superuser connections',
      '2024-01-09 09:00:00.000 UTC [881] FATAL:  remaining connection slots are reserved for roles with the SUPERUSER attribute',
    ],
  },
  {
    id: 'pgbouncer-max-client-conn',
    formats: [...withApp(POSTGRES), 'generic-log'],
    pattern: /no more connections allowed \(max_client_conn\)/,
    event: 'db-too-many-connections',
    severity: 'error',
    cause: 'connection-limit',
    summary: 'PgBouncer refused a client: max_client_conn clients are connected already',
    samples: [
      // pgbouncer/pgbouncer#293, #140
      'psycopg2.OperationalError: ERROR:  no more connections allowed (max_client_conn)',
      'ERROR: no more connections allowed (max_client_conn)',
    ],
  },
  {
    id: 'postgres-idle-in-transaction-timeout',
    formats: withApp(POSTGRES),
    pattern: /terminating connection due to idle-in-transaction timeout/,
    event: 'db-idle-in-transaction-terminated',
    severity: 'error',
    // A transaction left open holds its pooled connection (and locks) until the server kills it.
    cause: 'db-pool-exhaustion',
    summary: 'PostgreSQL killed a session idle inside a transaction (a leaked transaction)',
    samples: [
      '2022-07-11 14:04:40.551 UTC [19988] api@app FATAL:  terminating connection due to idle-in-transaction timeout',
    ],
  },
  {
    id: 'postgres-could-not-fork',
    formats: POSTGRES,
    pattern: /could not fork new process for connection: (?<reason>.+)/,
    event: 'fork-failed',
    severity: 'critical',
    cause: 'memory-exhaustion',
    summary: 'the postmaster could not start a backend for a new connection',
    samples: [
      '2022-07-11 14:09:30.001 UTC [1021] LOG:  could not fork new process for connection: Cannot allocate memory',
    ],
  },
  {
    id: 'postgres-backend-killed',
    formats: POSTGRES,
    pattern: /server process \(PID (?<pid>\d+)\) was terminated by signal (?<signal>\d+)/,
    event: 'oom-kill',
    severity: 'critical',
    cause: 'memory-exhaustion',
    summary: 'a PostgreSQL backend was killed by a signal (9: the OOM killer); all sessions reset',
    samples: ['2022-07-11 14:09:58.812 UTC [1021] LOG:  server process (PID 20455) was terminated by signal 9: Killed'],
  },
  {
    id: 'postgres-no-space-left',
    formats: POSTGRES,
    pattern: /could not (?:write|extend|create)(?:[^:c]|c(?!ould not ))*: No space left on device/,
    needle: 'No space left on device',
    event: 'disk-full',
    severity: 'critical',
    cause: 'disk-full',
    summary: 'PostgreSQL could not write (WAL or a table file): the disk is full',
    samples: [
      '2022-10-01 04:12:19.444 UTC [3312] PANIC:  could not write to file "pg_wal/xlogtemp.3312": No space left on device',
      '2022-10-01 04:12:20.010 UTC [3320] ERROR:  could not extend file "base/16384/16385": No space left on device',
    ],
  },
  {
    id: 'postgres-statement-timeout',
    formats: withApp(POSTGRES),
    pattern: /canceling statement due to statement timeout/,
    event: 'db-statement-timeout',
    severity: 'warning',
    cause: 'upstream-timeout',
    summary: 'a query ran past statement_timeout and was cancelled',
    samples: ['2022-07-11 14:03:12.902 UTC [19902] api@app ERROR:  canceling statement due to statement timeout'],
  },
  {
    id: 'postgres-lock-wait',
    formats: withApp(POSTGRES),
    // log_lock_waits: written once a wait passes deadlock_timeout (1 s by default); DETAIL names the holder.
    pattern: /process (?<pid>\d{1,10}) still waiting for (?<lock>[A-Za-z]{1,40}) on /,
    needle: ' still waiting for ',
    event: 'db-lock-wait',
    severity: 'warning',
    cause: 'upstream-timeout',
    summary: 'a PostgreSQL backend waited for a lock another transaction held (log_lock_waits)',
    samples: [
      // a postgresql-15-main.log quoted in a public write-up on lock waits
      '2023-09-04 19:12:46.200 UTC [30429] postgres@postgres LOG:  process 30429 still waiting for ShareLock on transaction 1574926 after 200.130 ms',
      '2011-03-20 15:25:35 GMT:165.222.71.33(35129):root@vmdb_production:[26962]:LOG:  process 26962 still waiting for ExclusiveLock on tuple (1005,31) of relation 838776 of database 16386 after 5000.128 ms',
      // the lab's upstream-timeout-postgres capture (PostgreSQL 15, an UPDATE behind a migration's table lock)
      '2026-12-04 19:49:04.902 UTC [5526] app@app LOG:  process 5526 still waiting for RowExclusiveLock on relation 16386 of database 16385 after 1000.135 ms at character 8',
    ],
  },
  {
    id: 'postgres-lock-timeout',
    formats: withApp(POSTGRES),
    pattern: /canceling statement due to lock timeout/,
    event: 'db-lock-wait',
    severity: 'error',
    cause: 'upstream-timeout',
    summary: 'a statement waited lock_timeout for a lock and was cancelled',
    samples: ['2022-07-11 14:03:12.902 UTC [19902] api@app ERROR:  canceling statement due to lock timeout'],
  },
  {
    id: 'postgres-slow-statement',
    formats: POSTGRES,
    // log_min_duration_statement: 1 s or more (four or more digits of milliseconds).
    pattern: /duration: (?<ms>[1-9]\d{3,8}\.\d{1,3}) ms {1,2}(?:statement|execute|parse|bind)/,
    needle: 'duration: ',
    event: 'db-slow-query',
    severity: 'notice',
    cause: 'upstream-timeout',
    summary: 'a statement ran 1 s or longer (log_min_duration_statement)',
    samples: [
      "2025-11-15 03:45:30.456 UTC [54321] user@otel LOG:  duration: 5234.567 ms  statement: SELECT * FROM orders WHERE created_at > now() - interval '30 days'",
      // the lab's upstream-timeout-postgres capture: the wait for the lock falls in the parse of a prepared statement
      '2026-12-04 19:49:13.900 UTC [5526] app@app LOG:  duration: 9997.765 ms  parse <unnamed>: UPDATE events SET free = free - 1 WHERE id = $1 AND free > 0',
    ],
  },
  {
    id: 'postgres-recovery-mode',
    formats: withApp(POSTGRES),
    pattern: /the database system is in recovery mode/,
    event: 'process-restart',
    severity: 'error',
    summary: 'PostgreSQL is recovering after a backend crash: connections are refused meanwhile',
    samples: ['2022-07-11 14:10:00.101 UTC [20501] FATAL:  the database system is in recovery mode'],
  },

  // ── Redis (server log; client-facing errors reach app logs) ───────────────────────────────
  {
    id: 'redis-overcommit-memory',
    formats: REDIS,
    pattern: /WARNING:? (?:overcommit_memory is set to 0!|Memory overcommit must be enabled!)/,
    needle: 'vercommit',
    event: 'redis-config-warning',
    severity: 'warning',
    cause: 'memory-exhaustion',
    summary: 'vm.overcommit_memory=0: background saves (fork) may fail under memory pressure',
    samples: [
      "1:M 11 Jul 2022 14:19:25.123 # WARNING overcommit_memory is set to 0! Background save may fail under low memory condition. To fix this issue add 'vm.overcommit_memory = 1' to /etc/sysctl.conf and then reboot or run the command 'sysctl vm.overcommit_memory=1' for this to take effect.",
      "1:M 02 Feb 2024 10:00:00.000 # WARNING Memory overcommit must be enabled! Without it, a background save or replication may fail under low memory condition. Being disabled, it can also cause failures without low memory condition, see https://github.com/jemalloc/jemalloc/issues/1328. To fix this issue add 'vm.overcommit_memory = 1' to /etc/sysctl.conf and then reboot or run the command 'sysctl vm.overcommit_memory=1' for this to take effect.",
    ],
  },
  {
    id: 'redis-transparent-huge-pages',
    formats: REDIS,
    pattern: /WARNING you have Transparent Huge Pages \(THP\) support enabled/,
    event: 'redis-config-warning',
    severity: 'warning',
    cause: 'memory-exhaustion',
    summary: 'THP is enabled: latency spikes and memory bloat after fork',
    samples: [
      "1:M 11 Jul 2022 14:19:25.123 # WARNING you have Transparent Huge Pages (THP) support enabled in your kernel. This will create latency and memory usage issues with Redis. To fix this issue run the command 'echo never > /sys/kernel/mm/transparent_hugepage/enabled' as root, and add it to your /etc/rc.local in order to retain the setting after a reboot. Redis must be restarted after THP is disabled.",
    ],
  },
  {
    id: 'redis-tcp-backlog',
    formats: REDIS,
    pattern:
      /The TCP backlog setting of (?<backlog>\d+) cannot be enforced because \/proc\/sys\/net\/core\/somaxconn is set to the lower value of (?<somaxconn>\d+)/,
    needle: 'The TCP backlog setting of ',
    event: 'redis-config-warning',
    severity: 'warning',
    cause: 'connection-limit',
    summary: 'net.core.somaxconn caps the Redis listen backlog: bursts of connects are dropped',
    samples: [
      '1:M 11 Jul 2022 14:19:25.122 # WARNING: The TCP backlog setting of 511 cannot be enforced because /proc/sys/net/core/somaxconn is set to the lower value of 128.',
    ],
  },
  {
    id: 'redis-maxclients-reduced',
    formats: REDIS,
    pattern: /maxclients has been reduced to (?<maxclients>\d+) to compensate for low ulimit/,
    event: 'redis-config-warning',
    severity: 'warning',
    cause: 'fd-exhaustion',
    summary: 'the open-file limit is too low for maxclients: Redis lowered maxclients',
    samples: [
      "1:M 11 Jul 2022 14:19:25.120 # Current maximum open files is 4096. maxclients has been reduced to 4064 to compensate for low ulimit. If you need higher maxclients increase 'ulimit -n'.",
    ],
  },
  {
    id: 'redis-oom-command-not-allowed',
    formats: withApp(REDIS),
    pattern: /OOM command not allowed when used memory > 'maxmemory'/,
    event: 'redis-oom',
    severity: 'critical',
    cause: 'memory-exhaustion',
    summary: 'Redis reached maxmemory with a noeviction policy: writes fail',
    samples: [
      "ReplyError: OOM command not allowed when used memory > 'maxmemory'.",
      "[ioredis] Unhandled error event: ReplyError: OOM command not allowed when used memory > 'maxmemory'.",
    ],
  },
  {
    id: 'redis-misconf',
    formats: withApp(REDIS),
    pattern:
      /MISCONF Redis is configured to save RDB snapshots, but it'?s? ?(?:is )?currently not able to persist on disk/,
    needle: 'MISCONF Redis is configured to save RDB snapshots',
    event: 'redis-misconf',
    severity: 'critical',
    // The last background save failed: a fork refused for memory, or a full or read-only disk.
    cause: 'memory-exhaustion',
    summary: 'Redis refuses writes because its last background save failed (stop-writes-on-bgsave-error)',
    samples: [
      'ReplyError: MISCONF Redis is configured to save RDB snapshots, but it is currently not able to persist on disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.',
      "(error) MISCONF Redis is configured to save RDB snapshots, but it's currently not able to persist on disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.",
    ],
  },
  {
    id: 'redis-fork-cannot-allocate',
    formats: REDIS,
    pattern: /Can't save in background: fork: (?<reason>.+)/,
    event: 'fork-failed',
    severity: 'critical',
    cause: 'memory-exhaustion',
    summary: 'Redis could not fork for a background save (overcommit_memory=0 with little free memory)',
    samples: ["1:M 11 Jul 2022 14:09:12.002 # Can't save in background: fork: Cannot allocate memory"],
  },
  {
    id: 'redis-write-error-disk',
    formats: REDIS,
    pattern: /(?:Write error saving DB on disk|Failed opening the RDB file \S+ .{0,40}?): No space left on device/,
    needle: 'No space left on device',
    event: 'disk-full',
    severity: 'critical',
    cause: 'disk-full',
    summary: 'Redis could not write its snapshot: the disk is full',
    samples: ['14502:C 11 Jul 2022 14:09:12.002 # Write error saving DB on disk: No space left on device'],
  },
  {
    id: 'redis-background-saving-error',
    formats: REDIS,
    pattern: /Background saving error/,
    event: 'redis-misconf',
    severity: 'error',
    summary: 'a Redis background save failed (MISCONF follows when stop-writes-on-bgsave-error is on)',
    samples: ['1:M 11 Jul 2022 14:09:12.101 # Background saving error'],
  },
  {
    id: 'redis-max-clients-reached',
    formats: withApp(REDIS),
    pattern: /max number of clients reached/,
    event: 'maxconn-reached',
    severity: 'critical',
    cause: 'connection-limit',
    summary: 'Redis reached maxclients and refuses new connections',
    samples: [
      'ReplyError: ERR max number of clients reached',
      '[ioredis] Unhandled error event: ReplyError: ERR max number of clients reached',
    ],
  },

  // ── dependency-down: a backend the app needs stopped or refuses connections ──────────────────
  // The backend's own stop lines (its log, when it is among the inputs) and the clients' "refused" errors. Node's
  // `connect ECONNREFUSED <addr>` is `node-econnrefused` above; a refused connect is not a slow backend (timeouts
  // are `dependency-timeout`, never this cause).
  {
    id: 'redis-shutdown',
    formats: REDIS,
    pattern: /(?:User requested shutdown|Received SIG(?:TERM|INT) scheduling shutdown)\.\.\./,
    needle: 'shutdown...',
    event: 'backend-stopped',
    severity: 'notice',
    cause: 'dependency-down',
    summary: 'Redis was asked to stop (SHUTDOWN or SIGTERM/SIGINT): its clients are refused until it is back',
    samples: [
      // our lab (lab/scenarios/dependency-down.ts, redis-server 7.0.15 from Debian 12, `redis-cli shutdown`)
      '1927:M 04 Dec 2026 03:57:19.207 # User requested shutdown...',
      // src/server.c sigShutdownHandler (Redis ≥ 5 logs both lines on SIGTERM), as quoted in a public bug report
      '11798:signal-handler (1560082112) Received SIGTERM scheduling shutdown...',
      '1:M 04 Jan 2022 02:42:17.984 # User requested shutdown...',
    ],
  },
  {
    id: 'postgres-shut-down',
    formats: POSTGRES,
    pattern: /\bdatabase system is shut down\b/,
    event: 'backend-stopped',
    severity: 'notice',
    cause: 'dependency-down',
    summary: 'PostgreSQL finished shutting down (src/backend/postmaster: the last line before it exits)',
    samples: [
      // postgres docker entrypoint output in public READMEs (PostgreSQL 13–17)
      '2024-06-18 20:49:39.326 UTC [47] LOG:  database system is shut down',
      '2019-01-27 17:23:54 UTC::@:[35857]:LOG:  database system is shut down',
    ],
  },
  {
    id: 'mysql-shutdown-complete',
    formats: MYSQL,
    pattern: /\b(?:mysqld|mariadbd): Shutdown complete\b/,
    needle: ': Shutdown complete',
    event: 'backend-stopped',
    severity: 'notice',
    cause: 'dependency-down',
    summary: 'MySQL/MariaDB finished shutting down (sql/mysqld.cc): clients are refused until it starts again',
    samples: [
      // MariaDB 10.5–11 and MySQL 8.0 shutdown lines as quoted in public docs and bug reports
      '2023-01-09 20:51:46 0 [Note] mariadbd: Shutdown complete',
      '2025-08-03  8:54:14 0 [Note] /usr/libexec/mariadbd: Shutdown complete',
      '2020-10-24T15:20:21.587515Z 0 [System] [MY-010910] [Server] /usr/sbin/mysqld: Shutdown complete (mysqld 8.0.22)  MySQL Community Server - GPL.',
    ],
  },
  {
    id: 'pg-connection-refused',
    formats: APP,
    pattern:
      /(?:could not connect to server: Connection refused|connection to server at "(?<host>[^"]{1,253})"(?: \((?<addr>[^)]{1,64})\))?, port (?<port>\d{1,5}) failed: Connection refused)/,
    needle: 'Connection refused',
    event: 'dependency-refused',
    severity: 'error',
    cause: 'dependency-down',
    summary: 'a PostgreSQL client (libpq: psycopg2, Rails, psql) was refused: the database is down or not listening',
    samples: [
      // libpq ≥ 14 wording, as quoted in public READMEs (Django, SQLAlchemy)
      'django.db.utils.OperationalError: connection to server at "localhost" (127.0.0.1), port 5432 failed: Connection refused',
      '❌ Failed to create database pool: connection to server at "localhost" (::1), port 5432 failed: Connection refused',
      // libpq ≤ 13 wording
      'sqlalchemy.exc.OperationalError: could not connect to server: Connection refused',
      'PG::ConnectionBad: could not connect to server: Connection refused',
    ],
  },
  {
    id: 'mysql-cant-connect',
    formats: APP,
    pattern:
      /Can't connect to (?:local )?MySQL server (?:on '(?<host>[^']{1,253})'|through socket '(?<socket>[^']{1,300})') \((?<errno>111|2|61|10061)\b/,
    needle: "Can't connect to ",
    event: 'dependency-refused',
    severity: 'error',
    cause: 'dependency-down',
    summary: 'a MySQL client got error 2002/2003 with "refused" or "no socket": the server is down or not listening',
    samples: [
      // MySQL client error 2003 (CR_CONN_HOST_ERROR) and 2002 as quoted in public READMEs and forums
      "django.db.utils.OperationalError: (2003, \"Can't connect to MySQL server on '127.0.0.1' (111)\")",
      "ERROR 2003 (HY000): Can't connect to MySQL server on '127.0.0.1' (111 \"Connection refused\")",
      "ERROR 2002 (HY000): Can't connect to local MySQL server through socket '/var/run/mysqld/mysqld.sock' (2)",
    ],
  },
  {
    id: 'redis-py-connection-refused',
    formats: APP,
    pattern: /ConnectionError: Error (?:111|61|10061) connecting to (?<target>[\w.-]{1,253}:\d{1,5})\. /,
    needle: 'ConnectionError: Error ',
    event: 'dependency-refused',
    severity: 'error',
    cause: 'dependency-down',
    summary: 'redis-py was refused by Redis (errno 111): Redis is down or not listening on that address',
    samples: [
      // redis-py connection.py _error_message, as quoted in public READMEs
      'redis.exceptions.ConnectionError: Error 111 connecting to 127.0.0.1:6379. Connection refused.',
      'redis.exceptions.ConnectionError: Error 111 connecting to localhost:6379. ECONNREFUSED.',
    ],
  },

  // ── tls-certificate-expired: a certificate on the path expired or failed verification ────────────
  // Clients refusing a server's certificate (the handshake fails before any request is sent) and certbot's failed
  // renewals, which come before an expiry. Specific shapes first: the generic `certificate has expired` is last.
  {
    id: 'nginx-upstream-ssl-cert-expired',
    formats: NGINX,
    pattern: /upstream SSL certificate verify error: \(10:certificate has expired\)/,
    event: 'tls-cert-expired',
    severity: 'error',
    cause: 'tls-certificate-expired',
    summary: "nginx (proxy_ssl_verify on) refused the upstream's expired certificate and answered 502",
    samples: [
      // our lab (lab/scenarios/tls-certificate-expired.ts, nginx 1.22 from Debian 12)
      '2026/12/04 04:04:56 [error] 5397#5397: *1 upstream SSL certificate verify error: (10:certificate has expired) while SSL handshaking to upstream, client: 127.0.0.1, server: shop.example.com, request: "GET /api/rates HTTP/1.1", upstream: "https://127.0.0.1:36561/api/rates", host: "127.0.0.1:46391"',
    ],
  },
  {
    id: 'nginx-upstream-ssl-verify-error',
    formats: NGINX,
    pattern: /upstream SSL certificate verify error: \((?<code>\d{1,3}):(?<reason>[^)\n]{1,120})\)/,
    event: 'tls-verify-failed',
    severity: 'error',
    cause: 'tls-certificate-expired',
    summary: "nginx (proxy_ssl_verify on) could not verify the upstream's certificate (issuer unknown, self-signed…)",
    samples: [
      // Kong (an nginx build) docs, quoting its error log
      '2024/11/28 18:04:05 [error] 1280#0: *20004 upstream SSL certificate verify error: (20:unable to get local issuer certificate) while SSL handshaking to upstream, client: 192.168.194.1, server: kong, request: "GET /echo HTTP/1.1", upstream: "https://192.168.194.9:443/", host: "kong.example"',
    ],
  },
  {
    id: 'generic-python-ssl-cert-expired',
    formats: APP,
    pattern: /CERTIFICATE_VERIFY_FAILED\] certificate verify failed: certificate has expired/,
    event: 'tls-cert-expired',
    severity: 'error',
    cause: 'tls-certificate-expired',
    summary: "Python's ssl module (requests, urllib3, aiohttp) refused an expired server certificate",
    samples: [
      // Python's ssl.SSLCertVerificationError text as quoted in public source comments and READMEs
      '<urlopen error [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired (_ssl.c:1129)>',
      '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired ',
    ],
  },
  {
    id: 'generic-python-ssl-cert-verify-failed',
    formats: APP,
    pattern: /CERTIFICATE_VERIFY_FAILED\] certificate verify failed: (?<reason>[^()\n]{1,120}) \(_ssl\.c/,
    needle: 'CERTIFICATE_VERIFY_FAILED] certificate verify failed: ',
    event: 'tls-verify-failed',
    severity: 'error',
    cause: 'tls-certificate-expired',
    summary: "Python's ssl module could not verify a server certificate (unknown issuer, self-signed, wrong host)",
    samples: [
      // Python 3.8–3.12 as quoted in public READMEs and issues
      'ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)',
      'urllib.error.URLError: <urlopen error [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:997)>',
    ],
  },
  {
    id: 'java-pkix-validity-check-failed',
    formats: [...JAVA, ...APP],
    pattern: /CertPathValidatorException: (?:validity|timestamp) check failed/,
    needle: 'CertPathValidatorException: ',
    event: 'tls-cert-expired',
    severity: 'error',
    cause: 'tls-certificate-expired',
    summary: "the JVM's PKIX validator rejected an expired certificate in the chain (validity/timestamp check failed)",
    samples: [
      // Kafka and OpenSearch reports quoting the JSSE message
      'javax.net.ssl.SSLHandshakeException: PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed',
      '//PKIX path validation failed: java.security.cert.CertPathValidatorException: timestamp check failed',
    ],
  },
  {
    id: 'java-certificate-expired-exception',
    formats: [...JAVA, ...APP],
    pattern: /\bCertificateExpiredException\b/,
    event: 'tls-cert-expired',
    severity: 'error',
    cause: 'tls-certificate-expired',
    summary:
      'a Java client found a certificate past its NotAfter date (java.security.cert.CertificateExpiredException)',
    samples: [
      'Caused by: java.security.cert.CertificateExpiredException: NotAfter: Thu Sep 16 11:27:55 PDT 2021',
      'Caused by: java.security.cert.CertificateExpiredException: NotAfter: Fri Mar 17 00:59:59 CET 2017',
    ],
  },
  {
    id: 'generic-curl-certificate-expired',
    formats: APP,
    pattern: /SSL certificate problem: certificate has expired/,
    event: 'tls-cert-expired',
    severity: 'error',
    cause: 'tls-certificate-expired',
    summary: 'curl or libcurl (PHP, health checks, cron jobs) refused an expired server certificate (error 60)',
    samples: [
      'curl: (60) SSL certificate problem: certificate has expired',
      'CURL ERROR: SSL certificate problem: certificate has expired',
    ],
  },
  {
    id: 'node-cert-has-expired',
    formats: APP,
    pattern: /\bcertificate has expired\b/,
    event: 'tls-cert-expired',
    severity: 'error',
    cause: 'tls-certificate-expired',
    summary:
      "a client (Node's tls, Go's x509, OpenSSL) refused an expired server certificate: `certificate has expired`",
    samples: [
      // our lab (lab/scenarios/tls-certificate-expired.ts, Node 20 https.request)
      "2026-12-04T04:04:56.225Z POST /checkout/0 failed: payment authorization to https://payments.internal:36561 failed: Error: certificate has expired (code: 'CERT_HAS_EXPIRED')",
      // Go's crypto/x509 wording, as quoted in a public README
      '2023/10/07 01:04:21 Error getting data: Get "https://stellaris-api.server:8090/dashboard": x509svid: could not verify leaf certificate: x509: certificate has expired or is not yet valid: current time 2023-10-07T01:04:21Z is after 2023-10-07T00:56:17Z',
    ],
  },
  {
    id: 'node-cert-has-expired-code',
    formats: APP,
    pattern: /\bCERT_HAS_EXPIRED\b/,
    event: 'tls-cert-expired',
    severity: 'error',
    cause: 'tls-certificate-expired',
    summary: "Node's error code for an expired server certificate (the error's own line, as util.inspect prints it)",
    samples: ["  code: 'CERT_HAS_EXPIRED'", "{ code: 'CERT_HAS_EXPIRED' }"],
  },
  {
    id: 'certbot-renewal-failed',
    formats: ['certbot-log'],
    pattern: /Failed to renew certificate (?<domain>[\w.*-]{1,253}) with error/,
    needle: 'Failed to renew certificate ',
    event: 'cert-renewal-failed',
    severity: 'error',
    cause: 'tls-certificate-expired',
    summary: 'certbot could not renew a certificate: it expires on its date unless renewed otherwise',
    samples: [
      // certbot _internal/renewal.py, as quoted in public source
      '2026-09-28 02:26:01,964:ERROR:certbot._internal.renewal:Failed to renew certificate x.test with error: The manual plugin is not working; there may be problems with your existing configuration.',
    ],
  },
  {
    id: 'certbot-all-renewals-failed',
    formats: ['certbot-log'],
    pattern: /All renewal(?:s| attempts) failed\. The following cert/,
    needle: ' failed. The following cert',
    event: 'cert-renewal-failed',
    severity: 'error',
    cause: 'tls-certificate-expired',
    summary: 'every certificate certbot tried to renew failed (the renewals cron/timer ran, nothing was renewed)',
    samples: [
      // test/real-logs/certbot/renewal-failed-nginx.log (certbot 2018) and certbot ≥ 1.x
      '2018-12-10 04:25:48,694:ERROR:certbot.renewal:All renewal attempts failed. The following certs could not be renewed:',
      '2026-09-27 07:20:04,912:ERROR:certbot._internal.renewal:All renewals failed. The following certificates could not be renewed:',
    ],
  },

  // ── Tomcat / Java ─────────────────────────────────────────────────────────────────────────
  {
    id: 'tomcat-all-threads-busy',
    formats: TOMCAT,
    pattern: /All threads \((?<threads>\d+)\) are currently busy, waiting/,
    event: 'thread-pool-exhausted',
    severity: 'critical',
    cause: 'connection-limit',
    summary: "Tomcat's BIO connector has every thread busy: new connections queue (acceptCount)",
    samples: [
      'SEVERE: All threads (200) are currently busy, waiting. Increase maxThreads (200) or check the servlet status',
    ],
  },
  {
    id: 'tomcat-max-threads-created',
    formats: TOMCAT,
    pattern:
      /Maximum number of threads \(?(?<threads>\d+)\)? created for connector with address (?<address>\S+) and port (?<port>\d+)/,
    needle: ' created for connector with address ',
    event: 'thread-pool-exhausted',
    severity: 'error',
    cause: 'connection-limit',
    summary: 'Tomcat reached maxThreads on a connector',
    samples: [
      'INFO: Maximum number of threads (200) created for connector with address null and port 8080',
      '13-Oct-2014 02:11:09.554 INFO [http-bio-8080-Acceptor-0] org.apache.tomcat.util.net.JIoEndpoint.createWorkerThread Maximum number of threads (200) created for connector with address null and port 8080',
    ],
  },
  {
    id: 'java-oom-heap-space',
    formats: [...JAVA, ...APP],
    pattern:
      /java\.lang\.OutOfMemoryError: (?<kind>Java heap space|GC overhead limit exceeded|Metaspace|PermGen space|Direct buffer memory)/,
    needle: 'java.lang.OutOfMemoryError: ',
    event: 'java-out-of-memory',
    severity: 'critical',
    cause: 'memory-exhaustion',
    summary: 'the JVM ran out of heap (or metaspace) and threw OutOfMemoryError',
    samples: [
      'Exception in thread "http-bio-8080-exec-117" java.lang.OutOfMemoryError: GC overhead limit exceeded',
      'java.lang.OutOfMemoryError: Java heap space',
    ],
  },
  {
    id: 'java-oom-native-thread',
    formats: [...JAVA, ...APP],
    pattern: /java\.lang\.OutOfMemoryError: unable to create (?:new )?native thread/,
    needle: 'native thread',
    event: 'java-out-of-memory',
    severity: 'critical',
    cause: 'memory-exhaustion',
    summary: 'the JVM could not start a thread (native memory or the process/thread limit)',
    samples: [
      'Exception in thread "http-nio-8080-Acceptor" java.lang.OutOfMemoryError: unable to create new native thread',
      'java.lang.OutOfMemoryError: unable to create native thread: possibly out of memory or process/resource limits reached',
    ],
  },
  {
    id: 'java-too-many-open-files',
    formats: JAVA,
    pattern:
      /java\.(?:net\.SocketException|io\.IOException|nio\.file\.FileSystemException): (?:\S+: )?Too many open files/,
    needle: 'Too many open files',
    event: 'too-many-open-files',
    severity: 'critical',
    cause: 'fd-exhaustion',
    summary: 'the JVM hit its open-file limit (sockets count): accept fails',
    samples: [
      'java.net.SocketException: Too many open files',
      ' java.io.IOException: Too many open files',
      '13-Oct-2014 02:11:09.554 SEVERE [http-nio-8080-Acceptor-0] org.apache.tomcat.util.net.NioEndpoint$Acceptor.run Socket accept failed java.io.IOException: Too many open files',
    ],
  },

  // ── JDBC connection pools (HikariCP, c3p0, Commons DBCP, Tomcat JDBC) and MySQL Connector/J ─────
  {
    id: 'java-hikari-connection-timeout',
    formats: [...JAVA, ...APP],
    pattern: / - Connection is not available, request timed out after (?<ms>\d+)ms/,
    needle: 'Connection is not available, request timed out after',
    event: 'pool-acquire-timeout',
    severity: 'error',
    cause: 'db-pool-exhaustion',
    summary: 'HikariCP had no free connection within connectionTimeout (pool exhausted or connections leaked)',
    samples: [
      // brettwooldridge/HikariCP#963 and #1662
      'Caused by: java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30014ms.',
      'Caused by: java.sql.SQLTransientConnectionException: My Connection Pool - Connection is not available, request timed out after 30000ms.',
    ],
  },
  {
    id: 'sqlalchemy-queuepool-timeout',
    formats: [...withApp(PYTHON), 'logfmt'],
    pattern:
      /QueuePool limit of size (?<size>\d+) overflow (?<overflow>-?\d+) reached, connection timed out, timeout (?<timeout>[\d.]+)/,
    needle: 'QueuePool limit of size ',
    event: 'pool-acquire-timeout',
    severity: 'error',
    cause: 'db-pool-exhaustion',
    summary: "SQLAlchemy's pool had no connection within pool_timeout: pool_size + max_overflow are all checked out",
    samples: [
      // PriorLabs/tabpfn-client#57, dbinfrago/capella-collab-manager#1914
      'sqlalchemy.exc.TimeoutError: QueuePool limit of size 20 overflow 20 reached, connection timed out, timeout 30.00 (Background on this error at: https://sqlalche.me/e/20/3o7r)',
      'time="2024-10-17T13:41:50+0000" level=ERROR function=dispatch client="10.194.188.78:0" trace_id="IYV0V95O2U" method="POST" path="/api/v1/authentication/tokens" user="anonymous" message="QueuePool limit of size 5 overflow 10 reached, connection timed out, timeout 30.00 (Background on this error at: https://sqlalche.me/e/20/3o7r)"',
    ],
  },
  {
    id: 'java-c3p0-checkout-timeout',
    formats: [...JAVA, ...APP],
    pattern:
      /A client timed out while waiting to acquire a resource from com\.mchange\.v2\.resourcepool\.BasicResourcePool|An attempt by a client to checkout a Connection has timed out/,
    needle: ' timed out',
    event: 'pool-acquire-timeout',
    severity: 'error',
    cause: 'db-pool-exhaustion',
    summary: 'c3p0 had no connection to check out within checkoutTimeout',
    samples: [
      // wildfirechat/im-server#418, swaldman/c3p0#20
      'Caused by: com.mchange.v2.resourcepool.TimeoutException: A client timed out while waiting to acquire a resource from com.mchange.v2.resourcepool.BasicResourcePool@6295d394 -- timeout at awaitAvailable()',
      'java.sql.SQLException: An attempt by a client to checkout a Connection has timed out.',
    ],
  },
  {
    id: 'java-dbcp-pool-exhausted',
    formats: [...JAVA, ...APP],
    pattern:
      /Cannot get a connection, pool error Timeout waiting for idle object|NoSuchElementException: Timeout waiting for idle object|Timeout: Pool empty\. Unable to fetch a connection in (?<seconds>\d+) seconds/,
    needle: 'Timeout',
    event: 'pool-acquire-timeout',
    severity: 'error',
    cause: 'db-pool-exhaustion',
    summary: 'Commons DBCP or Tomcat JDBC pool: no idle connection within maxWait (pool exhausted)',
    samples: [
      // apache/incubator-seata#5241, kenkoooo/AtCoderProblems#64
      'java.sql.SQLException: Cannot get a connection, pool error Timeout waiting for idle object',
      'Caused by: java.util.NoSuchElementException: Timeout waiting for idle object',
      // Tomcat JDBC ConnectionPool.borrowConnection's message
      'org.apache.tomcat.jdbc.pool.PoolExhaustedException: [http-nio-8080-exec-9] Timeout: Pool empty. Unable to fetch a connection in 30 seconds, none available[size:100; busy:100; idle:0; lastwait:30000].',
    ],
  },
  {
    id: 'java-mysql-communications-link-failure',
    formats: [...JAVA, ...APP],
    pattern: /CommunicationsException: Communications link failure/,
    event: 'db-connection-lost',
    severity: 'error',
    // The contract's `dependency-down` has no detector yet (CauseId lists detectors only): no cause until it does.
    summary:
      'MySQL Connector/J lost (or never got) its connection to the server: server down, restarted or unreachable',
    samples: [
      'com.mysql.cj.jdbc.exceptions.CommunicationsException: Communications link failure',
      'Caused by: com.mysql.jdbc.exceptions.jdbc4.CommunicationsException: Communications link failure',
    ],
  },

  // ── Apache httpd error log ────────────────────────────────────────────────────────────────
  {
    id: 'apache-max-request-workers',
    formats: APACHE,
    pattern: /server reached (?<setting>MaxRequestWorkers|MaxClients) setting, consider raising the/,
    needle: 'server reached Max',
    event: 'maxconn-reached',
    severity: 'critical',
    cause: 'connection-limit',
    summary:
      'every Apache worker is busy (MaxRequestWorkers, MaxClients before 2.4): new connections wait in the listen queue',
    samples: [
      // hbz/oerworldmap#1913 (prefork AH00161), PerimeterX/mod_perimeterx#139 (worker AH00286), deis/deis#270 (2.2)
      '[Fri Jun 05 06:26:05.212442 2020] [mpm_prefork:error] [pid 1401] AH00161: server reached MaxRequestWorkers setting, consider raising the MaxRequestWorkers setting',
      '[mpm_worker:error] [pid 2683:tid 139672079439936] AH00286: server reached MaxRequestWorkers setting, consider raising the MaxRequestWorkers setting',
      '[Wed Oct 30 17:26:03 2013] [error] server reached MaxClients setting, consider raising the MaxClients setting',
    ],
  },
  {
    id: 'apache-proxy-status-line-read-error',
    formats: APACHE,
    pattern: /AH01102: error reading status line from remote server (?<backend>[\w.:[\]-]{1,100})/,
    needle: 'AH01102: error reading status line',
    event: 'upstream-closed',
    severity: 'error',
    // mod_proxy_http's docs name the race: the backend closed a pooled keep-alive connection as Apache reused it.
    cause: 'keepalive-race',
    summary:
      'the backend closed or reset the connection before its status line (502): a reused keep-alive connection or a dying app',
    samples: [
      // nextcloud/all-in-one#175, icing/mod_h2#14
      '[Fri Jan 28 14:18:33.838658 2022] [proxy_http:error] [pid 119] (70007)The timeout specified has expired: [client 10.6.0.2:52924] AH01102: error reading status line from remote server localhost:8000, referer: https://192.168.178.98:8080/containers',
      '[Fri Apr 17 10:11:38.935081 2015] [proxy_http:error] [pid 17641:tid 140117117228800] (20014)Internal error: [client 74.254.77.254:9912] AH01102: error reading status line from remote server 192.168.122.135:80, referer: https://www.carcosa.net/owncloud',
    ],
  },
  {
    id: 'apache-proxy-connect-refused',
    formats: APACHE,
    pattern:
      /\(111\)Connection refused: (?:AH00957: )?(?:proxy: )?(?<scheme>[A-Za-z]{2,8}): attempt to connect to (?<backend>[\w.:[\]-]{1,100})/,
    needle: 'attempt to connect to ',
    event: 'upstream-refused',
    severity: 'error',
    // Nothing listens: the app is down, crashed or still starting (as nginx's connect() refused).
    cause: 'crash-loop',
    summary: 'nothing accepted mod_proxy’s connection to the backend (app down or restarting) (503)',
    samples: [
      // freedombox/FreedomBox#895 (2.4), zdavatz/oddb.org#92 (2.2)
      '[Sat Jul 08 17:40:54.742169 2017] [proxy:error] [pid 1081] (111)Connection refused: AH00957: HTTP: attempt to connect to 127.0.0.1:8000 (127.0.0.1) failed',
      '[Wed Dec 04 17:14:32 2019] [error] (111)Connection refused: proxy: HTTP: attempt to connect to 127.0.0.1:8212 (*) failed',
    ],
  },
  {
    id: 'apache-proxy-connect-failed',
    formats: APACHE,
    pattern:
      /(?:AH00957|proxy): (?<scheme>[A-Za-z]{2,8}): attempt to connect to (?<backend>[\w.:[\]-]{1,100}) \([^()]{0,100}\) failed/,
    needle: 'attempt to connect to ',
    event: 'upstream-refused',
    severity: 'error',
    summary: 'mod_proxy could not connect to the backend (timeout, unreachable, or SELinux denying httpd) (503)',
    samples: [
      // a project's troubleshooting page quoting ssl_error_log under SELinux (httpd_can_network_connect off)
      'Permission denied: proxy: HTTPS: attempt to connect to 127.0.0.1:5001 (localhost) failed',
    ],
  },
  {
    id: 'apache-too-many-open-files',
    formats: APACHE,
    pattern: /\(24\)Too many open files/,
    event: 'too-many-open-files',
    severity: 'critical',
    cause: 'fd-exhaustion',
    summary: 'an Apache child hit its open-file limit: accept and log opens fail',
    samples: [
      // IBM HTTP Server (httpd 2.x) diagnostics guide, "Too many open files" examples
      '[error] (24)Too many open files: apr_accept: (client socket)',
      '[crit] (24)Too many open files: SSL0600S: Unable to connect to session ID cache',
    ],
  },

  // ── PHP-FPM and PHP applications (Laravel, Symfony) ───────────────────────────────────────
  {
    id: 'php-fpm-max-children-reached',
    formats: PHP_FPM,
    pattern: /(?:\[pool (?<pool>[^\]\s]{1,100})\] )?server reached (?:pm\.)?max_children setting \((?<max>\d+)\)/,
    needle: 'max_children setting',
    event: 'maxconn-reached',
    severity: 'critical',
    cause: 'connection-limit',
    summary: 'every PHP-FPM child is busy (pm.max_children): requests queue in listen.backlog',
    samples: [
      // mail-in-a-box/mailinabox#515, oerdnj/deb.sury.org#1660
      'WARNING: [pool www] server reached pm.max_children setting (8), consider raising it',
      '[26-Sep-2021 05:05:58] WARNING: [pool ***removed***.com] server reached max_children setting (8), consider raising it',
    ],
  },
  {
    // The precursor: the pool spawns because no child is idle, and its total counts up towards pm.max_children
    // (analysis/forecast-pools.ts fits that count). The message is fpm_pctl_perform_idle_server_maintenance's.
    id: 'php-fpm-seems-busy',
    formats: PHP_FPM,
    pattern:
      /\[pool (?<pool>[^\]\s]{1,100})\] seems busy \(you may need to increase pm\.start_servers, or pm\.min\/max_spare_servers\), spawning (?<spawning>\d+) children, there are (?<idle>\d+) idle, and (?<total>\d+) total children/,
    needle: 'seems busy (you may need to increase pm.start_servers',
    event: 'pool-busy',
    severity: 'warning',
    summary: 'no PHP-FPM child was idle: the pool spawns more, its total children counting up towards pm.max_children',
    samples: [
      // ellite/Wallos#63, mailcow/mailcow-dockerized#931
      '[21-Nov-2023 20:39:06] WARNING: [pool www] seems busy (you may need to increase pm.start_servers, or pm.min/max_spare_servers), spawning 8 children, there are 0 idle, and 6 total children',
      'WARNING: [pool www] seems busy (you may need to increase pm.start_servers, or pm.min/max_spare_servers), spawning 32 children, there are 0 idle, and 9 total children',
    ],
  },
  {
    id: 'php-fpm-execution-timed-out',
    formats: PHP_FPM,
    pattern:
      /child (?<child>\d+), script '(?<script>[^']{1,300})' \(request: "(?<request>[^"]{0,300})"\) execution timed out \((?<seconds>[\d.]+) sec\)/,
    needle: 'execution timed out',
    event: 'request-timeout',
    severity: 'error',
    // `upstream-timeout` (a slow dependency or lock) has no detector yet: no cause until it does.
    summary: 'a PHP request ran past request_terminate_timeout and FPM killed its child (502/504 upstream)',
    samples: [
      // omega8cc/boa#462 (the issue cuts the line after "term"; fpm_request.c writes ", terminating")
      '[21-Oct-2014 16:52:34] WARNING: [pool o1] child 27299, script \'/data/disk/o1/static/cpagardens-7.x-1.0-beta2/index.php\' (request: "GET /index.php") execution timed out (186.444499 sec), terminating',
    ],
  },
  {
    id: 'php-fpm-child-segfault',
    formats: PHP_FPM,
    pattern: /child (?<child>\d+) exited on signal (?<signal>11 \(SIGSEGV\)|6 \(SIGABRT\)|7 \(SIGBUS\))/,
    needle: ' exited on signal ',
    event: 'process-exit',
    severity: 'error',
    cause: 'crash-loop',
    summary: 'a PHP-FPM child crashed (SIGSEGV/SIGABRT/SIGBUS): its request got a 502',
    samples: [
      // Newcomer1989/TSN-Ranksystem#572
      '[30-Dec-2018 15:09:04] WARNING: [pool rank.mightful-noobs.de] child 22612 exited on signal 11 (SIGSEGV) after 7.109208 seconds from start',
    ],
  },
  {
    id: 'php-fpm-child-exited-on-signal',
    formats: PHP_FPM,
    pattern:
      /child (?<child>\d+) exited on signal (?<signal>\d+) \((?<name>SIG[A-Z]+)\) after (?<seconds>[\d.]+) seconds/,
    needle: ' exited on signal ',
    event: 'process-exit',
    severity: 'warning',
    summary:
      'a PHP-FPM child was killed by a signal (SIGKILL: the OOM killer or request_terminate_timeout; SIGTERM: recycling)',
    samples: [
      // nextcloud-snap/nextcloud-snap#2852, omega8cc/boa#462
      '[18-Aug-2024 02:43:39] WARNING: [pool www] child 118112 exited on signal 9 (SIGKILL) after 12.605199 seconds from start',
      '[21-Oct-2014 16:51:54] WARNING: [pool o1] child 27367 exited on signal 15 (SIGTERM) after 286.989870 seconds from start',
    ],
  },
  {
    id: 'php-memory-limit-exhausted',
    formats: PHP_APP,
    pattern: /Allowed memory size of (?<bytes>\d+) bytes exhausted/,
    event: 'heap-out-of-memory',
    severity: 'critical',
    cause: 'memory-exhaustion',
    summary: 'a PHP request exceeded memory_limit and died with a fatal error (500)',
    samples: [
      // HDInnovations/UNIT3D#1609 (Laravel 8), laravel/framework#13860
      '[2021-01-17 01:13:57] prod.ERROR: Allowed memory size of 134217728 bytes exhausted (tried to allocate 866802496 bytes) {"userId":3,"exception":"[object] (Symfony\\\\Component\\\\ErrorHandler\\\\Error\\\\FatalError(code: 0): Allowed memory size of 134217728 bytes exhausted (tried to allocate 866802496 bytes) at /var/www/html/vendor/laravel/framework/src/Illuminate/Filesystem/Filesystem.php:54)',
      'PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted (tried to allocate 123731968 bytes) in Unknown on line 0',
    ],
  },
  {
    id: 'laravel-database-connection-refused',
    formats: PHP_APP,
    pattern: /SQLSTATE\[HY000\] \[2002\] (?<reason>Connection refused|No such file or directory|Connection timed out)/,
    needle: 'SQLSTATE[HY000] [2002] ',
    event: 'dependency-refused',
    severity: 'error',
    cause: 'dependency-down',
    summary: 'PDO could not connect to MySQL (2002): the database is down, restarting or unreachable',
    samples: [
      // alexjustesen/speedtest-tracker#1065 (Laravel 10), ftbastler/BoNeMEAL#79 (Laravel 5)
      '[2024-02-04 19:22:11] production.ERROR: SQLSTATE[HY000] [2002] Connection refused (Connection: mysql, SQL: select * from `sessions` where `id` = WT19HvuZ137oyMU6ykIPiQuIn3FJHkHJPrAsZR85 limit 1) {"exception":"[object] (Illuminate\\\\Database\\\\QueryException(code: 2002): SQLSTATE[HY000] [2002] Connection refused (Connection: mysql, SQL: select * from `sessions` where `id` = WT19HvuZ137oyMU6ykIPiQuIn3FJHkHJPrAsZR85 limit 1) at /var/www/html/vendor/laravel/framework/src/Illuminate/Database/Connection.php:829)',
      "[2016-03-31 14:08:25] production.ERROR: exception 'PDOException' with message 'SQLSTATE[HY000] [2002] Connection refused' in /home/vol4_1/my.vg/myvg_17773147/htdocs/application/vendor/laravel/framework/src/Illuminate/Database/Connectors/Connector.php:47",
    ],
  },

  // ── AWS load balancers (ALB and Classic ELB access logs) ──────────────────────────────────
  // elb_status_code then target_status_code: `-` (ALB) or 0 (Classic) when no target answered, so the load
  // balancer made the 5xx itself (docs "Troubleshoot your Application Load Balancers", HTTP 502/503/504).
  {
    id: 'aws-lb-502-target-closed',
    formats: AWS_LB,
    pattern: / 502 [-0] \d+ \d+ "/,
    needle: ' 502 ',
    event: 'upstream-closed',
    severity: 'error',
    // The target closed (FIN/RST) the connection the load balancer was using: most often its keep-alive timeout
    // is shorter than the load balancer's idle timeout (60 s); a crash is weighed by analysis.
    cause: 'keepalive-race',
    summary:
      'the load balancer answered 502 itself: the target closed or reset the connection, or sent no valid response',
    samples: [
      'http 2018-11-30T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 - 0.000 0.001 0.000 502 - 34 366 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.46.0" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337364-23a8c76965a2ef7629b185e3" "-" "-" 0 2018-11-30T22:22:48.364000Z "forward" "-" "LambdaInvalidResponse"',
    ],
  },
  {
    id: 'aws-lb-503-no-target',
    formats: AWS_LB,
    pattern: / 503 [-0] \d+ \d+ "/,
    needle: ' 503 ',
    event: 'no-server-available',
    severity: 'error',
    cause: 'health-check-cascade',
    summary: 'the load balancer answered 503 itself: no registered or healthy target to send the request to',
    samples: [
      'http 2020-06-05T07:27:53.050517Z app/test/71e8c05ca6c6aed2 172.31.46.45:55956 - -1 -1 -1 503 - 120 353 "GET http://internal-test-1309439803.us-east-1.elb.amazonaws.com:80/test HTTP/1.1" "curl/7.58.0" - -',
      '2016-10-22T22:35:17.425648Z poor-mans-data-pipeline 1.2.3.4:5 - -1 -1 -1 503 0 0 0 "GET http://poor-mans-data-pipeline.us-east-1.elb.amazonaws.com:80/PATH123 HTTP/1.1" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_6) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/53.0.2785.143 Safari/537.36" - -',
    ],
  },
  {
    id: 'aws-lb-504-target-timeout',
    formats: AWS_LB,
    pattern: / 504 [-0] \d+ \d+ "/,
    needle: ' 504 ',
    event: 'upstream-timeout',
    severity: 'error',
    cause: 'event-loop-blocked',
    summary: 'the load balancer answered 504 itself: the target did not answer within the idle timeout',
    samples: [
      'h2 2023-01-07T09:22:52.872365Z app/k8s-apidev-95472999b0/xxxxxxxxxx 202.102.17.226:24502 10.0.2.61:1325 -1 -1 -1 504 - 49 202 "GET https://example-api.cn:443/prefix-jiameng-api/ HTTP/2.0" "curl/7.79.1"',
      '2015-08-03T19:35:21.383076Z xxxxx-production 1.1.1.1:63484 - -1 -1 -1 504 0 0 0 "GET https://xxxx:443/xxxx"',
    ],
  },

  // ── MongoDB server log (4.4+ JSON and the older text) ─────────────────────────────────────
  {
    id: 'mongodb-too-many-open-files',
    formats: MONGODB,
    pattern: /Too many open files/,
    event: 'too-many-open-files',
    severity: 'critical',
    cause: 'fd-exhaustion',
    summary: 'mongod hit its open-file limit (every connection and data file counts): new connections fail',
    samples: [
      '2020-04-20T11:01:42.685+0200 I NETWORK  [listener] Error accepting new connection on 127.0.0.1:27017: Too many open files',
      'couldn\'t open [/proc/1/stat] Too many open files in system","file":"src/mongo/util/processinfo_linux.cpp","line":78}',
    ],
  },
  {
    id: 'mongodb-connection-refused',
    formats: MONGODB,
    pattern: /Error connecting to (?<target>[^\s(]{1,300})(?: \([^)]{0,100}\))? :: caused by :: Connection refused/,
    needle: 'caused by :: Connection refused',
    event: 'dependency-refused',
    severity: 'error',
    summary: 'a replica-set member or shard refused the connection: that mongod is down or restarting',
    samples: [
      '2019-04-04T10:56:08.673+0000 I ASIO     [Replication] Failed to connect to wcp-mongodb-primary-0.wcp-mongodb-headless.poi-wcp-dev.svc.cluster.local:27017 - HostUnreachable: Error connecting to wcp-mongodb-primary-0.wcp-mongodb-headless.poi-wcp-dev.svc.cluster.local:27017 (10.190.36.15:27017) :: caused by :: Connection refused',
      '{"t":{"$date":"2021-04-23T01:37:25.327+00:00"},"s":"I",  "c":"REPL_HB",  "id":23974,   "ctx":"ReplCoord-1","msg":"Heartbeat failed after max retries","attr":{"target":"mongodb-arbiter:27017","maxHeartbeatRetries":2,"error":{"code":6,"codeName":"HostUnreachable","errmsg":"Error connecting to mongodb-arbiter:27017 (172.24.0.4:27017) :: caused by :: Connection refused"}}}',
    ],
  },
  {
    id: 'mongodb-socket-exception',
    formats: MONGODB,
    pattern: /SocketException[: ]/,
    needle: 'SocketException',
    event: 'connection-reset',
    severity: 'warning',
    summary: 'a client connection broke under mongod (reset, broken pipe, peer gone)',
    samples: [
      '2019-10-10T14:48:44.329+0000 W  NETWORK  [listener] Error accepting new connection SocketException: remote_endpoint: Transport endpoint is not connected',
    ],
  },

  // ── MySQL / MariaDB slow query log ────────────────────────────────────────────────────────
  {
    id: 'mysql-slow-query-over-10s',
    formats: MYSQL_SLOW,
    // 10 s or more: an integer part of two or more digits not starting with 0.
    pattern: /^# Query_time: (?<seconds>[1-9]\d{1,8}(?:\.\d{1,9})?) /,
    needle: '# Query_time: ',
    event: 'db-slow-query',
    severity: 'warning',
    cause: 'upstream-timeout',
    summary: 'a query ran 10 s or longer (slow query log): it held its connection and locks that long',
    samples: [
      '# Query_time: 15.000337  Lock_time: 0.000000  Rows_sent: 1  Rows_examined: 0',
      '# Query_time: 10.000248  Lock_time: 0.000000 Rows_sent: 1  Rows_examined: 0',
    ],
  },
  {
    id: 'mysql-slow-query',
    formats: MYSQL_SLOW,
    // 1 s to 10 s (a single digit before the point); 10 s and more is mysql-slow-query-over-10s. A statement
    // waiting on an InnoDB row lock counts its wait here (the table lock time is Lock_time, not subtracted).
    pattern: /^# Query_time: (?<seconds>[1-9](?:\.\d{1,9})?) /,
    needle: '# Query_time: ',
    event: 'db-slow-query',
    severity: 'notice',
    cause: 'upstream-timeout',
    summary: 'a query ran between 1 s and 10 s (slow query log): the request behind it waited that long',
    samples: [
      // the lab's upstream-timeout scenario (MariaDB 10.11, an UPDATE waiting on a row lock)
      '# Query_time: 6.002445  Lock_time: 0.006121  Rows_sent: 0  Rows_examined: 1',
    ],
  },
  {
    id: 'mysql-lock-wait-timeout',
    formats: withApp(PHP_APP),
    // ER_LOCK_WAIT_TIMEOUT (1205), as the client library reports it to the app.
    pattern: /Lock wait timeout exceeded; try restarting transaction/,
    needle: 'Lock wait timeout exceeded',
    event: 'db-lock-wait',
    severity: 'error',
    cause: 'upstream-timeout',
    summary:
      'a statement waited innodb_lock_wait_timeout (50 s by default) for a row lock another transaction held, and failed (1205)',
    samples: [
      // MariaDB 10.11 client, the lab (mariadb -e on a locked row)
      'ERROR 1205 (HY000) at line 1: Lock wait timeout exceeded; try restarting transaction',
      "Error: Lock wait timeout exceeded; try restarting transaction { code: 'ER_LOCK_WAIT_TIMEOUT' }",
    ],
  },

  // ── Heroku (router and dyno manager) ──────────────────────────────────────────────────────
  {
    id: 'heroku-h10-app-crashed',
    formats: HEROKU,
    pattern: /at=error code=H10 desc="App crashed"/,
    event: 'app-crashed',
    severity: 'critical',
    cause: 'crash-loop',
    summary: 'Heroku router: the web dyno crashed; requests fail with 503',
    samples: [
      '2013-06-21T19:10:02.411212+00:00 heroku[router]: at=error code=H10 desc="App crashed" method=GET path="/" host=myapp.herokuapp.com request_id=2c1a5e4d-1e4b-4b49-9d1f-6b5f0d7f3a11 fwd="24.5.12.8" dyno= connect= service= status=503 bytes=',
    ],
  },
  {
    id: 'heroku-h12-request-timeout',
    formats: HEROKU,
    pattern: /at=error code=H12 desc="Request timeout"/,
    event: 'request-timeout',
    severity: 'error',
    cause: 'event-loop-blocked',
    summary: 'Heroku router: no response within 30 s (503)',
    samples: [
      '2013-06-21T19:12:33.702310+00:00 heroku[router]: at=error code=H12 desc="Request timeout" method=GET path="/api/report" host=myapp.herokuapp.com request_id=7b1d2c3e-4f50-4a61-8b72-9c83d4e5f607 fwd="24.5.12.8" dyno=web.1 connect=1ms service=30000ms status=503 bytes=0',
    ],
  },
  {
    id: 'heroku-h13-connection-closed',
    formats: HEROKU,
    pattern: /at=error code=H13 desc="Connection closed without response"/,
    event: 'upstream-closed',
    severity: 'error',
    cause: 'crash-loop',
    summary: 'Heroku router: the dyno closed the socket without answering (crash mid-request)',
    samples: [
      '2013-06-21T19:14:01.102030+00:00 heroku[router]: at=error code=H13 desc="Connection closed without response" method=POST path="/api/upload" host=myapp.herokuapp.com request_id=0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d fwd="24.5.12.8" dyno=web.1 connect=0ms service=2210ms status=503 bytes=0',
    ],
  },
  {
    id: 'heroku-h99-platform-error',
    formats: HEROKU,
    pattern: /at=error code=H99 desc="Platform error"/,
    event: 'platform-error',
    severity: 'error',
    cause: 'platform-recycle',
    summary: 'Heroku router: an internal platform error (503), often around dyno cycling',
    samples: [
      '2013-06-21T19:54:07.420138+00:00 heroku[router]: at=error code=H99 desc="Platform error" method=GET path="/" host=myapp.herokuapp.com fwd="24.5.12.8" dyno= connect= service= status=503 bytes=',
    ],
  },
  {
    id: 'heroku-h20-boot-timeout',
    formats: HEROKU,
    pattern: /at=error code=H20 desc="App boot timeout"/,
    event: 'app-crashed',
    severity: 'error',
    cause: 'crash-loop',
    summary: 'Heroku router: the dyno did not start listening in time (503)',
    samples: [
      '2013-06-21T19:20:11.000001+00:00 heroku[router]: at=error code=H20 desc="App boot timeout" method=GET path="/" host=myapp.herokuapp.com fwd="24.5.12.8" dyno= connect= service= status=503 bytes=',
    ],
  },
  {
    id: 'heroku-r10-boot-timeout',
    formats: HEROKU,
    pattern: /Error R10 \(Boot timeout\)/,
    event: 'app-crashed',
    severity: 'critical',
    cause: 'crash-loop',
    summary: 'Heroku: the web process did not bind $PORT within 60 s and was killed',
    samples: [
      '2013-06-21T19:19:58.912201+00:00 heroku[web.1]: Error R10 (Boot timeout) -> Web process failed to bind to $PORT within 60 seconds of launch',
    ],
  },
  {
    id: 'heroku-r14-memory-quota-exceeded',
    formats: HEROKU,
    pattern: /Error R14 \(Memory quota exceeded\)/,
    event: 'platform-memory-quota',
    severity: 'error',
    cause: 'memory-exhaustion',
    summary: 'Heroku: the dyno exceeds its memory quota and swaps',
    samples: ['2013-06-21T19:30:12.610212+00:00 heroku[web.1]: Error R14 (Memory quota exceeded)'],
  },
  {
    id: 'heroku-r15-memory-quota-vastly-exceeded',
    formats: HEROKU,
    pattern: /Error R15 \(Memory quota vastly exceeded\)/,
    event: 'platform-memory-quota',
    severity: 'critical',
    cause: 'memory-exhaustion',
    summary: 'Heroku: the dyno used far over its quota and is killed',
    samples: ['2013-06-21T19:31:40.110212+00:00 heroku[web.1]: Error R15 (Memory quota vastly exceeded)'],
  },
  {
    id: 'heroku-r12-exit-timeout',
    formats: HEROKU,
    pattern: /Error R12 \(Exit timeout\)/,
    event: 'process-exit',
    severity: 'warning',
    cause: 'platform-recycle',
    summary: 'Heroku: a process ignored SIGTERM for 30 s and was SIGKILLed',
    samples: [
      '2013-06-21T18:48:35.119023+00:00 heroku[web.1]: Error R12 (Exit timeout) -> At least one process failed to exit within 30 seconds of SIGTERM',
    ],
  },
  {
    id: 'heroku-idling',
    formats: HEROKU,
    pattern: /heroku\[(?<dyno>[\w.]+)\]: Idling$/,
    needle: ': Idling',
    event: 'platform-idling',
    severity: 'notice',
    cause: 'platform-recycle',
    summary: 'Heroku idles a free/eco dyno after 30 min without traffic',
    samples: ['2013-06-21T18:48:02.710532+00:00 heroku[web.1]: Idling'],
  },
  {
    id: 'heroku-cycling',
    formats: HEROKU,
    pattern: /heroku\[(?<dyno>[\w.]+)\]: Cycling$/,
    needle: ': Cycling',
    event: 'platform-sigterm',
    severity: 'notice',
    cause: 'platform-recycle',
    summary: 'Heroku restarts every dyno once a day (cycling)',
    samples: ['2013-06-22T05:11:40.000000+00:00 heroku[web.1]: Cycling'],
  },
  {
    id: 'heroku-state-up-to-crashed',
    formats: HEROKU,
    pattern: /State changed from (?:up|starting) to crashed/,
    needle: ' to crashed',
    event: 'app-crashed',
    severity: 'critical',
    cause: 'crash-loop',
    summary: 'Heroku: the dyno crashed',
    samples: ['2013-06-21T19:10:00.100000+00:00 heroku[web.1]: State changed from up to crashed'],
  },
  {
    id: 'heroku-state-up-to-down',
    formats: HEROKU,
    pattern: /State changed from up to down/,
    event: 'process-exit',
    severity: 'notice',
    cause: 'platform-recycle',
    summary: 'Heroku: the dyno went down (idling, cycling, restart or deploy)',
    samples: ['2013-06-21T18:48:02.710877+00:00 heroku[web.1]: State changed from up to down'],
  },
  {
    id: 'heroku-stopping-sigterm',
    formats: HEROKU,
    pattern: /Stopping (?:all processes|process) with SIGTERM/,
    needle: ' with SIGTERM',
    event: 'platform-sigterm',
    severity: 'notice',
    cause: 'platform-recycle',
    summary: 'Heroku sends SIGTERM to the dyno (idling, cycling, restart, deploy or scale)',
    samples: [
      '2013-06-21T18:48:05.119023+00:00 heroku[web.1]: Stopping all processes with SIGTERM',
      '2013-06-21T18:48:05.119023+00:00 heroku[web.1]: Stopping process with SIGTERM',
    ],
  },
  {
    id: 'heroku-exited-143',
    formats: HEROKU,
    pattern: /Process exited with status 143$/,
    needle: 'Process exited with status 143',
    event: 'process-exit',
    severity: 'notice',
    cause: 'platform-recycle',
    summary: 'the dyno process exited on SIGTERM (128+15): a platform stop, not a crash',
    samples: ['2013-06-21T18:48:06.421092+00:00 heroku[web.1]: Process exited with status 143'],
  },
  {
    id: 'heroku-exited-failure',
    formats: HEROKU,
    pattern: /Process exited with status (?<status>[1-9]\d*)$/,
    needle: 'Process exited with status ',
    event: 'process-exit',
    severity: 'error',
    cause: 'crash-loop',
    summary: 'the dyno process exited with a failure status (a crash: the next state is crashed)',
    samples: ['2013-06-21T19:09:59.900001+00:00 heroku[web.1]: Process exited with status 1'],
  },

  // ── gunicorn (arbiter.py, workers/base.py) ────────────────────────────────────────────────
  {
    id: 'gunicorn-worker-timeout',
    formats: PYTHON,
    pattern: /WORKER TIMEOUT \(pid: ?(?<workerPid>\d+)\)/,
    needle: 'WORKER TIMEOUT (pid:',
    event: 'request-timeout',
    severity: 'critical',
    // The worker did not report within `timeout` seconds: it was stuck in one request (a slow query, an
    // upstream call); the arbiter kills it (SIGABRT, then SIGKILL) and boots another.
    cause: 'event-loop-blocked',
    summary: 'gunicorn killed a worker that was busy longer than its --timeout (the client gets a 502/504)',
    samples: [
      '[2024-01-09 13:24:39 +0000] [1637] [CRITICAL] WORKER TIMEOUT (pid:7214)',
      '2013-06-06 22:24:29 [26219] [CRITICAL] WORKER TIMEOUT (pid:8602)',
      'Jul 05 09:13:44 webapps wsgi.sh[3129704]: [2024-07-05 09:13:44 +0200] [3129704] [CRITICAL] WORKER TIMEOUT (pid:3129714)',
    ],
  },
  {
    id: 'gunicorn-worker-sigkill',
    formats: PYTHON,
    pattern: /Worker \(pid:(?<workerPid>\d+)\) was sent SIGKILL! Perhaps out of memory\?/,
    event: 'process-exit',
    severity: 'error',
    // gunicorn ≥ 20.1 reports a worker killed by a SIGKILL the arbiter did not send: the OOM killer, most often.
    cause: 'memory-exhaustion',
    summary: 'a gunicorn worker was killed by a SIGKILL gunicorn did not send (usually the OOM killer)',
    samples: ['[ERROR] Worker (pid:1040) was sent SIGKILL! Perhaps out of memory?'],
  },
  {
    id: 'gunicorn-worker-signal-9',
    formats: PYTHON,
    pattern: /Worker with pid (?<workerPid>\d+) was terminated due to signal 9\b/,
    event: 'process-exit',
    severity: 'error',
    // gunicorn ≥ 20.1 (arbiter.reap_workers): the arbiter's own kill after a WORKER TIMEOUT, or the OOM killer.
    cause: 'memory-exhaustion',
    summary: 'a gunicorn worker ended by SIGKILL (after a timeout, or the OOM killer)',
    samples: ['[2024-01-09 13:25:03 +0000] [1637] [WARNING] Worker with pid 7284 was terminated due to signal 9'],
  },
  {
    id: 'gunicorn-worker-exited',
    formats: PYTHON,
    pattern: /Worker \(pid:(?<workerPid>\d+)\) exited with code (?<code>[1-9]\d*)/,
    needle: ') exited with code ',
    event: 'process-exit',
    severity: 'error',
    cause: 'crash-loop',
    summary: 'a gunicorn worker exited with a failure code (it crashed or failed to load the app)',
    samples: [
      'Jul 05 09:13:44 webapps wsgi.sh[3129704]: [2024-07-05 09:13:44 +0200] [3129704] [ERROR] Worker (pid:3129714) exited with code 1',
    ],
  },
  {
    id: 'gunicorn-worker-failed-to-boot',
    formats: PYTHON,
    pattern: /Reason: (?:Worker failed to boot|App failed to load)\./,
    needle: 'Reason: ',
    event: 'app-crashed',
    severity: 'critical',
    // The arbiter halts (exit code 3) when a worker cannot import the app: nothing serves until it is fixed.
    cause: 'crash-loop',
    summary: 'gunicorn stopped: a worker could not load the application (import error, bad settings)',
    samples: [
      '[2017-10-26 19:28:24 +0000] [7] [INFO] Reason: Worker failed to boot.',
      'Jan 23 11:31:15 michal gunicorn[16263]: [2020-01-23 11:31:15 +0100] [16263] [INFO] Reason: Worker failed to boot.',
    ],
  },
  {
    id: 'gunicorn-booting-worker',
    formats: PYTHON,
    pattern: /Booting worker with pid: (?<workerPid>\d+)/,
    event: 'process-start',
    severity: 'info',
    summary: 'gunicorn started a worker (at boot, or replacing one that died or timed out)',
    samples: [
      '[2024-01-09 13:24:40 +0000] [7310] [INFO] Booting worker with pid: 7310',
      '2010-07-28 23:01:19 [6935] [INFO] Booting worker with pid: 6935',
    ],
  },

  // ── Celery (worker, billiard pool, kombu consumer) ────────────────────────────────────────
  {
    id: 'celery-worker-lost-sigkill',
    formats: PYTHON,
    pattern:
      /(?:WorkerLostError(?:: |\(')Worker exited prematurely: signal 9 \(SIGKILL\)|Process '(?<process>[^']{1,100})' pid:(?<workerPid>\d+) exited with 'signal 9 \(SIGKILL\)')/,
    needle: 'signal 9 (SIGKILL)',
    event: 'process-exit',
    severity: 'error',
    // A pool process killed by SIGKILL mid-task: the OOM killer (or a container memory limit) most often.
    cause: 'memory-exhaustion',
    summary: 'a Celery pool process was killed by SIGKILL during a task (usually out of memory)',
    samples: [
      "Process 'ForkPoolWorker-31' pid:90 exited with 'signal 9 (SIGKILL)'",
      "Task handler raised error: WorkerLostError('Worker exited prematurely: signal 9 (SIGKILL) Job: 348.')",
      'billiard.exceptions.WorkerLostError: Worker exited prematurely: signal 9 (SIGKILL) Job: 4.',
    ],
  },
  {
    id: 'celery-worker-lost',
    formats: PYTHON,
    pattern: /WorkerLostError(?:: |\(')Worker exited prematurely: (?<reason>signal \d+|exitcode \d+)/,
    needle: 'Worker exited prematurely: ',
    event: 'process-exit',
    severity: 'error',
    cause: 'crash-loop',
    summary: 'a Celery pool process died during a task (a signal or a non-zero exit code)',
    samples: [
      "[2021-10-08 08:34:41,378: ERROR/MainProcess] Task handler raised error: WorkerLostError('Worker exited prematurely: exitcode 0 Job: 2.')",
      "Task handler raised error: WorkerLostError('Worker exited prematurely: exitcode 15 Job: 12.')",
    ],
  },
  {
    id: 'celery-broker-connection-lost',
    formats: PYTHON,
    pattern: /consumer: Connection to broker lost\. Trying to re-establish the connection/,
    needle: 'Connection to broker lost',
    event: 'connection-reset',
    severity: 'warning',
    // Without broker_heartbeat an idle AMQP/Redis connection is cut by a proxy's or the broker's idle timeout.
    cause: 'proxy-idle-timeout',
    summary: "Celery's consumer lost its broker connection (an idle timeout on the path, or the broker went away)",
    samples: [
      '[2017-01-13 15:51:07,161: WARNING/MainProcess] consumer: Connection to broker lost. Trying to re-establish the connection...',
      '11:27:04 [WARNING] celery.worker.consumer.consumer: consumer: Connection to broker lost. Trying to re-establish the connection...',
    ],
  },
  {
    id: 'celery-broker-refused',
    formats: PYTHON,
    pattern: /consumer: Cannot connect to (?<broker>[a-z+]{2,20}):\/\/\S{0,300} (?:\[Errno 111\]|Error 111 connecting)/,
    needle: 'consumer: Cannot connect to ',
    event: 'dependency-refused',
    severity: 'error',
    summary: "Celery's consumer could not connect to its broker (nothing listening: broker down or restarting)",
    samples: [
      'consumer: Cannot connect to redis://redis:6379/0: Error 111 connecting to redis:6379. Connection refused.. Trying again in 2.00 seconds... (1/100)',
      'consumer: Cannot connect to redis://:6379/: Error 111 connecting to :6379. Connection refused',
    ],
  },

  // ── uWSGI (core/master_checks.c, core/master_utils.c, core/socket.c) ──────────────────────
  {
    id: 'uwsgi-harakiri',
    formats: UWSGI,
    pattern: /\*\*\* HARAKIRI ON WORKER (?<worker>\d+) \(pid: (?<workerPid>\d+)/,
    needle: 'HARAKIRI ON WORKER ',
    event: 'request-timeout',
    severity: 'error',
    // harakiri: one request held the worker longer than the limit; uWSGI kills the worker (SIGKILL).
    cause: 'event-loop-blocked',
    summary: 'uWSGI killed a worker stuck in one request for longer than `harakiri` seconds',
    samples: [
      '*** HARAKIRI ON WORKER 10 (pid: 97702, try: 1) ***',
      'Mon Jul  3 03:55:12 2017 - *** HARAKIRI ON WORKER 1 (pid: 17511, try: 1) ***',
      'Oct 25 08:33:55 localhost app: *** HARAKIRI ON WORKER 4 (pid: 10469) ***',
    ],
  },
  {
    id: 'uwsgi-listen-queue-full',
    formats: UWSGI,
    pattern:
      /uWSGI listen queue of socket (?<socket>"[^"\s]{0,300}"|[^"\s]{1,300}) \(fd: \d+\) full !!! \((?<queued>\d+)\/(?<backlog>\d+)\)/,
    needle: 'listen queue of socket ',
    event: 'queue-full',
    severity: 'error',
    // Every worker is busy and the accept backlog (`listen`, capped by somaxconn) overflowed: new
    // connections are refused or time out.
    cause: 'connection-limit',
    summary: "uWSGI's listen queue is full: all workers busy and the socket backlog overflowed",
    samples: [' *** uWSGI listen queue of socket ":6000" (fd: 6) full !!! (1025/1024)'],
  },
  {
    id: 'uwsgi-worker-killed-sigkill',
    formats: UWSGI,
    pattern: /DAMN ! worker (?<worker>\d+) \(pid: (?<workerPid>\d+)\) died, killed by signal 9 /,
    needle: ') died, killed by signal 9 ',
    event: 'process-exit',
    severity: 'error',
    // SIGKILL that no harakiri line explains is most often the OOM killer.
    cause: 'memory-exhaustion',
    summary: 'a uWSGI worker was killed by SIGKILL (the OOM killer, or uWSGI itself after harakiri)',
    samples: [
      'DAMN ! worker 10 (pid: 97702) died, killed by signal 9 :( trying respawn ...',
      'Mon Jan 15 01:14:46 2018 - DAMN ! worker 1 (pid: 53) died, killed by signal 9 :( trying respawn ...',
    ],
  },
  {
    id: 'uwsgi-worker-died',
    formats: UWSGI,
    pattern: /DAMN ! worker (?<worker>\d+) \(pid: (?<workerPid>\d+)\) (?:MISTERIOUSLY )?died/,
    needle: 'DAMN ! worker ',
    event: 'process-exit',
    severity: 'error',
    cause: 'crash-loop',
    summary: 'a uWSGI worker died (a signal or an exit) and the master respawns it',
    samples: ['Nov  7 22:01:43 localhost app: DAMN ! worker 1 (pid: 99) MISTERIOUSLY died :( trying respawn ...'],
  },
  {
    id: 'uwsgi-starting',
    formats: UWSGI,
    pattern: /\*\*\* Starting uWSGI (?<version>[\w.-]{1,40}) /,
    needle: '*** Starting uWSGI ',
    event: 'process-start',
    severity: 'info',
    summary: 'uWSGI (re)started: its startup banner',
    samples: ['[UWSGI]*** Starting uWSGI 2.0.18 (64bit) on [Thu May  2 15:08:12 2019] ***'],
  },

  // ── supervisord (supervisor/process.py) ───────────────────────────────────────────────────
  {
    id: 'supervisord-exited-sigkill',
    formats: SUPERVISORD,
    pattern: /exited: (?<app>[^\s(]{1,200}) \(terminated by (?<signal>SIGKILL)[^;)]{0,40}; not expected\)/,
    needle: '(terminated by SIGKILL',
    event: 'process-exit',
    severity: 'error',
    // supervisord stops programs with SIGTERM: a SIGKILL it did not send is most often the OOM killer.
    cause: 'memory-exhaustion',
    summary: 'a supervisord program was killed by SIGKILL (usually the OOM killer); supervisord restarts it',
    samples: [
      '2022-09-10 09:08:51,142 INFO exited: scylla (terminated by SIGKILL; not expected)',
      '2026-03-15 07:07:10,801 WARN exited: run_ui (terminated by SIGKILL; not expected)',
    ],
  },
  {
    id: 'supervisord-exited-unexpected',
    formats: SUPERVISORD,
    pattern:
      /exited: (?<app>[^\s(]{1,200}) \((?:exit status (?<code>\d+)|terminated by (?<signal>SIG\w{1,10})[^;)]{0,40}); not expected\)/,
    needle: '; not expected)',
    event: 'process-exit',
    severity: 'error',
    cause: 'crash-loop',
    summary: 'a supervisord program exited when it was not expected to (supervisord restarts it)',
    samples: [
      '2014-04-22 13:51:33,469 INFO exited: seat3 (exit status 0; not expected)',
      '2020-11-09 15:59:20,300 INFO exited: worker_1 (exit status 1; not expected)',
      '2017-07-03 20:29:22,637 INFO exited: gunicorn (exit status 3; not expected)',
    ],
  },
  {
    id: 'supervisord-gave-up',
    formats: SUPERVISORD,
    pattern: /gave up: (?<app>\S{1,200}) entered FATAL state, too many start retries too quickly/,
    needle: ' entered FATAL state',
    event: 'restart-loop-stopped',
    severity: 'critical',
    cause: 'crash-loop',
    summary: 'supervisord stopped restarting a program that kept exiting at start (FATAL, startretries)',
    samples: [
      '2014-04-22 13:51:33,469 INFO gave up: seat3 entered FATAL state, too many start retries too quickly',
      '2017-07-03 20:29:28,679 INFO gave up: gunicorn entered FATAL state, too many start retries too quickly',
    ],
  },
  {
    id: 'supervisord-spawned',
    formats: SUPERVISORD,
    pattern: /spawned: '(?<app>[^']{1,200})' with pid (?<childPid>\d+)/,
    needle: "' with pid ",
    event: 'process-start',
    severity: 'info',
    summary: 'supervisord started a program (first start, or a restart after it exited)',
    samples: ["2014-04-22 13:51:33,183 INFO spawned: 'seat4' with pid 951"],
  },

  // ── changes: deploys, reloads, starts, upgrades, cron jobs, certificate renewals ──────────
  // What an operator, a deploy tool or a scheduler did to what runs: neutral lines (no cause), read by
  // analysis/changes.ts into the "what changed" list. Sources: nginx src/os/unix/ngx_process.c (signal
  // handler), HAProxy src/haproxy.c (master reload, version banner), gunicorn arbiter.py (handle_hup), Tomcat
  // HostConfig (deployWAR/deployDirectory), mysqld's and MariaDB's start banners, PostgreSQL postmaster.c,
  // Redis server.c, systemd src/core/job.c (Started/Stopped), cron's do_command.c, dpkg src/main/log.c, apt's
  // history.log, yum.log, dnf.rpm.log, certbot _internal/renewal.py.
  {
    id: 'nginx-reconfiguring',
    formats: NGINX,
    pattern: /signal 1 \(SIGHUP\) received from \d{1,10}, reconfiguring/,
    event: 'config-reload',
    severity: 'notice',
    summary: 'nginx was told to reload its configuration (nginx -s reload, systemctl reload nginx)',
    samples: ['2022/07/11 14:00:02 [notice] 1#1: signal 1 (SIGHUP) received from 1, reconfiguring'],
  },
  {
    id: 'haproxy-reloading',
    formats: [...HAPROXY, 'generic-log'],
    pattern: /\(\d{1,10}\) : Reloading HAProxy/,
    needle: ' : Reloading HAProxy',
    event: 'config-reload',
    severity: 'notice',
    summary: "HAProxy's master process reloads: new workers take the configuration as it is now",
    // Captured from HAProxy 2.6.12 (Debian 12) in master-worker mode on SIGUSR2, in the lab.
    samples: ['[NOTICE]   (23587) : Reloading HAProxy'],
  },
  {
    id: 'haproxy-version-banner',
    formats: [...HAPROXY, 'generic-log'],
    pattern: /\(\d{1,10}\) : haproxy version is (?<version>\S{1,60})/,
    needle: ' : haproxy version is ',
    event: 'version-banner',
    severity: 'info',
    summary: "HAProxy's master states its version after a (re)load",
    samples: ['[NOTICE]   (23587) : haproxy version is 2.6.12-1+deb12u4'],
  },
  {
    id: 'gunicorn-handling-hup',
    formats: PYTHON,
    pattern: /\[INFO\] Handling signal: hup/,
    needle: 'Handling signal: hup',
    event: 'config-reload',
    severity: 'notice',
    summary: 'gunicorn got SIGHUP: it reloads its configuration and boots new workers (a deploy of new code)',
    // Captured from gunicorn 20.1.0 (Debian 12) on `kill -HUP`, in the lab.
    samples: ['[2026-12-03 18:21:39 +0000] [23604] [INFO] Handling signal: hup'],
  },
  {
    id: 'pm2-reload-new-worker',
    formats: PM2,
    pattern: /PM2 log: -reload- New worker listening/,
    needle: '-reload- New worker listening',
    event: 'config-reload',
    severity: 'notice',
    summary: '`pm2 reload` replaced an app process by a new one (a zero-downtime deploy of new code)',
    // Captured from PM2 7.0.4 on `pm2 reload api` (two cluster instances), in the lab.
    samples: ['2026-12-03T18:40:41: PM2 log: -reload- New worker listening'],
  },
  {
    id: 'pm2-daemon-version',
    formats: PM2,
    pattern: /PM2 log: PM2 version {2,20}: (?<version>\d{1,3}\.\d{1,3}\.\d{1,4}\S{0,40})/,
    needle: 'PM2 version ',
    event: 'version-banner',
    severity: 'info',
    summary: 'a PM2 daemon starts and states its version (PM2 itself restarted or was updated)',
    samples: ['2026-12-03T18:40:38: PM2 log: PM2 version          : 7.0.4'],
  },
  {
    id: 'pm2-daemon-node-version',
    formats: PM2,
    // The daemon's banner names the Node.js that runs it and, unless an app sets its own `interpreter`, its apps.
    pattern: /PM2 log: Node\.js version {2,20}: (?<version>\d{1,3}\.\d{1,3}\.\d{1,4})/,
    needle: 'Node.js version ',
    event: 'runtime-version',
    severity: 'info',
    summary: "PM2's start banner states the Node.js version it and its apps run on",
    samples: ['2026-11-23T03:02:48: PM2 log: Node.js version      : 20.20.2'],
  },
  {
    id: 'node-version-after-crash',
    formats: APP,
    // Node ≥ 16 ends the report of an uncaught exception with the version that ran it.
    pattern: /^Node\.js v(?<version>\d{1,3}\.\d{1,3}\.\d{1,4})$/,
    needle: 'Node.js v',
    event: 'runtime-version',
    severity: 'info',
    summary: 'Node.js states its version after an uncaught exception (the version the app runs on)',
    // the lab's supervisord-crash-loop capture, var/log/api/api.err.log
    samples: ['Node.js v20.20.2'],
  },
  {
    id: 'tomcat-webapp-deployed',
    formats: JAVA,
    // The path's class excludes `[`: a failed attempt never overlaps the next (linear on any line).
    pattern: /Deployment of web application (?:archive|directory) \[(?<app>[^[\]]{1,300})\] has finished/,
    needle: 'Deployment of web application ',
    event: 'deploy',
    severity: 'info',
    summary: 'Tomcat deployed a web application (a new or replaced WAR, or a start)',
    samples: [
      '20-Sep-2020 14:24:30.372 INFO [localhost-startStop-2] org.apache.catalina.startup.HostConfig.deployWAR Deployment of web application archive [D:\\Software\\apache-tomcat-8.5.58\\webapps\\belajar-web.war] has finished in [154] ms',
      '27-Jul-2023 15:57:40.119 INFO [main] org.apache.catalina.startup.HostConfig.deployWAR Deployment of web application archive [/opt/crafter/cluster/crafter/bin/apache-tomcat/webapps/ROOT.war] has finished in [7,357] ms',
    ],
  },
  {
    id: 'mysql-starting-version',
    formats: MYSQL,
    pattern: /\((?<server>mysqld|mariadbd) (?<version>[^()\s]{1,60})\) starting as process \d/,
    needle: ') starting as process ',
    event: 'version-banner',
    severity: 'info',
    summary: 'MySQL starts and states its version',
    samples: [
      '2022-07-11T14:19:31.512387Z 0 [System] [MY-010116] [Server] /usr/sbin/mysqld (mysqld 8.0.29-0ubuntu0.20.04.3) starting as process 1187',
      '2024-10-21T15:29:00.461058Z 0 [System] [MY-010116] [Server] /usr/sbin/mysqld (mysqld 8.4.2) starting as process 1',
    ],
  },
  {
    id: 'mysql-mariadb-starting-version',
    formats: MYSQL,
    pattern: /\] Starting MariaDB (?<version>\S{1,80}) source revision /,
    needle: 'Starting MariaDB ',
    event: 'version-banner',
    severity: 'info',
    summary: 'MariaDB starts and states its version',
    samples: [
      '2026-11-23  3:03:34 0 [Note] Starting MariaDB 10.11.19-MariaDB-0+deb12u1 source revision 5843d8475120241667a7ce0f8a1abb6c9b43a273 server_uid Bw0WtiXUBI2ZsSlMr1bc7t3ge9Y= as process 10620',
    ],
  },
  {
    id: 'mysql-ready-version-next-line',
    formats: MYSQL,
    // MySQL 5.x and MariaDB write the version on the record's next line (`Version: '10.6.12-MariaDB'  socket: …`);
    // MySQL 8 writes it on the same line, and its `starting as process` banner names it already.
    pattern: /(?:mysqld|mariadbd): ready for connections\.$/,
    needle: ': ready for connections.',
    event: 'version-banner',
    severity: 'info',
    summary: 'MySQL 5.x or MariaDB is ready after a start (its version on the next line)',
    samples: [
      '2016-03-17 05:16:29 116 [Note] mysqld: ready for connections.',
      '2026-11-23  3:03:18 0 [Note] mariadbd: ready for connections.',
    ],
  },
  {
    id: 'postgres-starting-version',
    formats: POSTGRES,
    pattern: /LOG: {1,2}starting PostgreSQL (?<version>\d{1,3}\.\d{1,4}(?:\.\d{1,4})?)/,
    needle: 'starting PostgreSQL ',
    event: 'version-banner',
    severity: 'info',
    summary: 'PostgreSQL starts and states its version',
    samples: [
      '2022-07-11 14:19:30.104 UTC [1187] LOG:  starting PostgreSQL 14.4 (Ubuntu 14.4-0ubuntu0.22.04.1) on x86_64-pc-linux-gnu, compiled by gcc (Ubuntu 11.2.0-19ubuntu1) 11.2.0, 64-bit',
      '2026-11-23 03:03:44.842 UTC [10837] LOG:  starting PostgreSQL 15.18 (Debian 15.18-0+deb12u1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14+deb12u1) 12.2.0, 64-bit',
    ],
  },
  {
    id: 'redis-version-banner',
    formats: REDIS,
    pattern: /# Redis version=(?<version>[^,\s]{1,40}), bits=/,
    needle: 'Redis version=',
    event: 'version-banner',
    severity: 'info',
    summary: 'Redis starts and states its version',
    samples: [
      '10732:C 23 Nov 2026 03:03:39.339 # Redis version=7.0.15, bits=64, commit=00000000, modified=0, pid=10732, just started',
      '1234:C 11 Jul 2022 14:19:25.414 # Redis version=5.0.7, bits=64, commit=00000000, modified=0, pid=1234, just started',
    ],
  },
  {
    id: 'systemd-unit-started',
    formats: SYSTEMD,
    pattern: /systemd(?:\[1\])?: Started (?<unit>[^\n]{1,200})/,
    needle: ': Started ',
    event: 'unit-started',
    severity: 'info',
    summary: 'systemd started a unit (a start, or the second half of a restart)',
    samples: [
      'Jul 11 14:19:27 ip-172-31-1-2 systemd[1]: Started A high performance web server and a reverse proxy server.',
      '2022-07-11T14:19:27+0000 ip-172-31-1-2 systemd[1]: Started PM2 process manager.',
    ],
  },
  {
    id: 'systemd-unit-stopped',
    formats: SYSTEMD,
    pattern: /systemd(?:\[1\])?: Stopped (?<unit>[^\n]{1,200})/,
    needle: ': Stopped ',
    event: 'unit-stopped',
    severity: 'info',
    summary: 'systemd stopped a unit (a stop, or the first half of a restart)',
    // unix.stackexchange.com/questions/301973 (CentOS 7 /var/log/messages)
    samples: ['Jul 24 23:55:57 orion systemd: Stopped Permit User Sessions.'],
  },
  {
    id: 'cron-cmd',
    formats: SYSTEMD,
    // The command runs to the line's end, its closing parenthesis included (changes.ts drops it).
    pattern: /CRON\[\d{1,10}\]: \((?<user>[^)\s]{1,64})\) CMD \((?<command>[^\n]{1,400})/,
    needle: ') CMD (',
    event: 'cron-run',
    severity: 'info',
    summary: 'cron ran a job',
    samples: [
      'Jul 11 13:59:01 ip-172-31-1-2 CRON[21937]: (root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)',
      'Jul  1 06:25:01 ip-172-31-1-2 CRON[21937]: (root) CMD (test -x /usr/sbin/anacron || ( cd / && run-parts --report /etc/cron.daily ))',
    ],
  },
  {
    id: 'package-dpkg-upgrade',
    formats: ['package-log'],
    pattern: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} (?<action>upgrade) (?<package>\S{1,200}) /,
    needle: ' upgrade ',
    event: 'package-change',
    severity: 'info',
    summary: 'dpkg upgraded a package',
    samples: ['2025-06-24 14:36:25 upgrade libsystemd0:amd64 252.36-1~deb12u1 252.38-1~deb12u1'],
  },
  {
    id: 'package-dpkg-install',
    formats: ['package-log'],
    pattern: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} (?<action>install) (?<package>\S{1,200}) /,
    needle: ' install ',
    event: 'package-change',
    severity: 'info',
    summary: 'dpkg installed a package',
    samples: ['2026-05-09 07:29:02 install libbpf1:amd64 <none> 1:1.1.2-0+deb12u1'],
  },
  {
    id: 'package-apt-upgrade',
    formats: ['package-log'],
    pattern: /^(?<action>Upgrade): (?<package>[^\s(]{1,200}) \(/,
    needle: 'Upgrade: ',
    event: 'package-change',
    severity: 'info',
    summary: 'apt upgraded packages (a line of a history.log record)',
    samples: ['Upgrade: tzdata:amd64 (2025b-0+deb12u1, 2025b-0+deb12u2)'],
  },
  {
    id: 'package-apt-install',
    formats: ['package-log'],
    pattern: /^(?<action>Install): (?<package>[^\s(]{1,200}) \(/,
    needle: 'Install: ',
    event: 'package-change',
    severity: 'info',
    summary: 'apt installed packages (a line of a history.log record)',
    samples: ['Install: nodejs:amd64 (20.20.2-1nodesource1)'],
  },
  {
    id: 'package-apt-remove',
    formats: ['package-log'],
    pattern: /^(?<action>Remove): (?<package>[^\s(]{1,200}) \(/,
    needle: 'Remove: ',
    event: 'package-change',
    severity: 'info',
    summary: 'apt removed packages (a line of a history.log record)',
    // github.com/mvo5/unattended-upgrades/pull/40
    samples: ['Remove: libspeechd2:amd64 (0.8.3-1ubuntu3)'],
  },
  {
    id: 'package-yum-updated',
    formats: ['package-log'],
    pattern: /^[A-Z][a-z]{2} {1,2}\d{1,2} \d{2}:\d{2}:\d{2} (?<action>Updated): (?<package>\S{1,300})$/,
    needle: 'Updated: ',
    event: 'package-change',
    severity: 'info',
    summary: 'yum upgraded a package',
    // unix.stackexchange.com/questions/301973 (CentOS 7 /var/log/yum.log)
    samples: ['Jun 28 17:10:04 Updated: 1:mariadb-libs-5.5.47-1.el7_2.x86_64'],
  },
  {
    id: 'package-dnf-change',
    formats: ['package-log'],
    pattern:
      /^\d{4}-\d{2}-\d{2}T\S{8,14} SUBDEBUG (?<action>Upgrade|Installed|Downgrade|Erase|Reinstall): (?<package>\S{1,300})$/,
    needle: ' SUBDEBUG ',
    event: 'package-change',
    severity: 'info',
    summary: 'dnf upgraded, installed or removed a package',
    samples: ['2022-03-28T14:31:28+00 SUBDEBUG Upgrade: openssl-libs-1:1.1.1g-16.el8_4'],
  },
  {
    id: 'certbot-renewing',
    formats: ['certbot-log'],
    pattern: /Renewing an existing certificate for (?<domain>\S{1,253})/,
    needle: 'Renewing an existing certificate for ',
    event: 'certificate-renewed',
    severity: 'info',
    summary: 'certbot renews a certificate (the web server reloads it through its deploy hook)',
    samples: [
      '2026-09-28 04:19:51,494:DEBUG:certbot._internal.display.obj:Notifying user: Renewing an existing certificate for x.test',
    ],
  },

  // ── Generic: any free-text log (after every specific shape above) ─────────────────────────
  {
    id: 'generic-no-space-left',
    formats: ANY_TEXT,
    pattern: /[Nn]o space left on device/,
    needle: 'o space left on device',
    event: 'disk-full',
    severity: 'critical',
    cause: 'disk-full',
    summary: 'a write failed because the filesystem is full',
    samples: [
      "Jul 11 14:12:01 ip-172-31-9-80 rsyslogd: file '/var/log/syslog'[7] write error - see https://www.rsyslog.com/solving-rsyslog-write-errors/ for help OS error: No space left on device [v8.32.0 try https://www.rsyslog.com/e/2027 ]",
      "cp: error writing '/tmp/build.tar': No space left on device",
    ],
  },
];
