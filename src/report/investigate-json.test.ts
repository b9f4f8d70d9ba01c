import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seed002Result } from '../../test/helpers/investigate-fixture.js';
import { investigateJson } from './investigate-json.js';

test('json: each hypothesis carries its remedies with their kinds, and the contract fix strings written from them', () => {
  const json = JSON.parse(investigateJson(seed002Result()));
  assert.ok(json.hypotheses.length > 0);
  const kinds = new Set<string>();
  for (const h of json.hypotheses) {
    assert.ok(h.remedies.length > 0, h.cause);
    const label: Record<string, string> = { 'stop-gap': 'Stop-gap: ', fix: '', 'long-term': 'Long-term: ' };
    assert.deepEqual(
      h.fix,
      h.remedies.map((r: { kind: string; text: string }) => `${label[r.kind]}${r.text}`),
      h.cause,
    );
    for (const r of h.remedies) kinds.add(r.kind);
    assert.ok(Array.isArray(h.confirm) && h.confirm.every((c: unknown) => typeof c === 'string'));
  }
  assert.deepEqual([...kinds].sort(), ['fix', 'long-term', 'stop-gap']);
});

test('json: the changes, each with its time, kind, subject and evidence lines, as the schema says', async () => {
  const { investigate } = await import('../investigate.js');
  const root = new URL('../../', import.meta.url).pathname;
  const json = JSON.parse(investigateJson(await investigate({ paths: [`${root}test/fixtures/log`], workers: 0 })));
  assert.ok(Array.isArray(json.changes) && json.changes.length > 0);
  const reload = json.changes.find((c: { kind: string }) => c.kind === 'reload');
  assert.deepEqual(reload, {
    time: '2022-07-11T14:00:02.000Z',
    kind: 'reload',
    subject: 'nginx',
    evidence: [
      {
        path: 'nginx/error.log',
        line: 1,
        time: '2022-07-11T14:00:02.000Z',
        text: '2022/07/11 14:00:02 [notice] 1#1: signal 1 (SIGHUP) received from 1, reconfiguring',
      },
    ],
  });
  const mysql = json.changes.find((c: { subject: string }) => c.subject.startsWith('mysqld '));
  assert.equal(mysql.subject, 'mysqld 8.0.29-0ubuntu0.20.04.3');
  for (const c of json.changes) assert.match(c.kind, /^(deploy|restart|reload|upgrade|config|cron|certificate)$/);
});
