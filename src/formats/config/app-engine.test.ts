import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { GiB, MiB } from '../../model/units.js';
import { appEngineParser } from './app-engine.js';
import type { ConfigFS } from './types.js';

const FIXTURES = 'test/fixtures/config/app-engine';
const noFs: ConfigFS = { glob: () => [], read: () => undefined };
const parse = (path: string, text: string) => appEngineParser.parse({ path, text, fs: noFs });
const parseFixture = (name: string) => parse(`${FIXTURES}/${name}`, readFileSync(`${FIXTURES}/${name}`, 'utf8'));

describe('appEngineParser', () => {
  it('reads the flex Node app of seed 000 case 2 with its scaling and resources', () => {
    const { data, issues } = parseFixture('flex-app.yaml');
    const path = `${FIXTURES}/flex-app.yaml`;
    assert.deepEqual(issues, []);
    assert.deepEqual(data.env, { value: 'flex', raw: 'flex', loc: { path, line: 3 }, isDefault: false });
    assert.equal(data.runtime?.value, 'nodejs');
    assert.equal(data.automaticScaling?.loc.line, 6);
    assert.deepEqual(
      [data.automaticScaling?.minInstances?.value, data.automaticScaling?.minInstances?.loc?.line],
      [2, 7],
    );
    assert.deepEqual(
      [data.automaticScaling?.maxInstances?.value, data.automaticScaling?.maxInstances?.loc?.line],
      [10, 8],
    );
    assert.equal(data.automaticScaling?.targetCpuUtilization?.value, 0.6);
    assert.deepEqual([data.memory?.value, data.memory?.loc?.line, data.memory?.isDefault], [GiB, 14, false]);
    assert.equal(data.instanceClass, undefined);
  });

  it('fills flex defaults when scaling and resources are not written', () => {
    const { data } = parse('app.yaml', 'runtime: nodejs\nenv: flex\n');
    assert.deepEqual(
      [data.automaticScaling?.minInstances?.value, data.automaticScaling?.minInstances?.isDefault],
      [2, true],
    );
    assert.match(data.automaticScaling?.minInstances?.defaultSource ?? '', /min_num_instances default 2/);
    assert.deepEqual([data.memory?.value, data.memory?.isDefault], [Math.round(0.6 * GiB), true]);
  });

  it('reads the standard app of seed 000 case 2 and its instance class memory', () => {
    const { data, issues } = parseFixture('standard-app.yaml');
    assert.deepEqual(issues, []);
    assert.deepEqual([data.env.value, data.env.isDefault], ['standard', true]);
    assert.deepEqual([data.instanceClass?.value, data.instanceClass?.loc?.line], ['F2', 3]);
    assert.deepEqual([data.memory?.value, data.memory?.isDefault, data.memory?.loc?.line], [768 * MiB, false, 3]);
    assert.match(data.memory?.defaultSource ?? '', /Instance classes/);
    // No automatic_scaling block in standard: not invented.
    assert.equal(data.automaticScaling, undefined);
  });

  it('defaults the instance class to F1 (automatic) or B2 (manual scaling)', () => {
    const auto = parse('app.yaml', 'runtime: python39\n').data;
    assert.deepEqual(
      [auto.instanceClass?.value, auto.instanceClass?.isDefault, auto.memory?.value],
      ['F1', true, 384 * MiB],
    );
    const manual = parse('app.yaml', 'runtime: python39\nmanual_scaling:\n  instances: 3\n').data;
    assert.deepEqual(
      [manual.instanceClass?.value, manual.manualScaling?.instances.value, manual.manualScaling?.instances.loc?.line],
      ['B2', 3, 3],
    );
  });

  it('reports malformed values by line and keeps the rest', () => {
    const { data, issues } = parseFixture('broken-app.yaml');
    assert.deepEqual(
      issues.map((i) => [i.line, i.message]),
      [
        [2, 'expected env "standard" or "flex"'],
        [3, 'expected an instance class like F1, F2, F4, F4_1G or B1…B8'],
        [5, 'expected min_instances as a non-negative number'],
      ],
    );
    assert.equal(data.automaticScaling?.maxInstances?.value, 4);
    assert.equal(data.entrypoint?.value, 'gunicorn -b :$PORT main:app');
  });

  it('detects app.yaml by content', () => {
    assert.ok(appEngineParser.detect('app.yaml', readFileSync(`${FIXTURES}/standard-app.yaml`, 'utf8')) >= 0.9);
    assert.ok(appEngineParser.detect('deploy/api.yaml', readFileSync(`${FIXTURES}/flex-app.yaml`, 'utf8')) >= 0.8);
    assert.equal(
      appEngineParser.detect('docker-compose.yml', 'version: "3"\nservices:\n  web:\n    image: nginx\n'),
      0,
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const out = parse('app.yaml', text);
        assert.ok(['standard', 'flex'].includes(out.data.env.value));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses an app.yaml past 128 KiB with one issue, and counts YAML errors past the third (issue 8)', () => {
    const rows = Array.from({ length: 9000 }, (_, i) => `k${i}: [${Array(40).fill('v').join(',')}]`);
    const big = parse('app.yaml', `runtime: python39\n${rows.join('\n')}\n`);
    assert.deepEqual(big.issues, [{ path: 'app.yaml', line: 1, message: 'larger than 128 KiB: not read as app.yaml' }]);
    const broken = readFileSync(`${FIXTURES}/broken-app.yaml`, 'utf8');
    const repeated = parse('app.yaml', `${broken}\n${'x: [\n'.repeat(40)}`);
    const yamlIssues = repeated.issues.filter((i) => i.message.startsWith('expected valid YAML'));
    assert.ok(yamlIssues.length <= 3, JSON.stringify(repeated.issues));
    assert.ok(repeated.issues.length <= 20, `${repeated.issues.length} issues`);
  });
});
