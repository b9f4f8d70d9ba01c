// The docs say what the code says (typescript-eslint's docs test): a page per cause and per rule and none more,
// each cause page's signature table as the catalog has it, the event types, rule ids and links it names real, and
// the contract's lists of ids the generated ones. The rule pages' severity, title, references, messages and fix are
// checked against each rule's metadata in src/rules/registry.test.ts.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { causePagePath, signatureSection, TO_WRITE } from '../scripts/cause-docs.js';
import {
  AUDIT_FORMATS,
  CAUSE_IDS,
  CONFIG_FORMAT_IDS,
  INVESTIGATE_FORMATS,
  LOG_FORMAT_IDS,
  RULE_IDS,
} from '../src/model/ids.generated.js';

const root = new URL('../', import.meta.url).pathname;
const pages = (dir: string) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.md'))
    .map((f) => f.slice(0, -3))
    .sort();

/** Every member of the EventType union, read from its declaration (a type has no runtime list). */
function eventTypes(): Set<string> {
  const text = readFileSync(join(root, 'src/signatures/types.ts'), 'utf8');
  const decl = /export type EventType =([^;]*);/.exec(text);
  assert.ok(decl, 'EventType declaration');
  return new Set([...decl[1].matchAll(/'([a-z0-9-]+)'/g)].map((m) => m[1]));
}

/** The text of one `## ` section of a page, up to the next one. */
function section(text: string, heading: string): string {
  const start = text.indexOf(`\n${heading}\n`);
  if (start < 0) return '';
  const body = text.slice(start + heading.length + 2);
  const end = body.search(/^## /m);
  return end < 0 ? body : body.slice(0, end);
}

test('one docs/causes page per cause and one docs/rules page per rule, and no page without one', () => {
  assert.deepEqual(pages('docs/causes'), [...CAUSE_IDS].sort());
  assert.deepEqual(pages('docs/rules'), [...RULE_IDS].sort());
});

const types = eventTypes();
/** Hyphenated names only: single words in backticks are as often config keys (`nofile`) as event types. */
const kebab = /^[a-z0-9]+(-[a-z0-9]+)+$/;

for (const cause of CAUSE_IDS) {
  test(`docs/causes/${cause}.md agrees with the catalog and the code`, () => {
    const page = readFileSync(causePagePath(cause), 'utf8');
    assert.ok(page.startsWith(`# ${cause}\n`), 'the page starts with its cause id');
    assert.ok(!page.includes(TO_WRITE), `the page still has "${TO_WRITE}" parts`);
    assert.ok(
      page.includes(`\n${signatureSection(cause)}\n`),
      'the "## Signatures" section differs from src/signatures/catalog.ts: run `npm run gen`',
    );
    // Event types named in the evidence: each a type the signatures or the analysis produce.
    const evidence = section(page, '## Evidence faultline uses');
    assert.ok(evidence.trim().length > 0, 'an "## Evidence faultline uses" section');
    const named = [...evidence.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]).filter((t) => kebab.test(t));
    const unknown = named.filter(
      (t) =>
        !types.has(t) && !(RULE_IDS as readonly string[]).includes(t) && !(CAUSE_IDS as readonly string[]).includes(t),
    );
    assert.deepEqual(unknown, [], 'kebab-case names in the evidence that are no event type, rule or cause');
    // Audit findings it names are rules that exist.
    for (const line of page.split('\n').filter((l) => /^Audit findings?\b/.test(l))) {
      const ids = [...line.matchAll(/`([^`]+)`/g)].map((m) => m[1]).filter((t) => kebab.test(t));
      assert.ok(ids.length > 0, line);
      for (const id of ids) assert.ok((RULE_IDS as readonly string[]).includes(id), `${id}: no such rule`);
    }
    // Links to other pages resolve.
    for (const m of page.matchAll(/\]\(([^)#:]+\.md)(#[^)]*)?\)/g)) {
      assert.ok(existsSync(join(dirname(causePagePath(cause)), m[1])), `link ${m[1]}`);
    }
  });
}

test('the contract lists exactly the cause, log format, config format and report format ids there are', () => {
  const contract = readFileSync(join(root, 'docs/contract.md'), 'utf8');
  const causes = section(contract, '## Cause ids (hypotheses)');
  assert.deepEqual([...causes.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]).sort(), [...CAUSE_IDS].sort());
  const formats = section(contract, '## Format ids (`inputs[].format`)');
  const listed = (label: string) => {
    const line = formats.split('\n').find((l) => l.startsWith(`${label}:`));
    assert.ok(line, label);
    // Ids are the backticked names not inside parentheses (those are examples: `netstat -an`, `/proc/meminfo`).
    return [...line.replace(/\([^)]*\)/g, '').matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1]).sort();
  };
  assert.deepEqual(listed('Logs'), [...LOG_FORMAT_IDS].sort());
  assert.deepEqual(listed('Configs'), [...CONFIG_FORMAT_IDS].sort());
  const flags = /Common flags: `--format ([a-z|]+)`/.exec(contract);
  assert.ok(flags, 'the --format flag in the contract');
  // `compact` is audit's own (one line per finding), named with audit's flags.
  assert.match(contract, /`--format compact`/);
  assert.deepEqual(
    [...flags[1].split('|'), 'compact'].sort(),
    [...new Set([...INVESTIGATE_FORMATS, ...AUDIT_FORMATS])].sort(),
  );
  const rules = section(contract, '## Rule ids (audit) that must exist');
  const required = [...rules.matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1]);
  assert.ok(required.length >= 15, `${required.length} rule ids in the contract`);
  for (const id of required) assert.ok((RULE_IDS as readonly string[]).includes(id), `${id}: no such rule`);
});
