import assert from 'node:assert/strict';
import { test } from 'node:test';
import { context, ev, healthy, restart } from '../../../test/helpers/analysis-context.js';
import { crashLoopScenario, oversizedScenario } from '../../../test/helpers/scenarios.js';
import { supervisordLoop } from '../../../test/helpers/stack-corpus.js';
import { appFrame, detectCrashLoop } from './crash-loop.js';

test('5 PM2 restarts after the same TypeError: named with its application frame', () => {
  const h = detectCrashLoop(crashLoopScenario())!;
  assert.ok(h.confidence >= 0.7);
  assert.match(h.explanation, /api restarted 5 times/);
  assert.match(
    h.explanation,
    /5 restarts followed `TypeError: Cannot read properties of undefined \(reading 'customerId'\)` thrown from \/srv\/api\/app\/modules\/orders\/controller\.ts:88/,
  );
  assert.deepEqual([h.evidence[0].path, h.evidence[0].line], ['home/deploy/.pm2/logs/api-error.log', 20]);
  assert.ok(h.confirm[0].startsWith('pm2 describe api'));
});

test('crashes with a more specific cause are marked and weigh less', () => {
  const h = detectCrashLoop(oversizedScenario())!;
  assert.match(h.explanation, /more specific cause \(oversized-payload\)/);
  assert.ok(h.confidence < 0.7);
});

test('appFrame skips node_modules and node: internals', () => {
  assert.equal(
    appFrame(
      'RangeError: Invalid string length\n    at JSON.stringify (<anonymous>)\n    at stringify (/srv/x/node_modules/express/lib/response.js:1128:12)\n    at C.sendOk (/srv/x/app/utils/base-controller.ts:199:32)',
    ),
    '/srv/x/app/utils/base-controller.ts:199',
  );
});

test('must not: healthy; two restarts; restarts without errors before them', () => {
  assert.equal(detectCrashLoop(healthy()), null);
  const ctx = crashLoopScenario();
  assert.equal(detectCrashLoop({ ...ctx, restarts: ctx.restarts.slice(0, 2), events: ctx.events.slice(0, 6) }), null);
  const deploys = context({
    events: [
      ev({
        path: 'home/deploy/.pm2/pm2.log',
        line: 1,
        time: '2024-03-02T10:00:00Z',
        format: 'pm2-log',
        level: 'warning',
        event: 'process-start',
        text: '2024-03-02T10:00:00: PM2 log: App [api:0] starting in -fork mode-',
      }),
    ],
    restarts: ['10:00:00', '11:00:00', '12:00:00'].map((t, i) =>
      restart(
        `2024-03-02T${t}Z`,
        'pm2:api:0',
        'pm2 reload',
        'home/deploy/.pm2/pm2.log',
        1 + i,
        `2024-03-02T${t}: PM2 log: App [api:0] starting in -fork mode-`,
      ),
    ),
  });
  assert.equal(detectCrashLoop(deploys), null);
});

test('supervisord: a program that exits at every start, then FATAL — a crash loop with supervisorctl commands', () => {
  const h = detectCrashLoop(supervisordLoop())!;
  assert.ok(h.confidence >= 0.7, String(h.confidence));
  assert.match(h.title, /api exits at every start and supervisord restarts it \(then gave up: FATAL\)/);
  assert.match(h.explanation, /supervisord started api 4 times/);
  assert.match(h.explanation, /Each start lasted at most 0\.\d s/);
  assert.match(h.explanation, /gave up: api entered FATAL state, too many start retries too quickly/);
  assert.match(h.evidence[0].text, /WARN exited: api \(exit status 1; not expected\)/);
  assert.ok(h.confirm[0].startsWith('supervisorctl status api'));
  assert.ok(!h.confirm.some((c) => c.includes('pm2')));
});

test('supervisord: two exits without FATAL are not yet a loop; one exit then FATAL is', () => {
  assert.equal(detectCrashLoop(supervisordLoop(2)), null);
  const three = detectCrashLoop(supervisordLoop(3))!;
  assert.ok(three.confidence < detectCrashLoop(supervisordLoop())!.confidence);
  assert.doesNotMatch(three.title, /FATAL/);
});
