import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import type { LogFormatId } from '../../model/event.js';
import { LOG_FORMAT_IDS } from '../../model/ids.generated.js';
import { DETECT_THRESHOLD, detectLogFormat, LOG_FORMATS, logFormatById, parsesEnough } from './registry.js';

test('the registry lists every format file exactly once, named after its id', () => {
  const files = readdirSync(new URL('./', import.meta.url)).filter((f) => f.endsWith('.ts'));
  assert.deepEqual(
    LOG_FORMATS.map((f) => f.id),
    [...LOG_FORMAT_IDS],
  );
  for (const id of LOG_FORMAT_IDS) {
    assert.equal(logFormatById(id)?.id, id);
    assert.ok(files.includes(`${id}.ts`) && files.includes(`${id}.test.ts`), `${id}: its file and its test`);
  }
});

test("each format's own samples are detected as that format, and parse", () => {
  for (const format of LOG_FORMATS) {
    // PM2's samples include unprefixed app output, which is PM2's only where PM2's daemon log says it writes it
    // (read/survey-pass.ts): the lines PM2 shaped are PM2's by content.
    const shaped =
      format.id === 'pm2-log' ? format.samples.filter((l) => /^(\d{4}-|\d+\||PM2 )/.test(l)) : format.samples;
    const detected = detectLogFormat(shaped, 'collected.log');
    assert.equal(detected?.format.id, format.id, `${format.id} detected as ${detected?.format.id}`);
    assert.ok(detected.confidence >= DETECT_THRESHOLD);
    for (const line of format.samples) assert.ok(format.parse(line), `${format.id}: ${line}`);
  }
});

// Fixture folder → the format its files are, with the path they would have on a server.
const FIXTURE_FORMATS: Record<string, LogFormatId> = {
  'syslog/syslog': 'syslog',
  'syslog/journal-short-iso.txt': 'journald',
  'kernel/kern.log': 'kernel',
  'kernel/dmesg.txt': 'kernel',
  'kernel/dmesg-T.txt': 'kernel',
  'pm2/api-out.log': 'pm2-log',
  'pm2/ob_api_server_error.log': 'pm2-log',
  'pm2/pm2.log': 'pm2-log',
  'pm2/pm2-logs-stream.txt': 'pm2-log',
  'node/app-stderr.log': 'node-log',
  'redis/redis-server.log': 'redis-log',
  'redis/redis-2.8.log': 'redis-log',
  'mysql/error.log': 'mysql-log',
  'mysql/mariadb.err': 'mysql-log',
  'mysql/mysqld-5.5.log': 'mysql-log',
  'postgres/postgresql-14-main.log': 'postgres-log',
  'postgres/pgbadger-prefix.log': 'postgres-log',
  'cloud-init/cloud-init.log': 'cloud-init-log',
  'json/pino.log': 'json-log',
  'json/bunyan.log': 'json-log',
  'json/winston.log': 'json-log',
};

const fixtureRoot = new URL('../../../test/fixtures/log/', import.meta.url);
const read = (rel: string) =>
  readFileSync(new URL(rel, fixtureRoot), 'utf8')
    .split('\n')
    .filter((l) => l !== '');

test('untimed app output is no format by its content alone, whatever its name', () => {
  // PM2 writes it, but only PM2's daemon log can say so (read/survey-pass.ts, test/read/managed-output.test.ts).
  const out = read('pm2/ob_api_server_out.log');
  for (const where of ['/var/lib/jenkins/workspace/dev_backend/logs/ob_api_server_out.log', 'upload-1'])
    assert.equal(detectLogFormat(out, where), null, where);
});

test('every fixture file is detected as its format, with a realistic path and with a neutral one', () => {
  for (const [rel, id] of Object.entries(FIXTURE_FORMATS)) {
    const lines = read(rel);
    assert.equal(detectLogFormat(lines, `/var/log/${rel}`)?.format.id, id, rel);
    // Names only help: formats with their own line shape are found under any name.
    if (rel !== 'pm2/ob_api_server_error.log') assert.equal(detectLogFormat(lines, 'upload-1')?.format.id, id, rel);
  }
});

test("the other engineer's fixtures are detected as theirs, not claimed by syslog or node-log", () => {
  const expected: Record<string, LogFormatId> = {
    haproxy: 'haproxy-log',
    nginx: 'nginx-access',
    tomcat: 'tomcat-log',
    uwsgi: 'uwsgi-log',
    heroku: 'heroku-log',
    'socket-states': 'socket-states',
  };
  for (const [dir, id] of Object.entries(expected)) {
    for (const file of readdirSync(new URL(`${dir}/`, fixtureRoot))) {
      const rel = `${dir}/${file}`;
      const detected = detectLogFormat(read(rel), `/var/log/${rel}`);
      assert.ok(detected, rel);
      if (dir === 'haproxy' && file.includes('ctld')) assert.equal(detected.format.id, 'haproxy-ctld', rel);
      else if (dir === 'nginx' && file.startsWith('error')) assert.equal(detected.format.id, 'nginx-error', rel);
      // Tomcat's AccessLogValve writes the common log format, which nginx-access reads (its server: tomcat).
      else if (dir === 'tomcat' && file.includes('access_log')) assert.equal(detected.format.id, 'nginx-access', rel);
      else assert.equal(detected.format.id, id, rel);
    }
  }
});

test('a file matching nothing is not guessed', () => {
  const prose = [
    'Dear team,',
    'the API went down again at 14:02 and I restarted it.',
    'Please look at the nginx box when you can.',
    '',
  ];
  assert.equal(detectLogFormat(prose, 'notes.txt'), null);
  assert.equal(detectLogFormat([], 'empty.log'), null);
  assert.equal(detectLogFormat(['\u0000\u0001\u0002binary\ufffd\ufffd'], 'core.bin'), null);
  assert.equal(detectLogFormat(['id,name,price', '1,widget,9.99', '2,gadget,19.99'], 'export.csv'), null);
});

test('property: detection and every parser never throw on arbitrary lines', () => {
  fc.assert(
    fc.property(
      fc.array(fc.string({ maxLength: 200 }), { maxLength: 20 }),
      fc.string({ maxLength: 40 }),
      (lines, path) => {
        const d = detectLogFormat(lines, path);
        if (d) assert.ok(d.confidence >= DETECT_THRESHOLD && d.confidence <= 1);
        for (const format of LOG_FORMATS) for (const line of lines) format.parse(line);
      },
    ),
    { numRuns: 300 },
  );
});

/** Every fixture and corpus log file (their first 200 lines), and each format's own samples. */
function detectionInputs(): [string, string[]][] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else if (!p.includes('/proc/') && !p.endsWith('.json')) files.push(p);
    }
  };
  walk(fixtureRoot.pathname.replace(/\/$/, ''));
  walk(new URL('../../../test/corpus', import.meta.url).pathname);
  return [
    ...files.map((f): [string, string[]] => [f, readFileSync(f, 'utf8').split('\n').slice(0, 200)]),
    ...LOG_FORMATS.map((f): [string, string[]] => [`samples of ${f.id}`, f.samples]),
  ];
}

test('detection does not depend on the order of the (generated) registry: no two formats tie', () => {
  const reversed = [...LOG_FORMATS].reverse();
  const id = (lines: string[], path: string, formats: typeof LOG_FORMATS) =>
    detectLogFormat(lines, path, formats)?.format.id ?? null;
  let checked = 0;
  for (const [path, lines] of detectionInputs()) {
    for (const p of [path, 'upload-1']) {
      assert.equal(id(lines, p, reversed), id(lines, p, LOG_FORMATS), `${p}: the file`);
      checked++;
    }
    for (const line of lines.slice(0, 40)) {
      assert.equal(id([line], path, reversed), id([line], path, LOG_FORMATS), `${path}: ${line}`);
      checked++;
    }
  }
  assert.ok(checked > 1000, `${checked} detections`);
});

test('a format claims a file only when ≥ 90 % of its first 200 non-blank lines parse (two strays allowed in short files)', () => {
  const pg = (i: number) =>
    `2026-11-23 03:03:${String(i % 60).padStart(2, '0')}.842 UTC [10837] LOG:  checkpoint starting: time`;
  const good = Array.from({ length: 18 }, (_, i) => pg(i));
  assert.equal(detectLogFormat(good, 'postgresql.log')?.format.id, 'postgres-log');
  // The lab's real capture: two lines of a shell's noise among 18 (89 %) — still PostgreSQL's.
  const strays = [...good.slice(0, 16), 'Session terminated, killing shell...', ' ...killed.'];
  assert.equal(detectLogFormat(strays, 'postgresql.log')?.format.id, 'postgres-log');
  // A third of the lines are not PostgreSQL's: not claimed by it, whatever its detector scores.
  const mixed = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? `note ${i}: see the wiki` : pg(i)));
  assert.notEqual(detectLogFormat(mixed, 'postgresql.log')?.format.id, 'postgres-log');
  assert.equal(parsesEnough(LOG_FORMATS.find((f) => f.id === 'postgres-log')!, mixed), false);
});
