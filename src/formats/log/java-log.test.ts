import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { javaLog } from './java-log.js';
import { LOG_FORMATS } from './registry.js';
import { tomcatLog } from './tomcat-log.js';

const realLog = (name: string) =>
  readFileSync(new URL(`../../../test/real-logs/java-log/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean);
const parse = (line: string) => javaLog.parse(line)!;

test('log4j `[thread] LEVEL logger - msg` (HikariCP #2096): thread, logger, message', () => {
  const p = parse(realLog('hikari-log4j.log')[0]);
  assert.deepEqual(p.ts, { year: 2023, month: 8, day: 15, hour: 8, minute: 47, second: 40, ms: 719 });
  assert.equal(p.level, 'debug');
  assert.equal(p.program, 'com.zaxxer.hikari.pool.HikariPool');
  assert.equal(p.fields?.thread, 'HikariPool-1 connection adder');
  assert.equal(p.message, 'HikariPool-1 - Added connection com.mysql.jdbc.JDBC4Connection@13dfcf58');
});

test('Spring Boot 1/2 and 3.2+: pid, padded thread, app name, ISO zone', () => {
  const boot2 = parse(javaLog.samples[2]);
  assert.equal(boot2.level, 'error');
  assert.equal(boot2.pid, 13624);
  assert.equal(boot2.fields?.thread, 'main');
  assert.equal(boot2.program, 'o.s.boot.SpringApplication');
  assert.equal(boot2.message, 'Application run failed');
  const boot3 = parse(javaLog.samples[3]);
  assert.equal(boot3.ts?.offsetMinutes, 0);
  assert.equal(boot3.fields?.app, 'myapp');
  assert.equal(boot3.fields?.thread, 'main');
  assert.match(boot3.message, /^Starting MyApplication using Java 17/);
  // Boot 1 abbreviates long logger names with a leading dot.
  const jetty = parse(realLog('spring-boot1-jetty.log')[1]);
  assert.equal(jetty.program, '.s.b.c.e.j.JettyEmbeddedServletContainer');
  assert.equal(jetty.message, 'Jetty started on port: 8443');
});

test('ZooKeeper (nested brackets) and Spark (two-digit year, `logger:`)', () => {
  const zk = parse(realLog('zookeeper.log')[0]);
  assert.equal(zk.level, 'info');
  assert.equal(zk.fields?.thread, 'QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774');
  assert.equal(zk.message, 'Notification time out: 3200');
  assert.equal(parse(realLog('zookeeper.log')[2]).level, 'warning');
  const spark = parse(realLog('spark.log')[0]);
  assert.deepEqual(spark.ts, { year: 2017, month: 6, day: 9, hour: 20, minute: 10, second: 40 });
  assert.equal(spark.program, 'executor.CoarseGrainedExecutorBackend');
  assert.equal(spark.message, 'Registered signal handlers for [TERM, HUP, INT]');
});

test('Jira (bare thread, unbalanced logger brackets) and Jenkins JUL one-line (`+0000`, `Class#method:`)', () => {
  const [jira, exception, frame] = realLog('jira-7.3-atlassian-jira.log').map(parse);
  assert.equal(jira.level, 'error');
  assert.equal(jira.fields?.thread, 'ajp-nio-8010-exec-101');
  assert.equal(jira.program, 'o.a.c.c.C.[.[localhost].[/].[default]');
  assert.match(jira.message, /^Servlet\.service\(\) for servlet \[default\]/);
  assert.equal(exception.fields?.exception, 'java.lang.IllegalStateException');
  assert.equal(frame.continuation, true);
  const [, warning] = realLog('jenkins-jul.log').map(parse);
  assert.equal(warning.ts?.offsetMinutes, 0);
  assert.equal(warning.level, 'warning');
  assert.equal(warning.program, 'h.plugins.jira.JiraRestService#getIssue');
  assert.equal(warning.fields?.thread, 'id=2389292');
});

test('stack traces are continuations carrying the exception class', () => {
  const lines = realLog('hikari-trace-only.txt').map(parse);
  assert.ok(lines.every((l) => l.continuation === true && l.ts === undefined));
  assert.equal(lines[0].fields?.exception, 'java.sql.SQLTransientConnectionException');
  for (const l of ['\t... 12 more', 'java.lang.OutOfMemoryError: Java heap space', '  multi-line message text'])
    assert.equal(javaLog.parse(l)?.continuation, true, l);
});

test('not claimed: other stamped shapes, a stamp without a level, Tomcat JULI lines', () => {
  for (const line of [
    '[Sun Dec 04 04:47:44 2005] [error] mod_jk child workerEnv in error state 6',
    '2022/07/11 14:01:27 [error] 8934#8934: *220129 upstream prematurely closed connection',
    '2024-03-05 10:12:01 something happened',
    '2024-03-05 10:12:01,123 INFO Starting server on port 8000',
    // supervisord (Azure/app-service-quickstart-docker-images#337): `exited:` is no logger
    '2020-04-11 13:10:00,063 INFO exited: php-fpm (terminated by SIGKILL; not expected)',
    '12-Oct-2014 06:01:40.123 INFO [main] org.apache.catalina.startup.Catalina.start Server startup in 1234 ms',
    // The fuzzer's counterexample: an object's own property names are no level (the level table is a plain object).
    '2026-12-04 22:14:56.094 [http-nio-127.0.0.1-44459-exec-6] __proto__ shop.export - x',
    '2026-12-04 22:14:56.094 constructor shop.export - x',
    '',
    'plain text',
  ])
    assert.equal(javaLog.parse(line), null, line);
});

test('detect: its real files ≥ 0.9, frames alone and Tomcat files not claimed, other formats 0', () => {
  for (const f of [
    'zookeeper.log',
    'spark.log',
    'hikari-log4j.log',
    'hikari-spring-boot2.log',
    'jira-7.3-atlassian-jira.log',
    'jenkins-jul.log',
  ])
    assert.ok(javaLog.detect(realLog(f), f) >= 0.9, f);
  assert.equal(javaLog.detect(realLog('hikari-trace-only.txt'), 'x.log'), 0);
  assert.ok(javaLog.detect(tomcatLog.samples, 'catalina.out') < 0.5);
  for (const other of LOG_FORMATS) {
    if (other.id === 'java-log') continue;
    assert.ok(javaLog.detect(other.samples, 'x.log') < 0.5, other.id);
  }
});

test('property: never throws, linear on long and nested lines', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (s) => {
      javaLog.parse(s);
      javaLog.parse(`2024-03-05 10:12:01,123 ${s}`);
      javaLog.parse(`2024-03-05 10:12:01,123 ERROR [${s}`);
    }),
    { numRuns: 2000 },
  );
  const t0 = performance.now();
  javaLog.parse(`2024-03-05 10:12:01,123 ERROR ${'['.repeat(100_000)}`);
  javaLog.parse(`2024-03-05 10:12:01,123 - ${'[a] '.repeat(50_000)}`);
  javaLog.parse(`\tat ${'a.'.repeat(100_000)}`);
  assert.ok(performance.now() - t0 < 1000);
});
