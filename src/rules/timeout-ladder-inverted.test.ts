import { readFileSync } from 'node:fs';
import {
  POSTMORTEM_COMPANIONS as companions,
  PG_CONF,
  postmortemApi,
  SERVER_JS,
} from '../../test/helpers/postmortem-api.js';
import { RuleTester } from '../../test/helpers/rule-tester.js';
import rule from './timeout-ladder-inverted.js';

const requestTimeout = (ms: number) => (t: string) =>
  t.replace('server.listen(PORT', `server.requestTimeout = ${ms};\nserver.listen(PORT`);

// Debian's stock haproxy.cfg (mode http, timeout server 50000) with a frontend for a gunicorn service.
const HAPROXY = `${readFileSync('test/fixtures/config/haproxy/debian/haproxy.cfg', 'utf8')}
frontend www
\tbind :80
\tdefault_backend app

backend app
\tserver app1 127.0.0.1:8000 check
`;
const gunicorn = (args: string) => `[Unit]
Description=gunicorn daemon
After=network.target

[Service]
User=www-data
WorkingDirectory=/srv/app
ExecStart=/srv/app/venv/bin/gunicorn ${args} --bind 127.0.0.1:8000 myproject.wsgi:application

[Install]
WantedBy=multi-user.target
`;

new RuleTester().run('timeout-ladder-inverted', rule, {
  valid: [
    {
      name: 'shrinking from the outside in: nginx 120 s > Node 110 s > PostgreSQL 100 s',
      companions,
      files: postmortemApi({
        [SERVER_JS]: requestTimeout(110_000),
        [PG_CONF]: (t) => `${t}statement_timeout = '100s'\n`,
      }),
    },
    {
      name: 'examples/postmortem-api: no inner timeout at all (timeout-missing-inner’s case)',
      dir: 'examples/postmortem-api',
    },
    {
      name: 'nginx 60 s in front of gunicorn --timeout 3 is app-timeout-mismatches-proxy’s pair',
      dir: 'test/corpus/gunicorn-worker-timeout',
    },
    { name: 'HAProxy in tcp mode in front of Galera', dir: 'examples/seed-talk-galera' },
    {
      name: 'gunicorn --timeout 45 behind Debian’s HAProxy (http, timeout server 50 s)',
      files: { 'etc/haproxy/haproxy.cfg': HAPROXY, 'etc/systemd/system/gunicorn.service': gunicorn('--timeout 45') },
    },
  ],
  invalid: [
    {
      name: 'gunicorn --timeout 120 behind Debian’s HAProxy (http, timeout server 50 s)',
      files: { 'etc/haproxy/haproxy.cfg': HAPROXY, 'etc/systemd/system/gunicorn.service': gunicorn('--timeout 120') },
      findings: [
        {
          messageId: 'inverted',
          locations: ['etc/systemd/system/gunicorn.service:8', 'etc/haproxy/haproxy.cfg:27'],
          message:
            /^HAProxy gives up on a request after 50 s \(timeout server at etc\/haproxy\/haproxy\.cfg:27, inherited from defaults\), but gunicorn behind it lets it run 2 min \(--timeout at etc\/systemd\/system\/gunicorn\.service:8\).*Path: HAProxy timeout server 50 s > gunicorn --timeout 2 min\.$/,
        },
      ],
    },
    {
      name: 'PostgreSQL statement_timeout 5 min behind nginx’s 120 s',
      companions,
      files: postmortemApi({ [PG_CONF]: (t) => `${t}statement_timeout = '5min'\n` }),
      findings: [
        {
          messageId: 'inverted',
          locations: ['etc/postgresql/14/main/postgresql.conf:13', 'etc/nginx/sites-enabled/api:20'],
          message:
            /^nginx gives up on a request after 2 min \(proxy_read_timeout at etc\/nginx\/sites-enabled\/api:20\), but PostgreSQL behind it lets it run 5 min \(statement_timeout at etc\/postgresql\/14\/main\/postgresql\.conf:13\).*Path: nginx proxy_read_timeout 2 min > Node .* > PostgreSQL statement_timeout 5 min\.$/,
        },
      ],
    },
    {
      name: 'Node requestTimeout 300 s behind nginx’s 120 s, PostgreSQL 200 s behind Node',
      companions,
      files: postmortemApi({
        [SERVER_JS]: requestTimeout(300_000),
        [PG_CONF]: (t) => `${t}statement_timeout = 200000\n`,
      }),
      findings: [
        {
          messageId: 'inverted',
          locations: [`${SERVER_JS}:13`, 'etc/nginx/sites-enabled/api:20'],
          message: /^nginx gives up .* after 2 min .*but Node behind it lets it run 5 min \(server\.requestTimeout at/,
        },
      ],
    },
  ],
});
