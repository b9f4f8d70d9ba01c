// The registry, the rule files, their tests and their docs must not drift (STYLE.md practice 7).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { RULES } from './index.js';

const root = new URL('../../', import.meta.url).pathname;
const CONTRACT_RULES = [
  'haproxy-timeout-kills-db-sessions',
  'haproxy-timeout-unit',
  'haproxy-timeout-missing',
  'haproxy-single-server',
  'upstream-keepalive-outlives-app',
  'fd-limit-below-connections',
  'db-connections-exceed-max',
  'memory-budget-exceeds-ram',
  'redis-maxmemory-unset',
  'redis-overcommit-memory',
  'redis-transparent-huge-pages',
  'tomcat-blocking-connector',
  'postgres-idle-in-transaction-timeout-unset',
  'pm2-memory-restart-exceeds-ram',
  'paas-process-manager-in-dyno',
];

test('src/rules/index.ts is generated from the rule files', () => {
  execFileSync(process.execPath, [`${root}scripts/gen-registries.mjs`, '--check'], { stdio: 'pipe' });
});

test('every rule id of the contract exists', () => {
  const ids = new Set(RULES.map((r) => r.meta.id));
  for (const id of CONTRACT_RULES) assert.ok(ids.has(id), `missing rule ${id}`);
});

test('each rule: id = file name, kebab-case, test beside it, docs page with the required headings', () => {
  const files = readdirSync(`${root}src/rules`).filter(
    (f) =>
      f.endsWith('.ts') &&
      !f.endsWith('.test.ts') &&
      !f.startsWith('_') &&
      !['index.ts', 'types.ts', 'engine.ts'].includes(f),
  );
  assert.equal(files.length, RULES.length);
  for (const rule of RULES) {
    const { id } = rule.meta;
    assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.ok(files.includes(`${id}.ts`), `${id}: no src/rules/${id}.ts`);
    assert.ok(existsSync(`${root}src/rules/${id}.test.ts`), `${id}: no test beside it`);
    const doc = `${root}docs/rules/${id}.md`;
    assert.ok(existsSync(doc), `${id}: no docs/rules/${id}.md`);
    const text = readFileSync(doc, 'utf8');
    assert.ok(text.startsWith(`# ${id}\n`), `${id}: doc must start with "# ${id}"`);
    for (const h of ['## Why it matters', '## What faultline checks', '## Example', '## Fix', '## References']) {
      assert.ok(text.includes(`\n${h}\n`), `${id}: doc lacks "${h}"`);
    }
    assert.ok(rule.meta.references.length > 0, `${id}: no references`);
    assert.ok(Object.keys(rule.meta.messages).length > 0, `${id}: no messages`);
    assert.ok(['error', 'warning', 'info'].includes(rule.meta.severity));
  }
});
