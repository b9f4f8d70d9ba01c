import { readFileSync } from 'node:fs';
import { RuleTester } from '../../test/helpers/rule-tester.js';
import rule from './app-timeout-mismatches-proxy.js';

const APACHE = 'test/fixtures/config/apache/debian-bookworm/etc/apache2';
const FPM_POOL = readFileSync('test/fixtures/config/php-fpm/debian-bookworm/etc/php/8.2/fpm/pool.d/www.conf', 'utf8');

const NGINX_PROXY = (extra: string, port = 8000) => `events {}
http {
  upstream django {
    server 127.0.0.1:${port};
  }
  server {
    listen 80;
    location / {
      proxy_pass http://django;
      ${extra}
    }
  }
}
`;
const UNIT = (args: string) => `[Unit]
Description=gunicorn daemon
After=network.target

[Service]
User=www-data
WorkingDirectory=/srv/app
ExecStart=/srv/app/venv/bin/gunicorn ${args} myproject.wsgi:application

[Install]
WantedBy=multi-user.target
`;
const NGINX_PHP = (extra: string) => `events {}
http {
  server {
    listen 80;
    location ~ \\.php$ {
      include snippets/fastcgi-php.conf;
      fastcgi_pass unix:/run/php/php8.2-fpm.sock;
      ${extra}
    }
  }
}
`;
const SNIPPET = 'fastcgi_split_path_info ^(.+?\\.php)(/.*)$;\nfastcgi_index index.php;\n';

new RuleTester().run('app-timeout-mismatches-proxy', rule, {
  valid: [
    {
      name: 'gunicorn’s limit a little below nginx’s raised one',
      files: {
        'etc/nginx/nginx.conf': NGINX_PROXY('proxy_read_timeout 120s;'),
        'etc/systemd/system/gunicorn.service': UNIT('--workers 3 --timeout 115 --bind 127.0.0.1:8000'),
      },
    },
    {
      name: 'both documented defaults (nginx 60 s, gunicorn 30 s) are the servers’ design',
      files: {
        'etc/nginx/nginx.conf': NGINX_PROXY(''),
        'etc/systemd/system/gunicorn.service': UNIT('--workers 3 --bind 127.0.0.1:8000'),
      },
    },
    {
      name: 'nginx forwards to another port than gunicorn binds',
      files: {
        'etc/nginx/nginx.conf': NGINX_PROXY('proxy_read_timeout 300s;', 9000),
        'etc/systemd/system/gunicorn.service': UNIT('--timeout 20 --bind 127.0.0.1:8000'),
      },
    },
    {
      name: 'PHP-FPM terminates requests just before nginx gives up',
      companions: ['etc/nginx/snippets/fastcgi-php.conf'],
      files: {
        'etc/nginx/nginx.conf': NGINX_PHP('fastcgi_read_timeout 60s;'),
        'etc/nginx/snippets/fastcgi-php.conf': SNIPPET,
        'etc/php/8.2/fpm/pool.d/www.conf': `${FPM_POOL}\nrequest_terminate_timeout = 55s\n`,
      },
    },
  ],
  invalid: [
    {
      name: 'Debian’s Apache (Timeout 300) in front of gunicorn with its default 30 s timeout',
      files: {
        'etc/apache2/apache2.conf': readFileSync(`${APACHE}/apache2.conf`, 'utf8'),
        'etc/apache2/ports.conf': readFileSync(`${APACHE}/ports.conf`, 'utf8'),
        'etc/apache2/sites-enabled/app.conf':
          '<VirtualHost *:80>\n    ServerName app.example.com\n    ProxyPass "/" "http://127.0.0.1:8000/"\n    ProxyPassReverse "/" "http://127.0.0.1:8000/"\n</VirtualHost>\n',
        'etc/systemd/system/gunicorn.service': UNIT('--workers 3 --bind 127.0.0.1:8000'),
      },
      findings: [
        {
          messageId: 'appKillsFirst',
          locations: ['etc/apache2/sites-enabled/app.conf:3', 'etc/apache2/apache2.conf:92'],
          message:
            /Apache \(ProxyPass \/ http:\/\/127\.0\.0\.1:8000\/\) waits up to 5 min .*Timeout 300 at etc\/apache2\/apache2\.conf:92.*gunicorn \(gunicorn\.service\) kills the worker after 30 s \(timeout default, gunicorn docs/s,
        },
      ],
    },
    {
      name: 'nginx raised to 300 s for reports, the Procfile’s gunicorn still kills at 20 s',
      files: {
        'etc/nginx/nginx.conf': NGINX_PROXY('proxy_read_timeout 300s;'),
        Procfile: 'web: gunicorn -w 4 -t 20 -b 127.0.0.1:8000 myproject.wsgi\nworker: celery -A myproject worker\n',
      },
      findings: [
        {
          messageId: 'appKillsFirst',
          locations: ['etc/nginx/nginx.conf:9', 'etc/nginx/nginx.conf:10', 'Procfile:1'],
          message: /waits up to 5 min .*kills the worker after 20 s \(timeout -t 20 at Procfile:1\)/s,
        },
      ],
    },
    {
      name: 'Debian’s PHP-FPM pool (request_terminate_timeout off) behind nginx’s 60 s fastcgi_read_timeout',
      companions: ['etc/nginx/snippets/fastcgi-php.conf'],
      files: {
        'etc/nginx/nginx.conf': NGINX_PHP(''),
        'etc/nginx/snippets/fastcgi-php.conf': SNIPPET,
        'etc/php/8.2/fpm/pool.d/www.conf': FPM_POOL,
      },
      findings: [
        {
          messageId: 'appOutlivesProxy',
          locations: ['etc/nginx/nginx.conf:7'],
          message:
            /gives up after 1 min \(fastcgi_read_timeout default.*lets a request run with no time limit \(request_terminate_timeout default.*pm\.max_children/s,
        },
      ],
    },
    {
      name: 'uWSGI harakiri 60 s behind uwsgi_read_timeout 30 s',
      companions: ['etc/nginx/uwsgi_params'],
      files: {
        'etc/nginx/nginx.conf':
          'events {}\nhttp {\n  server {\n    listen 80;\n    location / {\n      include uwsgi_params;\n      uwsgi_pass 127.0.0.1:3031;\n      uwsgi_read_timeout 30s;\n    }\n  }\n}\n',
        'etc/nginx/uwsgi_params': 'uwsgi_param QUERY_STRING $query_string;\n',
        'etc/uwsgi/apps-enabled/app.ini':
          '[uwsgi]\nsocket = 127.0.0.1:3031\nmodule = app.wsgi\nprocesses = 4\nharakiri = 60\n',
      },
      findings: [
        {
          messageId: 'appOutlivesProxy',
          locations: ['etc/nginx/nginx.conf:7', 'etc/nginx/nginx.conf:8', 'etc/uwsgi/apps-enabled/app.ini:5'],
          message:
            /gives up after 30 s .*lets a request run 1 min \(harakiri 60 at etc\/uwsgi\/apps-enabled\/app\.ini:5\).*listen queue/s,
        },
      ],
    },
  ],
});
