// Realistic analysis contexts, one per outage story (the seeds and the lab's scenarios), built from
// lines in the exact shape the servers print. Shared by the detector tests and the calibration test.
import type { AnalysisContext, Restart } from '../../src/analysis/types.js';
import { context, ev, finding, type LineSpec, minutes, restart, type TypedEvent } from './analysis-context.js';

const NGINX_ERR = 'var/log/nginx/error.log';
const KERN = 'var/log/kern.log';
const SYSLOG = 'var/log/syslog';
const PM2_ERR = 'var/lib/jenkins/.pm2/logs/ob-api-server-error.log';
const PM2_LOG = 'var/lib/jenkins/.pm2/pm2.log';
const PM2_LOG_HOME = 'home/deploy/.pm2/pm2.log';

function nginxUpstream(
  line: number,
  time: string,
  conn: number,
  message: string,
  request: string,
  event: LineSpec['event'],
): TypedEvent {
  const stamp = time.slice(0, 19).replace(/-/g, '/').replace('T', ' ');
  return ev({
    path: NGINX_ERR,
    line,
    time,
    format: 'nginx-error',
    event,
    program: 'nginx',
    text: `${stamp} [error] 8934#8934: *${conn} ${message} while ${event === 'upstream-refused' ? 'connecting to upstream' : 'reading response header from upstream'}, client: 107.167.202.154, server: api.example.com, request: "${request} HTTP/1.1", upstream: "http://127.0.0.1:3000${request.split(' ')[1]}", host: "api.example.com"`,
  });
}

/** keepalive-race: thin 502s from "prematurely closed"/104 resets over an afternoon, app never restarts. */
export function keepaliveScenario(withFinding = true): AnalysisContext {
  const events: TypedEvent[] = [];
  const times = ['14:03:12', '14:17:40', '14:31:05', '14:46:51', '15:02:33', '15:20:09'];
  times.forEach((t, i) => {
    const reset = i % 3 === 2;
    events.push(
      nginxUpstream(
        100 + i * 37,
        `2024-03-02T${t}.000Z`,
        88200 + i * 511,
        reset ? 'recv() failed (104: Connection reset by peer)' : 'upstream prematurely closed connection',
        i % 2 ? 'GET /v1/items?page=2' : 'POST /v1/orders',
        reset ? 'upstream-reset' : 'upstream-closed',
      ),
    );
  });
  return context({
    events,
    incidents: [
      {
        start: Date.parse('2024-03-02T14:03:00Z'),
        end: Date.parse('2024-03-02T15:21:00Z'),
        kinds: ['5xx-burst'],
        summary: '6 × 502',
        events,
      },
    ],
    series: minutes(
      '2024-03-02T14:00:00Z',
      Array.from({ length: 80 }, (_, i) => ({ requests: 300, s5xx: i % 14 === 3 ? 1 : 0, s502: i % 14 === 3 ? 1 : 0 })),
    ),
    findings: withFinding ? [finding('upstream-keepalive-outlives-app', 'etc/nginx/conf.d/api.conf', 4)] : [],
    // The proxy's error log and the app's own: a crash at those moments would be in the latter.
    inputs: [
      { path: 'var/log/nginx/error.log', format: 'nginx-error', error: null, lines: 900 },
      { path: 'home/deploy/.pm2/logs/api-out.log', format: 'pm2-log', error: null, lines: 400 },
    ],
  });
}

/**
 * crash-loop: PM2 restarts after a TypeError thrown by a controller; nginx loses the connection at each
 * crash. Node prints an uncaught exception as a plain stack trace that no signature names, so the errors
 * reach the detector as the lines that preceded each restart in that process.
 */
export function crashLoopScenario(): AnalysisContext {
  const events: TypedEvent[] = [];
  const restarts: Restart[] = [];
  const errLog = 'home/deploy/.pm2/logs/api-error.log';
  const crashes = ['10:02:11', '10:09:47', '10:15:30', '10:22:02', '10:30:55'];
  crashes.forEach((t, i) => {
    const time = `2024-03-02T${t}.000Z`;
    const at = Date.parse(time);
    const after = new Date(at + 400).toISOString();
    const exit = `${after.slice(0, 19)}: PM2 log: App [api:0] exited with code [1] via signal [SIGINT]`;
    events.push(
      nginxUpstream(
        200 + i * 3,
        after,
        1200 + i,
        'upstream prematurely closed connection',
        'GET /v1/orders/order/get',
        'upstream-closed',
      ),
      ev({
        path: PM2_LOG_HOME,
        line: 300 + i * 2,
        time: after,
        format: 'pm2-log',
        level: 'warning',
        event: 'process-exit',
        text: exit,
      }),
    );
    restarts.push(
      restart(after, 'pm2:api:0', 'exited with code [1] via signal [SIGINT]', PM2_LOG_HOME, 300 + i * 2, exit, [
        {
          time: at - 2000,
          path: 'home/deploy/.pm2/logs/api-out.log',
          line: 900 + i * 50,
          text: 'GET /v1/orders/order/get?id=3090 500 12.331 ms - 1024',
        },
        {
          time: at,
          path: errLog,
          line: 20 + i * 9,
          text: "TypeError: Cannot read properties of undefined (reading 'customerId')",
        },
        {
          time: at,
          path: errLog,
          line: 21 + i * 9,
          text: '    at OrdersController.get (/srv/api/app/modules/orders/controller.ts:88:31)',
        },
        {
          time: at,
          path: errLog,
          line: 22 + i * 9,
          text: '    at Layer.handle [as handle_request] (/srv/api/node_modules/express/lib/router/layer.js:95:5)',
        },
      ]),
    );
  });
  return context({ events, restarts });
}

/** Seed 002: RangeError from JSON.stringify in an unhandled rejection, PM2 restarts, "prematurely closed". */
export function oversizedScenario(): AnalysisContext {
  const events: TypedEvent[] = [];
  const restarts: Restart[] = [];
  const range =
    'You have triggered an unhandledRejection, you may have forgotten to catch a Promise rejection:\nRangeError: Invalid string length\n    at JSON.stringify (<anonymous>)\n    at stringify (/var/lib/jenkins/workspace/dev_backend/node_modules/express/lib/response.js:1128:12)\n    at ServerResponse.json (/var/lib/jenkins/workspace/dev_backend/node_modules/express/lib/response.js:260:14)\n    at InventoriesController.sendOk (/var/lib/jenkins/workspace/dev_backend/app/utils/base-controller.ts:199:32)\n    at processTicksAndRejections (node:internal/process/task_queues:96:5)';
  ['14:01:27', '14:01:57', '15:26:54', '15:46:23'].forEach((t, i) => {
    const time = `2022-07-11T${t}.000Z`;
    const after = new Date(Date.parse(time) + 900).toISOString();
    events.push(
      ev({
        path: PM2_ERR,
        line: 1400 + i * 11,
        time,
        format: 'node-log',
        event: 'unhandled-rejection',
        text: range,
      }),
      nginxUpstream(
        3300 + i,
        time,
        220129 + i * 6,
        'upstream prematurely closed connection',
        'GET /v1/inventory/get/?current=256',
        'upstream-closed',
      ),
    );
    restarts.push(
      restart(
        after,
        'pm2:ob_api_server:0',
        'exited with code [1] via signal [SIGINT]',
        PM2_LOG,
        80 + i,
        `${after.slice(0, 19)}: PM2 log: App [ob_api_server:0] exited with code [1] via signal [SIGINT]`,
      ),
    );
  });
  return context({
    events,
    restarts,
    endpoints: [
      { endpoint: '/v1/customer/customers', method: 'GET', beforeFailures: 5, overall: 0.04, errors: 0 },
      { endpoint: '/v1/inventory/attach_location', method: 'PUT', beforeFailures: 5, overall: 0.01, errors: 1 },
    ],
  });
}

/** Seed 002's host: hung tasks, a systemd watchdog timeout and a forced reboot; Redis warned about memory. */
export function starvedHostScenario(): AnalysisContext {
  const events: TypedEvent[] = [
    ev({
      path: SYSLOG,
      line: 5120,
      time: '2022-07-11T13:59:43.000Z',
      format: 'syslog',
      level: 'warning',
      event: 'hung-task',
      text: "Jul 11 13:59:43 ip-172-31-30-14 systemd-udevd[450]: seq 26654 '/kernel/slab/:a-0000104/cgroup/buffer_head(531:systemd-resolved.service)' is taking a long time",
    }),
    ev({
      path: KERN,
      line: 88,
      time: '2022-07-11T14:07:12.000Z',
      format: 'kernel',
      event: 'hung-task',
      cause: 'memory-exhaustion',
      text: 'Jul 11 14:07:12 ip-172-31-30-14 kernel: [2745261.551234] INFO: task systemd-udevd:450 blocked for more than 120 seconds.',
    }),
    ev({
      path: KERN,
      line: 97,
      time: '2022-07-11T14:09:13.000Z',
      format: 'kernel',
      event: 'hung-task',
      cause: 'memory-exhaustion',
      text: 'Jul 11 14:09:13 ip-172-31-30-14 kernel: [2745382.120044] INFO: task jbd2/nvme0n1p1-:241 blocked for more than 241 seconds.',
    }),
    ev({
      path: SYSLOG,
      line: 5188,
      time: '2022-07-11T14:15:37.000Z',
      format: 'syslog',
      event: 'watchdog-timeout',
      text: 'Jul 11 14:15:37 ip-172-31-30-14 systemd[1]: snapd.service: Watchdog timeout (limit 5min)!',
    }),
    ev({
      path: KERN,
      line: 1,
      time: '2022-07-11T14:19:19.000Z',
      format: 'kernel',
      level: 'notice',
      event: 'reboot',
      text: '[    0.000000] Linux version 5.4.0-1060-aws (buildd@lgw01-amd64-054) (gcc version 7.5.0 (Ubuntu 7.5.0-3ubuntu1~18.04)) #63~18.04.1-Ubuntu SMP Mon Nov 15 14:31:31 UTC 2021',
    }),
    ev({
      path: 'var/log/redis/redis-server.log',
      line: 7,
      time: '2022-07-11T14:19:40.000Z',
      format: 'redis-log',
      level: 'warning',
      event: 'redis-config-warning',
      text: "1027:M 11 Jul 2022 14:19:40.311 # WARNING overcommit_memory is set to 0! Background save may fail under low memory condition. To fix this issue add 'vm.overcommit_memory = 1' to /etc/sysctl.conf and then reboot or run the command 'sysctl vm.overcommit_memory=1' for this to take effect.",
    }),
  ];
  return context({ events, findings: [finding('redis-maxmemory-unset', 'etc/redis/redis.conf', 1)] });
}

/** memory-exhaustion: the kernel OOM killer kills node under load; nginx answers 502 meanwhile. */
export function oomScenario(): AnalysisContext {
  const events: TypedEvent[] = [
    ev({
      path: KERN,
      line: 2201,
      time: '2024-03-02T10:14:58.000Z',
      format: 'kernel',
      level: 'warning',
      event: 'memory-warning',
      text: 'Mar  2 10:14:58 app1 kernel: [912233.104412] node invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0',
    }),
    ev({
      path: KERN,
      line: 2263,
      time: '2024-03-02T10:14:58.500Z',
      format: 'kernel',
      level: 'critical',
      event: 'oom-kill',
      cause: 'memory-exhaustion',
      text: 'Mar  2 10:14:58 app1 kernel: [912233.551234] Out of memory: Killed process 8412 (node) total-vm:2793372kB, anon-rss:1630396kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:4512kB oom_score_adj:0',
    }),
    nginxUpstream(
      900,
      '2024-03-02T10:14:58.600Z',
      5512,
      'upstream prematurely closed connection',
      'GET /v1/reports/export',
      'upstream-closed',
    ),
    nginxUpstream(
      901,
      '2024-03-02T10:15:00.000Z',
      5513,
      'connect() failed (111: Connection refused)',
      'GET /v1/items',
      'upstream-refused',
    ),
  ];
  return context({
    events,
    restarts: [
      restart(
        '2024-03-02T10:14:59.200Z',
        'pm2:api:0',
        'exited with code [null] via signal [SIGKILL]',
        PM2_LOG,
        501,
        '2024-03-02T10:14:59: PM2 log: App [api:0] exited with code [null] via signal [SIGKILL]',
      ),
    ],
  });
}

/** memory-exhaustion via Redis at maxmemory with noeviction: writes refused, background save cannot fork. */
export function redisMaxmemoryScenario(): AnalysisContext {
  return context({
    events: [
      ev({
        path: 'var/log/redis/redis-server.log',
        line: 311,
        time: '2024-03-02T11:20:01.000Z',
        format: 'redis-log',
        level: 'warning',
        event: 'fork-failed',
        cause: 'memory-exhaustion',
        text: "1288:M 02 Mar 2024 11:20:01.042 # Can't save in background: fork: Cannot allocate memory",
      }),
      ev({
        path: 'home/deploy/.pm2/logs/api-error.log',
        line: 77,
        time: '2024-03-02T11:20:03.000Z',
        format: 'node-log',
        event: 'redis-oom',
        cause: 'memory-exhaustion',
        text: "ReplyError: OOM command not allowed when used memory > 'maxmemory'.\n    at parseError (/srv/api/node_modules/redis-parser/lib/parser.js:179:12)",
      }),
      ev({
        path: 'home/deploy/.pm2/logs/api-error.log',
        line: 81,
        time: '2024-03-02T11:20:09.000Z',
        format: 'node-log',
        event: 'redis-oom',
        cause: 'memory-exhaustion',
        text: "ReplyError: OOM command not allowed when used memory > 'maxmemory'.\n    at parseError (/srv/api/node_modules/redis-parser/lib/parser.js:179:12)",
      }),
    ],
    findings: [finding('redis-overcommit-memory', 'etc/sysctl.conf', 1)],
  });
}

/** fd-exhaustion: nginx and the Node app hit "Too many open files". */
export function fdScenario(): AnalysisContext {
  return context({
    events: [
      ev({
        path: NGINX_ERR,
        line: 410,
        time: '2024-03-02T09:40:01.000Z',
        format: 'nginx-error',
        level: 'critical',
        event: 'too-many-open-files',
        cause: 'fd-exhaustion',
        program: 'nginx',
        text: '2024/03/02 09:40:01 [crit] 1201#1201: accept4() failed (24: Too many open files)',
      }),
      ev({
        path: 'home/deploy/.pm2/logs/api-error.log',
        line: 90,
        time: '2024-03-02T09:40:02.000Z',
        format: 'node-log',
        event: 'too-many-open-files',
        cause: 'fd-exhaustion',
        text: "Error: EMFILE: too many open files, open '/srv/api/views/index.html'",
      }),
      nginxUpstream(
        411,
        '2024-03-02T09:40:03.000Z',
        88231,
        'recv() failed (104: Connection reset by peer)',
        'GET /v1/items',
        'upstream-reset',
      ),
    ],
    socketStates: { ESTABLISHED: 1019, TIME_WAIT: 212, CLOSE_WAIT: 380 },
    findings: [finding('fd-limit-below-connections', 'etc/nginx/nginx.conf', 12)],
  });
}

/** proxy-idle-timeout (seed 001): Celery loses its MySQL session through HAProxy's 50 s timeouts. */
export function proxyIdleScenario(withFinding = true): AnalysisContext {
  const events: TypedEvent[] = [];
  ['10:15:01', '10:31:44', '10:52:10'].forEach((t, i) => {
    events.push(
      ev({
        path: 'var/log/celery/worker.log',
        line: 300 + i * 40,
        time: `2024-03-02T${t}.000Z`,
        format: 'json-log',
        event: 'db-connection-lost',
        cause: 'proxy-idle-timeout',
        text: "django.db.utils.OperationalError: (2013, 'Lost connection to MySQL server during query')",
      }),
      ev({
        path: 'var/log/celery/worker.log',
        line: 301 + i * 40,
        time: `2024-03-02T${t}.200Z`,
        format: 'json-log',
        event: 'db-gone-away',
        cause: 'proxy-idle-timeout',
        text: "django.db.utils.OperationalError: (2006, 'MySQL server has gone away')",
      }),
      ev({
        path: 'var/log/haproxy.log',
        line: 1200 + i * 70,
        time: `2024-03-02T${t}.000Z`,
        format: 'haproxy-log',
        level: 'info',
        request: { termination: 'cD', backend: 'galera', server: 'db1' },
        text: `Mar  2 ${t} lb1 haproxy[2201]: 10.0.0.5:52344 [02/Mar/2024:${t.slice(0, 5)}:11.001] galera galera/db1 1/0/50002 1234 cD 3/3/2/2/0 0/0`,
      }),
      ev({
        path: 'var/log/mysql/error.log',
        line: 40 + i,
        time: `2024-03-02T${t}.000Z`,
        format: 'mysql-log',
        level: 'warning',
        event: 'db-aborted-connection',
        text: `2024-03-02 ${t} ${140 + i} [Warning] Aborted connection ${140 + i} to db: 'app' user: 'app' host: '10.0.0.9' (Got an error reading communication packets)`,
      }),
    );
  });
  return context({
    events,
    haproxyTerminations: { '--': 4800, cD: 3 },
    findings: withFinding ? [finding('haproxy-timeout-kills-db-sessions', 'etc/haproxy/haproxy.cfg', 12)] : [],
  });
}

/** event-loop-blocked with the cascade it causes: both servers DOWN by Layer7 timeout, then no server, then UP. */
export function eventLoopScenario(): AnalysisContext {
  const h = 'var/log/haproxy.log';
  const events: TypedEvent[] = [
    ev({
      path: h,
      line: 501,
      time: '2024-03-02T10:15:06.000Z',
      format: 'haproxy-log',
      level: 'warning',
      event: 'server-down',
      fields: { backend: 'express', server: 'web1', reason: 'Layer7 timeout' },
      text: '[WARNING] 062/101506 (2201) : Server express/web1 is DOWN, reason: Layer7 timeout, check duration: 2001ms. 1 active and 0 backup servers left. 12 sessions active, 0 requeued, 0 remaining in queue.',
    }),
    ev({
      path: h,
      line: 502,
      time: '2024-03-02T10:15:11.000Z',
      format: 'haproxy-log',
      level: 'warning',
      event: 'server-down',
      fields: { backend: 'express', server: 'web2', reason: 'Layer7 timeout' },
      text: '[WARNING] 062/101511 (2201) : Server express/web2 is DOWN, reason: Layer7 timeout, check duration: 2002ms. 0 active and 0 backup servers left. 41 sessions active, 0 requeued, 0 remaining in queue.',
    }),
    ev({
      path: h,
      line: 503,
      time: '2024-03-02T10:15:11.000Z',
      format: 'haproxy-log',
      level: 'critical',
      event: 'no-server-available',
      cause: 'health-check-cascade',
      text: "[ALERT] 062/101511 (2201) : proxy 'express' has no server available!",
    }),
    nginxUpstream(
      77,
      '2024-03-02T10:15:09.000Z',
      9911,
      'upstream timed out (110: Connection timed out)',
      'GET /v1/report?year=2023',
      'upstream-timeout',
    ),
    ev({
      path: h,
      line: 530,
      time: '2024-03-02T10:16:02.000Z',
      format: 'haproxy-log',
      level: 'notice',
      event: 'server-up',
      text: '[WARNING] 062/101602 (2201) : Server express/web1 is UP, reason: Layer7 check passed, code: 200, check duration: 3ms. 1 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.',
    }),
  ];
  return context({
    events,
    series: minutes(
      '2024-03-02T10:10:00Z',
      Array.from({ length: 10 }, (_, i) =>
        i >= 5 && i <= 6
          ? { requests: 200, s5xx: 90, s503: 90, durSum: 1200, durCount: 200 }
          : { requests: 400, durSum: 12, durCount: 400 },
      ),
    ),
    incidents: [
      {
        start: Date.parse('2024-03-02T10:15:00Z'),
        end: Date.parse('2024-03-02T10:16:59Z'),
        kinds: ['5xx-burst'],
        summary: '503s',
        events,
      },
    ],
  });
}

/** connection-limit: HAProxy maxconn reached and sessions expiring in the queue (sQ), Tomcat threads busy. */
export function connectionLimitScenario(): AnalysisContext {
  const h = 'var/log/haproxy.log';
  return context({
    events: [
      ev({
        path: h,
        line: 88,
        time: '2024-03-02T12:00:04.000Z',
        format: 'haproxy-log',
        level: 'warning',
        event: 'maxconn-reached',
        cause: 'connection-limit',
        text: "[WARNING] 062/120004 (2201) : Proxy www reached the configured maximum connection limit. Please check the global 'maxconn' value.",
      }),
      ev({
        path: h,
        line: 91,
        time: '2024-03-02T12:00:35.000Z',
        format: 'haproxy-log',
        level: 'info',
        request: {
          method: 'GET',
          path: '/api/search',
          status: 503,
          termination: 'sQ',
          backend: 'app',
          server: '<NOSRV>',
        },
        text: 'Mar  2 12:00:35 lb1 haproxy[2201]: 198.51.100.4:40112 [02/Mar/2024:12:00:05.118] www app/<NOSRV> 0/30001/-1/-1/30001 503 212 - - sQ-- 128/128/127/0/0 0/201 "GET /api/search HTTP/1.1"',
      }),
      ev({
        path: 'opt/tomcat/logs/catalina.out',
        line: 4410,
        time: '2024-03-02T12:00:06.000Z',
        format: 'tomcat-log',
        level: 'error',
        event: 'thread-pool-exhausted',
        cause: 'connection-limit',
        text: '02-Mar-2024 12:00:06.118 WARNING [http-bio-8080-Acceptor-0] org.apache.tomcat.util.net.JIoEndpoint$Acceptor.run All threads (200) are currently busy, waiting. Increase maxThreads (200) or check the servlet status',
      }),
    ],
    haproxyTerminations: { '--': 9000, sQ: 201 },
    findings: [finding('tomcat-blocking-connector', 'opt/tomcat/conf/server.xml', 69)],
  });
}

/** db-pool-exhaustion: Knex cannot acquire; PostgreSQL ends sessions idle in transaction. */
export function dbPoolScenario(): AnalysisContext {
  const app = 'home/deploy/.pm2/logs/api-error.log';
  return context({
    events: [
      ev({
        path: app,
        line: 120,
        time: '2024-03-02T10:03:41.000Z',
        format: 'node-log',
        event: 'pool-acquire-timeout',
        cause: 'db-pool-exhaustion',
        text: 'KnexTimeoutError: Knex: Timeout acquiring a connection. The pool is probably full. Are you missing a .transacting(trx) call?\n    at Client_PG.acquireConnection (/srv/api/node_modules/knex/lib/client.js:312:26)',
      }),
      ev({
        path: app,
        line: 131,
        time: '2024-03-02T10:04:41.000Z',
        format: 'node-log',
        event: 'pool-acquire-timeout',
        cause: 'db-pool-exhaustion',
        text: 'KnexTimeoutError: Knex: Timeout acquiring a connection. The pool is probably full. Are you missing a .transacting(trx) call?\n    at Client_PG.acquireConnection (/srv/api/node_modules/knex/lib/client.js:312:26)',
      }),
      ev({
        path: 'var/log/postgresql/postgresql-14-main.log',
        line: 902,
        time: '2024-03-02T10:05:12.000Z',
        format: 'postgres-log',
        level: 'error',
        event: 'db-idle-in-transaction-terminated',
        cause: 'db-pool-exhaustion',
        text: '2024-03-02 10:05:12.331 UTC [41233] app@appdb FATAL:  terminating connection due to idle-in-transaction timeout',
      }),
      nginxUpstream(
        31,
        '2024-03-02T10:04:02.000Z',
        712,
        'upstream timed out (110: Connection timed out)',
        'GET /v1/orders',
        'upstream-timeout',
      ),
    ],
    findings: [finding('postgres-idle-in-transaction-timeout-unset', 'etc/postgresql/14/main/postgresql.conf', 1)],
  });
}

/** platform-recycle (seed 000): a free Heroku dyno idles and is stopped with SIGTERM; H99 follows. */
export function platformScenario(): AnalysisContext {
  const p = 'heroku.log';
  return context({
    events: [
      ev({
        path: p,
        line: 10,
        time: '2014-05-02T10:15:01.000Z',
        format: 'heroku-log',
        level: 'notice',
        event: 'platform-idling',
        cause: 'platform-recycle',
        text: '2014-05-02T10:15:01.123456+00:00 heroku[web.1]: Idling',
      }),
      ev({
        path: p,
        line: 11,
        time: '2014-05-02T10:15:01.200Z',
        format: 'heroku-log',
        level: 'notice',
        event: 'process-exit',
        text: '2014-05-02T10:15:01.223456+00:00 heroku[web.1]: State changed from up to down',
      }),
      ev({
        path: p,
        line: 12,
        time: '2014-05-02T10:15:03.000Z',
        format: 'heroku-log',
        level: 'warning',
        event: 'platform-sigterm',
        cause: 'platform-recycle',
        text: '2014-05-02T10:15:03.001234+00:00 heroku[web.1]: Stopping all processes with SIGTERM',
      }),
      ev({
        path: p,
        line: 19,
        time: '2014-05-02T10:16:40.000Z',
        format: 'heroku-log',
        level: 'error',
        event: 'platform-error',
        cause: 'platform-recycle',
        text: '2014-05-02T10:16:40.551234+00:00 heroku[router]: at=error code=H99 desc="Platform error" method=GET path="/" host=myapp.herokuapp.com request_id=2f6e1c2a fwd="203.0.113.9" dyno= connect= service= status=503 bytes=',
      }),
    ],
  });
}

/** disk-full: nginx cannot buffer a body and the app cannot write its upload. */
export function diskScenario(): AnalysisContext {
  return context({
    events: [
      ev({
        path: NGINX_ERR,
        line: 55,
        time: '2024-03-02T03:12:44.000Z',
        format: 'nginx-error',
        level: 'critical',
        event: 'disk-full',
        cause: 'disk-full',
        program: 'nginx',
        text: '2024/03/02 03:12:44 [crit] 1201#1201: *4410 pwrite() "/var/lib/nginx/body/0000000012" failed (28: No space left on device), client: 203.0.113.7, server: _, request: "POST /upload HTTP/1.1", host: "files.example.com"',
      }),
      ev({
        path: 'home/deploy/.pm2/logs/api-error.log',
        line: 12,
        time: '2024-03-02T03:12:45.000Z',
        format: 'node-log',
        event: 'disk-full',
        cause: 'disk-full',
        text: 'Error: ENOSPC: no space left on device, write\n    at Object.writeSync (node:fs:927:3)',
      }),
    ],
  });
}

/** health-check-cascade alone, the first server refused (crashed), the second then timed out under load. */
export function cascadeScenario(): AnalysisContext {
  const h = 'var/log/haproxy.log';
  return context({
    events: [
      ev({
        path: h,
        line: 10,
        time: '2014-10-13T07:14:48.000Z',
        format: 'haproxy-ctld',
        level: 'info',
        event: 'scale-up',
        text: 'I, [2014-10-13T07:14:48.857616 #74934]  INFO -- : add-gear - capacity: 143.75% gear_count: 1 sessions: 23 up_thresh: 90.0%',
      }),
      ev({
        path: h,
        line: 11,
        time: '2014-10-13T07:15:06.000Z',
        format: 'haproxy-log',
        level: 'warning',
        event: 'server-down',
        fields: { backend: 'express', server: 'gear-2', reason: 'Layer4 connection problem' },
        text: '[WARNING] 285/071506 (74918) : Server express/gear-2 is DOWN, reason: Layer4 connection problem, info: "Connection refused", check duration: 0ms. 1 active and 0 backup servers left. 40 sessions active, 0 requeued, 0 remaining in queue.',
      }),
      ev({
        path: h,
        line: 12,
        time: '2014-10-13T07:15:16.000Z',
        format: 'haproxy-log',
        level: 'warning',
        event: 'server-down',
        fields: { backend: 'express', server: 'local-gear', reason: 'Layer7 timeout' },
        text: '[WARNING] 285/071516 (74918) : Server express/local-gear is DOWN, reason: Layer7 timeout, check duration: 10002ms. 0 active and 0 backup servers left. 128 sessions active, 0 requeued, 0 remaining in queue.',
      }),
      ev({
        path: h,
        line: 13,
        time: '2014-10-13T07:15:16.000Z',
        format: 'haproxy-log',
        level: 'critical',
        event: 'no-server-available',
        cause: 'health-check-cascade',
        text: "[ALERT] 285/071516 (74918) : proxy 'express' has no server available!",
      }),
    ],
  });
}
