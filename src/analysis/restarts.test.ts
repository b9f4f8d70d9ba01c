import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ev } from '../../test/helpers/analysis-context.js';
import { findRestarts } from './restarts.js';

// The catalog's sample of a failed systemd unit, as syslog keeps it, and PM2's own exit line.
const FAILED = 'Mar 14 03:00:01 app1 systemd[1]: api.service: Main process exited, code=exited, status=1/FAILURE';
const PM2_EXIT = '2022-07-11T15:26:54: PM2 log: App [ob_api_server:0] exited with code [1] via signal [SIGINT]';

test('a format that repeats records (syslog) lists one restart for the same line twice in a second', () => {
  const twice = [1, 2].map((line) =>
    ev({
      path: 'var/log/syslog',
      line,
      time: '2024-03-14T03:00:01Z',
      text: FAILED,
      format: 'syslog',
      event: 'process-exit',
    }),
  );
  assert.equal(findRestarts(twice, []).length, 1);
});

test('a format that does not (PM2) lists both', () => {
  const twice = [1, 2].map((line) =>
    ev({
      path: 'home/app/.pm2/pm2.log',
      line,
      time: '2022-07-11T15:26:54Z',
      text: PM2_EXIT,
      format: 'pm2-log',
      event: 'process-exit',
    }),
  );
  const restarts = findRestarts(twice, []);
  assert.deepEqual(
    restarts.map((r) => [r.process, r.reason]),
    [
      ['pm2:ob_api_server', 'exited with code 1 via SIGINT'],
      ['pm2:ob_api_server', 'exited with code 1 via SIGINT'],
    ],
  );
});
