// The disk under the logs: the lab's three days of a healthy shop (test/corpus/healthy-shop, nginx's access log
// growing about 20 KiB an hour) beside a probe snapshot of the build machine (test/helpers/probe-snapshot.ts), taken
// when the logs end. With the free space the machine really had (78 GiB) nothing runs out within 90 days; with it set
// to 10 MiB the mount fills in about three weeks, within the 95 % interval of that rate. Logs that
// cover minutes show no growth rate and make no forecast.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { snapshotText } from '../../test/helpers/probe-snapshot.js';
import { investigate } from '../investigate.js';

const CORPUS = join(import.meta.dirname, '../../test/corpus');
const MiB = 2 ** 20;

async function withSnapshot(corpus: string, snapshot: string, extra: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-disk-'));
  try {
    cpSync(join(CORPUS, corpus), dir, { recursive: true });
    writeFileSync(join(dir, 'probe-snapshot.json'), snapshot);
    for (const [rel, text] of Object.entries(extra)) writeFileSync(join(dir, rel), text);
    return { result: await investigate({ paths: [dir] }), dir };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The captured snapshot, taken when the shop's logs end, with `available` bytes free on "/". */
function snapshotAt(time: string, available?: number): string {
  return snapshotText((s) => {
    s.time = time;
    if (available !== undefined) s.mounts[0].available = available;
  });
}

test('10 MiB free under logs growing 20 KiB an hour: full in about three weeks, within its interval', async () => {
  const first = await investigate({ paths: [join(CORPUS, 'healthy-shop')] });
  const end = first.span.end ?? '';
  const access = first.inputs.find((i) => i.path === 'var/log/nginx/access.log');
  assert.ok(access?.firstTime !== undefined && access.lastTime !== undefined);
  const text = snapshotAt(end, 10 * MiB);
  const { result } = await withSnapshot('healthy-shop', text);
  const disk = result.forecasts?.filter((f) => f.resource === 'disk') ?? [];
  assert.equal(disk.length, 1);
  const [f] = disk;
  assert.equal(f.subject, '/');
  assert.equal(f.limit, 25189261312 + 10 * MiB);
  assert.equal(f.current, 25189261312);
  // The access log's bytes over the time its lines cover (the rotated .1 and .2.gz ended a day before: not growing).
  const bytes = statSync(join(CORPUS, 'healthy-shop/var/log/nginx/access.log')).size;
  const perHour = (bytes / (access.lastTime - access.firstTime)) * 3_600_000;
  assert.ok(Math.abs(f.slopePerHour - perHour) / perHour < 0.05, `${f.slopePerHour} ≈ ${perHour} bytes an hour`);
  const eta = Date.parse(f.eta ?? '');
  assert.ok(Math.abs(eta - (Date.parse(end) + ((10 * MiB) / f.slopePerHour) * 3_600_000)) < 60_000);
  assert.ok(Date.parse(f.low ?? '') < eta && eta < Date.parse(f.high ?? ''), `${f.low} < ${f.eta} < ${f.high}`);
  const line = text.split('\n').findIndex((l) => l.includes('"mount": "/"')) + 1;
  assert.deepEqual(f.evidence[0], { path: 'probe-snapshot.json', line, time: end, text: '"mount": "/",' });
  assert.deepEqual(f.confirm, ['df -h /', 'du -sh /var/log/* | sort -h | tail', 'df -i /']);
  assert.match(f.basis, /10 MiB free on \/ .*var\/log\/nginx\/access\.log 2\d\.\d KiB\/h/);
  assert.match(f.wrongIf, /^\/ still has free space after 2026-12-/);
});

test('"No space left on device" while the logs grow is quoted with the forecast', async () => {
  const first = await investigate({ paths: [join(CORPUS, 'healthy-shop')] });
  const end = first.span.end ?? '';
  // catalog.ts's PostgreSQL sample (postgres-disk-full), stamped an hour before the logs end.
  const at = new Date(Date.parse(end) - 3_600_000).toISOString().replace('T', ' ').slice(0, 23);
  const pg = `${at} UTC [3320] ERROR:  could not extend file "base/16384/16385": No space left on device\n`;
  const { result } = await withSnapshot('healthy-shop', snapshotAt(end, 10 * MiB), {
    'postgresql-15-main.log': pg,
  });
  const f = result.forecasts?.find((x) => x.resource === 'disk');
  assert.equal(f?.evidence[1]?.path, 'postgresql-15-main.log');
  assert.equal(f?.evidence[1]?.text, pg.trimEnd());
  assert.match(f?.basis ?? '', /"No space left on device" already at postgresql-15-main\.log:1/);
});

test('78 GiB free, or logs that cover two minutes: no disk forecast', async () => {
  const shop = await investigate({ paths: [join(CORPUS, 'healthy-shop')] });
  const roomy = await withSnapshot('healthy-shop', snapshotAt(shop.span.end ?? ''));
  assert.deepEqual(roomy.result.forecasts, [], 'beyond 90 days: nothing the logs show runs out');
  const healthy = await investigate({ paths: [join(CORPUS, 'healthy')] });
  const brief = await withSnapshot('healthy', snapshotAt(healthy.span.end ?? '', 10 * MiB));
  assert.deepEqual(brief.result.forecasts, []);
});
