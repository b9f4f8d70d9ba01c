import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { haproxyLog } from './haproxy-log.js';
import { herokuLog } from './heroku-log.js';
import { nginxAccess } from './nginx-access.js';
import { nginxError } from './nginx-error.js';
import { exceptionIn, tomcatLog } from './tomcat-log.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/log/tomcat/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean);

test('every sample parses', () => {
  for (const line of tomcatLog.samples) assert.ok(tomcatLog.parse(line), line);
});

test('Tomcat ≤ 7: the first line has time and class, the second is a continuation with level and message', () => {
  const lines = fixture('catalina-7.out').map((l) => tomcatLog.parse(l));
  assert.ok(lines.every((p) => p !== null));
  const [banner, version, start, startup] = lines;
  assert.deepEqual(banner!.ts, { year: 2014, month: 3, day: 4, hour: 14, minute: 17, second: 3 });
  assert.equal(banner!.program, 'org.apache.catalina.startup.VersionLoggerListener');
  assert.equal(version!.continuation, true);
  assert.equal(version!.fields?.version, '7.0.52');
  assert.deepEqual(start!.ts, { year: 2014, month: 10, day: 12, hour: 6, minute: 1, second: 40 });
  assert.equal(start!.fields?.method, 'start');
  assert.deepEqual(startup, { level: 'info', message: 'Server startup in 1234 ms', continuation: true });
  assert.equal(lines[4]!.ts?.hour, 23);
  assert.equal(lines[5]!.level, 'warning');
  assert.equal(lines[7]!.level, 'error');
  assert.equal(lines[7]!.message, 'Socket accept failed');
});

test('exceptions and frames continue the record; the JVM uncaught line starts one', () => {
  const lines = fixture('catalina-7.out').map((l) => tomcatLog.parse(l)!);
  assert.equal(lines[8].continuation, true);
  assert.equal(lines[8].fields?.exception, 'java.net.SocketException');
  assert.equal(lines[8].message, 'java.net.SocketException: Too many open files');
  assert.ok(lines.slice(9, 14).every((p) => p.continuation && p.message.startsWith('at ')));
  const oom = lines[14];
  assert.equal(oom.continuation, undefined);
  assert.equal(oom.level, 'error');
  assert.equal(oom.fields?.thread, 'http-bio-8080-exec-117');
  assert.equal(oom.fields?.exception, 'java.lang.OutOfMemoryError');
  const nested = tomcatLog.parse(tomcatLog.samples[10])!;
  assert.equal(nested.fields?.exception, 'java.lang.OutOfMemoryError');
});

test('Tomcat 8+ one-line format: ms, level, thread, class.method, version banner', () => {
  const [banner, startup, severe, ioe] = fixture('catalina-8.out').map((l) => tomcatLog.parse(l)!);
  assert.equal(banner.fields?.version, '8.0.14');
  assert.deepEqual(startup.ts, { year: 2014, month: 10, day: 12, hour: 6, minute: 1, second: 40, ms: 123 });
  assert.equal(startup.program, 'org.apache.catalina.startup.Catalina.start');
  assert.equal(startup.message, 'Server startup in 1234 ms');
  assert.equal(severe.level, 'error');
  assert.equal(severe.fields?.thread, 'http-nio-8080-Acceptor-0');
  assert.equal(ioe.continuation, true);
  assert.equal(ioe.fields?.exception, 'java.io.IOException');
});

test('exceptionIn finds qualified names only', () => {
  assert.equal(
    exceptionIn('nested exception is java.lang.OutOfMemoryError: Java heap space'),
    'java.lang.OutOfMemoryError',
  );
  assert.equal(exceptionIn('an Error occurred in ErrorPage'), undefined);
});

test('detect: high on catalina.out, 0 on other formats; garbage is null', () => {
  assert.ok(tomcatLog.detect(fixture('catalina-7.out'), 'logs/catalina.out') >= 0.95);
  assert.ok(tomcatLog.detect(fixture('catalina-8.out'), 'catalina.out') >= 0.95);
  for (const other of [nginxAccess, nginxError, haproxyLog, herokuLog])
    assert.equal(tomcatLog.detect(other.samples, 'x'), 0);
  // A stack trace alone is any JVM's, not Tomcat's.
  assert.equal(tomcatLog.detect(['\tat a.B.c(B.java:1)', '\tat a.B.d(B.java:2)'], 'x'), 0);
  for (const g of ['', 'hello', 'INFO something', 'Oct 12, 2014 6:01:40 XM a.B c'])
    assert.equal(tomcatLog.parse(g), null, g);
});

test("Tomcat 10.1's localhost log (the lab's): a JSP's OutOfMemoryError record with Jasper's excerpt is read whole", () => {
  // Written by Debian's tomcat10 in tomcat-heap-exhaustion: StandardWrapperValve's SEVERE record carries the
  // JasperException message, the JSP's lines around the failing one, then the root cause and its frames.
  const lines = fixture('tomcat10-localhost.log');
  assert.ok(tomcatLog.detect(lines, 'var/log/tomcat10/localhost.2026-12-04.log') >= 0.95);
  const parsed = lines.map((l) => tomcatLog.parse(l));
  assert.deepEqual(parsed.map((p, i) => (p ? '' : lines[i])).filter(Boolean), [], 'every non-empty line is claimed');
  assert.deepEqual(
    parsed.filter((p) => p?.ts).map((p) => p?.program),
    Array(3).fill('org.apache.catalina.core.StandardWrapperValve.invoke'),
  );
  assert.equal(parsed.filter((p) => p?.fields?.exception === 'java.lang.OutOfMemoryError').length, 3);
  assert.ok(tomcatLog.detect(fixture('tomcat10-catalina.log'), 'var/log/tomcat10/catalina.2026-12-04.log') >= 0.95);
});

test('property: never throws, linear', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (s) => {
      tomcatLog.parse(s);
      tomcatLog.parse(`SEVERE: ${s}`);
      exceptionIn(s);
    }),
    { numRuns: 2000 },
  );
  const t0 = performance.now();
  tomcatLog.parse(`${'a.'.repeat(50_000)}`);
  tomcatLog.parse(`SEVERE: ${'x.Error.'.repeat(20_000)}`);
  tomcatLog.parse(`\tat ${'a.'.repeat(50_000)}`);
  assert.ok(performance.now() - t0 < 1000);
});
