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

test('homepage gives informationUri and each rule a helpUri; URIs under %SRCROOT%, bundle members with !/, outside as file:', () => {
  const finding = (path: string) => ({
    rule: 'redis-maxmemory-unset',
    severity: 'warning' as const,
    title: 'Redis has no maxmemory',
    message: 'redis.conf sets no maxmemory.',
    locations: [{ path, line: 3 }],
    fix: 'Set maxmemory.',
    references: [],
  });
  const result: AuditResult = {
    version: 1,
    inputs: [
      { path: 'a/etc/redis/redis.conf', format: 'redis', error: null },
      { path: 'b/etc/redis/redis.conf', format: 'redis', error: null },
      { path: '/srv/other/redis.conf', format: 'redis', error: null },
    ],
    findings: [finding('a/etc/redis/redis.conf'), finding('b/etc/redis/redis.conf'), finding('/srv/other/redis.conf')],
    issues: [],
    skippedRules: [],
    stack: buildStack([], {}),
    origins: {
      'a/etc/redis/redis.conf': { path: 'deploy/a/etc/redis/redis.conf', underRoot: true },
      'b/etc/redis/redis.conf': { path: 'bundles/b.tar.gz!/etc/redis/redis.conf', underRoot: true },
      '/srv/other/redis.conf': { path: '/srv/other/redis.conf', underRoot: false },
    },
  };
  const run = JSON.parse(auditSarif(result, RULES, '0.1.0', 'https://github.com/acme/faultline#readme', '/work/repo'))
    .runs[0];
  assert.equal(run.tool.driver.informationUri, 'https://github.com/acme/faultline');
  assert.equal(
    run.tool.driver.rules.find((r: { id: string }) => r.id === 'redis-maxmemory-unset').helpUri,
    'https://github.com/acme/faultline/blob/main/docs/rules/redis-maxmemory-unset.md',
  );
  assert.deepEqual(run.originalUriBaseIds, { '%SRCROOT%': { uri: 'file:///work/repo/' } });
  assert.deepEqual(
    run.results.map(
      (r: { locations: { physicalLocation: { artifactLocation: object } }[] }) =>
        r.locations[0]?.physicalLocation.artifactLocation,
    ),
    [
      { uri: 'deploy/a/etc/redis/redis.conf', uriBaseId: '%SRCROOT%' },
      { uri: 'bundles/b.tar.gz!/etc/redis/redis.conf', uriBaseId: '%SRCROOT%' },
      { uri: 'file:///srv/other/redis.conf' },
    ],
  );
});
