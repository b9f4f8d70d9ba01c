import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDuration } from './duration.js';

test('durations: 30s, 5m, 1h and ISO 8601', () => {
  const cases: [string, number | null][] = [
    ['30s', 30],
    ['5m', 300],
    ['1h', 3600],
    ['PT30S', 30],
    ['pt1m30s', 90],
    ['PT1H', 3600],
    ['PT0.5S', 0.5],
    ['PT2H5M', 7500],
  ];
  for (const [text, seconds] of cases) assert.equal(parseDuration(text), seconds, text);
});

test('not durations: no unit, unknown unit, days, empty ISO, zero, negative, words', () => {
  for (const text of ['30', '30x', '7d', 'PT', 'P1D', '0s', 'PT0S', '-5s', '1.5m', 'soon', '', '5 m', '1h30m'])
    assert.equal(parseDuration(text), null, text);
});
