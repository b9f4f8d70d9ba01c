// The registry, the rule files, their tests and their docs must not drift (STYLE.md practice 7).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { RULES } from './index.js';

const root = new URL('../../', import.meta.url).pathname;

// The contract's rule ids are checked against the rules in test/docs.test.ts (read from docs/contract.md).
test('src/rules/index.ts is generated from the rule files', () => {
  execFileSync(process.execPath, [`${root}scripts/gen-registries.mjs`, '--check'], { stdio: 'pipe' });
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
    for (const h of HEADINGS) {
      assert.ok(text.includes(`\n${h}\n`), `${id}: doc lacks "${h}"`);
    }
    assert.ok(rule.meta.references.length > 0, `${id}: no references`);
    assert.ok(Object.keys(rule.meta.messages).length > 0, `${id}: no messages`);
    assert.ok(['error', 'warning', 'info'].includes(rule.meta.severity));
  }
});

// The docs pages say what the rule's metadata says (typescript-eslint's docs test): the reports print the
// metadata, so a page that drifts from it describes findings nobody sees.
const HEADINGS = ['## Why it matters', '## What faultline checks', '## Example', '## Fix', '## References'];

/** The text of one `## ` section of a page, up to the next one. */
function section(text: string, heading: string): string {
  const start = text.indexOf(`\n${heading}\n`);
  if (start < 0) return '';
  const body = text.slice(start + heading.length + 2);
  const end = body.search(/^## /m);
  return end < 0 ? body : body.slice(0, end);
}

const squeeze = (s: string) => s.replace(/\s+/g, ' ').trim();

/** A message template as a pattern: its text verbatim, each {{placeholder}} any text on the same line. */
function templatePattern(template: string): RegExp {
  const parts = template.split(/\{\{\s*\w+\s*\}\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(parts.join('[^\\n]*?'));
}

test('a message template matches its renderings only', () => {
  const p = templatePattern('{{kind}} "{{proxy}}" has no `timeout {{which}}` (neither written nor inherited).');
  assert.match('WARNING frontend "www" has no `timeout client` (neither written nor inherited).', p);
  assert.doesNotMatch('frontend "www" has no timeout client (neither written nor inherited).', p);
  assert.doesNotMatch('frontend "www"\nhas no `timeout client` (neither written nor inherited).', p);
});

for (const rule of RULES) {
  const { id, severity, title, references, messages, fix } = rule.meta;
  test(`docs/rules/${id}.md says what the rule's metadata says`, () => {
    const text = readFileSync(`${root}docs/rules/${id}.md`, 'utf8');
    assert.equal(text.split('\n')[2], `Severity: ${severity} — ${title}`, `${id}: the severity line`);
    const refs = section(text, '## References');
    assert.deepEqual(
      references.filter((url) => !refs.includes(url)),
      [],
      `${id}: references of the rule missing from the page's References`,
    );
    const example = section(text, '## Example');
    assert.deepEqual(
      Object.entries(messages)
        .filter(([, template]) => !templatePattern(template).test(example))
        .map(([messageId]) => messageId),
      [],
      `${id}: messages the Example section does not show as the rule prints them`,
    );
    assert.ok(
      squeeze(section(text, '## Fix')).startsWith(squeeze(fix)),
      `${id}: the Fix section must open with the rule's fix as the reports print it:\n${fix}`,
    );
  });

  test(`${id}: every message is reported by an invalid case of its test`, () => {
    const tests = readFileSync(`${root}src/rules/${id}.test.ts`, 'utf8');
    assert.deepEqual(
      Object.keys(messages).filter((m) => !tests.includes(`messageId: '${m}'`)),
      [],
    );
  });
}
