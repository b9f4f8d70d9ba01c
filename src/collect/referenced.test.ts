// The paths configs name, on the directives as each server writes them (lines from the corpus's configs and the
// servers' documented forms); variables, pipes, relative paths and devices are not taken.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyReferences, findReferences, referencedSources } from './referenced.js';

const CASES: { line: string; logs?: string[]; certs?: string[] }[] = [
  { line: 'stdout_logfile=/var/log/api/api.out.log', logs: ['/var/log/api/api.out.log'] },
  { line: '\taccess_log /var/log/nginx/shop.access.log main;', logs: ['/var/log/nginx/shop.access.log'] },
  { line: 'error_log /srv/logs/error.log warn;', logs: ['/srv/logs/error.log'] },
  { line: 'logfile /var/log/redis/redis-server.log', logs: ['/var/log/redis/redis-server.log'] },
  { line: 'log_error = /var/log/mysql/error.log', logs: ['/var/log/mysql/error.log'] },
  {
    line: 'ExecStart=/usr/bin/gunicorn --timeout 3 --error-logfile /var/log/gunicorn/error.log --access-logfile=/var/log/gunicorn/access.log shop.wsgi',
    logs: ['/var/log/gunicorn/error.log', '/var/log/gunicorn/access.log'],
  },
  { line: 'CELERYD_LOG_FILE="/var/log/celery/worker.log"', logs: ['/var/log/celery/worker.log'] },
  { line: "    error_file: '/home/app/logs/api-err.log',", logs: ['/home/app/logs/api-err.log'] },
  { line: 'slowlog = /var/log/php-fpm/www-slow.log', logs: ['/var/log/php-fpm/www-slow.log'] },
  {
    line: 'ssl_certificate /etc/letsencrypt/live/shop/fullchain.pem;',
    certs: ['/etc/letsencrypt/live/shop/fullchain.pem'],
  },
  { line: 'SSLCertificateFile "/etc/ssl/certs/shop.crt"', certs: ['/etc/ssl/certs/shop.crt'] },
  { line: '    bind :443 ssl crt /etc/haproxy/certs/ alpn h2', certs: ['/etc/haproxy/certs/'] },
  { line: 'ssl_certificate_key /etc/ssl/private/shop.key;' },
  // Apache's own variable, as Debian's apache2.conf writes it.
  { line: `ErrorLog $${'{'}APACHE_LOG_DIR}/error.log` },
  { line: 'CustomLog "|/usr/bin/rotatelogs /var/log/apache2/x 86400" common' },
  { line: 'access_log off; error_log stderr; access_log logs/access.log;' },
  { line: 'stderr_logfile=/dev/stderr' },
  { line: 'my_error_log=/tmp/x.log' },
];

for (const c of CASES) {
  test(`references: ${c.line.trim().slice(0, 60)}`, () => {
    const refs = emptyReferences();
    findReferences(c.line, refs);
    assert.deepEqual([...refs.logs], c.logs ?? []);
    assert.deepEqual([...refs.certs], c.certs ?? []);
  });
}

test('a log brings its folder series; a certificate folder its PEM files', () => {
  const refs = emptyReferences();
  findReferences('stdout_logfile=/var/log/api/api.out.log\nbind :443 ssl crt /etc/haproxy/certs/\n', refs);
  const [log, certs] = referencedSources(refs);
  assert.equal(log?.path, 'var/log/api');
  assert.equal(log?.mode, 'children');
  assert.deepEqual(
    ['api.out.log', 'api.out.log.1', 'api.out.log.2.gz', 'api.err.log'].map((n) => log?.names?.(n)),
    [true, true, true, false],
  );
  assert.equal(certs?.path, 'etc/haproxy/certs');
  assert.deepEqual(
    ['site.pem', 'site.key'].map((n) => certs?.names?.(n)),
    [true, false],
  );
});
