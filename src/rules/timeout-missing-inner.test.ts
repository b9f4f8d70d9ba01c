import {
  POSTMORTEM_COMPANIONS as companions,
  PG_CONF,
  postmortemApi,
  SERVER_JS,
  SITE,
} from '../../test/helpers/postmortem-api.js';
import { RuleTester } from '../../test/helpers/rule-tester.js';
import rule from './timeout-missing-inner.js';

const noReadTimeout = (t: string) => t.replace(/^\s*proxy_read_timeout 120s;\n/m, '');
const requestTimeout = (ms: number) => (t: string) =>
  t.replace('server.listen(PORT', `server.requestTimeout = ${ms};\nserver.listen(PORT`);

new RuleTester().run('timeout-missing-inner', rule, {
  valid: [
    {
      name: 'PostgreSQL statement_timeout 100 s behind nginx’s 120 s',
      companions,
      files: postmortemApi({ [PG_CONF]: (t) => `${t}statement_timeout = '100s'\n` }),
    },
    {
      name: 'both documented defaults: nginx 60 s, PostgreSQL none',
      companions,
      files: postmortemApi({ [SITE]: noReadTimeout }),
    },
    {
      name: 'gunicorn behind nginx is app-timeout-mismatches-proxy’s pair',
      dir: 'test/corpus/php-fpm-max-children',
    },
    { name: 'HAProxy in tcp mode bounds no request (Galera behind it)', dir: 'examples/seed-talk-galera' },
  ],
  invalid: [
    {
      name: 'examples/postmortem-api: nginx raised to 120 s, PostgreSQL statement_timeout off',
      dir: 'examples/postmortem-api',
      findings: [
        {
          messageId: 'missing',
          locations: ['etc/nginx/sites-enabled/api:20', 'etc/postgresql/14/main/postgresql.conf:6'],
          message:
            /^nginx gives up on a request after 2 min \(proxy_read_timeout at etc\/nginx\/sites-enabled\/api:20\), but PostgreSQL behind it has no limit \(statement_timeout default.*Path: nginx proxy_read_timeout 2 min > Node .* > PostgreSQL statement_timeout 0 \(none\)\.$/,
        },
      ],
    },
    {
      name: 'Node with requestTimeout 0 written, behind nginx 120 s',
      companions,
      files: postmortemApi({
        [SERVER_JS]: requestTimeout(0),
        [PG_CONF]: (t) => `${t}statement_timeout = '30s'\n`,
      }),
      findings: [
        {
          messageId: 'missing',
          locations: ['etc/nginx/sites-enabled/api:20', `${SERVER_JS}:13`],
          message: /after 2 min .*but Node behind it has no limit \(server\.requestTimeout at .*server\.js:13\)/,
        },
      ],
    },
  ],
});
