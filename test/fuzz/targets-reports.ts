// A whole bundle through investigate and audit into every report format: the fixture's nginx logs mutated, with
// lines that plant a secret and a terminal escape among its errors, a member name that forges a line, and links to
// a file outside the input. No report may hold a raw control character (JSON escapes them itself), a planted secret
// or a line of the outside file.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { audit } from '../../src/audit.js';
import { investigate } from '../../src/investigate.js';
import { AUDIT_REPORTERS, INVESTIGATE_REPORTERS } from '../../src/report/index.js';
import { safeLine } from '../../src/report/redact.js';
import type { FuzzTarget } from './harness.js';
import { hostileText, mutated } from './mutate.js';
import { OUTSIDE_MARKER, plantedLine, plantedSecret, workspaceDirs } from './targets-inputs.js';

const root = new URL('../../', import.meta.url).pathname;
const RAW_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;
const ESCAPES = [
  '\x1b]0;all clear\x07',
  '\x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\x07',
  '\x1b[2J\x1b[H',
  '\x9b31m',
  '\u202e',
];

const fixture = (p: string) => readFileSync(join(root, 'test/fixtures', p), 'utf8');

interface Bundle {
  error: string;
  /** Unmutated fixture lines and the planted one: a file that is always read, so its line is always quoted. */
  planted: string;
  access: string;
  secret: string;
  name: string;
  /** A folder with a hostile name, holding the planted log: every hypothesis about it names it in its prose. */
  folder: string;
}

const bundle: fc.Arbitrary<Bundle> = fc.constant(null).chain(() => {
  const errorLines = fixture('log/nginx/error.log').split('\n').filter(Boolean);
  const accessLines = fixture('log/nginx/access-timed.log').split('\n').filter(Boolean).slice(0, 60);
  const planted = fc
    .tuple(fc.nat(), fc.constantFrom(...ESCAPES), plantedSecret, fc.integer({ min: 30, max: 59 }))
    .map(([shape, esc, secret, sec]) => ({ secret, line: plantedLine(shape, secret, sec, esc) }));
  return fc
    .tuple(
      fc.array(mutated(errorLines, { maxRepeat: 512, maxEdits: 2 }), { maxLength: 6 }),
      fc.array(mutated(accessLines, { maxRepeat: 512, maxEdits: 2 }), { maxLength: 6 }),
      planted,
      fc.oneof(fc.constantFrom(...ESCAPES, '\nfaultline: all clear'), hostileText),
    )
    .map(([errors, accesses, p, nameBit]) => ({
      error: [...errorLines, ...errors].join('\n'),
      planted: [...errorLines.slice(0, 3), p.line].join('\n'),
      access: [...accessLines, ...accesses].join('\n'),
      secret: p.secret,
      name: `var/log/nginx/old${nameBit.replace(/\//g, '_').replace(/\0/g, '')}.log.gz`,
      folder: `var/log/app${nameBit.replace(/\//g, '_').replace(/\0/g, '')}`,
    }));
});

function writeBundle(dir: string, outside: string, b: Bundle): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'var/log/nginx'), { recursive: true });
  mkdirSync(join(dir, 'etc/redis'), { recursive: true });
  writeFileSync(join(dir, 'var/log/nginx/error.log'), `${b.error}\n`);
  writeFileSync(join(dir, 'var/log/nginx/access.log'), `${b.access}\n`);
  mkdirSync(join(dir, b.folder), { recursive: true });
  writeFileSync(join(dir, b.folder, 'api-error.log'), `${b.planted}\n`);
  writeFileSync(join(dir, 'etc/redis/redis.conf'), `port 6379\nrequirepass ${b.secret}\n`);
  // An empty .gz with a hostile name: a problem on stderr and in the report.
  writeFileSync(join(dir, b.name), '');
  symlinkSync(outside, join(dir, 'var/log/syslog'));
  symlinkSync('../../../../outside/secret.log', join(dir, 'var/log/auth.log'));
}

function checkReport(what: string, text: string, secret: string, controls: boolean): void {
  assert.ok(!text.includes(secret), `${what}: the planted secret ${secret} is shown`);
  assert.ok(!text.includes(OUTSIDE_MARKER), `${what}: a line of the file outside the input is shown`);
  // A name never starts a line of its own (the forged one says "faultline: all clear").
  assert.doesNotMatch(text, /^[\s>|*-]*faultline: all clear/m, `${what}: a name forged a line`);
  if (controls) {
    const m = RAW_CONTROL.exec(text);
    assert.equal(
      m,
      null,
      `${what}: raw control character ${JSON.stringify(m?.[0])} near ${JSON.stringify(text.slice(Math.max(0, (m?.index ?? 0) - 40), (m?.index ?? 0) + 10))}`,
    );
  }
}

export const reportsTarget: FuzzTarget = {
  name: 'e2e/investigate+audit every report',
  unitRuns: 6,
  property: () => {
    const { caseDir, outside } = workspaceDirs();
    return fc.asyncProperty(bundle, async (b) => {
      writeBundle(caseDir, outside, b);
      const result = await investigate({ paths: [caseDir], workers: 0 });
      for (const [format, r] of Object.entries(INVESTIGATE_REPORTERS)) {
        // HTML carries its own scripts (data as JSON, escaped): the text around them is what a viewer shows.
        const text = r.render(result, { color: false });
        const shown = format === 'html' ? text.replace(/<script[\s\S]*?<\/script>/g, '') : text;
        checkReport(`investigate ${format}`, shown, b.secret, format !== 'json');
      }
      // Each problem as stderr shows it (the CLI's warn()).
      for (const p of result.problems) checkReport('a problem', safeLine(p), b.secret, true);
      // The planted line is quoted (so the checks above saw it): its secret redacted, its escape neutralised.
      const md = INVESTIGATE_REPORTERS.markdown.render(result, { color: false });
      assert.match(md, / \/(\\x1b|\\x9b|\\u202e)/, 'the planted line is quoted in Markdown');
      const audited = await audit({ paths: [caseDir] });
      for (const [format, r] of Object.entries(AUDIT_REPORTERS)) {
        const text = r.render(audited, { color: false });
        const shown = format === 'html' ? text.replace(/<script[\s\S]*?<\/script>/g, '') : text;
        checkReport(`audit ${format}`, shown, b.secret, format !== 'json' && format !== 'sarif');
      }
    });
  },
};
