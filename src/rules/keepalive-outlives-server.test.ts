import { readFileSync } from 'node:fs';
import { RuleTester } from '../../test/helpers/rule-tester.js';
import rule from './keepalive-outlives-server.js';

const APACHE = 'test/fixtures/config/apache/debian-bookworm/etc/apache2';
const TOMCAT = readFileSync('test/fixtures/config/tomcat/debian-10/etc/tomcat10/server.xml', 'utf8');
const GALERA = 'examples/seed-talk-galera';
const read = (p: string) => readFileSync(p, 'utf8');

/** Debian's own apache2.conf and ports.conf (KeepAlive On, KeepAliveTimeout 5) with one site proxying to `target`. */
const apache = (target: string) => ({
  'etc/apache2/apache2.conf': read(`${APACHE}/apache2.conf`),
  'etc/apache2/ports.conf': read(`${APACHE}/ports.conf`),
  'etc/apache2/sites-enabled/app.conf': `<VirtualHost *:80>\n    ServerName app.example.com\n    ProxyPass "/" ${target}\n    ProxyPassReverse "/" "http://127.0.0.1:8000/"\n</VirtualHost>\n`,
});
const UNIT = (args: string) =>
  `[Unit]\nDescription=gunicorn daemon\nAfter=network.target\n\n[Service]\nUser=www-data\nWorkingDirectory=/srv/app\nExecStart=/srv/app/venv/bin/gunicorn ${args} myproject.wsgi:application\n\n[Install]\nWantedBy=multi-user.target\n`;
const GTHREAD = UNIT('--workers 3 --threads 4 --bind 127.0.0.1:8000');

/** The seed-talk-galera bundle with Django talking to MariaDB directly (its HAProxy left out). */
const galeraWithoutHaproxy = (age: string) => ({
  'etc/mysql/my.cnf': read(`${GALERA}/etc/mysql/my.cnf`),
  'etc/mysql/mariadb.conf.d/50-server.cnf': read(`${GALERA}/etc/mysql/mariadb.conf.d/50-server.cnf`),
  'etc/mysql/mariadb.conf.d/60-galera.cnf': read(`${GALERA}/etc/mysql/mariadb.conf.d/60-galera.cnf`),
  'srv/shop/shop/settings.py': read(`${GALERA}/srv/shop/shop/settings.py`).replace(
    "'CONN_MAX_AGE': None",
    `'CONN_MAX_AGE': ${age}`,
  ),
});

new RuleTester().run('keepalive-outlives-server', rule, {
  valid: [
    {
      name: 'Apache in front of gunicorn’s sync worker, which closes every connection after its response',
      files: {
        ...apache('"http://127.0.0.1:8000/"'),
        'etc/systemd/system/gunicorn.service': UNIT('--workers 3 --bind 127.0.0.1:8000'),
      },
    },
    {
      name: 'Apache with ttl=1 in front of gunicorn gthread’s 2 s keep-alive',
      files: { ...apache('"http://127.0.0.1:8000/" ttl=1'), 'etc/systemd/system/gunicorn.service': GTHREAD },
    },
    {
      name: 'Apache with disablereuse=On opens a connection per request',
      files: { ...apache('"http://127.0.0.1:8000/" disablereuse=On'), 'etc/systemd/system/gunicorn.service': GTHREAD },
    },
    { name: 'nginx in front of Node is upstream-keepalive-outlives-app’s pair', dir: 'examples/postmortem-api' },
    { name: 'Django through HAProxy is django-conn-max-age-outlives-proxy’s pair', dir: GALERA },
    { name: 'Django CONN_MAX_AGE 600 under MariaDB’s 8 h wait_timeout', files: galeraWithoutHaproxy('600') },
  ],
  invalid: [
    {
      name: 'Debian’s Apache (no ttl: backend connections kept) in front of gunicorn gthread (keepalive 2 s default)',
      files: { ...apache('"http://127.0.0.1:8000/"'), 'etc/systemd/system/gunicorn.service': GTHREAD },
      findings: [
        {
          messageId: 'outlives',
          locations: ['etc/apache2/sites-enabled/app.conf:3', 'etc/systemd/system/gunicorn.service:8'],
          message:
            /^Apache keeps idle connections to gunicorn until gunicorn closes them \(ProxyPass ttl= default, Apache mod_proxy docs.*\), but gunicorn closes them after 2 s \(keepalive default, .*\): a request sent on a connection gunicorn has just closed fails with 502 .*Path: Apache ProxyTimeout 5 min > gunicorn --timeout 30 s\.$/,
        },
      ],
    },
    {
      name: 'Apache ttl=60 in front of Debian’s Tomcat 10 (keepAliveTimeout = connectionTimeout 20000)',
      files: { ...apache('"http://127.0.0.1:8080/" ttl=60'), 'etc/tomcat10/server.xml': TOMCAT },
      findings: [
        {
          messageId: 'outlives',
          locations: ['etc/apache2/sites-enabled/app.conf:3', 'etc/tomcat10/server.xml:71'],
          message:
            /^Apache keeps idle connections to Tomcat for 1 min \(ProxyPass ttl= at etc\/apache2\/sites-enabled\/app\.conf:3\), but Tomcat closes them after 20 s /,
        },
      ],
    },
    {
      name: 'seed-talk-galera’s Django (CONN_MAX_AGE None) straight to MariaDB (wait_timeout 8 h default)',
      files: galeraWithoutHaproxy('None'),
      findings: [
        {
          messageId: 'outlives',
          locations: ['srv/shop/shop/settings.py:30', 'etc/mysql/mariadb.conf.d/50-server.cnf:34'],
          message:
            /^Django keeps idle connections to MySQL for ever \(DATABASES\['default'\] CONN_MAX_AGE at srv\/shop\/shop\/settings\.py:30\), but MySQL closes them after 8 h \(wait_timeout default.*"MySQL server has gone away" \(2006\)/,
        },
      ],
    },
  ],
});
