// A real PM2 app (PM2 from node_modules, its daemon in a PM2_HOME of the test's own, ended after): probe names the
// process's service after the PM2 app and forecasts its memory against PM2's restart threshold, not the host's RAM.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { probe } from '../../src/probe/probe.js';

const root = new URL('../../', import.meta.url).pathname;
const pm2bin = `${root}node_modules/.bin/pm2`;
const home = mkdtempSync(join(tmpdir(), 'fl-pm2-'));
const MiB = 1024 * 1024;

function pm2(args: string[], env: Record<string, string> = {}) {
  return spawnSync(pm2bin, args, {
    env: { ...process.env, PM2_HOME: home, ...env },
    encoding: 'utf8',
    timeout: 15_000,
  });
}

after(() => {
  pm2(['kill']);
  rmSync(home, { recursive: true, force: true });
});

test('a PM2 app: its service, its max_memory_restart, and a forecast of its restart', async () => {
  const started = pm2(
    ['start', `${root}test/probe/children/grower.mjs`, '--name', 'api', '--max-memory-restart', '400M'],
    {
      RATE: String(16 * MiB),
    },
  );
  assert.equal(started.status, 0, started.stderr);
  const pid = Number(pm2(['pid', 'api']).stdout.trim());
  assert.ok(pid > 0);
  const r = await probe({ pids: [pid], duration: 2.5, interval: 0.25, ss: false, configs: false });
  const p = r.processes[0];
  assert.deepEqual([p.service, p.memoryLimit, p.memoryLimitSource], ['pm2:api', 400 * MiB, 'PM2 max_memory_restart']);
  const f = r.forecasts.find((x) => x.resource === 'memory' && x.subject.endsWith(`(pid ${pid})`));
  assert.ok(f, JSON.stringify(r.forecasts));
  assert.equal(f.limit, 400 * MiB);
  assert.match(f.evidence[0], /limit: PM2 max_memory_restart/);
  assert.ok(Math.abs(f.slopePerHour / 3600 - 16 * MiB) / (16 * MiB) < 0.2, `${f.slopePerHour / 3600} B/s`);
});
