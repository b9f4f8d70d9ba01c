// End to end on the real-server corpus (trimmed lab bundles in test/corpus): for every scenario,
// investigate ranks the manifest's cause first with evidence lines that really are in the logs, the other
// causes appear, the audit of the bundle's configs reports the manifest's rules, and healthy stays quiet.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { audit } from '../../src/audit.js';
import { investigate } from '../../src/investigate.js';

const corpus = new URL('../corpus/', import.meta.url).pathname;
const scenarios = existsSync(corpus)
  ? readdirSync(corpus).filter((d) => existsSync(join(corpus, d, 'MANIFEST.json')))
  : [];

interface Manifest {
  cause: string | null;
  alsoCauses?: string[];
  rules?: string[];
}

test('the corpus holds the lab scenarios', () => {
  assert.ok(scenarios.length >= 11, `only ${scenarios.length} scenarios in test/corpus`);
});

for (const name of scenarios) {
  const dir = join(corpus, name);
  const manifest = JSON.parse(readFileSync(join(dir, 'MANIFEST.json'), 'utf8')) as Manifest;

  test(`investigate ${name}: ${manifest.cause ?? 'no incident'}`, async () => {
    const r = await investigate({ paths: [dir] });
    // The lab's servers share this machine's clock: no source may be found off the proxy's.
    assert.deepEqual(
      r.inputs.filter((i) => i.clockOffsetMs !== undefined).map((i) => `${i.path} ${i.clockOffsetMs}`),
      [],
    );
    if (manifest.cause === null) {
      assert.deepEqual(r.incidents, []);
      assert.deepEqual(r.hypotheses, []);
      return;
    }
    assert.ok(r.incidents.length > 0, 'an incident is found');
    assert.equal(
      r.hypotheses[0]?.cause,
      manifest.cause,
      r.hypotheses.map((h) => `${h.cause} ${h.confidence}`).join(', '),
    );
    const causes = r.hypotheses.map((h) => h.cause);
    for (const c of manifest.alsoCauses ?? [])
      assert.ok(causes.includes(c as never), `${c} among ${causes.join(', ')}`);
    const top = r.hypotheses[0];
    assert.ok(top.evidence.length > 0 && top.fix.length > 0 && top.confirm.length > 0);
    // Evidence lines are real: the cited line of the cited file starts with the quoted text.
    for (const e of top.evidence) {
      const file = join(dir, e.path);
      if (!existsSync(file)) continue; // evidence from a derived record (e.g. a joined trace) may cite a folder path
      const lines = readFileSync(file, 'utf8').split('\n');
      const firstLine = e.text.split('\n')[0].slice(0, 60);
      assert.ok(
        lines[e.line - 1]?.startsWith(firstLine.replace(/…$/, '')),
        `${e.path}:${e.line} is «${lines[e.line - 1]}», evidence says «${firstLine}»`,
      );
    }
  });

  test(`audit ${name}: ${(manifest.rules ?? []).join(', ') || 'configs read'}`, async () => {
    const r = await audit({ paths: [dir] });
    const rules = new Set(r.findings.map((f) => f.rule));
    for (const id of manifest.rules ?? []) assert.ok(rules.has(id), `${id} among ${[...rules].join(', ')}`);
    assert.ok(
      r.inputs.some((i) => i.format !== null),
      'configs recognised',
    );
  });
}

// The new stacks' configs, as their servers ran with them in the lab, are read without an error.
for (const [name, path, format] of [
  ['tomcat-heap-exhaustion', 'etc/tomcat10/server.xml', 'tomcat'],
  ['uwsgi-harakiri-postgres', 'etc/uwsgi/apps-enabled/tickets.ini', 'uwsgi'],
  ['uwsgi-harakiri-postgres', 'etc/nginx/nginx.conf', 'nginx'],
] as const) {
  test(`audit ${name}: ${path} read as ${format}`, { skip: !scenarios.includes(name) }, async () => {
    const r = await audit({ paths: [join(corpus, name)] });
    const input = r.inputs.find((i) => i.path.endsWith(path));
    assert.deepEqual([input?.format, input?.error], [format, null], JSON.stringify(r.inputs));
  });
}
