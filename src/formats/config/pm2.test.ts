import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { GiB, MiB } from '../../model/units.js';
import { pm2Parser } from './pm2.js';
import type { ConfigFS } from './types.js';

const FIXTURES = 'test/fixtures/config/pm2';
const noFs: ConfigFS = { glob: () => [], read: () => undefined };

function parseFixture(name: string) {
  const path = `${FIXTURES}/${name}`;
  return pm2Parser.parse({ path, text: readFileSync(path, 'utf8'), fs: noFs });
}

function parseText(path: string, text: string) {
  return pm2Parser.parse({ path, text, fs: noFs });
}

describe('pm2Parser.parse', () => {
  it('reads the PM2 docs example and fills documented defaults', () => {
    const { data, issues } = parseFixture('docs-ecosystem.config.js');
    assert.deepEqual(issues, []);
    assert.deepEqual(
      data.apps.map((a) => [a.name, a.script, a.loc.line]),
      [
        ['app', './app.js', 2],
        ['worker', './worker.js', 11],
      ],
    );
    const app = data.apps[0];
    assert.equal(app.instances.value, 1);
    assert.equal(app.instances.isDefault, true);
    assert.match(app.instances.defaultSource ?? '', /instances default 1/);
    assert.deepEqual([app.execMode.value, app.execMode.isDefault], ['fork', true]);
    assert.deepEqual([app.killTimeout.value, app.killTimeout.isDefault], [1600, true]);
    assert.match(app.killTimeout.defaultSource ?? '', /kill_timeout default 1600 ms/);
    assert.deepEqual([app.maxRestarts.value, app.autorestart.value], [16, true]);
    assert.equal(app.maxMemoryRestart, undefined);
  });

  it('reads the postmortem style: cluster mode, instances "max", no max_memory_restart', () => {
    const { data, issues } = parseFixture('api-cluster.config.js');
    assert.deepEqual(issues, []);
    const [app] = data.apps;
    assert.equal(app.name, 'ob_api_server');
    assert.equal(app.cwd, '/home/jenkins/workspace/dev_backend');
    assert.deepEqual(app.instances, {
      value: 'max',
      raw: "'max'",
      loc: { path: `${FIXTURES}/api-cluster.config.js`, line: 9 },
      isDefault: false,
    });
    assert.deepEqual([app.execMode.value, app.execMode.isDefault, app.execMode.loc?.line], ['cluster', false, 8]);
    assert.equal(app.maxMemoryRestart, undefined);
    assert.equal(app.maxOldSpaceSize, undefined);
  });

  it('resolves top-level consts, spreads and arithmetic; keeps `||` fallbacks and reports unresolved values', () => {
    const { data, issues } = parseFixture('big-heap.config.cjs');
    assert.deepEqual(issues, []);
    const [api, jobs] = data.apps;
    assert.deepEqual(api.maxMemoryRestart, {
      value: GiB,
      raw: "'1G'",
      loc: { path: `${FIXTURES}/big-heap.config.cjs`, line: 1 },
      isDefault: false,
    });
    assert.equal(api.maxOldSpaceSize?.value, 4096 * MiB);
    assert.equal(api.maxOldSpaceSize?.loc?.line, 16);
    assert.equal(api.execMode.value, 'cluster');
    assert.equal(api.execMode.loc?.line, 3, 'exec_mode comes from the spread `common` object');
    assert.deepEqual([api.killTimeout.value, api.killTimeout.raw, api.killTimeout.loc?.line], [5000, '5 * 1000', 4]);
    assert.equal(api.maxRestarts.value, 10);
    // `process.env.WEB_CONCURRENCY || 2`: the literal fallback is used, the raw text says where it came from.
    assert.deepEqual(
      [api.instances.value, api.instances.raw, api.instances.loc?.line],
      [2, 'process.env.WEB_CONCURRENCY || 2', 14],
    );
    assert.equal(api.unresolved.instances, 'process.env.WEB_CONCURRENCY || 2');

    assert.equal(jobs.unresolved.instances, 'process.env.JOB_WORKERS');
    assert.equal(jobs.instances.isDefault, true);
    assert.match(jobs.instances.defaultSource ?? '', /process\.env\.JOB_WORKERS is not known statically/);
    // instances written (even if unknown) without exec_mode under node: PM2 picks cluster_mode.
    assert.deepEqual([jobs.execMode.value, jobs.execMode.isDefault], ['cluster', true]);
    assert.match(jobs.execMode.defaultSource ?? '', /determineExecMode/);
    assert.deepEqual([jobs.autorestart.value, jobs.autorestart.loc?.line], [false, 22]);
    assert.equal(jobs.maxOldSpaceSize?.value, 512 * MiB);
  });

  it('reads YAML process files with line numbers', () => {
    const { data, issues } = parseFixture('ecosystem.yml');
    assert.deepEqual(issues, []);
    const [api, worker] = data.apps;
    assert.deepEqual([api.name, api.loc.line, api.instances.value, api.instances.loc?.line], ['api', 3, 4, 5]);
    assert.deepEqual([api.maxMemoryRestart?.value, api.maxMemoryRestart?.loc?.line], [300 * MiB, 7]);
    assert.deepEqual([api.maxOldSpaceSize?.value, api.maxOldSpaceSize?.loc?.line], [256 * MiB, 9]);
    // A python script: instances set but not a node interpreter, so PM2 stays in fork mode.
    assert.deepEqual([worker.execMode.value, worker.execMode.isDefault], ['fork', true]);
    assert.deepEqual([worker.killTimeout.value, worker.killTimeout.loc?.line], [3000, 14]);
  });

  it('reads a bare JSON array; 0 means one per CPU ("max"), -1 is kept', () => {
    const { data, issues } = parseFixture('process.json');
    assert.deepEqual(issues, []);
    const [web, cron] = data.apps;
    assert.deepEqual([web.instances.value, web.instances.raw, web.instances.loc?.line], ['max', '0', 5]);
    assert.equal(web.execMode.value, 'cluster');
    assert.equal(web.maxMemoryRestart?.value, 512 * MiB);
    assert.deepEqual([cron.instances.value, cron.maxRestarts.value, cron.maxRestarts.loc?.line], [-1, 3, 13]);
  });

  it('reads `export default` and a top-level const holding the apps', () => {
    const text = [
      "const apps = [{ name: 'edge', script: 'edge.mjs', instances: 3, exec_mode: 'fork' }];",
      'export default { apps };',
    ].join('\n');
    const { data, issues } = parseText('ecosystem.config.mjs', text);
    assert.deepEqual(issues, []);
    assert.deepEqual(
      [data.apps[0].name, data.apps[0].instances.value, data.apps[0].execMode.value],
      ['edge', 3, 'fork'],
    );
  });

  it('reports malformed values by line and still reads the rest', () => {
    const { data, issues } = parseFixture('broken.config.js');
    assert.deepEqual(
      issues.map((i) => [i.line, i.message]),
      [
        [4, 'expected instances as a number, "max", 0 or -1'],
        [4, 'expected exec_mode "fork" or "cluster"'],
        [4, 'expected max_memory_restart like "300M", "1G" or a number of bytes'],
        [4, 'expected kill_timeout as a non-negative number'],
        [5, 'expected an app object like { name, script }'],
      ],
    );
    assert.deepEqual(
      data.apps.map((a) => a.name),
      ['ok', 'bad'],
    );
    assert.equal(data.apps[0].maxMemoryRestart?.value, 200 * MiB);
    assert.equal(data.apps[1].instances.isDefault, true);
  });

  it('reports a syntax error with its line', () => {
    const { data, issues } = parseText(
      'ecosystem.config.js',
      'module.exports = {\n  apps: [\n    { name: "x" \n  ]\n};\n',
    );
    assert.equal(data.apps.length, 0);
    assert.equal(issues.length, 1);
    assert.equal(issues[0].line, 4);
    assert.match(issues[0].message, /^expected JavaScript/);
  });

  it('never executes the ecosystem file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-pm2-'));
    const marker = join(dir, 'marker');
    const previous = process.env.FAULTLINE_MARKER;
    process.env.FAULTLINE_MARKER = marker;
    try {
      const { data, issues } = parseFixture('never-run.config.js');
      assert.equal(existsSync(marker), false);
      assert.equal(existsSync('/tmp/faultline-pm2-was-executed'), false);
      assert.deepEqual(issues, []);
      assert.deepEqual([data.apps[0].name, data.apps[0].instances.value], ['safe', 2]);
    } finally {
      if (previous === undefined) delete process.env.FAULTLINE_MARKER;
      else process.env.FAULTLINE_MARKER = previous;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never throws on arbitrary text, whatever the extension', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 400 }),
        fc.constantFrom('a.config.js', 'p.json', 'e.yml', 'x.cjs'),
        (text, path) => {
          const out = parseText(path, text);
          assert.ok(Array.isArray(out.data.apps));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('pm2Parser.detect', () => {
  it('recognises ecosystem files by content', () => {
    assert.ok(pm2Parser.detect('deploy/whatever.js', readFileSync(`${FIXTURES}/api-cluster.config.js`, 'utf8')) >= 0.8);
    assert.ok(pm2Parser.detect('process.json', readFileSync(`${FIXTURES}/process.json`, 'utf8')) >= 0.7);
    assert.ok(pm2Parser.detect('ecosystem.yml', readFileSync(`${FIXTURES}/ecosystem.yml`, 'utf8')) >= 0.9);
  });
  it('does not claim an ordinary module or an App Engine app.yaml', () => {
    assert.equal(pm2Parser.detect('server.js', "const app = require('express')();\napp.listen(3000);\n"), 0);
    assert.equal(pm2Parser.detect('app.yaml', 'runtime: nodejs12\ninstance_class: F2\n'), 0);
  });
});
