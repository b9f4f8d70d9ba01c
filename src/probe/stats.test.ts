import assert from 'node:assert/strict';
import { test } from 'node:test';
import { linearFit, tQuantile } from './stats.js';

test('an exact line: its slope, a zero-width interval', () => {
  const f = linearFit([0, 1, 2, 3], [10, 12, 14, 16]);
  assert.ok(f);
  assert.equal(f.slope, 2);
  assert.equal(f.intercept, 10);
  assert.equal(f.low, 2);
  assert.equal(f.high, 2);
});

test('noisy points: the interval of five points (slope 0.6, t(3) = 3.182)', () => {
  // Σ(x−3)(y−4) = 6 and Σ(x−3)² = 10: slope 0.6, residuals sum to 2.4 squared, se = √(2.4 / 3 / 10).
  const f = linearFit([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]);
  assert.ok(f);
  assert.ok(Math.abs(f.slope - 0.6) < 1e-12);
  const se = Math.sqrt(2.4 / 3 / 10);
  assert.ok(Math.abs(f.high - (0.6 + 3.182 * se)) < 1e-9);
  assert.ok(Math.abs(f.low - (0.6 - 3.182 * se)) < 1e-9);
});

test('too few points or no spread in time: no fit', () => {
  assert.equal(linearFit([0, 1], [1, 2]), undefined);
  assert.equal(linearFit([5, 5, 5], [1, 2, 3]), undefined);
  assert.equal(tQuantile(100), 1.96);
});
