// novel-error on the lab's captures (test/corpus): the price table published cut short (novel-error) is named by
// its own line; known failures (a crash loop's ECONNREFUSED, a Celery task's traceback ending in MySQL 2013, too
// many open files) are left to their own causes.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { investigate } from '../../investigate.js';
import type { Unusual } from '../unusual.js';
import { fixedWords, headline, isError } from './novel-error.js';

const CORPUS = join(import.meta.dirname, '../../../test/corpus');

test('the app that cannot parse its price table: named by its own line, with its evidence and grep commands', async () => {
  const r = await investigate({ paths: [join(CORPUS, 'novel-error')], rawConfidence: true });
  const [h] = r.hypotheses;
  assert.equal(h?.cause, 'novel-error');
  assert.match(
    h.title,
    /^An error no known signature matches: "quote sku=\d+ failed: price table \/srv\/pricing\/prices\.json unreadable: SyntaxError: /,
  );
  assert.ok(h.confidence >= 0.5 && h.confidence <= 0.7, String(h.confidence));
  assert.match(h.explanation, /was logged 84 times in incident 1 from \d\d:\d\d:\d\d UTC/);
  assert.match(h.explanation, /never in the baseline/);
  assert.match(h.explanation, /It came with 84 × 5xx/);
  assert.ok(h.evidence.every((e) => e.path === 'home/app/.pm2/logs/pricing-error.log'));
  assert.deepEqual(h.confirm, [
    "grep -c 'unreadable: SyntaxError: Unexpected end of JSON input' 'home/app/.pm2/logs/pricing-error.log'",
    "grep -n -m 3 'unreadable: SyntaxError: Unexpected end of JSON input' 'home/app/.pm2/logs/pricing-error.log'",
  ]);
});

test('must not: known failures outnumber or explain the unusual lines', async () => {
  for (const name of ['crash-loop', 'celery-db-session-cut', 'fd-exhaustion', 'oversized-payload', 'healthy']) {
    const r = await investigate({ paths: [join(CORPUS, name)], rawConfidence: true });
    assert.ok(!r.hypotheses.some((h) => h.cause === 'novel-error'), `${name}: ${r.hypotheses.map((h) => h.cause)}`);
  }
});

const u = (template: string, level: number): Pick<Unusual, 'template' | 'level'> => ({ template, level });

test('an error by level or by its words; the words to grep; the line without its stamp', () => {
  assert.ok(isError(u('<num> quote sku=<num> failed: price table <path> unreadable', 1)));
  assert.ok(isError(u('<num> connect ECONNREFUSED <ip>', 4)));
  assert.ok(!isError(u('[<num> <num> <num>] [<num>] [INFO] Booting worker with pid: <num>', 1)));
  assert.equal(
    fixedWords('<num> <num> [error] <id>: <id> upstream timed out (<num>: Connection timed out) while'),
    'Connection timed out) while',
  );
  const e = {
    path: 'a',
    line: 1,
    time: '',
    text: '[2026-12-03 13:06:05 +0000] [3361] [CRITICAL] WORKER TIMEOUT (pid:3370)',
  };
  assert.equal(
    headline({ template: '[<num> <num> <num>] [<num>] [CRITICAL] WORKER TIMEOUT (<id>)' } as Unusual, e),
    'WORKER TIMEOUT (pid:3370)',
  );
});
