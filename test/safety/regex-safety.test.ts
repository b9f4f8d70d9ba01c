// Every regular expression in src/ is checked for super-linear backtracking (ReDoS) with recheck
// (https://makenowjust-labs.github.io/recheck/), which finds the `(?<x>\S+) literal` kind of quadratic search that
// simpler star-height checkers miss. The patterns come from the AST (test/safety/regex-sites.ts), so a new regex
// anywhere in src/ is checked without being listed here.
//
// Backend: recheck's native binary (the optional `recheck-linux-x64` package, installed by `npm ci` from the
// registry: no network at test time) when it is there, else its pure-JS build, which is slower and times out on
// some large patterns. Either way each pattern gets a bounded time; "unknown" (a timeout) fails like "vulnerable".
//
// Checking all ~640 patterns takes minutes, so safe verdicts are kept in regex-verdicts.json, keyed by recheck's
// version and a hash of the pattern and flags: only a new or changed pattern is checked in the unit suite. A
// verdict is a pure function of that key (recheck's fuzzer has a fixed seed), so a kept verdict cannot go stale.
//   REGEX_SAFETY_UPDATE=1 node --import tsx --test test/safety/regex-safety.test.ts   records new safe verdicts
//   REGEX_SAFETY_FULL=1   …                                                          ignores the kept verdicts
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { JUSTIFIED, PENDING } from './regex-pending.js';
import { collectRegexSites, type RegexSite } from './regex-sites.js';

const require = createRequire(import.meta.url);
const VERDICTS = new URL('./regex-verdicts.json', import.meta.url).pathname;
const RECHECK_VERSION = (require('recheck/package.json') as { version: string }).version;

/**
 * `new RegExp(x)` built from values the AST cannot evaluate, each with why it is linear. Keyed by
 * `file: expression` so that moving a line does not matter but changing the expression does.
 */
const DYNAMIC: Record<string, string> = {
  "signatures/match.ts: grams.map((g) => escapeRegExp(g.needle)).join('|')":
    'an alternation of escaped literals (escapeRegExp): no quantifier, so at most one step per needle per position',
  'formats/config/tomcat.ts: `\\\\s${attr}\\\\s*=`':
    'attr is one of the literal attribute names the parser asks for (\\w+); the pattern is \\s<name>\\s*= with one quantifier after a literal',
  'formats/log/user-format.ts: source':
    "a user format's regex from the project config: proved linear by recheck at load (src/config/linear-regex.ts) before any line meets it",
  'config/user-format-check.ts: `${re.source}|`':
    "a user regex with an empty alternative, run once on '' to list its named groups: an empty input cannot backtrack",
};

interface VerdictFile {
  recheck: string;
  safe: string[];
}

function keyOf(source: string, flags: string): string {
  return createHash('sha256').update(`${RECHECK_VERSION}\0${flags}\0${source}`).digest('hex').slice(0, 32);
}

function loadVerdicts(): Set<string> {
  if (process.env.REGEX_SAFETY_FULL === '1' || !existsSync(VERDICTS)) return new Set();
  const file = JSON.parse(readFileSync(VERDICTS, 'utf8')) as VerdictFile;
  return file.recheck === RECHECK_VERSION ? new Set(file.safe) : new Set();
}

function nativeBinary(): boolean {
  try {
    return existsSync(
      require.resolve(`recheck-${process.platform === 'darwin' ? 'macos' : process.platform}-${process.arch}/recheck`),
    );
  } catch {
    return false;
  }
}

interface Verdict {
  status: 'safe' | 'vulnerable' | 'unknown';
  detail: string;
}

async function checkAll(patterns: { source: string; flags: string }[]): Promise<Map<string, Verdict>> {
  // Chosen before recheck loads: it reads the backend from the environment on each call.
  const native = nativeBinary();
  process.env.RECHECK_BACKEND = native ? 'native' : 'pure';
  const { check } = await import('recheck');
  const out = new Map<string, Verdict>();
  const one = async ({ source, flags }: { source: string; flags: string }) => {
    const d = await check(source, flags, { timeout: native ? 30_000 : 60_000 });
    const detail =
      d.status === 'vulnerable'
        ? `${d.complexity.type}, attack ${d.attack.pattern.slice(0, 120)}`
        : d.status === 'unknown'
          ? `unknown (${d.error.kind})`
          : d.complexity.type;
    out.set(keyOf(source, flags), { status: d.status, detail });
  };
  // The native backend serves several requests at once; two cores are shared, so two at a time.
  for (let i = 0; i < patterns.length; i += 2) await Promise.all(patterns.slice(i, i + 2).map(one));
  return out;
}

const sites = collectRegexSites();

test('the collector finds the regexes of src/ (literals and new RegExp with constant patterns)', () => {
  assert.ok(sites.length > 500, `only ${sites.length} sites found`);
  const catalog = sites.filter((s) => s.file === 'signatures/catalog.ts' && s.source !== undefined);
  assert.ok(catalog.length > 50, 'the signature catalog patterns are collected');
  // A template built from an imported constant is evaluated, not left dynamic.
  assert.ok(sites.some((s) => s.file === 'formats/log/redis-log.ts' && s.source?.includes('Jan|Feb|Mar')));
});

test('every dynamic new RegExp(…) is listed with the reason it is safe', () => {
  const dynamic = sites.filter((s) => s.source === undefined).map((s) => `${s.file}: ${s.expression}`);
  const unlisted = dynamic.filter((k) => !(k in DYNAMIC));
  assert.deepEqual(unlisted, [], 'dynamic RegExp not listed in DYNAMIC');
  const stale = Object.keys(DYNAMIC).filter((k) => !dynamic.includes(k));
  assert.deepEqual(stale, [], 'DYNAMIC lists a RegExp that is no longer in src/');
});

test('every regex in src/ is linear (recheck)', { timeout: 30 * 60_000 }, async () => {
  const known = loadVerdicts();
  const concrete = sites.filter((s): s is RegexSite & { source: string; flags: string } => s.source !== undefined);
  const pendingKey = (s: { file: string; source: string; flags: string }) => `${s.file}: /${s.source}/${s.flags}`;
  const unique = new Map<string, { source: string; flags: string }>();
  for (const s of concrete) {
    const k = keyOf(s.source, s.flags);
    if (!known.has(k) && !(pendingKey(s) in PENDING) && !(pendingKey(s) in JUSTIFIED))
      unique.set(k, { source: s.source, flags: s.flags });
  }
  const verdicts = await checkAll([...unique.values()]);
  const failures: string[] = [];
  for (const s of concrete) {
    const v = verdicts.get(keyOf(s.source, s.flags));
    if (v && v.status !== 'safe') failures.push(`${s.where} /${s.source}/${s.flags}: ${v.detail}`);
  }
  if (process.env.REGEX_SAFETY_UPDATE === '1') {
    for (const [k, v] of verdicts) if (v.status === 'safe') known.add(k);
    const file: VerdictFile = { recheck: RECHECK_VERSION, safe: [...known].sort() };
    writeFileSync(VERDICTS, `${JSON.stringify(file, null, 2)}\n`);
  }
  assert.deepEqual(failures, [], 'regexes recheck does not prove linear');
  const present = new Set(concrete.map(pendingKey));
  const stale = [...Object.keys(PENDING), ...Object.keys(JUSTIFIED)].filter((k) => !present.has(k));
  assert.deepEqual(stale, [], 'regex-pending.ts lists a pattern that is no longer in src/: remove it');
});
