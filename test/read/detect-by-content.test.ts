// Detection is by content: file names may break ties but never decide. Every log file of the fixtures, the real
// logs and the lab corpus keeps the format its content alone gives when renamed to other formats' usual names.
// The one use of a name: application text (what generic-log, node-log or pm2-log read) in PM2's folder or under
// PM2's file names is PM2's output — the name breaks that tie, nothing else. Untimed text no format claims stays
// unclaimed under any name (PM2's daemon log decides it in the survey: test/read/managed-output.test.ts).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { sampleLines } from '../../src/evidence/sample.js';
import { detectLogFormat } from '../../src/formats/log/registry.js';

const ROOT = join(import.meta.dirname, '..');
/** Names that PM2 uses (a tie-break for app text) … */
const PM2_NAMES = [
  'home/app/.pm2/logs/api-out.log',
  'home/app/.pm2/logs/api-error.log',
  'var/log/apache2/ssl_error.log',
];
/** … and names that must never change what content says. */
const OTHER_NAMES = [
  'var/log/nginx/access.log',
  'var/log/nginx/error.log',
  'var/log/syslog',
  'var/log/messages',
  'var/log/kern.log',
  'var/log/dmesg',
  'var/log/httpd/error_log',
  'var/log/mysql/error.log',
  'var/log/redis/redis-server.log',
  'srv/app/logs/app.log',
  'etc/libnet.cfg',
  'etc/app/settings.cfg',
  'data.txt',
];
const APP_TEXT = new Set([null, 'generic-log', 'node-log', 'pm2-log']);

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) files(p, out);
    else if (!/\.(json|md|conf|cnf|cfg|js|yaml|yml|xml|gz|tar|tgz)$/.test(name) && statSync(p).size > 0) out.push(p);
  }
  return out;
}

const logs = [...files(join(ROOT, 'fixtures/log')), ...files(join(ROOT, 'real-logs')), ...files(join(ROOT, 'corpus'))];

const headOf = (file: string) => sampleLines(readFileSync(file).subarray(0, 64 * 1024), 200);

test('renaming a log file to another format’s usual name does not change its detected format', () => {
  const changed: string[] = [];
  let specific = 0;
  for (const file of logs) {
    const lines = headOf(file);
    const rel = relative(ROOT, file);
    const content = detectLogFormat(lines, '')?.format.id ?? null;
    if (!APP_TEXT.has(content)) specific++;
    for (const name of OTHER_NAMES) {
      const got = detectLogFormat(lines, `/${name}`)?.format.id ?? null;
      if (got !== content) changed.push(`${rel}: ${content} → ${got} as ${name}`);
    }
    for (const name of PM2_NAMES) {
      const got = detectLogFormat(lines, `/${name}`);
      const id = got?.format.id ?? null;
      if (id === content) continue;
      // Only app text may become PM2's under PM2's names, and the result says a name was used.
      if (!APP_TEXT.has(content) || id !== 'pm2-log' || !got?.byName)
        changed.push(`${rel}: ${content} → ${id} as ${name}`);
    }
    // Where the file really is, the same rule holds.
    const own = detectLogFormat(lines, `/${rel}`);
    if ((own?.format.id ?? null) !== content && !(APP_TEXT.has(content) && own?.format.id === 'pm2-log' && own.byName))
      changed.push(`${rel}: ${content} → ${own?.format.id ?? null} where it is`);
  }
  assert.ok(specific > 100, `${specific} of ${logs.length} files claimed by a specific format`);
  assert.deepEqual(changed, []);
});

test('a PM2 name never takes a file from a format that claims its content', () => {
  for (const file of logs) {
    const lines = headOf(file);
    const content = detectLogFormat(lines, '')?.format.id ?? null;
    if (APP_TEXT.has(content)) continue;
    for (const name of PM2_NAMES)
      assert.equal(detectLogFormat(lines, `/${name}`)?.format.id, content, `${relative(ROOT, file)} as ${name}`);
  }
});

test('Xorg logs are not the kernel’s, even named kern.log or dmesg (printk writes six decimals, Xorg three)', () => {
  const dir = join(ROOT, 'fixtures/log/unclaimed');
  const xorg = readdirSync(dir).filter((f) => f.startsWith('Xorg'));
  assert.equal(xorg.length, 2);
  for (const name of xorg) {
    const lines = headOf(join(dir, name));
    for (const path of ['/var/log/Xorg.0.log', '/var/log/kern.log', '/var/log/dmesg'])
      assert.equal(detectLogFormat(lines, path)?.format.id ?? null, null, `${name} as ${path}`);
  }
});

test('Apache 2.0–2.4 error logs stay apache-error under a kernel log’s name (`[ctime] [level]` is not dmesg -T)', () => {
  const dir = join(ROOT, 'real-logs/apache-error');
  for (const name of ['loghub-httpd-2.0-error_log', 'openshift-2.2-error_log', 'freedombox-2.4-error.log']) {
    const lines = headOf(join(dir, name));
    for (const path of ['/var/log/kern.log', '/var/log/dmesg', '/home/app/.pm2/logs/api-error.log'])
      assert.equal(detectLogFormat(lines, path)?.format.id, 'apache-error', `${name} as ${path}`);
  }
});
