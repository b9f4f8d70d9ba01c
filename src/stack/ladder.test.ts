import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditDir, auditFiles } from '../../test/helpers/audit-fixture.js';
import { PG_CONF, postmortemApi } from '../../test/helpers/postmortem-api.js';
import { buildLadder, coveredElsewhere, ladderLine, ladderPairs } from './ladder.js';

const root = new URL('../../', import.meta.url).pathname;
const ladder = (dir: string) => buildLadder(auditDir(`${root}${dir}`).stack);
const at = (v: { loc?: { path: string; line: number } }) => (v.loc ? `${v.loc.path}:${v.loc.line}` : 'default');

test('examples/postmortem-api: nginx → the Node API under PM2 → PostgreSQL, each hop with its settings', () => {
  const paths = ladder('examples/postmortem-api');
  assert.equal(paths.length, 1);
  const [p] = paths;
  assert.equal(
    ladderLine(p),
    'nginx proxy_read_timeout 2 min > Node server.keepAliveTimeout 5 s (idle) > PostgreSQL statement_timeout 0 (none)',
  );
  const [nginx, node, pg] = p.hops;
  assert.deepEqual([nginx.kind, node.kind, pg.kind], ['nginx', 'node', 'postgres']);
  assert.deepEqual(
    nginx.timeouts.map((t) => [t.name, t.value, at(t)]),
    [
      ['proxy_read_timeout', 120_000, 'etc/nginx/sites-enabled/api:20'],
      ['keepalive_timeout', 65_000, 'etc/nginx/nginx.conf:20'],
      // The upstream reuses connections (keepalive, HTTP/1.1, empty Connection): its idle side toward Node.
      ['upstream keepalive_timeout', 60_000, 'default'],
    ],
  );
  assert.deepEqual(
    [nginx.idle?.client?.name, node.idle?.server?.value, pg.idle?.server?.name],
    ['upstream keepalive_timeout', 5_000, 'idle_session_timeout'],
  );
  assert.deepEqual(
    node.limits.map((l) => [l.name, l.value]),
    [
      ['PM2 ob_api_server instances', 2],
      ['knex pool max', 10],
    ],
  );
  assert.equal(node.request, undefined, 'requestTimeout not written, Node version unknown: no bound assumed');
  assert.deepEqual(
    pg.limits.map((l) => [l.name, l.value, at(l)]),
    [['max_connections', 100, 'etc/postgresql/14/main/postgresql.conf:6']],
  );
  assert.deepEqual([pg.request?.value, pg.request?.isDefault], [0, true]);
});

test('examples/seed-talk-galera: the Procfile’s gunicorn → Django → HAProxy (tcp) → MariaDB', () => {
  const [p, ...rest] = ladder('examples/seed-talk-galera');
  assert.equal(rest.length, 0, 'Celery’s broker Redis has no config in the input: no hop to show');
  assert.deepEqual(
    p.hops.map((h) => [h.kind, `${h.path}:${h.line}`]),
    [
      ['gunicorn', 'srv/shop/Procfile:1'],
      ['django', 'srv/shop/shop/settings.py:30'],
      ['haproxy', 'etc/haproxy/haproxy.cfg:30'],
      ['mysql', 'etc/mysql/mariadb.conf.d/50-server.cnf:34'],
    ],
  );
  const hap = p.hops[2];
  assert.equal(hap.request, undefined, 'in tcp mode timeout server is an idle timeout');
  assert.deepEqual(
    hap.timeouts.map((t) => [t.name, t.value]),
    [
      ['timeout client', 50_000],
      ['timeout server', 50_000],
      ['timeout connect', 5_000],
    ],
  );
  assert.match(ladderLine(p), /^gunicorn --timeout 30 s > Django .*None \(kept for ever\).* > MySQL wait_timeout 8 h/);
  assert.deepEqual(
    p.hops[0].limits.map((l) => [l.name, l.value, l.isDefault]),
    [
      ['workers', 4, false],
      ['threads', 1, true],
    ],
  );
});

test('nginx fastcgi_pass to the PHP-FPM pool by unix socket (test/corpus/php-fpm-max-children)', () => {
  const [p] = ladder('test/corpus/php-fpm-max-children');
  assert.equal(ladderLine(p), 'nginx fastcgi_read_timeout 30 s > PHP-FPM request_terminate_timeout 0 (none)');
  assert.deepEqual(
    p.hops[1].limits.map((l) => l.name),
    ['pm.max_children'],
  );
});

test('a config with nothing behind it makes no path (test/corpus/bad-deploy: nginx to a port nobody listens on)', () => {
  assert.deepEqual(ladder('test/corpus/bad-deploy'), []);
});

test('ladderPairs: each hop against the nearest outer one that bounds a request; a layer without one is passed over', () => {
  const paths = buildLadder(auditFiles(postmortemApi({ [PG_CONF]: (t) => `${t}statement_timeout = '5min'\n` })).stack);
  const pairs = ladderPairs(paths);
  assert.deepEqual(
    pairs.map((p) => [p.outer.kind, p.outer.request.value, p.inner.kind, p.inner.request.value]),
    [['nginx', 120_000, 'postgres', 300_000]],
  );
  // The same pair reached along two paths is one pair.
  assert.equal(ladderPairs([...paths, ...paths]).length, 1);
});

test('coveredElsewhere: the pairs a specific rule judges', () => {
  assert.equal(coveredElsewhere('nginx', 'gunicorn'), true);
  assert.equal(coveredElsewhere('apache', 'php-fpm'), true);
  assert.equal(coveredElsewhere('haproxy', 'mysql'), true);
  assert.equal(coveredElsewhere('nginx', 'postgres'), false);
  assert.equal(coveredElsewhere('gunicorn', 'postgres'), false);
});

test('JSON paths: each hop names its idle keep-alive sides among its timeouts', async () => {
  const { pathsJson } = await import('../report/audit-paths.js');
  const [p] = pathsJson(ladder('examples/postmortem-api'));
  assert.deepEqual(
    p.hops.map((h) => [h.component, h.keepalive]),
    [
      ['nginx', { client: 'upstream keepalive_timeout' }],
      ['Node', { server: 'server.keepAliveTimeout' }],
      ['PostgreSQL', { server: 'idle_session_timeout' }],
    ],
  );
  // Every name it gives is one of the hop's timeouts, with its value in ms.
  for (const h of p.hops)
    for (const name of Object.values(h.keepalive ?? {}))
      assert.ok(h.timeouts.some((t) => t.name === name && 'ms' in t));
});
