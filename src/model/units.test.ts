import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  cliSize,
  formatDuration,
  formatSize,
  GiB,
  haproxyDuration,
  KiB,
  MiB,
  mysqlSeconds,
  mysqlSize,
  nginxDuration,
  nginxSize,
  pm2Size,
  postgresValue,
  redisSize,
  systemdDuration,
  systemdSize,
  tomcatDuration,
} from './units.js';

test('HAProxy: a bare number is milliseconds (the seed talk: 28800 is 28.8 s, not 8 h)', () => {
  assert.equal(haproxyDuration('28800'), 28800);
  assert.equal(haproxyDuration('50000'), 50000);
  assert.equal(haproxyDuration('50s'), 50000);
  assert.equal(haproxyDuration('8h'), 8 * 3600 * 1000);
  assert.equal(haproxyDuration('1m'), 60000);
  assert.equal(haproxyDuration('1d'), 86400000);
  assert.equal(haproxyDuration('500us'), 0.5);
  assert.equal(haproxyDuration('10ms'), 10);
  assert.equal(haproxyDuration('5 s'), 5000);
  assert.equal(haproxyDuration('abc'), null);
  assert.equal(haproxyDuration('5x'), null);
});

test('nginx: a bare number is seconds; ms s m h d w M y and combinations', () => {
  assert.equal(nginxDuration('60'), 60000);
  assert.equal(nginxDuration('75s'), 75000);
  assert.equal(nginxDuration('500ms'), 500);
  assert.equal(nginxDuration('1m'), 60000);
  assert.equal(nginxDuration('1h 30m'), 5400000);
  assert.equal(nginxDuration('1h30m'), 5400000);
  assert.equal(nginxDuration('1w'), 7 * 86400000);
  assert.equal(nginxDuration('1M'), 30 * 86400000);
  assert.equal(nginxDuration('1y'), 365 * 86400000);
  assert.equal(nginxDuration('ten'), null);
  assert.equal(nginxDuration(''), null);
  assert.equal(nginxSize('8k'), 8 * KiB);
  assert.equal(nginxSize('1m'), MiB);
});

test('MySQL: time variables are seconds; sizes take K/M/G powers of 1024', () => {
  assert.equal(mysqlSeconds('28800'), 28800000);
  assert.equal(mysqlSeconds('8h'), null);
  assert.equal(mysqlSize('128M'), 128 * MiB);
  assert.equal(mysqlSize('2G'), 2 * GiB);
  assert.equal(mysqlSize('2g'), 2 * GiB);
  assert.equal(mysqlSize('134217728'), 128 * MiB);
});

test('Redis: 1k is 1000 bytes, 1kb is 1024 (redis.conf header)', () => {
  assert.equal(redisSize('1k'), 1000);
  assert.equal(redisSize('1kb'), 1024);
  assert.equal(redisSize('1KB'), 1024);
  assert.equal(redisSize('100mb'), 100 * MiB);
  assert.equal(redisSize('100m'), 100_000_000);
  assert.equal(redisSize('2gb'), 2 * GiB);
  assert.equal(redisSize('2g'), 2_000_000_000);
  assert.equal(redisSize('0'), 0);
  assert.equal(redisSize('1tb'), null);
});

test('PostgreSQL: each parameter has its own base unit', () => {
  assert.equal(postgresValue('16384', '8kB'), 128 * MiB); // shared_buffers in 8kB pages
  assert.equal(postgresValue('128MB', '8kB'), 128 * MiB);
  assert.equal(postgresValue("'1GB'", '8kB'), GiB);
  assert.equal(postgresValue('4096', 'kB'), 4 * MiB); // work_mem
  assert.equal(postgresValue('5min', 'ms'), 300000); // idle_in_transaction_session_timeout
  assert.equal(postgresValue("'30s'", 'ms'), 30000);
  assert.equal(postgresValue('60000', 'ms'), 60000);
  assert.equal(postgresValue('300', 's'), 300000); // checkpoint_timeout
  assert.equal(postgresValue('1h', 's'), 3600000);
  assert.equal(postgresValue('1mb', '8kB'), null); // units are case sensitive
});

test('systemd, PM2, Tomcat and command-line units', () => {
  assert.equal(systemdSize('512M'), 512 * MiB);
  assert.equal(systemdSize('infinity'), Infinity);
  assert.equal(systemdDuration('5min'), 300000);
  assert.equal(systemdDuration('90'), 90000);
  assert.equal(systemdDuration('1min 30s'), 90000);
  assert.equal(pm2Size('300M'), 300 * MiB);
  assert.equal(pm2Size('1G'), GiB);
  assert.equal(pm2Size(104857600), 100 * MiB);
  assert.equal(tomcatDuration('20000'), 20000);
  assert.equal(cliSize('4G'), 4 * GiB);
  assert.equal(cliSize('3.8GiB'), 3.8 * GiB);
  assert.equal(cliSize('512MB'), 512 * MiB);
  assert.equal(cliSize('lots'), null);
});

test('formatting for messages', () => {
  assert.equal(formatDuration(50000), '50 s');
  assert.equal(formatDuration(28800), '28.8 s');
  assert.equal(formatDuration(28800000), '8 h');
  assert.equal(formatDuration(Infinity), 'no limit');
  assert.equal(formatDuration(500), '500 ms');
  assert.equal(formatSize(4 * GiB), '4 GiB');
  assert.equal(formatSize(3986244 * KiB), '3.8 GiB');
});
