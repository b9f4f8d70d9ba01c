import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ev } from '../../../test/helpers/analysis-context.js';
import { combine, countScore, hasNear, pickEvidence, typeOf, when } from './weigh.js';

test('typeOf: a wrapper first line takes the type of the error the joined record names', () => {
  const rejection = ev({
    path: 'var/lib/jenkins/.pm2/logs/ob-api-server-error.log',
    line: 1400,
    time: '2022-07-11T14:01:27Z',
    format: 'pm2-log',
    event: 'unhandled-rejection',
    text: 'You have triggered an unhandledRejection, you may have forgotten to catch a Promise rejection:\nRangeError: Invalid string length\n    at JSON.stringify (<anonymous>)',
  });
  assert.equal(rejection.signature, 'node-unhandled-rejection-pm2');
  assert.equal(typeOf(rejection), 'invalid-string-length');
  const gcs = ev({
    path: 'home/deploy/.pm2/logs/api-error.log',
    line: 3,
    time: '2024-03-02T10:00:00Z',
    format: 'node-log',
    event: 'memory-warning',
    text: '<--- Last few GCs --->\n\n[8412:0x5d1b2c0]   120333 ms: Mark-sweep 2037.9 (2083.6) -> 2036.1 (2083.8) MB\nFATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
  });
  assert.equal(typeOf(gcs), 'heap-out-of-memory');
  // A one-line event keeps its signature's type even when it mentions another error.
  const oneLine = ev({
    path: 'x.log',
    line: 1,
    time: '2024-03-02T10:00:00Z',
    format: 'node-log',
    event: 'unhandled-rejection',
    text: 'You have triggered an unhandledRejection, you may have forgotten to catch a Promise rejection: EMFILE',
  });
  assert.equal(typeOf(oneLine), 'unhandled-rejection');
});

test('countScore rises with occurrences towards its ceiling; combine corroborates without certainty', () => {
  assert.equal(countScore(0, 0.5, 0.7), 0);
  assert.equal(countScore(1, 0.5, 0.7), 0.5);
  assert.ok(countScore(4, 0.5, 0.7) > countScore(2, 0.5, 0.7));
  assert.ok(countScore(10_000, 0.5, 0.7) < 0.7);
  assert.equal(combine([0.6]), 0.6);
  assert.ok(combine([0.6, 0.5]) > 0.6 && combine([0.6, 0.5]) < 0.7);
  assert.ok(combine([0.9, 0.9, 0.9, 0.9]) < 1);
});

test('hasNear finds a time within the window on either side', () => {
  const times = [1000, 5000, 9000];
  assert.ok(hasNear(times, 5500, 1000, 0));
  assert.ok(hasNear(times, 4500, 0, 1000));
  assert.ok(!hasNear(times, 7000, 1000, 1000));
  assert.ok(!hasNear([], 7000, 1000, 1000));
});

test('pickEvidence: strongest group first, its start and its last line, bounded, no duplicates', () => {
  const mk = (line: number, minute: number) =>
    ev({
      path: 'var/log/nginx/error.log',
      line,
      time: `2024-03-02T10:${String(minute).padStart(2, '0')}:00Z`,
      format: 'nginx-error',
      text: `line ${line}`,
    });
  const strong = [mk(1, 1), mk(2, 2), mk(3, 3), mk(4, 4), mk(5, 5)];
  const weak = [mk(9, 0), mk(2, 2)];
  const picked = pickEvidence([strong, weak], 6);
  assert.deepEqual(
    picked.map((e) => e.line),
    [1, 2, 3, 5, 9, 4],
  );
  assert.equal(pickEvidence([strong, weak], 3).length, 3);
  assert.equal(when([mk(1, 1), mk(2, 7)]), 'between 2024-03-02 10:01 and 10:07 UTC');
});
