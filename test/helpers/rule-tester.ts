// Rule tests as tables, in the way of ESLint's RuleTester (lib/rule-tester/rule-tester.js): `valid` inputs
// on which the rule must stay silent, `invalid` inputs with every finding it must report — message id and
// exact file:line locations, optionally severity, message, fix and data. Anything else fails with a diff.
//
//   new RuleTester().run('haproxy-single-server', rule, {
//     valid: [{ name: 'two servers', files: { 'etc/haproxy/haproxy.cfg': '…' } }],
//     invalid: [{ name: 'one checked server', files: { … }, findings: [{ messageId: 'single', locations: ['…:17'] }] }],
//   });
//
// Inputs go through the whole audit (detection, parsers, the stack), and the rule's findings are checked
// against what the engine reports for it, so a case sees exactly what `faultline audit` would print.
import assert, { AssertionError } from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AuditResult } from '../../src/audit.js';
import { compareFindings, missingInputs, toFinding } from '../../src/rules/engine.js';
import type { Finding, FindingDraft, Rule, Severity } from '../../src/rules/types.js';
import type { HostOverrides } from '../../src/stack/build-stack.js';
import { auditDir, auditFiles } from './audit-fixture.js';

const root = new URL('../../', import.meta.url).pathname;

interface CaseInput {
  /** Shown as the test's name; unique within the rule. */
  name: string;
  /** Files by path as in a bundle (`etc/…`, `proc/…`, `<host>/etc/…`); each must be read as some config. */
  files?: Record<string, string>;
  /** Or a folder of the repository (`examples/postmortem-api`), read whole. */
  dir?: string;
  /** Files of `files` that are no config of their own but read beside one (a /proc/PID/comm beside its limits). */
  companions?: string[];
  /** --ram / --cpus */
  overrides?: HostOverrides;
}

export interface ValidCase extends CaseInput {
  /** When the rule must be skipped by the engine for lack of inputs, the reason ("needs node-app"). */
  skipped?: string;
}

export interface ExpectedFinding {
  messageId: string;
  /** Every location, "path:line", in the order the finding lists them. */
  locations: string[];
  severity?: Severity;
  /** The rendered message, exactly or by pattern. */
  message?: string | RegExp;
  /** The fix shown, exactly or by pattern. */
  fix?: string | RegExp;
  /** Values the message was rendered with (only the keys given are compared). */
  data?: Record<string, string | number>;
}

export interface InvalidCase extends CaseInput {
  /** Every finding of the rule, in report order (severity, then primary location). */
  findings: ExpectedFinding[];
}

export interface RuleTests {
  valid: ValidCase[];
  invalid: InvalidCase[];
}

/** One finding of the rule with the draft it came from (the draft carries the message id and data). */
interface Reported {
  draft: FindingDraft;
  finding: Finding;
}

export class RuleTester {
  /** Host overrides every case gets unless it sets its own. */
  constructor(private readonly defaults: HostOverrides = {}) {}

  run(id: string, rule: Rule, tests: RuleTests): void {
    describe(id, () => {
      test('the rule under test has this id, and its cases have distinct names', () => {
        assert.equal(rule.meta.id, id);
        const names = [...tests.valid, ...tests.invalid].map((c) => c.name);
        assert.deepEqual(
          names.filter((n, i) => names.indexOf(n) !== i),
          [],
          'duplicate case names',
        );
      });
      for (const c of tests.valid) test(`valid: ${c.name}`, () => checkValid(rule, c, this.defaults));
      for (const c of tests.invalid) test(`invalid: ${c.name}`, () => checkInvalid(rule, c, this.defaults));
    });
  }
}

/** Audits a case's input and returns the rule's findings (with their drafts) and why it was skipped, if it was. */
function runCase(rule: Rule, c: CaseInput, defaults: HostOverrides): { reported: Reported[]; skipped?: string } {
  if (!c.files === !c.dir) throw new Error(`case "${c.name}": give either files or dir`);
  const overrides = c.overrides ?? defaults;
  const result: AuditResult = c.files ? auditFiles(c.files, overrides) : auditDir(`${root}${c.dir}`, overrides);
  if (c.files) {
    const unread = Object.keys(c.files).filter(
      (p) => !c.companions?.includes(p) && !result.inputs.some((i) => i.path === p && i.format !== null),
    );
    if (unread.length) fail(c, `these files were read as no config format, so the case tests nothing of them`, unread);
  }
  const skipped = missingInputs(rule, result.stack);
  const reported = skipped
    ? []
    : rule
        .check(result.stack)
        .map((draft) => ({ draft, finding: toFinding(rule, draft) }))
        .sort((a, b) => compareFindings(a.finding, b.finding));
  // The tester's view must be the engine's: the same findings, in the same order, as the audit reports.
  assert.deepStrictEqual(
    // The fingerprint is the audit's addition to what the rule returned (src/audit/fingerprint.ts).
    result.findings.filter((f) => f.rule === rule.meta.id).map(({ fingerprint: _, ...f }) => f),
    reported.map((r) => r.finding),
    `${rule.meta.id}: the audit reports other findings than the rule returns (is it in src/rules/index.ts?)`,
  );
  return { reported, skipped };
}

export function checkValid(rule: Rule, c: ValidCase, defaults: HostOverrides = {}): void {
  const { reported, skipped } = runCase(rule, c, defaults);
  if (skipped !== c.skipped) {
    const why = skipped
      ? `the engine skipped the rule (${skipped}); if that is the point, say skipped: '${skipped}'`
      : `expected the engine to skip the rule (${c.skipped}), but it ran`;
    fail(c, why, { skipped }, { skipped: c.skipped });
  }
  compare(c, 'must not fire', reported.map(describeFully), []);
}

export function checkInvalid(rule: Rule, c: InvalidCase, defaults: HostOverrides = {}): void {
  if (c.findings.length === 0) throw new Error(`invalid case "${c.name}" lists no findings: make it a valid case`);
  for (const e of c.findings) {
    if (!(e.messageId in rule.meta.messages)) {
      throw new Error(`case "${c.name}": ${rule.meta.id} has no message "${e.messageId}"`);
    }
  }
  const { reported, skipped } = runCase(rule, c, defaults);
  if (skipped) fail(c, `the engine skipped the rule (${skipped})`, { skipped }, { skipped: undefined });
  const actual = reported.map((r, i) => (c.findings[i] ? project(r, c.findings[i]) : describeFully(r)));
  compare(c, `must report ${c.findings.length} finding(s) exactly`, actual, c.findings.map(normalise));
}

type Projection = Record<string, unknown>;

/** A reported finding with only the fields the expectation states; a pattern that matches stands for the text. */
function project(r: Reported, e: ExpectedFinding): Projection {
  const out: Projection = { messageId: r.draft.messageId, locations: where(r.finding) };
  if (e.severity !== undefined) out.severity = r.finding.severity;
  if (e.message !== undefined) out.message = matchOrText(r.finding.message, e.message);
  if (e.fix !== undefined) out.fix = matchOrText(r.finding.fix, e.fix);
  if (e.data !== undefined) {
    const data: Record<string, unknown> = {};
    for (const k of Object.keys(e.data)) data[k] = r.draft.data?.[k];
    out.data = data;
  }
  return out;
}

/** An unexpected finding, with all it says. */
function describeFully(r: Reported): Projection {
  return {
    messageId: r.draft.messageId,
    locations: where(r.finding),
    severity: r.finding.severity,
    message: r.finding.message,
  };
}

function normalise(e: ExpectedFinding): Projection {
  const out: Projection = { messageId: e.messageId, locations: e.locations };
  if (e.severity !== undefined) out.severity = e.severity;
  if (e.message !== undefined) out.message = e.message;
  if (e.fix !== undefined) out.fix = e.fix;
  if (e.data !== undefined) out.data = e.data;
  return out;
}

function matchOrText(text: string, want: string | RegExp): string | RegExp {
  return want instanceof RegExp && want.test(text) ? want : text;
}

function where(f: Finding): string[] {
  return f.locations.map((l) => `${l.path}:${l.line}`);
}

/** deepStrictEqual's diff, headed by the case and what was expected of it. */
function compare(c: CaseInput, what: string, actual: unknown, expected: unknown): void {
  try {
    assert.deepStrictEqual(actual, expected);
  } catch (err) {
    if (err instanceof AssertionError) err.message = `case "${c.name}" ${what}\n${err.message}`;
    throw err;
  }
}

function fail(c: CaseInput, why: string, actual: unknown, expected?: unknown): never {
  throw new AssertionError({
    message: `case "${c.name}": ${why}\n${JSON.stringify(actual)}`,
    actual,
    expected,
    operator: 'ruleTester',
  });
}
