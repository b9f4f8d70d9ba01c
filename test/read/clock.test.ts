// The clock's wall time (src/read/clock.ts) keeps the day's start from the line before: every time it places must
// be the one Date.UTC gives for the same parts — across a day, a month's end, a year's end, a leap second, a
// fractional millisecond and parts out of range (which take Date.UTC's own path).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newFacts, resetFacts } from '../../src/formats/log/scan-types.js';
import { Clock } from '../../src/read/clock.js';

const parts: [number, number, number, number, number, number, number][] = [
  [2026, 12, 31, 23, 59, 59, 999],
  [2026, 12, 31, 23, 59, 60, 0],
  [2027, 1, 1, 0, 0, 0, 0],
  [2027, 1, 1, 0, 0, 0, 12.5],
  [2027, 1, 1, 13, 5, 7, 250],
  [2027, 2, 29, 1, 2, 3, 4],
  [2027, 4, 31, 8, 0, 0, 0],
  [2027, 4, 30, 24, 0, 0, 0],
  [2027, 5, 1, 3, 61, 0, 0],
  [2027, 5, 1, 3, 4, 5, 6],
];

test('the clock places every wall time where Date.UTC does', () => {
  const clock = new Clock({ zone: 'UTC', referenceMs: Date.UTC(2027, 0, 1), boots: [] });
  const f = newFacts();
  for (const [year, month, day, hour, minute, second, ms] of [...parts, ...parts]) {
    resetFacts(f);
    Object.assign(f, { year, month, day, hour, minute, second, ms, offset: 60 });
    const want = Date.UTC(year, month - 1, day, hour, minute, second, ms) - 60 * 60_000;
    assert.equal(clock.place(f), want, JSON.stringify([year, month, day, hour, minute, second, ms]));
  }
});
