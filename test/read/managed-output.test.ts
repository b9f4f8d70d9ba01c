// Untimed app output is PM2's by content, not by its name: PM2's daemon log (its start banner's `Application log
// path` and the apps it names) or its ecosystem file (the apps, in PM2's default `.pm2/logs`) says which files are
// its output, and the survey reads those as pm2-log, wherever
// the daemon log comes in the walk. Without it the same file is not claimed. Real files: the lab capture of
// test/corpus/memory-exhaustion (PM2 7.0.4, Node 20).
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { ingest } from '../../src/read/ingest.js';

const corpus = (p: string) => new URL(`../corpus/memory-exhaustion/${p}`, import.meta.url).pathname;

/** A folder holding the corpus files `files` (corpus path → path in the folder). */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'fl-managed-'));
  for (const [from, to] of Object.entries(files)) {
    mkdirSync(dirname(join(root, to)), { recursive: true });
    copyFileSync(corpus(from), join(root, to));
  }
  return root;
}

test("an untimed out log is pm2-log where PM2's daemon log says it writes that app's output", async () => {
  const root = tree({
    'home/app/.pm2/logs/api-out.log': 'home/app/.pm2/logs/api-out.log',
    'home/app/.pm2/logs/worker-out.log': 'home/app/.pm2/logs/worker-out.log',
    'home/app/.pm2/pm2.log': 'home/app/.pm2/pm2.log',
  });
  const r = await ingest({ paths: [root], workers: 0 });
  // The walk's order is kept although the daemon log, last in it, decided the others.
  assert.deepEqual(
    r.inputs.map((i) => [i.path.replace(`${root}/`, ''), i.format, i.lines]),
    [
      ['home/app/.pm2/logs/api-out.log', 'pm2-log', 5],
      ['home/app/.pm2/logs/worker-out.log', 'pm2-log', 55],
      ['home/app/.pm2/pm2.log', 'pm2-log', 83],
    ],
  );
  // Given only PM2's folder (paths relative to it), the folder's last components still match the banner's.
  const only = await ingest({ paths: [join(root, 'home/app/.pm2')], workers: 0 });
  assert.deepEqual(
    only.inputs.map((i) => i.format),
    ['pm2-log', 'pm2-log', 'pm2-log'],
  );
});

test('without the daemon log, elsewhere, or for an app it does not name, the same text is not claimed', async () => {
  const alone = tree({ 'home/app/.pm2/logs/api-out.log': 'home/app/.pm2/logs/api-out.log' });
  const r1 = await ingest({ paths: [alone], workers: 0 });
  assert.equal(r1.inputs[0].format, null);
  assert.match(r1.inputs[0].note ?? '', /^format not recognised/);
  const elsewhere = tree({
    'home/app/.pm2/logs/api-out.log': 'srv/api/logs/api-out.log',
    'home/app/.pm2/pm2.log': 'home/app/.pm2/pm2.log',
  });
  const r2 = await ingest({ paths: [elsewhere], workers: 0 });
  assert.deepEqual(
    r2.inputs.map((i) => i.format),
    ['pm2-log', null],
  );
  const other = tree({
    'home/app/.pm2/logs/api-out.log': 'home/app/.pm2/logs/billing-out.log',
    'home/app/.pm2/pm2.log': 'home/app/.pm2/pm2.log',
  });
  const r3 = await ingest({ paths: [other], workers: 0 });
  assert.deepEqual(
    r3.inputs.map((i) => i.format),
    [null, 'pm2-log'],
  );
});

test("PM2's ecosystem file names the apps: their out logs in a `.pm2/logs` folder are PM2's without the daemon log", async () => {
  const root = tree({
    'home/app/.pm2/logs/api-out.log': 'home/app/.pm2/logs/api-out.log',
    'home/app/.pm2/logs/worker-out.log': 'home/app/.pm2/logs/billing-out.log',
    'home/app/app/ecosystem.config.js': 'home/app/app/ecosystem.config.js',
  });
  const r = await ingest({ paths: [root], workers: 0 });
  const logs = r.inputs.filter((i) => i.path.includes('.pm2'));
  // api is an app of the ecosystem file; billing is not.
  assert.deepEqual(
    logs.map((i) => [i.path.replace(`${root}/`, ''), i.format]),
    [
      ['home/app/.pm2/logs/api-out.log', 'pm2-log'],
      ['home/app/.pm2/logs/billing-out.log', null],
    ],
  );
});

test("an ecosystem file's out_file/error_file place its app's output outside .pm2 (seed 002: Jenkins' workspace)", async () => {
  // The seed's own ecosystem file (examples/postmortem-api) and its untimed out log (test/fixtures/log/pm2).
  const repo = (p: string) => new URL(`../../${p}`, import.meta.url).pathname;
  const root = mkdtempSync(join(tmpdir(), 'fl-managed-'));
  const ws = 'var/lib/jenkins/workspace/dev_backend';
  const put = (from: string, to: string) => {
    mkdirSync(dirname(join(root, to)), { recursive: true });
    copyFileSync(repo(from), join(root, to));
  };
  put(`examples/postmortem-api/${ws}/ecosystem.config.js`, `${ws}/ecosystem.config.js`);
  put('test/fixtures/log/pm2/ob_api_server_out.log', `${ws}/logs/ob_api_server_out.log`);
  // The same text where the ecosystem file does not write it stays unclaimed.
  put('test/fixtures/log/pm2/ob_api_server_out.log', `${ws}/other/ob_api_server_out.log`);
  const r = await ingest({ paths: [root], workers: 0 });
  const logs = r.inputs.filter((i) => i.path.endsWith('ob_api_server_out.log'));
  assert.deepEqual(logs.map((i) => [i.path.replace(`${root}/`, ''), i.format]).sort(), [
    [`${ws}/logs/ob_api_server_out.log`, 'pm2-log'],
    [`${ws}/other/ob_api_server_out.log`, null],
  ]);
});
