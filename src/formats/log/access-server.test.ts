import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ingest } from '../../read/ingest.js';
import { accessServerOf } from './access-server.js';
import { nginxAccess } from './nginx-access.js';

const repo = new URL('../../../', import.meta.url).pathname;

test('the server of an access log: its folder’s own logs, then the names and places servers give them', () => {
  const inputs = [
    { path: 'var/log/nginx/access.log', format: 'nginx-access' },
    { path: 'var/log/nginx/error.log', format: 'nginx-error' },
    { path: 'opt/tomcat/logs/localhost_access_log.2024-03-05.txt', format: 'nginx-access' },
    { path: 'opt/tomcat/logs/catalina.out', format: 'tomcat-log' },
    { path: 'var/log/apache2/other_vhosts_access.log', format: 'nginx-access' },
    { path: 'srv/app/logs/access.log', format: 'nginx-access' },
    { path: 'srv/app/logs/gunicorn-error.log', format: 'python-log' },
    { path: 'collected/access.log', format: 'nginx-access' },
  ];
  assert.deepEqual(
    inputs.filter((i) => i.format === 'nginx-access').map((i) => accessServerOf(i, inputs)),
    ['nginx', 'tomcat', 'apache', 'gunicorn', undefined],
  );
  // Two servers' own logs in one folder tell nothing.
  const mixed = [
    ...inputs,
    { path: 'collected/error.log', format: 'nginx-error' },
    { path: 'collected/error_log', format: 'apache-error' },
  ];
  assert.equal(accessServerOf(mixed[7], mixed), undefined);
});

test('vhost_combined is Apache’s: the virtual host and port, then the combined line', () => {
  const line =
    'www.xxxxxx.com:80 46.229.168.73 - - [31/Jan/2017:09:44:00 +0100] "GET /showthread.php?s=ff10fb2cebe47ec51e598eb4c6eb0b8f&t=14607 HTTP/1.1" 301 738 "-" "Mozilla/5.0 (compatible; SemrushBot/1.2~bl; +http://www.semrush.com/bot.html)"';
  const p = nginxAccess.parse(line);
  assert.equal(p?.request?.status, 301);
  assert.equal(p?.request?.client, '46.229.168.73');
  assert.deepEqual(
    { vhost: p?.fields?.vhost, port: p?.fields?.port, server: p?.fields?.server },
    { vhost: 'www.xxxxxx.com', port: 80, server: 'apache' },
  );
  // A host:port token without the three fields and the stamp after it is not one.
  assert.equal(nginxAccess.parse('www.xxxxxx.com:80 GET / 200'), null);
});

test('an integer after the line is not $request_time (another server’s %D in µs or ms): no duration', () => {
  const tomcat = '0:0:0:0:0:0:0:1 - - [12/Oct/2014:06:01:40 +0200] "GET /manager/html HTTP/1.1" 401 2474 12';
  assert.equal(nginxAccess.parse(tomcat)?.request?.duration, undefined);
  const nginx =
    '203.0.113.9 - - [16/Jun/2020:23:11:11 +0000] "POST /api/orders HTTP/1.1" 504 167 "-" "axios/0.27.2" 60.001 60.000 "504"';
  assert.equal(nginxAccess.parse(nginx)?.request?.duration, 60.001);
});

test('a request the proxy and the app both logged is counted once, from the proxy', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-access-'));
  try {
    // The corpus' nginx logs, and the same real combined lines as a gunicorn access log behind it.
    const corpus = join(repo, 'test/corpus/crash-loop/var/log/nginx');
    mkdirSync(join(dir, 'var/log/nginx'), { recursive: true });
    cpSync(join(corpus, 'access.log'), join(dir, 'var/log/nginx/access.log'));
    cpSync(join(corpus, 'error.log'), join(dir, 'var/log/nginx/error.log'));
    mkdirSync(join(dir, 'srv/app'), { recursive: true });
    cpSync(join(corpus, 'access.log'), join(dir, 'srv/app/gunicorn-access.log'));
    const both = await ingest({ paths: [dir], workers: 0 });
    const servers = Object.fromEntries(both.inputs.map((i) => [i.path, 'server' in i ? i.server : undefined]));
    assert.equal(servers['var/log/nginx/access.log'], 'nginx');
    assert.equal(servers['srv/app/gunicorn-access.log'], 'gunicorn');
    rmSync(join(dir, 'srv'), { recursive: true });
    const proxyOnly = await ingest({ paths: [dir], workers: 0 });
    const requests = (r: typeof both) => [...r.series.values()].reduce((n, row) => n + row.requests, 0);
    assert.ok(requests(proxyOnly) > 0);
    assert.equal(requests(both), requests(proxyOnly));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
