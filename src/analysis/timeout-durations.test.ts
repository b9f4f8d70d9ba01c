import assert from 'node:assert/strict';
import { test } from 'node:test';
import { investigate } from '../investigate.js';
import { timeoutClusters } from './timeout-durations.js';

const root = new URL('../../', import.meta.url).pathname;
const run = (dir: string) => investigate({ paths: [`${root}${dir}`] });
const FIXTURE = 'test/fixtures/investigate/nginx-504-at-read-timeout';

test('a real nginx capture: six 504s after 1.000–1.003 s cite proxy_read_timeout 1s under the finding that names it', async () => {
  const r = await run(FIXTURE);
  const f = r.findings.find((x) => x.rule === 'timeout-ladder-inverted');
  assert.ok(f);
  assert.ok(
    f?.locations.some((l) => `${l.path}:${l.line}` === 'etc/nginx/nginx.conf:26'),
    'the finding cites the setting',
  );
  assert.deepEqual(f.atTimeout, { setting: 'nginx proxy_read_timeout 1 s', ms: 1000, requests: 6 });
  const access = (f.evidence ?? []).filter((e) => e.path === 'var/log/nginx/access.log');
  assert.deepEqual(
    access.map((e) => e.line),
    [4, 5, 6, 7, 9],
    'the first four and the last of the six, in the order nginx wrote them',
  );
  assert.ok(access.every((e) => / 504 \d+ .* 1\.00\d 1\.00\d$/.test(e.text)));
  // The fast 200s (0.006–0.044 s) are no evidence, and a finding that cites no clustered timeout gets none.
  assert.equal(r.findings.find((x) => x.rule === 'upstream-keepalive-outlives-app')?.atTimeout, undefined);
});

test('5xx without a logged duration, or far from every timeout, make no cluster', async () => {
  // gunicorn-worker-timeout: nginx's combined format carries no $request_time.
  const r = await run('test/corpus/gunicorn-worker-timeout');
  assert.ok(r.findings.length > 0);
  assert.ok(r.findings.every((f) => f.atTimeout === undefined));
  // The capture's real 504s (1.000–1.003 s) against another stack's timeouts (nginx 60 s, gunicorn 3 s): none.
  const { ingest } = await import('../read/ingest.js');
  const { auditDir } = await import('../../test/helpers/audit-fixture.js');
  const errors = (await ingest({ paths: [`${root}${FIXTURE}`] })).serverErrors;
  assert.equal(errors.length, 6);
  const other = auditDir(`${root}test/corpus/gunicorn-worker-timeout`).stack;
  assert.deepEqual(timeoutClusters(other, errors), []);
  assert.equal(timeoutClusters(auditDir(`${root}${FIXTURE}`).stack, errors).length, 1);
});
