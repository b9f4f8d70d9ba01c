// The config text one run holds is bounded (issue 8: 40,000 hosts' redis.conf in one bundle took 1.6 GB and more
// than 3 minutes): past the budget each file is listed as not read, with why, and nothing more is held.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { collectInputs, configBudgetReason, MAX_CONFIG_BYTES } from './collect.js';

const CONF = readFileSync(join(import.meta.dirname, '../../test/fixtures/config/redis/debian/etc/redis/redis.conf'));
let tmp: string;

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'faultline-config-budget-'));
  for (let i = 0; i < 30; i++) {
    const dir = join(tmp, `hosts/h${String(i).padStart(2, '0')}/etc/redis`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'redis.conf'), CONF);
  }
  execFileSync('tar', ['czf', join(tmp, 'hosts.tar.gz'), '-C', join(tmp, 'hosts'), '.']);
});
after(() => rmSync(tmp, { recursive: true, force: true }));

for (const input of ['hosts', 'hosts.tar.gz']) {
  test(`${input}: ten configs fit the budget, the other twenty are listed as not read`, async () => {
    const budget = CONF.length * 10;
    const c = await collectInputs([join(tmp, input)], MAX_CONFIG_BYTES, { maxTotalBytes: budget });
    assert.equal(c.texts.length, 10);
    assert.equal(
      c.texts.reduce((n, t) => n + t.text.length, 0),
      budget,
    );
    const over = c.skipped.filter((s) => s.reason === configBudgetReason(budget));
    assert.equal(over.length, 20, JSON.stringify(c.skipped.slice(0, 3)));
    assert.deepEqual(
      [...c.texts.map((t) => t.path), ...over.map((s) => s.path)].sort(),
      Array.from({ length: 30 }, (_, i) => `h${String(i).padStart(2, '0')}/etc/redis/redis.conf`),
    );
  });
}
