// One event once: rsyslog writes the kernel's lines to both kern.log and syslog (the fixtures are such a pair,
// from one Ubuntu 18.04 host): each OOM kill is one event with both locations and is counted once.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { investigate } from '../../src/investigate.js';
import { copyKey } from '../../src/read/dedupe.js';

const LOG = join(import.meta.dirname, '../fixtures/log');

function host(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'fl-dedupe-'));
  for (const [rel, from] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    copyFileSync(join(LOG, from), join(dir, rel));
  }
  return dir;
}

describe('one event once', () => {
  it('a kernel line in kern.log and syslog is one event with both locations, counted once', async () => {
    const both = await investigate({
      paths: [host({ 'var/log/kern.log': 'kernel/kern.log', 'var/log/syslog': 'syslog/syslog' })],
    });
    const alone = await investigate({ paths: [host({ 'var/log/kern.log': 'kernel/kern.log' })] });
    const kills = (r: typeof both) => r.timeline.filter((e) => /Out of memory: Killed process/.test(e.text));
    assert.equal(kills(alone).length, 1);
    assert.equal(kills(both).length, 1, 'the syslog copy is not a second kill');
    const [kill] = kills(both);
    const other = kill.path === 'var/log/kern.log' ? 'var/log/syslog' : 'var/log/kern.log';
    assert.deepEqual(
      kill.alsoAt?.map((l) => l.path),
      [other],
    );
    const copyLine = readFileSync(join(LOG, other === 'var/log/syslog' ? 'syslog/syslog' : 'kernel/kern.log'), 'utf8')
      .split('\n')
      .findIndex((l) => l === kill.text.split('\n')[0]);
    assert.equal(kill.alsoAt?.[0].line, copyLine + 1);
    const memory = (r: typeof both) => r.hypotheses.find((h) => h.cause === 'memory-exhaustion');
    assert.match(memory(both)?.explanation ?? '', /The kernel OOM killer fired once at/);
    assert.match(memory(alone)?.explanation ?? '', /The kernel OOM killer fired once at/);
  });

  it('reads the message behind system-log prefixes, and the whole line of application logs', () => {
    const kern = 'Jul 11 14:02:17 ip-172-31-1-2 kernel: [ 8843.221532] Out of memory: Killed process 23512 (node)';
    const journal =
      '2022-07-11T14:02:17+0000 ip-172-31-1-2 kernel: [ 8843.221532] Out of memory: Killed process 23512 (node)';
    assert.equal(copyKey(kern), '[ 8843.221532] Out of memory: Killed process 23512 (node)');
    assert.equal(copyKey(journal), copyKey(kern));
    // A PM2 error line (test/corpus/connection-limit): `GET /orders/10 failed:` is not a syslog tag.
    const app =
      "2026-11-23T03:03:36.138Z GET /orders/10 failed: Too many connections { code: 'ER_CON_COUNT_ERROR', errno: 1040, sqlState: '' }";
    assert.equal(copyKey(app), app);
  });
});
