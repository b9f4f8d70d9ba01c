import { readFileSync } from 'node:fs';
import { RuleTester } from '../../test/helpers/rule-tester.js';
import rule from './capacity-exceeds-downstream.js';

const SEED = new URL('../../examples/seed-talk-galera/', import.meta.url).pathname;
const MYSQL = ['etc/mysql/my.cnf', 'etc/mysql/mariadb.conf.d/50-server.cnf', 'etc/mysql/mariadb.conf.d/60-galera.cnf'];
/** The seed talk's HAProxy and Galera configs, HAProxy's edited. */
const seed = (haproxy: (t: string) => string) => ({
  'etc/haproxy/haproxy.cfg': haproxy(readFileSync(`${SEED}etc/haproxy/haproxy.cfg`, 'utf8')),
  ...Object.fromEntries(MYSQL.map((p) => [p, readFileSync(`${SEED}${p}`, 'utf8')])),
});
const withMaxconn = (n: number) => (t: string) => t.replace(/( check[^\n]*)/g, `$1 maxconn ${n}`);

new RuleTester().run('capacity-exceeds-downstream', rule, {
  valid: [
    {
      name: 'server maxconn 8 below MySQL max_connections 10 (test/corpus/connection-limit)',
      dir: 'test/corpus/connection-limit',
    },
    {
      name: 'the seed talk’s Galera servers each capped at maxconn 280 of max_connections 300',
      companions: MYSQL.slice(1),
      files: seed(withMaxconn(280)),
    },
    {
      name: 'global maxconn 800 below what three Galera nodes accept (900)',
      companions: MYSQL.slice(1),
      files: seed((t) => t.replace(/maxconn 4096/, 'maxconn 800')),
    },
  ],
  invalid: [
    {
      name: 'seed-talk-galera with gunicorn at 4 workers × 8 threads through an HAProxy lowered to maxconn 20',
      files: {
        ...seed((t) => t.replace(/maxconn 4096/, 'maxconn 20')),
        'srv/shop/Procfile': readFileSync(`${SEED}srv/shop/Procfile`, 'utf8').replace(
          '--workers 4',
          '--workers 4 --threads 8',
        ),
        'srv/shop/shop/settings.py': readFileSync(`${SEED}srv/shop/shop/settings.py`, 'utf8'),
      },
      companions: MYSQL.slice(1),
      findings: [
        {
          messageId: 'appsOverProxy',
          locations: ['srv/shop/Procfile:1', 'etc/haproxy/haproxy.cfg:10'],
          message:
            /^The app servers behind the database proxy HAProxy listen galera may run 32 requests at once, each with its own database connection \(gunicorn \(srv\/shop\/Procfile web\): workers 4 at srv\/shop\/Procfile:1 × threads 8 at srv\/shop\/Procfile:1\), but HAProxy accepts 20 \(global maxconn 20 at etc\/haproxy\/haproxy\.cfg:10\)/,
        },
      ],
    },
    {
      name: 'examples/seed-talk-galera: 4096 in, three MariaDB nodes of 300, no server maxconn',
      dir: 'examples/seed-talk-galera',
      findings: [
        {
          messageId: 'haproxyOverDatabase',
          locations: [
            'etc/haproxy/haproxy.cfg:36',
            'etc/haproxy/haproxy.cfg:37',
            'etc/haproxy/haproxy.cfg:38',
            'etc/haproxy/haproxy.cfg:10',
            'etc/mysql/mariadb.conf.d/50-server.cnf:34',
          ],
          message:
            /^HAProxy listen galera accepts up to 4096 connections \(maxconn 4096 at etc\/haproxy\/haproxy\.cfg:10\) and passes each on to its 3 MariaDB server\(s\) .* they accept 900 together \(max_connections 300 at etc\/mysql\/mariadb\.conf\.d\/50-server\.cnf:34 each\)/,
        },
      ],
    },
    {
      name: 'server maxconn 400 above max_connections 300 does not cap it',
      companions: MYSQL.slice(1),
      files: seed(withMaxconn(400)),
      findings: [
        {
          messageId: 'haproxyOverDatabase',
          locations: [
            'etc/haproxy/haproxy.cfg:36',
            'etc/haproxy/haproxy.cfg:37',
            'etc/haproxy/haproxy.cfg:38',
            'etc/haproxy/haproxy.cfg:10',
            'etc/mysql/mariadb.conf.d/50-server.cnf:34',
          ],
          message: /accepts up to 4096 connections .* they accept 900 together/,
        },
      ],
    },
    {
      name: 'test/corpus/proxy-idle-timeout: one MySQL of 151 behind global maxconn 4096',
      dir: 'test/corpus/proxy-idle-timeout',
      findings: [
        {
          messageId: 'haproxyOverDatabase',
          locations: ['etc/haproxy/haproxy.cfg:20', 'etc/haproxy/haproxy.cfg:4', 'etc/mysql/my.cnf:21'],
          message:
            /its 1 MySQL server\(s\) .* they accept 151 together \(max_connections 151 at etc\/mysql\/my\.cnf:21 each\)/,
        },
      ],
    },
  ],
});
