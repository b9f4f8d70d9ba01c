import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CAUSE_IDS } from '../model/causes.js';
import type { LogFormatId } from '../model/event.js';
import { SIGNATURES } from './catalog.js';
import { createMatcher, needleOf } from './match.js';
import { traitsOfType } from './traits.js';

const SOURCES = [
  'nginx',
  'haproxy',
  'kernel',
  'systemd',
  'cloud-init',
  'pm2',
  'node',
  'knex',
  'sequelize',
  'generic-pool',
  'pg',
  'mysql',
  'postgres',
  'redis',
  'tomcat',
  'java',
  'apache',
  'php',
  'laravel',
  'heroku',
  'gunicorn',
  'celery',
  'uwsgi',
  'supervisord',
  'generic',
  'aws',
  'mongodb',
  'cron',
  'package',
  'certbot',
  'sqlalchemy',
  'pgbouncer',
];

/**
 * Rejects patterns that can backtrack exponentially: a group holding an unbounded quantifier that
 * is itself repeated without bound (`(a+)+`, `(.*)*`, `(\s*x)+`), and backreferences.
 * Returns the reason, or null when the pattern is linear-safe by this check.
 */
function nestedQuantifier(source: string): string | null {
  const stack: boolean[] = [];
  let lastGroupUnbounded = false;
  let lastWasGroup = false;
  const markUnbounded = (): void => {
    if (stack.length) stack[stack.length - 1] = true;
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const n = source[i + 1] ?? '';
      if (/[1-9]/.test(n) || n === 'k') return `backreference at ${i}`;
      i++;
      lastWasGroup = false;
      continue;
    }
    if (c === '[') {
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
      lastWasGroup = false;
      continue;
    }
    if (c === '(') {
      stack.push(false);
      lastWasGroup = false;
      continue;
    }
    if (c === ')') {
      lastGroupUnbounded = stack.pop() ?? false;
      if (lastGroupUnbounded) markUnbounded();
      lastWasGroup = true;
      continue;
    }
    let unbounded = false;
    if (c === '*' || c === '+') unbounded = true;
    else if (c === '{') {
      const close = source.indexOf('}', i);
      const body = source.slice(i + 1, close);
      unbounded = /^\d+,$/.test(body) || /^\d+,\d+$/.test(body);
      i = close;
    } else if (c !== '?') {
      lastWasGroup = false;
      continue;
    }
    if (unbounded) {
      if (lastWasGroup && lastGroupUnbounded) return `nested quantifier at ${i}`;
      markUnbounded();
    }
    lastWasGroup = false;
  }
  return null;
}

test('the catalog holds at least 80 signatures', () => {
  assert.ok(SIGNATURES.length >= 80, `only ${SIGNATURES.length}`);
});

test('ids are unique, kebab-case and prefixed by their source', () => {
  const seen = new Set<string>();
  for (const s of SIGNATURES) {
    assert.match(s.id, /^[a-z0-9]+(?:-[a-z0-9]+)+$/, s.id);
    assert.ok(!seen.has(s.id), `duplicate id ${s.id}`);
    seen.add(s.id);
    assert.ok(
      SOURCES.some((p) => s.id.startsWith(`${p}-`)),
      `${s.id} does not start with a known source prefix`,
    );
  }
});

test('every signature has samples, formats, a summary and a valid cause', () => {
  const causes = new Set<string>(CAUSE_IDS);
  for (const s of SIGNATURES) {
    assert.ok(s.samples.length >= 1, `${s.id} has no sample`);
    assert.ok(s.formats.length >= 1, `${s.id} has no format`);
    assert.equal(new Set(s.formats).size, s.formats.length, `${s.id} lists a format twice`);
    assert.ok(s.summary.length > 10 && !s.summary.includes('\n'), `${s.id} summary`);
    if (s.cause !== undefined) assert.ok(causes.has(s.cause), `${s.id}: unknown cause ${s.cause}`);
  }
});

test('patterns are stateless and linear-safe', () => {
  for (const s of SIGNATURES) {
    // A global or sticky regex keeps lastIndex between lines and would skip matches.
    assert.ok(!/[gy]/.test(s.pattern.flags), `${s.id} has flags ${s.pattern.flags}`);
    assert.equal(nestedQuantifier(s.pattern.source), null, `${s.id}: ${s.pattern.source}`);
  }
});

test('the linear-safety check rejects nested quantifiers and accepts bounded ones', () => {
  for (const bad of ['(a+)+', '(.*)*', '(?:\\s*x)+', '(a|b*){2,}', '(x(y+))*', '(a)\\1']) {
    assert.notEqual(nestedQuantifier(bad), null, bad);
  }
  for (const ok of ['(a+)?', '(?:ab)+', 'x[(+]*y', '(?<n>\\d+) is (?:DOWN|UP)', '.{0,300}?x', '(a){2}']) {
    assert.equal(nestedQuantifier(ok), null, ok);
  }
});

test('each sample matches its own pattern and contains its needle', () => {
  for (const s of SIGNATURES) {
    const needle = needleOf(s);
    assert.ok(needle.length >= 5, `${s.id}: needle ${JSON.stringify(needle)} is too short to filter`);
    for (const sample of s.samples) {
      assert.ok(s.pattern.test(sample), `${s.id} does not match its sample: ${sample}`);
      assert.ok(sample.includes(needle), `${s.id}: sample lacks needle ${JSON.stringify(needle)}`);
    }
  }
});

// Ordinary lines of healthy servers, written the way they print them. No signature may match.
const HEALTHY: string[] = [
  '2022/07/11 13:55:02 [notice] 8930#8930: signal process started',
  '2022/07/11 13:55:02 [notice] 1#1: using the "epoll" event method',
  '2022/07/11 13:55:02 [notice] 1#1: start worker processes',
  '2022/07/11 13:57:40 [info] 8934#8934: *220001 client 10.0.0.7 closed keepalive connection',
  '2022/07/11 13:58:12 [warn] 8934#8934: *220044 an upstream response is buffered to a temporary file /var/lib/nginx/proxy/3/01/0000000013 while reading upstream, client: 10.0.0.7, server: api.example.com, request: "GET /v1/export HTTP/1.1", upstream: "http://127.0.0.1:3000/v1/export", host: "api.example.com"',
  '107.167.202.154 - - [11/Jul/2022:13:58:20 +0000] "GET /v1/me/tenant HTTP/1.1" 200 512 "-" "okhttp/4.9.1"',
  'Jul 11 13:58:21 lb1 haproxy[1402]: 10.0.0.7:51234 [11/Jul/2022:13:58:21.102] fe_http be_api/api1 0/0/1/12/13 200 842 - - ---- 12/12/0/0/0 0/0 "GET /v1/me/tenant HTTP/1.1"',
  '[NOTICE]   (1) : New worker (8) forked',
  '[NOTICE]   (1) : Loading success.',
  'Jul 11 13:58:30 lb1 haproxy[1402]: Proxy stats started.',
  '2022-07-11T13:58:31: PM2 log: Launching in no daemon mode',
  '2022-07-11T13:58:31: PM2 log: PM2 successfully daemonized',
  'GET /v1/me/tenant 200 12.345 ms - 512',
  'Server listening on port 3000 (pid 8934)',
  '{"level":30,"time":1657547912000,"pid":8934,"hostname":"ip-172-31-9-80","req":{"method":"GET","url":"/v1/unit_measure"},"res":{"statusCode":200},"responseTime":14,"msg":"request completed"}',
  "2022-07-11T13:59:00.000000Z 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '8.0.29'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL.",
  '2022-07-11 13:59:01 0 [Note] InnoDB: Buffer pool(s) load completed at 220711 13:59:01',
  '2022-07-11 13:59:02.101 UTC [1021] LOG:  database system is ready to accept connections',
  '2022-07-11 14:04:02.101 UTC [1030] LOG:  checkpoint starting: time',
  '2022-07-11 14:04:05.220 UTC [20111] api@app LOG:  disconnection: session time: 0:00:03.112 user=api database=app host=10.0.0.5 port=51234',
  '1:M 11 Jul 2022 14:19:25.124 * Ready to accept connections',
  '1:M 11 Jul 2022 14:20:25.003 * 100 changes in 300 seconds. Saving...',
  '1:M 11 Jul 2022 14:20:25.004 * Background saving started by pid 14502',
  '14502:C 11 Jul 2022 14:20:25.210 * DB saved on disk',
  '1:M 11 Jul 2022 14:20:25.305 * Background saving terminated with success',
  'Jul 11 14:02:17 ip-172-31-9-80 CRON[21311]: (root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)',
  'Jul 11 14:02:18 ip-172-31-9-80 systemd[1]: Started Session 3 of user ubuntu.',
  'Jul 11 14:02:19 ip-172-31-9-80 systemd[1]: logrotate.service: Main process exited, code=exited, status=0/SUCCESS',
  'Jul 11 14:02:19 ip-172-31-9-80 systemd[1]: logrotate.service: Succeeded.',
  '[    2.101001] EXT4-fs (xvda1): mounted filesystem with ordered data mode. Opts: (null)',
  "2022-07-11 14:19:40,101 - util.py[DEBUG]: Cloud-init v. 21.4-0ubuntu1~18.04.1 running 'modules:final' at Mon, 11 Jul 2022 14:19:40 +0000. Up 48.01 seconds.",
  'Oct 12, 2014 6:01:40 AM org.apache.catalina.startup.Catalina start',
  'INFO: Server startup in 2234 ms',
  '2013-06-21T17:47:59.630002+00:00 app[web.1]: Express server listening on port 24735',
  '2013-06-21T18:10:01.081532+00:00 heroku[router]: at=info method=GET path="/api/items?page=2" host=myapp.herokuapp.com request_id=9f1a2b3c-0d4e-4f50-8a6b-7c8d9e0f1a2b fwd="24.5.12.8" dyno=web.1 connect=1ms service=18ms status=200 bytes=1532',
  '2013-06-21T18:49:11.000000+00:00 heroku[web.1]: State changed from starting to up',
  '2013-06-21T18:49:11.000000+00:00 heroku[web.1]: Process exited with status 0',
  'I, [2014-10-13T07:20:18.402113 #74934]  INFO -- : GEAR_INFO - capacity: 37.5% gear_count: 2 sessions: 12 up/remove_thresh: 90.0%/49.9% sec_left_til_remove: 120 gear_remove_thresh: 0/20',
];

test('no signature matches ordinary healthy lines (a change, such as a cron job, is named but neutral)', () => {
  assert.ok(HEALTHY.length >= 30);
  // Changes (a cron job, a start) happen on healthy hosts: named for the "what changed" list, never a problem.
  const problems = SIGNATURES.filter((s) => !traitsOfType(s.event).change);
  for (const s of SIGNATURES.filter((s) => traitsOfType(s.event).change)) {
    assert.equal(s.cause, undefined, `${s.id} is a change, not a cause`);
    assert.ok(s.severity === 'info' || s.severity === 'notice', `${s.id} is a change at ${s.severity}`);
  }
  for (const line of HEALTHY) {
    for (const s of problems) {
      assert.ok(!s.pattern.test(line), `${s.id} matches a healthy line: ${line}`);
    }
  }
  const matcher = createMatcher(SIGNATURES);
  const formats = [...new Set(SIGNATURES.flatMap((s) => s.formats))];
  for (const line of HEALTHY) {
    for (const f of formats) {
      const hit = matcher.match(f, line);
      if (hit) assert.ok(traitsOfType(hit.signature.event).change, `${hit.signature.id} (${f}): ${line}`);
    }
  }
});

// The failure lines of the seed stories and the brief, each in the format faultline reads it
// from, with the event it must become.
const REQUIRED: [LogFormatId, string, string][] = [
  ['node-log', "{ [Error: socket hang up] code: 'ECONNRESET' }", 'connection-reset'],
  [
    'haproxy-log',
    '[WARNING] 285/071506 (74918) : Server express/local-gear is DOWN, reason: Layer7 timeout, check duration: 10002ms. 0 active and 0 backup servers left. 128 sessions active, 0 requeued, 0 remaining in queue.',
    'server-down',
  ],
  ['haproxy-log', "[ALERT] 285/071506 (74918) : proxy 'express' has no server available!", 'no-server-available'],
  [
    'haproxy-ctld',
    'I, [2014-10-13T07:14:48.857616 #74934] INFO -- : add-gear - capacity: 143.75% gear_count: 1 sessions: 23 up_thresh: 90.0%',
    'scale-up',
  ],
  [
    'nginx-error',
    '2020/06/16 23:11:11 [error] 35#35: *1149 recv() failed (104: Connection reset by peer) while reading response header from upstream, client: 169.254.1.1, server: _, request: "POST /api/redacted HTTP/1.1", upstream: "http://127.0.0.1:8081/api/redacted", host: "redacted.appspot.com"',
    'upstream-reset',
  ],
  [
    'nginx-error',
    '2022/07/11 14:01:57 [error] 8934#8934: *220135 upstream prematurely closed connection while reading response header from upstream, client: 107.167.202.154',
    'upstream-closed',
  ],
  [
    'pm2-log',
    'You have triggered an unhandledRejection, you may have forgotten to catch a Promise rejection:',
    'unhandled-rejection',
  ],
  ['pm2-log', 'RangeError: Invalid string length', 'invalid-string-length'],
  [
    'syslog',
    "Jul 11 13:59:43 ip-172-31-9-80 systemd-udevd[450]: seq 26654 '/kernel/slab/:a-0000104/cgroup/buffer_head(531:systemd-resolved.service)' is taking a long time",
    'hung-task',
  ],
  [
    'syslog',
    'Jul 11 14:15:37 ip-172-31-9-80 systemd[1]: snapd.service: Watchdog timeout (limit 5min)!',
    'watchdog-timeout',
  ],
  [
    'cloud-init-log',
    "2022-07-11 14:19:13,221 - util.py[DEBUG]: Cloud-init v. 21.4-0ubuntu1~18.04.1 running 'init-local' at Mon, 11 Jul 2022 14:19:13 +0000. Up 21.52 seconds.",
    'reboot',
  ],
  [
    'kernel',
    '[    0.000000] Linux version 5.4.0-1060-aws (buildd@lgw01-amd64-054) (gcc version 7.5.0 (Ubuntu 7.5.0-3ubuntu1~18.04)) #63~18.04.1-Ubuntu SMP',
    'reboot',
  ],
  [
    'redis-log',
    "1:M 11 Jul 2022 14:19:25.123 # WARNING overcommit_memory is set to 0! Background save may fail under low memory condition. To fix this issue add 'vm.overcommit_memory = 1' to /etc/sysctl.conf",
    'redis-config-warning',
  ],
  [
    'redis-log',
    '1:M 11 Jul 2022 14:19:25.123 # WARNING you have Transparent Huge Pages (THP) support enabled in your kernel. This will create latency and memory usage issues with Redis.',
    'redis-config-warning',
  ],
  [
    'node-log',
    "django.db.utils.OperationalError: (2013, 'Lost connection to MySQL server during query')",
    'db-connection-lost',
  ],
  ['json-log', '{"level":"error","msg":"(2006, \'MySQL server has gone away\')"}', 'db-gone-away'],
  [
    'heroku-log',
    '2013-06-21T19:54:07.420138+00:00 heroku[router]: at=error code=H99 desc="Platform error" method=GET path="/" host=myapp.herokuapp.com fwd="24.5.12.8" dyno= connect= service= status=503 bytes=',
    'platform-error',
  ],
  ['heroku-log', '2013-06-21T18:48:02.710532+00:00 heroku[web.1]: Idling', 'platform-idling'],
  [
    'heroku-log',
    '2013-06-21T18:48:05.119023+00:00 heroku[web.1]: Stopping all processes with SIGTERM',
    'platform-sigterm',
  ],
  ['tomcat-log', 'java.net.SocketException: Too many open files', 'too-many-open-files'],
  [
    'tomcat-log',
    'Exception in thread "http-bio-8080-exec-117" java.lang.OutOfMemoryError: GC overhead limit exceeded',
    'java-out-of-memory',
  ],
  // The Java, Apache, PHP-FPM and Laravel failure lines, in the formats that read them (issue 9).
  ['java-log', 'java.lang.OutOfMemoryError: Java heap space', 'java-out-of-memory'],
  ['java-log', 'java.lang.OutOfMemoryError: GC overhead limit exceeded', 'java-out-of-memory'],
  ['java-log', 'java.lang.OutOfMemoryError: Metaspace', 'java-out-of-memory'],
  ['java-log', 'java.lang.OutOfMemoryError: unable to create new native thread', 'java-out-of-memory'],
  [
    'java-log',
    'Caused by: java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30014ms.',
    'pool-acquire-timeout',
  ],
  [
    'java-log',
    'com.mysql.cj.jdbc.exceptions.CommunicationsException: Communications link failure',
    'db-connection-lost',
  ],
  [
    'java-log',
    'com.mysql.cj.jdbc.exceptions.MySQLNonTransientConnectionException: Data source rejected establishment of connection,  message from server: "Too many connections"',
    'db-too-many-connections',
  ],
  [
    'apache-error',
    '[Fri Jun 05 06:26:05.212442 2020] [mpm_prefork:error] [pid 1401] AH00161: server reached MaxRequestWorkers setting, consider raising the MaxRequestWorkers setting',
    'maxconn-reached',
  ],
  [
    'apache-error',
    '[Sat Dec 02 15:23:08.181612 2017] [proxy_http:error] [pid 7001] (20014)Internal error (specific information not available): [client 192.168.1.1:50753] AH01102: error reading status line from remote server 192.168.1.33:8123, referer: [HIDDEN]',
    'upstream-closed',
  ],
  [
    'apache-error',
    '[Sat Jul 08 17:41:18.060447 2017] [proxy:error] [pid 1080] (111)Connection refused: AH00957: HTTP: attempt to connect to 127.0.0.1:8000 (127.0.0.1) failed',
    'upstream-refused',
  ],
  [
    'php-fpm-log',
    '[26-Jul-2012 09:50:00] WARNING: [pool www] server reached pm.max_children setting (50), consider raising it',
    'maxconn-reached',
  ],
  [
    'php-fpm-log',
    '[07-Apr-2021 12:06:02] WARNING: [pool www] child 94930 exited on signal 9 (SIGKILL) after 0.000895 seconds from start',
    'process-exit',
  ],
  [
    'monolog',
    "[2016-03-31 14:08:25] production.ERROR: exception 'PDOException' with message 'SQLSTATE[HY000] [2002] Connection refused' in /home/vol4_1/my.vg/myvg_17773147/htdocs/application/vendor/laravel/framework/src/Illuminate/Database/Connectors/Connector.php:47",
    'dependency-refused',
  ],
  ['monolog', 'SQLSTATE[HY000] [1040] Too many connections', 'db-too-many-connections'],
];

test('the seed stories’ failure lines are all recognised with the right event', () => {
  const matcher = createMatcher(SIGNATURES);
  for (const [format, line, event] of REQUIRED) {
    const hit = matcher.match(format, line);
    assert.ok(hit, `nothing matches (${format}): ${line}`);
    assert.equal(hit.signature.event, event, `${hit.signature.id} for ${line}`);
  }
});

test('neutral lines carry no cause; failure lines at error or worse mostly do', () => {
  for (const s of SIGNATURES) {
    if (s.event === 'server-up' || s.event === 'process-online' || s.event === 'scale-down') {
      assert.equal(s.cause, undefined, `${s.id} is neutral`);
    }
  }
  const serious = SIGNATURES.filter((s) => s.severity === 'critical' || s.severity === 'error');
  const withCause = serious.filter((s) => s.cause !== undefined);
  assert.ok(withCause.length / serious.length > 0.8);
});
