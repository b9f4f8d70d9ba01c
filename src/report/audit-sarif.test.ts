import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AuditResult } from '../audit.js';
import { RULES } from '../rules/index.js';
import { buildStack } from '../stack/build-stack.js';
import { auditSarif } from './audit-sarif.js';

test('a path holding a lone surrogate becomes a URI with U+FFFD instead of throwing (found by test/fuzz)', () => {
  const result: AuditResult = {
    version: 1,
    inputs: [{ path: 'etc/\udfffredis.conf', format: 'redis', error: null }],
    findings: [
      {
        rule: 'redis-maxmemory-unset',
        severity: 'warning',
        title: 'Redis has no maxmemory',
        message: 'redis.conf sets no maxmemory.',
        locations: [{ path: 'etc/\udfffredis.conf', line: 0 }],
        fix: 'Set maxmemory.',
        references: [],
      },
    ],
    issues: [],
    skippedRules: [],
    stack: buildStack([], {}),
  };
  const sarif = JSON.parse(auditSarif(result, RULES, '0.1.0'));
  const location = sarif.runs[0].results[0].locations[0].physicalLocation;
  assert.equal(location.artifactLocation.uri, 'etc/%EF%BF%BDredis.conf');
  assert.equal(location.region.startLine, 1);
  assert.equal(sarif.runs[0].artifacts[0].location.uri, 'etc/%EF%BF%BDredis.conf');
});
