// Suppressions on real configs (the postmortem example, Tomcat 7's stock server.xml, a php-fpm pool): inline in each
// language's comment syntax and in the project file's `ignore:`; what is wrong with one is a finding of its own.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { auditFiles } from '../../test/helpers/audit-fixture.js';
import { auditTexts } from '../audit.js';
import type { IgnoreEntry } from '../config/project-config.js';
import type { Finding } from '../rules/types.js';
import { scanDirectives } from './directives.js';
import type { FindingPolicy } from './policy.js';

const root = new URL('../../', import.meta.url).pathname;

function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(join(root, dir));
  return out;
}

const POSTMORTEM = files('examples/postmortem-api');
const NGINX = 'etc/nginx/sites-enabled/api';
const PM2 = 'var/lib/jenkins/workspace/dev_backend/ecosystem.config.js';

/** The postmortem example with `edit` applied to some files, audited under `policy`. */
function audit(edit: Record<string, (text: string) => string>, policy?: FindingPolicy): Finding[] {
  const fs = { ...POSTMORTEM };
  for (const [p, f] of Object.entries(edit)) fs[p] = f(fs[p] as string);
  const texts = Object.entries(fs).map(([path, text]) => ({
    path,
    host: '',
    hostPath: /^(etc|proc|sys|var)\//.test(path) ? `/${path}` : path,
    rootPath: '',
    text,
  }));
  return auditTexts(texts, {}, { today: '2026-12-04', ...policy }).findings;
}

/** Inserts `line` before line `n` (1-based). */
const before = (n: number, line: string) => (text: string) => {
  const lines = text.split('\n');
  lines.splice(n - 1, 0, line);
  return lines.join('\n');
};

const byRule = (fs: Finding[], rule: string) => fs.filter((f) => f.rule === rule);

test('nginx: `# faultline-disable-next-line <rule> -- <reason>` suppresses the finding on the next line, with its source', () => {
  const fs = audit({
    [NGINX]: before(
      4,
      '    # faultline-disable-next-line upstream-keepalive-outlives-app -- the app sets keepAliveTimeout 65 s in code we do not ship here',
    ),
  });
  const [f] = byRule(fs, 'upstream-keepalive-outlives-app');
  assert.deepEqual(f?.suppressed, {
    reason: 'the app sets keepAliveTimeout 65 s in code we do not ship here',
    source: `${NGINX}:4`,
    kind: 'inSource',
  });
  assert.equal(byRule(fs, 'suppression-unused').length, 0);
});

test('a directive without a reason does not apply and is reported; one that matches nothing is reported unused', () => {
  const fs = audit({
    [NGINX]: before(4, '    # faultline-disable-next-line upstream-keepalive-outlives-app'),
    'etc/redis/redis.conf': (t) => `# faultline-disable-next-line redis-maxmemory-unset -- not on this line\n${t}`,
  });
  assert.equal(byRule(fs, 'upstream-keepalive-outlives-app')[0]?.suppressed, undefined);
  const [without] = byRule(fs, 'suppression-without-reason');
  assert.deepEqual(without?.locations, [{ path: NGINX, line: 4 }]);
  assert.match(without?.message ?? '', /gives no reason .*: it does not apply/);
  // The rule points at the file's line 1 (no maxmemory line to point at), now the directive itself: aimed at line
  // 2, the directive matches nothing.
  const unused = byRule(fs, 'suppression-unused');
  assert.deepEqual(
    unused.map((f) => [f.locations[0], f.messageId]),
    [[{ path: 'etc/redis/redis.conf', line: 1 }, 'inline']],
  );
});

test('the file form, in JS (`//`) for PM2 and a misspelt rule id', () => {
  const fs = audit({
    [PM2]: (t) =>
      `// faultline-disable-file pm2-memory-restart-exceeds-ram -- sized for the 8 GB host we are moving to\n// faultline-disable-file pm2-memory-restart-exceeds-rum -- typo\n${t}`,
  });
  const pm2 = byRule(fs, 'pm2-memory-restart-exceeds-ram');
  assert.ok(pm2.length > 0);
  for (const f of pm2) assert.equal(f.suppressed?.source, `${PM2}:1`);
  const unknown = byRule(fs, 'suppression-unused').find((f) => f.messageId === 'unknownRule');
  assert.match(unknown?.message ?? '', /pm2-memory-restart-exceeds-rum, which is no rule/);
});

const entry = (e: Partial<IgnoreEntry>): IgnoreEntry => ({ rule: 'redis-maxmemory-unset', line: 3, ...e });
const config = (ignore: IgnoreEntry[]) => ({ path: 'faultline.config.yaml', ignore, rules: {} });

test('ignore: by glob (`**`, a bare file name), with a reason and an expiry; expired and reasonless entries are findings', () => {
  const ok = audit(
    {},
    { config: config([entry({ paths: ['**/redis/*.conf'], reason: 'a cache', expires: '2026-12-04' })]) },
  );
  assert.deepEqual(byRule(ok, 'redis-maxmemory-unset')[0]?.suppressed, {
    reason: 'a cache',
    source: 'config',
    expires: '2026-12-04',
    kind: 'external',
  });
  const bare = audit({}, { config: config([entry({ paths: ['redis.conf'], reason: 'a cache' })]) });
  assert.ok(byRule(bare, 'redis-maxmemory-unset')[0]?.suppressed);
  const expired = audit({}, { config: config([entry({ reason: 'a cache', expires: '2026-12-03' })]) });
  assert.equal(byRule(expired, 'redis-maxmemory-unset')[0]?.suppressed, undefined);
  assert.deepEqual(
    byRule(expired, 'suppression-expired').map((f) => [f.message, f.locations]),
    [
      [
        'ignore[0] for redis-maxmemory-unset expired on 2026-12-03: it no longer applies.',
        [{ path: 'faultline.config.yaml', line: 3 }],
      ],
    ],
  );
  const reasonless = audit({}, { config: config([entry({ paths: ['etc/redis/redis.conf'] })]) });
  assert.equal(byRule(reasonless, 'redis-maxmemory-unset')[0]?.suppressed, undefined);
  assert.equal(byRule(reasonless, 'suppression-without-reason')[0]?.messageId, 'config');
  const elsewhere = audit({}, { config: config([entry({ paths: ['srv/**'], reason: 'not here' })]) });
  assert.equal(byRule(elsewhere, 'suppression-unused')[0]?.messageId, 'config');
});

test('a rule that did not run leaves its suppressions unreported (nothing could match)', () => {
  const fs = audit({}, { skip: ['redis-maxmemory-unset'], config: config([entry({ reason: 'a cache' })]) });
  assert.deepEqual(byRule(fs, 'suppression-unused'), []);
  assert.deepEqual(byRule(fs, 'redis-maxmemory-unset'), []);
});

test('Tomcat XML `<!-- … -->` directive on the stock Tomcat 7 server.xml', () => {
  const path = 'opt/apache-tomcat-7.0.52/conf/server.xml';
  const text = readFileSync(join(root, 'test/fixtures/config/tomcat/stock-7', path), 'utf8').split('\n');
  text.splice(
    69,
    0,
    '    <!-- faultline-disable-next-line tomcat-blocking-connector -- Tomcat 7 is retired next sprint -->',
  );
  const r = auditFiles({ [path]: text.join('\n') });
  const [f] = byRule(r.findings, 'tomcat-blocking-connector');
  assert.deepEqual(f?.suppressed, {
    reason: 'Tomcat 7 is retired next sprint',
    source: `${path}:70`,
    kind: 'inSource',
  });
});

test('the comment syntaxes: `;` for php-fpm, `#` and `;` for my.cnf, `//` and `/* */` for JS, no directive inside a value', () => {
  const pool = readFileSync(join(root, 'test/corpus/php-fpm-max-children/etc/php/8.2/fpm/pool.d/www.conf'), 'utf8');
  const php = pool.replace(
    'pm.max_children',
    '; faultline-disable-next-line capacity-exceeds-downstream -- two is enough\npm.max_children',
  );
  const [d] = scanDirectives('www.conf', php, 'php-fpm');
  assert.equal(d?.reason, 'two is enough');
  assert.equal(php.split('\n')[(d?.target ?? 0) - 1], 'pm.max_children = 2');
  const my =
    '[mysqld]\n; faultline-disable-next-line a-rule, b-rule -- both\n\n# a comment between\nwait_timeout = 60\n';
  assert.deepEqual(
    scanDirectives('my.cnf', my, 'mysql').map((x) => [x.rules, x.target]),
    [[['a-rule', 'b-rule'], 5]],
  );
  const js =
    '/* faultline-disable-file a-rule -- generated */\nmodule.exports = { x: "# faultline-disable-file b-rule -- no" };\n';
  assert.deepEqual(
    scanDirectives('e.config.js', js, 'pm2').map((x) => [x.kind, x.rules, x.reason]),
    [['file', ['a-rule'], 'generated']],
  );
  assert.deepEqual(scanDirectives('x.conf', '# faultline-disable-filesystem foo -- bar\n', 'nginx'), []);
});
