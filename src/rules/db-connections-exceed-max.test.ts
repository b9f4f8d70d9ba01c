import { RuleTester } from '../../test/helpers/rule-tester.js';
import rule from './db-connections-exceed-max.js';

const CPUINFO =
  'processor\t: 0\nmodel name\t: x\n\nprocessor\t: 1\nmodel name\t: x\n\nprocessor\t: 2\nmodel name\t: x\n\nprocessor\t: 3\nmodel name\t: x\n';

const KNEX = (max: string) => `module.exports = {
  client: 'pg',
  connection: { host: '127.0.0.1', port: 5432, database: 'app' },
  pool: { min: 2, max: ${max} },
};
`;
const ECO = `module.exports = {
  apps: [{ name: 'api', script: 'server.js', instances: 'max', exec_mode: 'cluster' }],
};
`;

new RuleTester().run('db-connections-exceed-max', rule, {
  valid: [
    {
      name: 'the pools fit',
      files: {
        'srv/api/knexfile.js': KNEX('10'),
        'srv/api/ecosystem.config.js': ECO,
        'etc/postgresql/15/main/postgresql.conf': 'port = 5432\nmax_connections = 100\n',
        'proc/cpuinfo': CPUINFO,
      },
    },
  ],
  invalid: [
    {
      name: "knex max 30 × PM2 instances 'max' (4 CPUs) against PostgreSQL's 100 − 3 reserved",
      files: {
        'srv/api/knexfile.js': KNEX('30'),
        'srv/api/ecosystem.config.js': ECO,
        'srv/api/package.json': '{ "name": "api" }',
        'etc/postgresql/15/main/postgresql.conf': 'port = 5432\nmax_connections = 100\n',
        'proc/cpuinfo': CPUINFO,
      },
      findings: [
        {
          messageId: 'exceeds',
          severity: 'error',
          locations: [
            'srv/api/knexfile.js:4',
            'srv/api/ecosystem.config.js:2',
            'etc/postgresql/15/main/postgresql.conf:2',
          ],
          message: /accepts 97 connections.*may open 120.*knex pool max 30 × 4/s,
        },
      ],
    },
    {
      name: 'Django behind HAProxy with gunicorn and Celery from a Procfile',
      files: {
        'etc/haproxy/haproxy.cfg':
          'defaults\n  mode tcp\n  timeout client 1h\n  timeout server 1h\n  timeout connect 5s\n\nlisten db\n  bind 127.0.0.1:3306\n  server m1 10.0.0.5:3306 check\n',
        'etc/mysql/my.cnf': '[mysqld]\nmax_connections = 20\n',
        'srv/shop/shop/settings.py':
          "DATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.mysql',\n        'HOST': '127.0.0.1',\n        'PORT': '3306',\n    }\n}\n",
        'srv/shop/Procfile':
          'web: gunicorn shop.wsgi --workers 8 --threads 2\nworker: celery -A shop worker --concurrency 8\n',
      },
      findings: [
        {
          messageId: 'exceeds',
          locations: [
            'srv/shop/Procfile:1',
            'srv/shop/shop/settings.py:2',
            'srv/shop/Procfile:2',
            'etc/mysql/my.cnf:2',
          ],
          message: /accepts 20 connections.*may open 24/s,
        },
      ],
    },
  ],
});
