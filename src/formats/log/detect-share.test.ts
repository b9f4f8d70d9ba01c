import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scoreByShare, shareOf } from './detect-share.js';
import { phpFpmLog } from './php-fpm-log.js';

test('shareOf counts non-blank, parsed and stamped lines of real php-fpm lines and a stray', () => {
  const lines = [...phpFpmLog.samples.slice(0, 3), '', 'not php-fpm at all'];
  const c = shareOf(lines, (l) => phpFpmLog.parse(l));
  assert.equal(c.seen, 4);
  assert.equal(c.parsed, 3);
  assert.ok(c.stamped >= 1);
});

test('scoreByShare: nothing without a stamp, half the share below 90 %, else weighted plus the hint, at most 1', () => {
  assert.equal(scoreByShare({ seen: 10, parsed: 10, stamped: 0 }, 0.97, 0), 0);
  assert.equal(scoreByShare({ seen: 10, parsed: 10, stamped: 0 }, 0.97, 0, false), 0.97);
  assert.equal(scoreByShare({ seen: 10, parsed: 8, stamped: 8 }, 0.97, 0.02), 0.4);
  assert.equal(scoreByShare({ seen: 10, parsed: 10, stamped: 10 }, 0.98, 0.05), 1);
  assert.equal(scoreByShare({ seen: 0, parsed: 0, stamped: 0 }, 0.97, 0), 0);
});
