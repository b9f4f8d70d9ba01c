import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SIGNATURES } from './catalog.js';
import { createMatcher } from './match.js';
import { eventTypeOf, isCleanStop, isRestartType, traitsOf, traitsOfType, typesWith } from './traits.js';

// The lines are the catalog's and the formats' own samples.
const matcher = createMatcher(SIGNATURES);
const ALL_TYPES = [...new Set(SIGNATURES.map((s) => s.event))];

/** The event a real catalog sample line becomes (signature id and named groups as fields). */
function eventOf(format: 'pm2-log' | 'syslog' | 'kernel' | 'heroku-log', line: string) {
  const hit = matcher.match(format, line);
  assert.ok(hit, `no signature matches ${line}`);
  return { signature: hit.signature.id, fields: { ...hit.groups } };
}

test('a PM2 exit with code [0] is a stop asked for; code [1] is a restart the table lists', () => {
  const stop = eventOf('pm2-log', 'PM2 log: App [front:1] exited with code [0] via signal [SIGKILL]');
  const crash = eventOf(
    'pm2-log',
    '2022-07-11T15:26:54: PM2 log: App [ob_api_server:0] exited with code [1] via signal [SIGINT]',
  );
  assert.equal(eventTypeOf(stop), 'process-exit');
  assert.equal(isCleanStop(stop), true);
  assert.equal(isCleanStop(crash), false);
  assert.equal(traitsOf(crash).restart, true);
  assert.equal(traitsOf(crash).death, true);
});

test('a status code of 0 means a clean stop only on an exit (a restart counter of 0 is not one)', () => {
  const scheduled = eventOf(
    'syslog',
    'Mar 14 03:00:06 app1 systemd[1]: api.service: Scheduled restart job, restart counter is at 4.',
  );
  assert.equal(eventTypeOf(scheduled), 'process-restart');
  assert.equal(isCleanStop({ ...scheduled, fields: { code: 0 } }), false);
});

test('a kernel banner is a reboot, not a process restart', () => {
  const boot = eventOf(
    'kernel',
    '[    0.000000] Linux version 5.4.0-1060-aws (buildd@lgw01-amd64-054) (gcc version 7.5.0 (Ubuntu 7.5.0-3ubuntu1~18.04)) #62~18.04.1-Ubuntu SMP Mon Dec 13 18:08:06 UTC 2021',
  );
  assert.deepEqual(
    { reboot: traitsOf(boot).reboot, restart: traitsOf(boot).restart },
    { reboot: true, restart: false },
  );
  assert.equal(isRestartType('reboot'), true);
});

test('a line no signature named has no trait; a type set by the analysis wins over the signature', () => {
  assert.deepEqual(Object.values(traitsOf({})).filter(Boolean), []);
  assert.equal(eventTypeOf({ signature: 'pm2-app-exited', event: 'uncaught-exception' }), 'uncaught-exception');
});

test('an error that kills the process takes the service down; a death is a restart or an OOM kill', () => {
  for (const type of typesWith('crash')) assert.ok(traitsOfType(type).failure, type);
  for (const type of typesWith('death')) {
    const t = traitsOfType(type);
    assert.ok(t.restart || type === 'oom-kill', type);
  }
  assert.deepEqual(typesWith('reboot'), ['reboot']);
});
