// End-to-end: every lab scenario run against real servers; the bundle must hold the failure it exists for.
// Slow (a few minutes); run with `node scripts/test.mjs lab`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { extract } from 'tar';
import { checkExpectations, relFiles } from '../../lab/lib/bundle.js';
import { REPO_ROOT } from '../../lab/lib/context.js';
import { CORPUS, refreshCorpus } from '../../lab/refresh-corpus.js';
import { LAB_OUT, runScenario } from '../../lab/run.js';
import { SCENARIOS } from '../../lab/scenarios/index.js';
import { audit } from '../../src/audit.js';
import { investigate } from '../../src/investigate.js';
import { CAUSE_IDS } from '../../src/model/causes.js';

function serversPresent(): boolean {
  const r = spawnSync(
    'sh',
    [
      '-c',
      "command -v haproxy nginx mariadbd redis-server ss gunicorn php-fpm8.2 supervisord apache2 uwsgi java && /usr/bin/python3 -c 'import django, celery, MySQLdb, redis, psycopg2' && ls /usr/lib/postgresql/*/bin/postgres /usr/lib/*/faketime/libfaketime.so.1 /usr/share/tomcat10/bin/catalina.sh /usr/share/java/logback-classic.jar /usr/lib/uwsgi/plugins/python3_plugin.so",
    ],
    {
      stdio: 'ignore',
    },
  );
  return r.status === 0;
}

function ensureServers(): string | undefined {
  if (serversPresent()) return undefined;
  const r = spawnSync('bash', [join(REPO_ROOT, 'scripts/install-lab-deps.sh')], { stdio: 'inherit' });
  if (r.status === 0 && serversPresent()) return undefined;
  return 'lab servers (haproxy, nginx, mariadb-server, postgresql, redis-server, gunicorn, python3-django, tomcat10, uwsgi) are not installed and could not be installed (needs root and apt)';
}

const skip = ensureServers();
const scratch = mkdtempSync(join(tmpdir(), 'faultline-lab-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('outage lab', { skip }, () => {
  for (const scenario of SCENARIOS) {
    test(scenario.name, { timeout: (scenario.limitMs ?? 90_000) + 30_000 }, async () => {
      const result = await runScenario(scenario, LAB_OUT);
      const limit = scenario.limitMs ?? 60_000;
      assert.ok(result.ms < limit, `${scenario.name} took ${result.ms} ms (limit ${limit / 1000} s)`);
      assert.ok(existsSync(result.bundle), 'bundle written');
      const tree = join(scratch, scenario.name);
      mkdirSync(tree, { recursive: true });
      await extract({ file: result.bundle, cwd: tree });

      const manifest = JSON.parse(readFileSync(join(tree, 'MANIFEST.json'), 'utf8'));
      assert.equal(manifest.scenario, scenario.name);
      assert.equal(manifest.cause, scenario.cause);
      if (manifest.cause !== null) assert.ok((CAUSE_IDS as readonly string[]).includes(manifest.cause));
      for (const c of manifest.alsoCauses) assert.ok((CAUSE_IDS as readonly string[]).includes(c), c);
      assert.ok(Array.isArray(manifest.rules));
      assert.ok(!Number.isNaN(Date.parse(manifest.generatedAt)));
      for (const k of ['haproxy', 'nginx', 'mariadb', 'redis', 'node'])
        assert.ok(manifest.versions[k], `version of ${k}`);
      for (const f of ['proc/meminfo', 'proc/sys/vm/overcommit_memory', 'etc/timezone']) {
        assert.ok(existsSync(join(tree, f)), f);
      }
      // No temp-dir path may leak: the bundle shows the host's own paths.
      for (const rel of relFiles(tree)) {
        assert.ok(!readFileSync(join(tree, rel), 'utf8').includes('/faultline-lab-'), `temp path in ${rel}`);
      }
      const failures = checkExpectations(tree, scenario.expect);
      assert.deepEqual(failures, [], `bundle lacks the failure lines:\n${failures.join('\n')}`);

      // faultline names it, from the bundle as a colleague would send it (.tar.gz, read as a stream).
      const inv = await investigate({ paths: [result.bundle] });
      if (manifest.cause === null) {
        assert.deepEqual(inv.incidents, [], 'healthy: no incident');
        assert.deepEqual(inv.hypotheses, [], 'healthy: no hypothesis');
      } else {
        const ranked = inv.hypotheses.map((h) => `${h.cause} ${h.confidence.toFixed(2)}`).join(', ');
        assert.equal(inv.hypotheses[0]?.cause, manifest.cause, ranked);
        for (const c of manifest.alsoCauses)
          assert.ok(
            inv.hypotheses.some((h) => h.cause === c),
            `${c} among ${ranked}`,
          );
        // The evidence quotes the real logs: each cited line is in the bundle at that line.
        for (const e of inv.hypotheses[0].evidence) {
          const rel = e.path.replace(/^[^/]+\//, '');
          const file = existsSync(join(tree, e.path)) ? join(tree, e.path) : join(tree, rel);
          if (!existsSync(file)) continue;
          const line = readFileSync(file, 'utf8').split('\n')[e.line - 1] ?? '';
          assert.ok(line.startsWith(e.text.split('\n')[0].slice(0, 60)), `${e.path}:${e.line}: «${line}»`);
        }
      }
      const aud = await audit({ paths: [result.bundle] });
      const rules = new Set(aud.findings.map((f) => f.rule));
      for (const id of manifest.rules) assert.ok(rules.has(id), `audit: ${id} among ${[...rules].join(', ')}`);

      // The committed corpus is only rewritten on request (FAULTLINE_REFRESH_CORPUS=1); otherwise the trim
      // runs into scratch space so a test run leaves the work tree clean.
      const corpusRoot = process.env.FAULTLINE_REFRESH_CORPUS ? CORPUS : join(scratch, 'corpus');
      const corpus = await refreshCorpus(scenario, result.bundle, corpusRoot);
      assert.deepEqual(checkExpectations(corpus, scenario.expect), [], 'trimmed corpus keeps the failure lines');
    });
  }
});
