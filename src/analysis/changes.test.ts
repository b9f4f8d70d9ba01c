import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ev } from '../../test/helpers/analysis-context.js';
import { ingest } from '../read/ingest.js';
import { changesNear, findChanges, MAX_CHANGES } from './changes.js';

const root = new URL('../../', import.meta.url).pathname;
const eventsOf = async (...paths: string[]) => (await ingest({ paths: paths.map((p) => root + p), workers: 0 })).events;

test('the fixtures host: a reload, a cron job, each server start with its version, PM2 starts, systemd units', async () => {
  const { changes, omitted } = findChanges(await eventsOf('test/fixtures/log'));
  assert.equal(omitted, 0);
  const got = changes.map((c) => `${c.kind} ${c.subject}`);
  for (const want of [
    'reload nginx',
    'cron command -v debian-sa1 > /dev/null && debian-sa1 1 1',
    'restart Redis 5.0.7',
    'restart PostgreSQL 14.4',
    'restart mysqld 8.0.29-0ubuntu0.20.04.3',
    'restart pm2:api',
    'restart A high performance web server and a reverse proxy server',
  ]) {
    assert.ok(got.includes(want), `${want} in ${JSON.stringify(got)}`);
  }
  const reload = changes.find((c) => c.kind === 'reload')!;
  assert.equal(reload.evidence.length, 1);
  assert.equal(reload.evidence[0].path, 'nginx/error.log');
  assert.equal(reload.evidence[0].line, 1);
  assert.equal(reload.evidence[0].time, '2022-07-11T14:00:02.000Z');
  assert.equal(
    reload.evidence[0].text,
    '2022/07/11 14:00:02 [notice] 1#1: signal 1 (SIGHUP) received from 1, reconfiguring',
  );
  // In time order.
  assert.deepEqual(
    changes.map((c) => c.time),
    changes.map((c) => c.time).sort((a, b) => a - b),
  );
});

test("gunicorn's worker boots (lab capture): one restart per burst of boots less than 5 s apart, its repeats kept as evidence", async () => {
  const { changes } = findChanges(await eventsOf('test/corpus/gunicorn-worker-timeout/var/log/gunicorn/error.log'));
  assert.deepEqual(
    changes.map((c) => [new Date(c.time).toISOString(), c.kind, c.subject, c.evidence.length]),
    [
      ['2026-12-03T13:05:58.000Z', 'restart', 'gunicorn', 2],
      ['2026-12-03T13:06:04.000Z', 'restart', 'gunicorn', 2],
      ['2026-12-03T13:06:09.000Z', 'restart', 'gunicorn', 1],
    ],
  );
  assert.match(changes[1].evidence[0].text, /Booting worker with pid: 3710$/);
});

test('package upgrades, installs and removals name the package and its new version (real dpkg, apt, yum logs)', async () => {
  const { changes } = findChanges(await eventsOf('test/real-logs/package-log'));
  const got = changes.map((c) => `${c.kind} ${c.subject}`);
  for (const want of [
    'upgrade libsystemd0:amd64 252.38-1~deb12u1 (+1 more)',
    'upgrade libsystemd0:amd64 252.38-1~deb12u1',
    'upgrade tzdata:amd64 2025b-0+deb12u2',
    'upgrade nodejs:amd64 20.20.2-1nodesource1',
    'upgrade faketime:amd64 0.9.10-2.1 (+1 more)',
    'upgrade libspeechd2:amd64 removed',
    'upgrade graphite2-1.3.6-1.el7_2.x86_64',
  ]) {
    assert.ok(got.includes(want), `${want} in ${JSON.stringify(got)}`);
  }
  // apt's record is placed at its Start-Date.
  const tz = changes.find((c) => c.subject.startsWith('tzdata'))!;
  assert.equal(new Date(tz.time).toISOString(), '2026-05-09T07:28:46.000Z');
});

test('a server that starts with another version than it stated before (in its log, rotated or not) was upgraded', () => {
  const before = ev({
    path: 'var/log/mysql/error.log.1',
    line: 1,
    time: '2022-12-28T19:14:21Z',
    format: 'mysql-log',
    level: 'info',
    text: '2022-07-11T14:19:31.512387Z 0 [System] [MY-010116] [Server] /usr/sbin/mysqld (mysqld 8.0.29-0ubuntu0.20.04.3) starting as process 1187',
    event: 'version-banner',
  });
  const after = ev({
    path: 'var/log/mysql/error.log',
    line: 40,
    time: '2024-10-21T15:29:00Z',
    format: 'mysql-log',
    level: 'info',
    text: '2024-10-21T15:29:00.461058Z 0 [System] [MY-010116] [Server] /usr/sbin/mysqld (mysqld 8.4.2) starting as process 1',
    event: 'version-banner',
  });
  const again = { ...after, line: 80, time: after.time + 3_600_000 };
  assert.deepEqual(
    findChanges([before, after, again]).changes.map((c) => `${c.kind} ${c.subject}`),
    ['restart mysqld 8.0.29-0ubuntu0.20.04.3', 'upgrade mysqld 8.4.2', 'restart mysqld 8.4.2'],
  );
});

test("systemd's housekeeping units are no change; an application's unit is", () => {
  const at = (line: number, text: string) =>
    ev({ path: 'var/log/syslog', line, time: '2022-07-11T14:02:18Z', format: 'syslog', level: 'info', text });
  const { changes } = findChanges([
    at(1, 'Jul 11 14:02:18 ip-172-31-9-80 systemd[1]: Started Session 3 of user ubuntu.'),
    at(2, 'Jul 24 23:55:57 orion systemd: Stopped Permit User Sessions.'),
    at(3, 'Jul 11 14:19:27 ip-172-31-1-2 systemd[1]: Started PM2 process manager.'),
  ]);
  assert.deepEqual(
    changes.map((c) => `${c.kind} ${c.subject}`),
    ['restart PM2 process manager'],
  );
});

test('the list is bounded: cron jobs are left out first, and the count of those left out is given', () => {
  const cron = ev({
    path: 'var/log/syslog',
    line: 1,
    time: '2022-07-11T13:59:01Z',
    format: 'syslog',
    level: 'info',
    text: 'Jul 11 13:59:01 ip-172-31-1-2 CRON[21937]: (root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)',
    event: 'cron-run',
  });
  const reload = ev({
    path: 'var/log/nginx/error.log',
    line: 1,
    time: '2022-07-11T14:00:02Z',
    format: 'nginx-error',
    level: 'notice',
    text: '2022/07/11 14:00:02 [notice] 1#1: signal 1 (SIGHUP) received from 1, reconfiguring',
    event: 'config-reload',
  });
  // The same real cron line every minute for longer than the list holds.
  const crons = Array.from({ length: MAX_CHANGES + 20 }, (_, i) => ({
    ...cron,
    line: i + 1,
    time: cron.time + i * 60_000,
  }));
  const { changes, omitted } = findChanges([...crons, reload]);
  assert.equal(changes.length, MAX_CHANGES);
  assert.equal(omitted, 21);
  assert.ok(changes.some((c) => c.kind === 'reload'));
});

test('changesNear: the changes in an incident or in the 30 minutes before it', () => {
  const reload = ev({
    path: 'var/log/nginx/error.log',
    line: 1,
    time: '2022-07-11T14:00:02Z',
    format: 'nginx-error',
    level: 'notice',
    text: '2022/07/11 14:00:02 [notice] 1#1: signal 1 (SIGHUP) received from 1, reconfiguring',
  });
  const { changes } = findChanges([reload]);
  const at = (iso: string) => Date.parse(iso);
  assert.equal(changesNear(changes, { start: at('2022-07-11T14:29:00Z'), end: at('2022-07-11T14:40:00Z') }).length, 1);
  assert.equal(changesNear(changes, { start: at('2022-07-11T14:31:00Z'), end: at('2022-07-11T14:40:00Z') }).length, 0);
  assert.equal(changesNear(changes, { start: at('2022-07-11T13:00:00Z'), end: at('2022-07-11T13:59:00Z') }).length, 0);
});

test("gunicorn's HUP (lab capture) is a reload, apart from the worker boots of the same minute", async () => {
  const { changes } = findChanges(await eventsOf('test/real-logs/reloads/gunicorn-20-hup.log'));
  assert.deepEqual(
    changes.map((c) => [new Date(c.time).toISOString(), c.kind, c.subject, c.evidence.map((e) => e.line)]),
    [
      ['2026-12-03T18:21:37.000Z', 'restart', 'gunicorn', [4, 7]],
      ['2026-12-03T18:21:39.000Z', 'reload', 'gunicorn', [5]],
    ],
  );
});

test("PM2's reload and its daemon's version (lab capture): the reload is one change, the daemon's start another", async () => {
  const { changes } = findChanges(await eventsOf('test/real-logs/reloads/pm2-7-reload.log'));
  assert.deepEqual(
    changes.map((c) => [new Date(c.time).toISOString(), c.kind, c.subject]),
    [
      ['2026-12-03T18:40:38.000Z', 'restart', 'PM2 7.0.4'],
      ['2026-12-03T18:40:38.000Z', 'restart', 'pm2:api'],
      ['2026-12-03T18:40:41.000Z', 'reload', 'pm2'],
    ],
  );
  assert.deepEqual(
    changes[2].evidence.map((e) => e.line),
    [24, 31],
  );
});

test("MariaDB's and MySQL 5's version on the line after `ready for connections.` (real logs); one instance per log file", async () => {
  const { changes } = findChanges(await eventsOf('test/real-logs/mariadb-10', 'test/real-logs/mysql-versions'));
  const got = changes.map((c) => `${c.kind} ${c.subject}`);
  for (const want of [
    'restart MariaDB 10.4.13-MariaDB',
    'restart MariaDB 10.6.12-MariaDB',
    'restart mysqld 5.6.27',
    'restart mysqld 8.4.2',
  ]) {
    assert.ok(got.includes(want), `${want} in ${JSON.stringify(got)}`);
  }
  // The lab's MariaDB states its version twice at one start (`Starting MariaDB …`, then `Version:`): one change.
  const lab = changes.filter((c) => c.subject === 'MariaDB 10.11.19-MariaDB-0+deb12u1');
  assert.equal(lab.length, 1);
  assert.deepEqual(
    lab[0].evidence.map((e) => e.line),
    [2, 22],
  );
});
