// User-defined formats (project config `formats:`), on real logs faultline does not read natively: Loghub's HDFS
// sample and a Jenkins java.util.logging log with a stack trace (test/fixtures/project-config/*/README.md).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { kitFor } from '../../read/kits.js';
import { SIGNATURES } from '../../signatures/catalog.js';
import { detectLogFormat, LOG_FORMATS, parsesEnough } from './registry.js';
import { compileUserFormat, sampleMismatch, type UserFormatSpec } from './user-format.js';
import { compileTimePattern, formatLocalTime, readTime } from './user-time.js';

const root = new URL('../../../', import.meta.url);
const text = (path: string) => readFileSync(new URL(path, root), 'utf8');
const lines = (path: string) => text(path).split('\n').filter(Boolean);

function specOf(path: string, name: string): UserFormatSpec {
  const config = path.endsWith('.json') ? JSON.parse(text(path)) : parseYaml(text(path));
  return { ...config.formats[name], name };
}

const hdfsSpec = specOf('test/fixtures/project-config/hdfs/faultline.config.yaml', 'hdfs');
const jenkinsSpec = specOf('test/fixtures/project-config/jenkins/faultline.config.json', 'jenkins');
const HDFS = lines('test/fixtures/project-config/hdfs/HDFS.log');
const JENKINS = lines('test/real-logs/java-log/jenkins-jul.log');

test('HDFS: every line parses with its time, level, thread and component; the format claims the file', () => {
  const hdfs = compileUserFormat(hdfsSpec);
  assert.equal(hdfs.id, 'user:hdfs');
  for (const line of HDFS) {
    const p = hdfs.parse(line);
    assert.ok(p?.ts, line);
    assert.equal(p.ts.year, 2008);
    assert.ok(p.level === 'info' || p.level === 'warning', line);
    assert.ok(p.pid !== undefined && p.fields?.component?.toString().startsWith('dfs.'), line);
  }
  const warn = hdfs.parse(HDFS.find((l) => l.includes(' WARN ')) as string);
  assert.equal(warn?.level, 'warning');
  assert.equal(formatLocalTime(warn?.ts ?? { month: 0, day: 0, hour: 0, minute: 0, second: 0 }), '2008-11-09T21:40:43');
  assert.equal(detectLogFormat(HDFS, 'HDFS.log', undefined, [hdfs])?.format.id, 'user:hdfs');
  // Nothing built in reads it: without the user format the file is unknown.
  assert.equal(detectLogFormat(HDFS, 'HDFS.log'), null);
});

test('a user format claims only files it reads (≥ 90 % of the head), so it does not take other formats’ files', () => {
  const hdfs = compileUserFormat(hdfsSpec);
  for (const path of ['test/real-logs/java-log/zookeeper.log', 'test/real-logs/generic-loghub/CBS.log']) {
    const sample = lines(path);
    const builtIn = detectLogFormat(sample, path);
    assert.equal(detectLogFormat(sample, path, undefined, [hdfs])?.format.id, builtIn?.format.id, path);
  }
  // Half a file in its shape is not enough.
  const mixed = [...HDFS.slice(0, 20), ...lines('test/real-logs/java-log/zookeeper.log')];
  assert.equal(parsesEnough(hdfs, mixed), false);
  assert.equal(hdfs.detect(mixed, 'x.log'), 0);
});

test('Jenkins JUL: stack-trace lines continue their record; other untimed lines are not claimed', () => {
  const jenkins = compileUserFormat(jenkinsSpec);
  assert.equal(jenkins.behaviour.multiline, true);
  const parsed = JENKINS.map((l) => jenkins.parse(l));
  assert.equal(parsed.filter((p) => p?.ts).length, 2);
  assert.equal(parsed.filter((p) => p?.continuation).length, 9);
  const warning = parsed[1];
  assert.equal(warning?.level, 'warning');
  assert.equal(warning?.ts?.offsetMinutes, 0);
  assert.equal(warning?.fields?.logger, 'h.plugins.jira.JiraRestService#getIssue');
  assert.equal(jenkins.parse('Jenkins is fully up and running'), null);
  assert.equal(detectLogFormat(JENKINS, 'jenkins.log', undefined, [jenkins])?.format.id, 'user:jenkins');
});

test('every sample of both configs matches what it expects, and a changed expectation is a mismatch', () => {
  for (const spec of [hdfsSpec, jenkinsSpec]) {
    const format = compileUserFormat(spec);
    for (const s of spec.samples) assert.equal(sampleMismatch(format, s), null, s.line);
  }
  const hdfs = compileUserFormat(hdfsSpec);
  const first = hdfsSpec.samples[0] as UserFormatSpec['samples'][number];
  assert.match(sampleMismatch(hdfs, { ...first, level: 'error' }) ?? '', /^level is "info", expected "error"$/);
  assert.match(sampleMismatch(hdfs, { ...first, time: '2008-11-09T20:36:16' }) ?? '', /^time is /);
  assert.match(sampleMismatch(hdfs, { ...first, fields: { component: 'x' } }) ?? '', /^fields\.component is /);
  assert.equal(sampleMismatch(hdfs, { line: 'no stamp here' }), 'does not parse');
});

test('time patterns: the strftime subset reads real stamps, and refuses what does not fit', () => {
  const read = (pattern: string, value: string) => {
    const ops = compileTimePattern(pattern);
    assert.ok(!('unknown' in ops), pattern);
    const ts = readTime(ops, value);
    return ts ? formatLocalTime(ts) : null;
  };
  // nginx $time_local, syslog, Apache error 2.4, epoch seconds (HAProxy's %Ts), Python's asctime.
  assert.equal(read('%d/%b/%Y:%H:%M:%S %z', '10/Jul/2022:03:14:07 -0700'), '2022-07-10T03:14:07-07:00');
  assert.equal(read('%b %e %H:%M:%S', 'Mar  5 10:12:01'), '--03-05T10:12:01');
  assert.equal(read('%a %b %d %T.%f %Y', 'Wed Oct 11 14:32:52.123456 2000'), '2000-10-11T14:32:52.123');
  assert.equal(read('%s', '1657422847'), '2022-07-10T03:14:07Z');
  assert.equal(read('%F %T,%L', '2024-03-05 10:12:01,123'), '2024-03-05T10:12:01.123');
  assert.equal(read('%y%m%d %H%M%S', '081109 203615'), '2008-11-09T20:36:15');
  assert.equal(read('%y%m%d %H%M%S', '081109 206015'), null, 'minute 60');
  assert.equal(read('%Y-%m-%d', '2024-03-05 trailing'), null, 'the whole text is the time');
  assert.deepEqual(compileTimePattern('%Y-%m-%d %Q'), { unknown: '%Q' });
  // Without a pattern the captured text is read as generic-log reads a leading time.
  assert.equal(
    formatLocalTime(
      readTime(undefined, '2024-03-05T10:12:01.123Z') ?? { month: 0, day: 0, hour: 0, minute: 0, second: 0 },
    ),
    '2024-03-05T10:12:01.123Z',
  );
});

test('signatures run on user-format lines: the borrowed ones, else every free-text format’s', () => {
  const jenkins = compileUserFormat(jenkinsSpec);
  const javaSig = SIGNATURES.find((s) => s.formats.includes('java-log') && s.samples.length > 0);
  assert.ok(javaSig);
  const kit = kitFor(jenkins);
  assert.equal(kit.matcher.match(jenkins.id, javaSig.samples[0] as string)?.signature.id, javaSig.id);
  const freeText = compileUserFormat({ ...hdfsSpec, signatures: undefined });
  assert.equal(freeText.behaviour.signatures, 'free-text');
  const disk = SIGNATURES.find((s) => s.id === 'generic-no-space-left');
  assert.ok(disk);
  assert.equal(kitFor(freeText).matcher.match(freeText.id, disk.samples[0] as string)?.signature.id, disk.id);
  // A user format's kit is its own: the built-in formats' matching is unchanged.
  const builtIn = LOG_FORMATS.find((f) => f.id === 'java-log');
  assert.ok(builtIn);
  assert.notEqual(kitFor(builtIn).matcher, kit.matcher);
});

test('error-level lines contain a notable hint (the level word), as FormatBehaviour requires', () => {
  const jenkins = compileUserFormat(jenkinsSpec);
  assert.deepEqual(jenkins.behaviour.notableHints, ['SEVERE']);
  const hdfs = compileUserFormat(hdfsSpec);
  assert.deepEqual(hdfs.behaviour.notableHints, ['ERROR', 'FATAL']);
  const defaults = compileUserFormat({ ...hdfsSpec, level: undefined });
  assert.ok(defaults.behaviour.notableHints.includes('ERROR') && defaults.behaviour.notableHints.includes('error'));
});

test('a request-style user format (Traefik CLF through kubectl) gives method, path, status, bytes and seconds', () => {
  const traefik = compileUserFormat(
    specOf('test/fixtures/project-config/traefik/faultline.config.yaml', 'traefik-k8s'),
  );
  assert.equal(traefik.behaviour.requests, true);
  assert.equal(traefik.behaviour.process('traefik.log').source, 'traefik');
  const parsed = lines('test/fixtures/project-config/traefik/traefik.log').map((l) => traefik.parse(l));
  assert.deepEqual(
    parsed.map((p) => [p?.request?.method, p?.request?.status, p?.request?.duration, p?.ts?.ms, p?.ts?.offsetMinutes]),
    [
      ['POST', 204, 0.002, 679, 0],
      ['POST', 204, 0.001, 31, 0],
      ['HEAD', 401, 0.005, 68, 0],
    ],
  );
  assert.equal(parsed[0]?.program, 'pod/traefik-99f4b987c-6rnkn/traefik');
  assert.equal(parsed[0]?.request?.path, '/api/v4/jobs/request');
});
