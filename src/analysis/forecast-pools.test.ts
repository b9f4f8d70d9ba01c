// Pool waits growing, on a real PHP-FPM 8.2 (test/fixtures/forecast/README.md): its "seems busy" lines up to a cut
// forecast when the pool reaches pm.max_children, and the same log uncut shows the moment it did (21:50:15) — the
// forecast made before it must hold it. The whole log (the limit reached), a log that goes on calm after the climb,
// and captures whose waits do not rise make none.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { investigate } from '../investigate.js';

const FIXTURE = join(import.meta.dirname, '../../test/fixtures/forecast/php-fpm-busy');
const CORPUS = join(import.meta.dirname, '../../test/corpus');
const LOG = 'var/log/php8.2-fpm.log';
const lines = readFileSync(join(FIXTURE, LOG), 'utf8').trimEnd().split('\n');
/** "[04-Dec-2026 21:50:15] …" → epoch ms (PHP-FPM writes the host's local time; the fixture's zone is UTC). */
const timeOf = (l: string) => Date.parse(`${l.slice(1, 21).replace(/-/g, ' ')} UTC`);

/** The fixture with its log cut after the line that includes `last`, optionally with `tail` lines added. */
async function withLog(keep: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-pools-'));
  try {
    cpSync(FIXTURE, dir, { recursive: true });
    writeFileSync(join(dir, LOG), `${keep.join('\n')}\n`);
    return await investigate({ paths: [dir] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('PHP-FPM children climbing: the forecast made at 21:50:00 holds the moment pm.max_children was reached', async () => {
  const cut = lines.findIndex((l) => l.startsWith('[04-Dec-2026 21:50:00]'));
  const r = await withLog(lines.slice(0, cut + 1));
  assert.equal(r.forecasts?.length, 1);
  const [f] = r.forecasts ?? [];
  assert.equal(f.resource, 'workers');
  assert.equal(f.subject, 'PHP-FPM pool www');
  assert.equal(f.limit, 40, 'pm.max_children of pool.d/www.conf');
  assert.equal(f.current, 25, 'the last "seems busy" line: 25 total children');
  assert.equal(f.slopePerHour, 3600, 'one child a second');
  const reached = lines.find((l) => l.includes('server reached pm.max_children setting (40)')) ?? '';
  const truth = timeOf(reached);
  assert.ok(
    Date.parse(f.low ?? '') <= truth && truth <= Date.parse(f.high ?? ''),
    `${f.low}…${f.high} holds ${reached}`,
  );
  assert.equal(Date.parse(f.eta ?? ''), truth);
  assert.match(f.basis, /pm\.max_children = 40 \(etc\/php\/8\.2\/fpm\/pool\.d\/www\.conf:7\)/);
  assert.match(f.wrongIf, /stays below 40 children after 2026-12-04T21:50:15/);
  assert.ok(f.confirm.some((c) => c.includes("pgrep -fc 'php-fpm: pool www'")));
  for (const e of f.evidence) {
    assert.equal(e.path, LOG);
    assert.equal(lines[e.line - 1], e.text);
  }
});

test('the limit reached after the climb, or the log going on calm after it: no forecast', async () => {
  const whole = await investigate({ paths: [FIXTURE] });
  assert.deepEqual(whole.forecasts, [], 'it ran out in the logs: an incident, not a forecast');
  const cut = lines.findIndex((l) => l.startsWith('[04-Dec-2026 21:50:00]'));
  // PHP-FPM's own stop lines, a minute later and with no "seems busy" since: the pool did not keep climbing.
  const calm = await withLog([...lines.slice(0, cut + 1), ...lines.slice(-2)]);
  assert.deepEqual(calm.forecasts, []);
});

test('too few "seems busy" lines, or a pool with no known limit: no forecast', async () => {
  const busy = lines.filter((l) => l.includes('seems busy'));
  assert.deepEqual((await withLog([...lines.slice(0, 3), ...busy.slice(0, 3)])).forecasts, []);
  const dir = mkdtempSync(join(tmpdir(), 'faultline-pools-'));
  try {
    cpSync(join(FIXTURE, 'var'), join(dir, 'var'), { recursive: true });
    writeFileSync(join(dir, LOG), `${lines.slice(0, 20).join('\n')}\n`);
    assert.deepEqual((await investigate({ paths: [dir] })).forecasts, [], 'no pool config, no max_children line');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('failing waits that do not rise: the pool and limit captures of the lab make no forecast', async () => {
  for (const name of ['db-pool-exhaustion', 'php-fpm-max-children', 'connection-limit', 'celery-db-session-cut']) {
    const r = await investigate({ paths: [join(CORPUS, name)] });
    assert.deepEqual(r.forecasts, [], name);
  }
});

test('a limit stated by an earlier max_children line, and a crafted pool name quoted in the command to check it', async () => {
  const pool = "x';reboot;'";
  const cut = lines.findIndex((l) => l.startsWith('[04-Dec-2026 21:50:00]'));
  const renamed = lines.slice(0, cut + 1).map((l) => l.replace('[pool www]', `[pool ${pool}]`));
  // An earlier episode's line of the same pool states the limit; no pool config is among the inputs.
  const earlier = `[04-Dec-2026 21:49:34] WARNING: [pool ${pool}] server reached pm.max_children setting (40), consider raising it`;
  const dir = mkdtempSync(join(tmpdir(), 'faultline-pools-'));
  try {
    cpSync(join(FIXTURE, 'var'), join(dir, 'var'), { recursive: true });
    writeFileSync(join(dir, LOG), `${[...renamed.slice(0, 3), earlier, ...renamed.slice(3)].join('\n')}\n`);
    const [f] = (await investigate({ paths: [dir] })).forecasts ?? [];
    assert.equal(f?.limit, 40);
    assert.match(f.basis, /pm\.max_children \(40\) as var\/log\/php8\.2-fpm\.log:4 states it/);
    assert.equal(f.confirm[0], `pgrep -fc 'php-fpm: pool x'\\'';reboot;'\\'''`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
