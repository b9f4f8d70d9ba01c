// upstream-timeout on the lab's capture (test/corpus/upstream-timeout): a stock recount holds InnoDB row locks for
// 12 s, the checkout API's UPDATEs wait on them, nginx gives up after proxy_read_timeout 4 s (504) and MariaDB's
// slow query log shows the recount and the waiting statements. Without the slow log the proxy's timeouts alone
// say the slow layer is not in the logs, and the cause is not ranked first.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { investigate } from '../../investigate.js';

const CORPUS = join(import.meta.dirname, '../../../test/corpus');

test('a long statement holding row locks behind 504s: blamed first, citing the slow log and the proxy timeouts', async () => {
  const r = await investigate({ paths: [join(CORPUS, 'upstream-timeout')], rawConfidence: true });
  const ranked = r.hypotheses.map((x) => `${x.cause} ${x.confidence.toFixed(2)}`).join(', ');
  const [h] = r.hypotheses;
  assert.equal(h?.cause, 'upstream-timeout', ranked);
  assert.ok(h.confidence >= 0.75 && h.confidence <= 0.9, ranked);
  assert.match(h.title, /waited on MariaDB: a long statement or transaction held the locks they needed/);
  assert.match(h.explanation, /The proxy gave up waiting for the upstream \d+ times/);
  assert.match(
    h.explanation,
    /MariaDB logged \d+ slow statements \(var\/log\/mysql\/mariadb-slow\.log\), up to 12\.\d s/,
  );
  // The recount (12 s, 24 rows) is named as the first suspect, by its line in the slow log.
  const suspect =
    /The longest, (\d+\.\d) s logged at \d\d:\d\d:\d\d UTC \(var\/log\/mysql\/mariadb-slow\.log:(\d+)\)/.exec(
      h.explanation,
    );
  assert.ok(suspect, h.explanation);
  assert.equal(h.evidence[0].path, 'var/log/mysql/mariadb-slow.log');
  assert.equal(String(h.evidence[0].line), suspect[2]);
  assert.match(h.evidence[0].text, /Query_time: 12\.\d+ .*Rows_examined: 24/);
  assert.ok(h.evidence.some((e) => e.path === 'var/log/nginx/error.log' && /upstream timed out \(110/.test(e.text)));
  assert.match(h.explanation, /The app stayed up/);
  assert.ok(
    h.confirm.some((c) => c.startsWith('mysqldumpslow -s t /var/log/mysql/mariadb-slow.log')),
    h.confirm.join('\n'),
  );
  assert.ok(h.confirm.some((c) => c.includes('information_schema.innodb_trx')));
  assert.deepEqual(
    h.remedies.map((x) => x.kind),
    ['stop-gap', 'fix', 'long-term'],
  );
  // The stall is the database's: event-loop-blocked says so and stays well below.
  const blocked = r.hypotheses.find((x) => x.cause === 'event-loop-blocked');
  if (blocked) {
    assert.match(blocked.explanation, /the app was waiting on it, not computing/);
    assert.ok(blocked.confidence < h.confidence - 0.2, ranked);
  }
});

test('the same 504s without the slow log and syslog: the slow layer is not in these logs, and the cause is not ranked first', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-upstream-timeout-'));
  try {
    cpSync(join(CORPUS, 'upstream-timeout'), dir, { recursive: true });
    rmSync(join(dir, 'var/log/mysql/mariadb-slow.log'));
    rmSync(join(dir, 'var/log/syslog'));
    const r = await investigate({ paths: [dir], rawConfidence: true });
    const ranked = r.hypotheses.map((x) => `${x.cause} ${x.confidence.toFixed(2)}`).join(', ');
    const h = r.hypotheses.find((x) => x.cause === 'upstream-timeout');
    assert.ok(h, ranked);
    assert.notEqual(r.hypotheses[0].cause, 'upstream-timeout', ranked);
    assert.equal(h.title, 'Requests timed out at the proxy; the slow layer is not in these logs');
    assert.ok(h.confidence <= 0.3, ranked);
    assert.match(h.explanation, /the slow layer is not in these logs/);
    assert.ok(
      h.confirm.some((c) => c.includes('slow_query_log')),
      h.confirm.join('\n'),
    );
    assert.ok(h.evidence.every((e) => e.path === 'var/log/nginx/error.log'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("without the slow log but with cron's line for the job: the job is named and ranked first", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-upstream-timeout-'));
  try {
    cpSync(join(CORPUS, 'upstream-timeout'), dir, { recursive: true });
    rmSync(join(dir, 'var/log/mysql/mariadb-slow.log'));
    const r = await investigate({ paths: [dir], rawConfidence: true });
    const ranked = r.hypotheses.map((x) => `${x.cause} ${x.confidence.toFixed(2)}`).join(', ');
    const [h] = r.hypotheses;
    assert.equal(h?.cause, 'upstream-timeout', ranked);
    assert.equal(
      h.title,
      'Requests timed out at the proxy while a scheduled job (/usr/local/bin/stock-recount.sh) worked on the database',
    );
    assert.match(
      h.explanation,
      /cron started `\/usr\/local\/bin\/stock-recount\.sh` at \d\d:\d\d:\d\d UTC, \d+ s before the first timeout \(var\/log\/syslog:\d+\)/,
    );
    assert.ok(h.evidence.some((e) => e.path === 'var/log/syslog' && /CRON\[\d+\]: \(root\) CMD/.test(e.text)));
    const blocked = r.hypotheses.find((x) => x.cause === 'event-loop-blocked');
    if (blocked)
      assert.match(blocked.explanation, /cron started `\/usr\/local\/bin\/stock-recount\.sh` on the data just before/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('PostgreSQL: lock waits behind a migration, the holder named from log_lock_waits, the PostgreSQL commands', async () => {
  const dir = join(CORPUS, 'upstream-timeout-postgres');
  const r = await investigate({ paths: [dir], rawConfidence: true });
  const ranked = r.hypotheses.map((x) => `${x.cause} ${x.confidence.toFixed(2)}`).join(', ');
  const [h] = r.hypotheses;
  assert.equal(h?.cause, 'upstream-timeout', ranked);
  assert.ok(h.confidence >= 0.8, ranked);
  assert.match(h.title, /waited on PostgreSQL: a long statement or transaction held the locks they needed/);
  assert.match(
    h.explanation,
    /\d+ statements waited for a lock another transaction held \(var\/log\/postgresql\/postgresql-15-main\.log\)/,
  );
  const holder = /PostgreSQL names the process holding the lock: (\d+)/.exec(h.explanation)?.[1];
  assert.ok(holder, h.explanation);
  const log = readFileSync(join(dir, 'var/log/postgresql/postgresql-15-main.log'), 'utf8');
  assert.ok(log.includes(`Process holding the lock: ${holder}.`));
  assert.doesNotMatch(h.explanation, /The longest, /, 'a waiter is not named as the suspect');
  assert.ok(h.evidence.some((e) => /still waiting for RowExclusiveLock/.test(e.text)));
  assert.ok(
    h.confirm.some((c) => c.includes('pg_blocking_pids')),
    h.confirm.join('\n'),
  );
});
