// What runs out next, from the logs (issue 12 item 2): the lab's memory-exhaustion capture, where PM2 restarts the
// api app for max_memory_restart every 2 s, forecasts the next restart from that pace; a pattern the logs show
// ending gives none, and the captures without repeated limits give none.
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { investigate } from '../investigate.js';
import { INVESTIGATE_REPORTERS } from '../report/index.js';

const CORPUS = join(import.meta.dirname, '../../test/corpus');
const PM2_LOG = 'home/app/.pm2/pm2.log';

test('PM2 restarting an app for its memory limit at a steady pace: the next restart, its range and the limit', async () => {
  const dir = join(CORPUS, 'memory-exhaustion');
  const r = await investigate({ paths: [dir] });
  const lines = readFileSync(join(dir, PM2_LOG), 'utf8').split('\n');
  const restarts = lines.filter((l) => l.includes('exceeds --max-memory-restart value'));
  assert.equal(r.forecasts?.length, 1);
  const [f] = r.forecasts ?? [];
  assert.equal(f.resource, 'memory');
  assert.equal(f.subject, 'PM2 app api');
  const last = /current_memory=(\d+) max_memory_limit=(\d+)/.exec(restarts[restarts.length - 1]);
  assert.equal(f.limit, Number(last?.[2]));
  assert.equal(f.current, Number(last?.[1]));
  const lastAt = Date.parse(`${restarts[restarts.length - 1].slice(0, 19)}Z`);
  const gaps = restarts
    .slice(1)
    .map((l, i) => Date.parse(`${l.slice(0, 19)}Z`) - Date.parse(`${restarts[i].slice(0, 19)}Z`));
  assert.equal(Date.parse(f.eta ?? ''), lastAt + [...gaps].sort((a, b) => a - b)[gaps.length >> 1]);
  assert.equal(Date.parse(f.low ?? ''), lastAt + Math.min(...gaps));
  assert.equal(Date.parse(f.high ?? ''), lastAt + Math.max(...gaps));
  assert.ok(f.slopePerHour > 0);
  // The command names the app the logs name, never a placeholder.
  assert.equal(f.confirm?.[0], 'pm2 describe api (restarts, memory) and pm2 monit');
  for (const e of f.evidence) {
    assert.equal(e.path, PM2_LOG);
    assert.equal(lines[e.line - 1], e.text);
  }
  const text = INVESTIGATE_REPORTERS.text.render(r, { color: false });
  assert.ok(text.indexOf('What runs out next') < text.indexOf('1 incident'), 'forecasts come first');
  assert.match(text, /memory of PM2 app api \(limit 150 MiB\): around 2026-11-23 03:02:\d\d/);
  const json = JSON.parse(INVESTIGATE_REPORTERS.json.render(r, { color: false }));
  assert.equal(json.forecasts[0].subject, 'PM2 app api');
  assert.match(
    INVESTIGATE_REPORTERS.markdown.render(r, { color: false }),
    /## What runs out next\n\n- \*\*memory of PM2 app api/,
  );
  assert.match(INVESTIGATE_REPORTERS.html.render(r, { color: false }), /<section id="forecasts">/);
});

test('the logs going on long past the next restart without it: the pattern ended, no forecast', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-forecast-'));
  try {
    cpSync(join(CORPUS, 'memory-exhaustion'), dir, { recursive: true });
    // The same daemon's own line, an hour later: PM2 kept running, the restarts stopped.
    appendFileSync(join(dir, PM2_LOG), '2026-11-23T04:02:46: PM2 log: App [api:0] online\n');
    const r = await investigate({ paths: [dir] });
    assert.deepEqual(r.forecasts, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('no repeated limit, no forecast', async () => {
  for (const name of ['healthy', 'crash-loop', 'fd-exhaustion', 'upstream-timeout']) {
    const r = await investigate({ paths: [join(CORPUS, name)] });
    assert.deepEqual(r.forecasts, [], name);
  }
});
