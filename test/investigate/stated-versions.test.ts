// Issue 14 item 3: a version the logs state is not reported missing. PM2's start banner (`Node.js version : 20.20.2`)
// and the line Node writes after an uncaught exception (`Node.js v20.20.2`) name the Node.js an app runs on; the
// audit inside investigate uses it for an app whose files name none, and cites the log line.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { investigate } from '../../src/investigate.js';

const CORPUS = join(import.meta.dirname, '../corpus');

test("PM2's banner names Node 20: the keep-alive finding says so at pm2.log's line, not 'version not found'", async () => {
  const dir = join(CORPUS, 'crash-loop');
  const r = await investigate({ paths: [dir] });
  const f = r.findings.find((x) => x.rule === 'upstream-keepalive-outlives-app');
  assert.ok(f, r.findings.map((x) => x.rule).join(', '));
  assert.doesNotMatch(f.message, /version not found/);
  const cited = /Node 20 per (home\/app\/\.pm2\/pm2\.log):(\d+)/.exec(f.message);
  assert.ok(cited, f.message);
  const line = readFileSync(join(dir, cited[1]), 'utf8').split('\n')[Number(cited[2]) - 1];
  assert.match(line, /PM2 log: Node\.js version +: 20\.\d+\.\d+$/);
  assert.ok(f.locations.some((l) => l.path === cited[1] && l.line === Number(cited[2])));
});

test('the line after an uncaught exception states the version too (supervisord capture)', async () => {
  const dir = join(CORPUS, 'supervisord-crash-loop');
  const r = await investigate({ paths: [dir] });
  const e = r.timeline.find((x) => x.signature === 'node-version-after-crash');
  assert.ok(e, 'the Node.js v20 line is an event');
  assert.equal(
    e.fields?.version,
    readFileSync(join(dir, e.path), 'utf8').split('\n')[e.line - 1].slice('Node.js v'.length),
  );
  assert.equal(e.path, 'var/log/api/api.err.log');
});
