import { RuleTester } from '../../test/helpers/rule-tester.js';
import rule from './somaxconn-below-backlog.js';

const REDIS = 'bind 127.0.0.1 ::1\nport 6379\ndaemonize yes\nappendonly no\n';

new RuleTester().run('somaxconn-below-backlog', rule, {
  valid: [
    {
      name: 'somaxconn large enough',
      files: { 'etc/redis/redis.conf': REDIS, 'proc/sys/net/core/somaxconn': '4096\n' },
    },
    {
      name: 'somaxconn unknown',
      files: { 'etc/redis/redis.conf': REDIS },
      skipped: 'needs sysctl or host-facts or probe-snapshot',
    },
  ],
  invalid: [
    {
      name: 'Redis’s default tcp-backlog 511 over somaxconn 128',
      files: { 'etc/redis/redis.conf': REDIS, 'proc/sys/net/core/somaxconn': '128\n' },
      findings: [
        {
          messageId: 'below',
          locations: ['proc/sys/net/core/somaxconn:1', 'etc/redis/redis.conf:1'],
          message: /backlog of 511 but net.core.somaxconn is 128/,
        },
      ],
    },
    {
      name: 'an nginx listen backlog',
      files: {
        'etc/nginx/nginx.conf': 'events {}\nhttp {\n  server {\n    listen 80 backlog=8192;\n  }\n}\n',
        'etc/sysctl.conf': 'net.core.somaxconn = 4096\n',
      },
      findings: [{ messageId: 'below', locations: ['etc/sysctl.conf:1', 'etc/nginx/nginx.conf:4'] }],
    },
    {
      name: 'uWSGI listen 1024 over somaxconn 128: uWSGI does not start',
      files: {
        'etc/uwsgi/apps-enabled/api.ini': '[uwsgi]\nsocket = 127.0.0.1:3031\nmodule = api.wsgi\nlisten = 1024\n',
        'proc/sys/net/core/somaxconn': '128\n',
      },
      findings: [
        {
          messageId: 'uwsgiRefuses',
          severity: 'error',
          locations: ['proc/sys/net/core/somaxconn:1', 'etc/uwsgi/apps-enabled/api.ini:4'],
          message: /listen queue of 1024 .*uWSGI refuses to start/s,
        },
      ],
    },
    {
      name: 'a PHP-FPM pool and gunicorn asking for more than somaxconn; PHP-FPM’s default -1 is not reported',
      files: {
        'etc/php/8.2/fpm/pool.d/api.conf':
          '[api]\nlisten = 127.0.0.1:9000\nlisten.backlog = 65535\npm = static\npm.max_children = 8\n[www]\nlisten = /run/php/php8.2-fpm.sock\npm = dynamic\npm.max_children = 5\n',
        'srv/app/gunicorn.conf.py': 'bind = "127.0.0.1:8000"\nworkers = 4\nbacklog = 8192\n',
        'etc/sysctl.d/99-net.conf': 'net.core.somaxconn = 4096\n',
      },
      findings: [
        {
          messageId: 'below',
          locations: ['etc/sysctl.d/99-net.conf:1', 'etc/php/8.2/fpm/pool.d/api.conf:3'],
          message: /PHP-FPM pool api \(listen.backlog 65535\) asks for a backlog of 65535/,
        },
        {
          messageId: 'below',
          locations: ['etc/sysctl.d/99-net.conf:1', 'srv/app/gunicorn.conf.py:3'],
          message: /gunicorn \(backlog 8192\)/,
        },
      ],
    },
  ],
});
