import { readFileSync } from 'node:fs';
import { RuleTester } from '../../test/helpers/rule-tester.js';
import rule from './celery-task-outlives-timeouts.js';

const GALERA = 'examples/seed-talk-galera';
const CUT = 'test/corpus/celery-db-session-cut';
const read = (p: string) => readFileSync(p, 'utf8');
const SETTINGS = 'srv/shop/shop/settings.py';

/** The seed-talk-galera bundle, its files edited where a case says so. */
function galera(edit: Record<string, (t: string) => string> = {}): Record<string, string> {
  const files = [
    'etc/haproxy/haproxy.cfg',
    'etc/mysql/my.cnf',
    'etc/mysql/mariadb.conf.d/50-server.cnf',
    'etc/mysql/mariadb.conf.d/60-galera.cnf',
    'srv/shop/Procfile',
    SETTINGS,
  ];
  return Object.fromEntries(files.map((f) => [f, (edit[f] ?? ((t) => t))(read(`${GALERA}/${f}`))]));
}

/** The lab's Celery corpus (Django settings with CELERY_TASK_TIME_LIMIT = 300, MariaDB, /etc/default/celeryd). */
function celeryCut(edit: Record<string, (t: string) => string> = {}): Record<string, string> {
  const files = ['etc/mysql/my.cnf', 'etc/default/celeryd', 'home/app/app/shop/settings.py'];
  return Object.fromEntries(files.map((f) => [f, (edit[f] ?? ((t) => t))(read(`${CUT}/${f}`))]));
}

const limit30 = (t: string) => `${t}CELERY_TASK_TIME_LIMIT = 30\n`;
const RABBIT = '\nlisten rabbitmq\n\tbind 127.0.0.1:5672\n\tmode tcp\n\tserver rabbit1 10.0.0.21:5672 check\n';

new RuleTester().run('celery-task-outlives-timeouts', rule, {
  valid: [
    {
      name: 'tasks limited to 30 s: below HAProxy’s 50 s and the 1 h visibility timeout',
      files: galera({ [SETTINGS]: limit30 }),
    },
    {
      name: 'the lab’s Celery corpus: 300 s tasks straight to MariaDB’s 8 h wait_timeout; /etc/default/celeryd defers to the Django settings',
      files: celeryCut(),
    },
    {
      name: 'an AMQP broker through HAProxy with timeout tunnel 1h (above the 120 s heartbeat)',
      files: galera({
        [SETTINGS]: (t) => limit30(t.replace("'redis://127.0.0.1:6379/0'", "'amqp://guest:guest@127.0.0.1:5672//'")),
        'etc/haproxy/haproxy.cfg': (t) => `${t}${RABBIT}\ttimeout tunnel 1h\n`,
      }),
    },
  ],
  invalid: [
    {
      name: 'examples/seed-talk-galera: no task limit, acks_late with Redis, the database through HAProxy’s 50 s',
      dir: GALERA,
      findings: [
        {
          messageId: 'databaseCut',
          locations: [`${SETTINGS}:22`, 'etc/haproxy/haproxy.cfg:18', 'etc/haproxy/haproxy.cfg:19'],
          message:
            /^Celery tasks may run without end \(no task_time_limit: .*\) on DATABASES\['default'\], which reaches MySQL\/MariaDB through HAProxy listen "galera" \(mode tcp\), closing a session idle for 50 s .*loses its connection/,
        },
        {
          messageId: 'redelivered',
          locations: [`${SETTINGS}:35`, `${SETTINGS}:34`],
          message:
            /^Celery acknowledges a task only when it ends \(task_acks_late at srv\/shop\/shop\/settings\.py:35\), and the redis broker delivers a message not acknowledged within 1 h again \(default, Celery docs.*\), but a task may run without end .*started a second time on another worker/,
        },
      ],
    },
    {
      name: 'acks_late with a 2 h task limit over a visibility timeout of 30 min written',
      files: galera({
        [SETTINGS]: (t) =>
          `${t}CELERY_TASK_TIME_LIMIT = 7200\nCELERY_BROKER_TRANSPORT_OPTIONS = {'visibility_timeout': 1800}\n`,
        'etc/haproxy/haproxy.cfg': (t) => t.replace('\tmode tcp\n', '\tmode tcp\n\ttimeout tunnel 8h\n'),
      }),
      findings: [
        {
          messageId: 'redelivered',
          locations: [`${SETTINGS}:35`, `${SETTINGS}:36`, `${SETTINGS}:37`, `${SETTINGS}:34`],
          message:
            /within 30 min again \(visibility_timeout at srv\/shop\/shop\/settings\.py:37\), but a task may run 2 h \(task_time_limit at srv\/shop\/shop\/settings\.py:36\)/,
        },
      ],
    },
    {
      name: 'the lab’s Celery corpus with MariaDB’s wait_timeout lowered to 60 s under 300 s tasks',
      files: celeryCut({ 'etc/mysql/my.cnf': (t) => t.replace('wait_timeout = 28800', 'wait_timeout = 60') }),
      findings: [
        {
          messageId: 'serverCut',
          locations: ['home/app/app/shop/settings.py:52', 'etc/mysql/my.cnf:22'],
          message:
            /^Celery tasks may run 5 min \(task_time_limit at home\/app\/app\/shop\/settings\.py:52\) on DATABASES\['default'\], but MySQL closes connections idle for 1 min \(wait_timeout at etc\/mysql\/my\.cnf:22\)/,
        },
      ],
    },
    {
      name: 'an AMQP broker through HAProxy’s 50 s defaults, below the 120 s heartbeat',
      files: galera({
        [SETTINGS]: (t) => limit30(t.replace("'redis://127.0.0.1:6379/0'", "'amqp://guest:guest@127.0.0.1:5672//'")),
        'etc/haproxy/haproxy.cfg': (t) => `${t}${RABBIT}`,
      }),
      findings: [
        {
          messageId: 'brokerCut',
          locations: [`${SETTINGS}:34`, 'etc/haproxy/haproxy.cfg:18', 'etc/haproxy/haproxy.cfg:19'],
          message:
            /^The Celery worker reaches its AMQP broker through HAProxy listen "rabbitmq" \(mode tcp\), which closes a session idle for 50 s/,
        },
      ],
    },
  ],
});
