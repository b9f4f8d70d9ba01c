// The incident finder's use of sources: a source that stops inside a window while another goes on is named,
// with what the other served meanwhile. (The traffic model itself is tested end to end on real nginx traffic in
// test/investigate/traffic-model.test.ts.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LogSource } from '../read/sources.js';
import { newRow } from '../read/tally.js';
import { findIncidents } from './incidents.js';

const T0 = Date.UTC(2026, 10, 23, 3, 0);
const MIN = 60_000;

function proxy(): LogSource {
  const requests = new Map<number, [number, number]>();
  for (let m = 0; m < 30; m++) requests.set(T0 + m * MIN, m >= 12 && m < 16 ? [40, 35] : [40, 0]);
  return {
    id: ' nginx-access var/log/nginx/access.log',
    label: 'var/log/nginx/access.log',
    format: 'nginx-access',
    paths: ['var/log/nginx/access.log'],
    first: T0,
    last: T0 + 29 * MIN + 59_000,
    requests,
  };
}

const app: LogSource = {
  id: ' pm2-log home/app/.pm2/logs/api-out.log',
  label: 'home/app/.pm2/logs/api-out.log',
  format: 'pm2-log',
  paths: ['home/app/.pm2/logs/api-out.log'],
  first: T0,
  last: T0 + 12 * MIN + 7_000,
  requests: new Map(),
};

function seriesOf(s: LogSource) {
  return [...s.requests].map(([t, [n, e]]) => ({ ...newRow(t), requests: n, s5xx: e }));
}

test('an app that stops logging while nginx serves 5xx is named in the incident', () => {
  const nginx = proxy();
  const [i, ...rest] = findIncidents(seriesOf(nginx), [], nginx.last, [nginx, app]);
  assert.equal(rest.length, 0);
  assert.deepEqual(i.kinds, ['5xx-burst']);
  assert.match(
    i.summary,
    /home\/app\/\.pm2\/logs\/api-out\.log stopped logging at 03:12:07 while var\/log\/nginx\/access\.log served 140 × 5xx/,
  );
});

test('a source that ends with the data is not said to have stopped', () => {
  const nginx = proxy();
  const late = { ...app, last: nginx.last };
  const [i] = findIncidents(seriesOf(nginx), [], nginx.last, [nginx, late]);
  assert.doesNotMatch(i.summary, /stopped logging/);
});
