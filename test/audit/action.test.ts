// action.yml's shell steps, run locally as the runner would (bash -eo pipefail, the env and working-directory the
// step declares, ${{ }} expressions resolved from the inputs and earlier steps' outputs) on examples/postmortem-api.
// The `uses:` steps (setup-node, upload-sarif) are GitHub's own; here their wiring is checked.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';

const root = new URL('../../', import.meta.url).pathname.replace(/\/$/, '');

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  'working-directory'?: string;
}

const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; steps: Step[] };
};

/** Outputs a step wrote to $GITHUB_OUTPUT (name=value lines). */
function outputsOf(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

test('the composite action builds faultline from its own path, audits, writes SARIF, and fails on findings', () => {
  assert.equal(action.runs.using, 'composite');
  const tmp = mkdtempSync(join(tmpdir(), 'fl-action-'));
  const inputs: Record<string, string> = {
    ...Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default ?? ''])),
    paths: 'examples/postmortem-api',
    'sarif-file': join(tmp, 'faultline.sarif'),
  };
  const outputs: Record<string, Record<string, string>> = {};
  const expr = (text: string) =>
    text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, e: string) => {
      if (e === 'github.action_path') return root;
      const input = /^inputs\.([\w-]+)$/.exec(e);
      if (input) return inputs[input[1] as string] ?? '';
      const out = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(e);
      if (out) return outputs[out[1] as string]?.[out[2] as string] ?? '';
      throw new Error(`expression not handled by the test: ${e}`);
    });
  const summary = join(tmp, 'summary.md');
  writeFileSync(summary, '');
  const codes: number[] = [];
  let log = '';
  for (const step of action.runs.steps) {
    if (step.uses) {
      if (step.uses.startsWith('github/codeql-action/upload-sarif@')) {
        assert.equal(expr(step.with?.sarif_file ?? ''), inputs['sarif-file']);
      } else assert.match(step.uses, /^actions\/setup-node@v\d+$/);
      continue;
    }
    const ghOutput = join(tmp, `output-${step.id ?? codes.length}`);
    writeFileSync(ghOutput, '');
    const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expr(v)]));
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', expr(step.run ?? '')], {
      cwd: step['working-directory'] ? expr(step['working-directory']) : root,
      encoding: 'utf8',
      env: { ...process.env, ...env, NO_COLOR: '1', GITHUB_OUTPUT: ghOutput, GITHUB_STEP_SUMMARY: summary },
      timeout: 300_000,
    });
    log += r.stdout + r.stderr;
    if (step.id) outputs[step.id] = outputsOf(ghOutput);
    codes.push(r.status ?? -1);
  }
  // Build and audit succeed; the last step fails the job: the example has error findings.
  assert.deepEqual(codes, [0, 0, 1], log);
  assert.equal(outputs.audit?.['exit-code'], '1');
  assert.ok(existsSync(join(root, 'dist/cli/main.js')));
  const sarif = JSON.parse(readFileSync(inputs['sarif-file'] as string, 'utf8'));
  const uris: string[] = sarif.runs[0].results.map(
    (r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
      r.locations[0]?.physicalLocation.artifactLocation.uri,
  );
  assert.ok(uris.length >= 8);
  for (const u of uris) assert.ok(existsSync(join(root, u)), u);
  assert.match(
    log,
    /^examples\/postmortem-api\/etc\/nginx\/sites-enabled\/api:4:1: error upstream-keepalive-outlives-app /m,
  );
  assert.match(readFileSync(summary, 'utf8'), /^# faultline audit\n/);
});
