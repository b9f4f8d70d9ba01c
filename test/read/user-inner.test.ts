// The project config's formats read the lines inside a container log and a journal export, as they read the app's
// own file: the real HDFS sample of test/fixtures/project-config/hdfs as a container's output (Docker's json-file
// entries) and as a systemd unit's output (`journalctl -o json` entries, beside a real journal entry of nginx).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadProjectConfig } from '../../src/config/project-config.js';
import { logFormatById } from '../../src/formats/log/registry.js';
import { compileUser, formatOf, refOf, wrapUser } from '../../src/read/format-ref.js';
import { ingest } from '../../src/read/ingest.js';
import { readLine } from '../../src/read/inner.js';
import { kitFor } from '../../src/read/kits.js';

process.env.XDG_CACHE_HOME = mkdtempSync(join(tmpdir(), 'fl-cache-'));
const fixture = (p: string) => new URL(`../fixtures/project-config/hdfs/${p}`, import.meta.url).pathname;
const hdfs = readFileSync(fixture('HDFS.log'), 'utf8').split('\n').filter(Boolean);
const dir = mkdtempSync(join(tmpdir(), 'fl-user-inner-'));
/** HDFS's own stamps are 2008-11-09 local time; the wrapper's are the runtime's, a second apart from this one. */
const t0 = Date.UTC(2008, 10, 9, 20, 36, 15);

async function config() {
  const c = await loadProjectConfig({ config: fixture('faultline.config.yaml') });
  assert.ok(c);
  return c.formats;
}

test('a container of HDFS: the inner lines are user:hdfs, with the same signatures and events', async () => {
  const formats = await config();
  const plain = join(dir, 'HDFS.log');
  writeFileSync(plain, `${hdfs.join('\n')}\n`);
  const wrapped = join(dir, 'c0ffee-json.log');
  const entries = hdfs.map((l, i) =>
    JSON.stringify({ log: `${l}\n`, stream: 'stdout', time: new Date(t0 + i * 1000).toISOString() }),
  );
  writeFileSync(wrapped, `${entries.join('\n')}\n`);
  const a = await ingest({ paths: [plain], workers: 0, userFormats: formats });
  const b = await ingest({ paths: [wrapped], workers: 0, userFormats: formats });
  assert.equal(a.inputs[0].format, 'user:hdfs');
  assert.equal(b.inputs[0].format, 'container-log');
  assert.deepEqual(b.inputs[0].inner, ['user:hdfs']);
  assert.equal(b.inputs[0].lines, hdfs.length);
  assert.equal(b.inputs[0].skipped, 0);
  assert.deepEqual(b.signatureCounts, a.signatureCounts);
  assert.equal(b.events.length, a.events.length);
  // Without the config the same container is read with the registry's formats (HDFS is none of them).
  const c = await ingest({ paths: [wrapped], workers: 0 });
  assert.deepEqual(c.inputs[0].inner, ['generic-log']);
});

test('a journal export with a unit writing HDFS lines: those entries are user:hdfs, the others syslog', async () => {
  const formats = await config();
  const journal = readFileSync(
    new URL('../real-logs/journald/nginx-json.log', import.meta.url).pathname,
    'utf8',
  ).trim();
  const entries = hdfs.map((l, i) =>
    JSON.stringify({
      __REALTIME_TIMESTAMP: String((t0 + i * 1000) * 1000),
      _HOSTNAME: 'datanode1',
      SYSLOG_IDENTIFIER: 'hadoop-datanode',
      _PID: '148',
      PRIORITY: '6',
      _TRANSPORT: 'stdout',
      MESSAGE: l,
    }),
  );
  const path = join(dir, 'journal.json');
  writeFileSync(path, `${[journal, ...entries].join('\n')}\n`);
  const r = await ingest({ paths: [path], workers: 0, userFormats: formats });
  assert.equal(r.inputs[0].format, 'journald');
  assert.deepEqual(r.inputs[0].inner, ['syslog', 'user:hdfs']);
  assert.equal(r.inputs[0].lines, hdfs.length + 1);
  assert.equal(r.inputs[0].skipped, 0);
  const without = await ingest({ paths: [path], workers: 0 });
  assert.deepEqual(without.inputs[0].inner, ['syslog']);
});

test('the wrapper with user inner formats crosses threads by its ref and reads the same', async () => {
  const formats = (await config()).map(compileUser);
  const journald = logFormatById('journald');
  assert.ok(journald);
  const wrapped = wrapUser(journald, formats);
  assert.notEqual(wrapped, journald);
  assert.equal(wrapUser(journald, []), journald);
  const again = formatOf(JSON.parse(JSON.stringify(refOf(wrapped))));
  const line = JSON.stringify({ __REALTIME_TIMESTAMP: String(t0 * 1000), SYSLOG_IDENTIFIER: 'hdfs', MESSAGE: hdfs[0] });
  assert.deepEqual(again.parse(line), wrapped.parse(line));
  assert.equal(wrapped.parse(line)?.inner?.format, 'user:hdfs');
});

test("an entry's line read with the user format: its level and fields, the journal's time and program", async () => {
  const formats = (await config()).map(compileUser);
  const journald = wrapUser(logFormatById('journald')!, formats);
  const warn = hdfs.find((l) => / WARN /.test(l));
  assert.ok(warn, 'the sample has a WARN line');
  const entry = JSON.stringify({
    __REALTIME_TIMESTAMP: String(t0 * 1000),
    SYSLOG_IDENTIFIER: 'hadoop-datanode',
    PRIORITY: '6',
    MESSAGE: warn,
  });
  const read = readLine(journald, kitFor(journald).matcher, entry, true, undefined);
  assert.equal(read.formatId, 'user:hdfs');
  // PRIORITY 6 is info; the line itself says WARN: the higher of the two.
  assert.equal(read.parsed?.level, 'warning');
  assert.equal(read.parsed?.program, 'hadoop-datanode');
  assert.equal(read.parsed?.fields?.component, 'dfs.DataNode$DataXceiver');
  assert.deepEqual(read.parsed?.ts, {
    year: 2008,
    month: 11,
    day: 9,
    hour: 20,
    minute: 36,
    second: 15,
    ms: 0,
    offsetMinutes: 0,
  });
  // An entry no user format reads stays the syslog line it was.
  const other = JSON.stringify({ __REALTIME_TIMESTAMP: String(t0 * 1000), SYSLOG_IDENTIFIER: 'sshd', MESSAGE: 'x' });
  assert.equal(readLine(journald, kitFor(journald).matcher, other, true, undefined).formatId, 'syslog');
});
