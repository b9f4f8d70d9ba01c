// The fuzz targets: every log format, every config parser and the audit around them, the signature matcher, the
// nginx log_format compiler, redact() and the report renderers. The unit suite runs each a bounded number of times
// with a fixed seed (test/fuzz/fuzz.test.ts); `npm run fuzz` runs them long with a random one (scripts/fuzz.ts).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { InvestigateResult, LogInputRecord } from '../../src/analysis/types.js';
import type { AuditResult } from '../../src/audit.js';
import { MemoryFS } from '../../src/evidence/vfs.js';
import { CONFIG_PARSERS, detectConfigFormat } from '../../src/formats/config/registry.js';
import { compileNginxLogFormat } from '../../src/formats/log/log-format-compiler.js';
import { DETECT_THRESHOLD, detectLogFormat, LOG_FORMATS } from '../../src/formats/log/registry.js';
import { CAUSE_IDS } from '../../src/model/causes.js';
import type { LogEvent, LogFormatId } from '../../src/model/event.js';
import type { ParseIssue } from '../../src/model/setting.js';
import { auditJson } from '../../src/report/audit-json.js';
import { auditSarif } from '../../src/report/audit-sarif.js';
import { auditText } from '../../src/report/audit-text.js';
import { investigateHtml } from '../../src/report/investigate-html.js';
import { investigateJson } from '../../src/report/investigate-json.js';
import { investigateMarkdown } from '../../src/report/investigate-markdown.js';
import { investigateText } from '../../src/report/investigate-text.js';
import { redact } from '../../src/report/redact.js';
import { RULES } from '../../src/rules/index.js';
import type { Finding } from '../../src/rules/types.js';
import { SIGNATURES } from '../../src/signatures/catalog.js';
import { createMatcher } from '../../src/signatures/match.js';
import { buildStack } from '../../src/stack/build-stack.js';
import { auditFiles } from '../helpers/audit-fixture.js';
import { checkConfidence, checkIssue, checkLocalTime, checkParsedLine } from './checks.js';
import type { FuzzTarget } from './harness.js';
import { hostileText, lineFrom, type MutateOptions, mutated } from './mutate.js';
import { allLogSeeds, type ConfigSet, configSets, type LogFormatSeed, logFormatSeeds, logSeeds } from './seeds.js';
import { INPUT_TARGETS } from './targets-inputs.js';
import { reportsTarget } from './targets-reports.js';

const MUTATE: MutateOptions = { maxRepeat: 4096, maxEdits: 4 };
/**
 * The matcher's oracle runs every pattern of a format on every line, and some patterns are still quadratic on long
 * runs (issue 8, item 2; its scaling check in `npm run fuzz:scaling` measures that): shorter runs keep this fast.
 */
const MUTATE_SIGNATURES: MutateOptions = { maxRepeat: 300, maxEdits: 4 };
/** Whole config files take more edits than a line to reach their odd corners. */
const MUTATE_FILE: MutateOptions = { maxRepeat: 4096, maxEdits: 8 };

const paths = fc.oneof(
  fc.constantFrom(
    '/var/log/nginx/access.log',
    '/var/log/nginx/error.log',
    '/var/log/syslog',
    '/var/log/kern.log',
    'home/app/.pm2/logs/api-out.log',
    'var/log/redis/redis-server.log',
    'app.json',
    'upload-1',
    '',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

// ---------------------------------------------------------------- log formats

function logFormatTarget(id: LogFormatId): FuzzTarget {
  return {
    name: `log/${id} detect+parse`,
    unitRuns: 200,
    property: () => {
      const format = LOG_FORMATS.find((f) => f.id === id);
      assert.ok(format, id);
      const seeds = logSeeds(id);
      return fc.property(fc.array(lineFrom(seeds, MUTATE), { maxLength: 8 }), paths, (lines, path) => {
        checkConfidence(format.detect(lines, path), `${id}.detect`);
        for (const line of lines) checkParsedLine(format.parse(line), `${id}.parse`);
      });
    },
  };
}

const detectionTarget: FuzzTarget = {
  name: 'log/detectLogFormat',
  unitRuns: 300,
  property: () =>
    fc.property(fc.array(lineFrom(allLogSeeds(), MUTATE), { maxLength: 12 }), paths, (lines, path) => {
      const detected = detectLogFormat(lines, path);
      if (detected === null) return;
      assert.ok(LOG_FORMATS.includes(detected.format), 'a format of the registry');
      assert.ok(detected.confidence >= DETECT_THRESHOLD && detected.confidence <= 1, String(detected.confidence));
    }),
};

// ---------------------------------------------------------------- signature matcher

/** A copy of a pattern that keeps no state between calls (a /g or /y pattern remembers lastIndex). */
function stateless(re: RegExp): RegExp {
  return new RegExp(re.source, re.flags.replace(/[gy]/g, ''));
}

function signatureTarget(id: LogFormatId): FuzzTarget {
  return {
    name: `signatures/${id} match`,
    unitRuns: 400,
    property: () => {
      const matcher = createMatcher(SIGNATURES);
      const ofFormat = SIGNATURES.filter((s) => s.formats.includes(id)).map((s) => ({
        signature: s,
        pattern: stateless(s.pattern),
      }));
      return fc.property(lineFrom(logSeeds(id), MUTATE_SIGNATURES), (line) => {
        const found = matcher.match(id, line);
        // The needle scan only skips work: the answer is the first signature of the format, in catalog order,
        // whose pattern matches the line.
        const expected = ofFormat.find((s) => s.pattern.test(line))?.signature ?? null;
        assert.equal(found?.signature.id ?? null, expected?.id ?? null, 'first matching signature in catalog order');
        if (found) {
          assert.ok(stateless(found.signature.pattern).test(line), `${found.signature.id}.pattern matches the line`);
          for (const [k, v] of Object.entries(found.groups)) assert.equal(typeof v, 'string', `group ${k}`);
        }
      });
    },
  };
}

// ---------------------------------------------------------------- config parsers and audit

/** Audit paths as the CLI names them, and an in-memory input tree the way audit builds it, for one set. */
function setFS(files: Record<string, string>): MemoryFS {
  return new MemoryFS(
    Object.entries(files).map(([path, text]) => ({
      path,
      host: '',
      hostPath: /^(etc|var|proc|sys|home|opt|srv|usr|run|root)\//.test(path) ? `/${path}` : path,
      rootPath: '',
      text,
    })),
  );
}

/** A config set with one (or two) of its files mutated. */
function mutatedSet(sets: readonly ConfigSet[]): fc.Arbitrary<ConfigSet> {
  return fc.integer({ min: 0, max: sets.length - 1 }).chain((index) => {
    const set = sets[index] as ConfigSet;
    const names = Object.keys(set.files);
    const texts = names.map((n) => set.files[n] as string);
    return fc
      .array(fc.tuple(fc.integer({ min: 0, max: names.length - 1 }), mutated(texts, MUTATE_FILE)), {
        minLength: 1,
        maxLength: 2,
      })
      .map((changes) => {
        const files = { ...set.files };
        for (const [i, text] of changes) files[names[i] as string] = text;
        return { name: set.name, files };
      });
  });
}

function configParserTarget(parserId: string): FuzzTarget {
  return {
    name: `config/${parserId} detect+parse`,
    unitRuns: 60,
    property: () => {
      const parser = CONFIG_PARSERS.find((p) => p.id === parserId);
      assert.ok(parser, parserId);
      // The files each set holds of this format, as the registry detects them; every format has some.
      const seeds: { set: ConfigSet; path: string }[] = [];
      for (const set of configSets()) {
        for (const [path, text] of Object.entries(set.files)) {
          const hostPath = /^(etc|var|proc|sys|home|opt|srv|usr|run|root)\//.test(path) ? `/${path}` : path;
          if (detectConfigFormat(hostPath, text.slice(0, 64 * 1024))?.parser.id === parserId) {
            seeds.push({ set, path });
          }
        }
      }
      assert.ok(seeds.length > 0, `no fixture of ${parserId}`);
      const input = fc.integer({ min: 0, max: seeds.length - 1 }).chain((i) => {
        const { set, path } = seeds[i] as { set: ConfigSet; path: string };
        return fc
          .oneof({ weight: 5, arbitrary: mutated([set.files[path] as string], MUTATE_FILE) }, hostileText)
          .map((text) => ({ set, path, text }));
      });
      return fc.property(input, ({ set, path, text }) => {
        checkConfidence(parser.detect(path, text), `${parserId}.detect`);
        const fs = setFS({ ...set.files, [path]: text });
        const out = parser.parse({ path, text, fs });
        assert.ok(out && typeof out === 'object' && out.data !== undefined, 'a ParseOutput with data');
        for (const [n, issue] of (out.issues as ParseIssue[]).entries()) checkIssue(issue, `issues[${n}]`, false);
        for (const c of out.consumed) assert.equal(typeof c, 'string', 'consumed path');
      });
    },
  };
}

const auditTarget: FuzzTarget = {
  name: 'config/audit + reports',
  unitRuns: 80,
  property: () =>
    fc.property(mutatedSet(configSets()), (set) => {
      const result = auditFiles(set.files);
      // A parser that throws is a bug even though audit catches it: say which, with the message.
      for (const i of result.inputs) {
        if (i.error !== null)
          assert.ok(!/[\r\n\u2028\u2029]/.test(i.error), `${i.path}: error is not one line: ${i.error}`);
        assert.ok(!i.error?.includes('parser failed'), `${i.path}: ${i.error}`);
      }
      for (const [n, issue] of result.issues.entries()) checkIssue(issue, `issues[${n}]`, true);
      renderAudit(result);
    }),
};

function renderAudit(result: AuditResult): void {
  assert.equal(typeof auditText(result, { color: false }), 'string');
  assert.equal(typeof auditText(result, { color: true }), 'string');
  JSON.parse(auditJson(result));
  JSON.parse(auditSarif(result, RULES, '0.0.0-fuzz'));
}

// ---------------------------------------------------------------- nginx log_format compiler

const ESCAPES = ['default', 'json', 'none'] as const;

const logFormatSeed: fc.Arbitrary<LogFormatSeed> = fc.constant(null).chain(() => {
  const seeds = logFormatSeeds();
  return fc.oneof(
    fc.constantFrom(...seeds),
    fc
      .tuple(
        mutated(
          seeds.map((s) => s.format),
          MUTATE,
        ),
        fc.constantFrom(...ESCAPES),
      )
      .map(([format, mode]) => ({ format, escape: mode })),
  );
});

const compilerTarget: FuzzTarget = {
  name: 'log/log_format compile+parse',
  unitRuns: 150,
  property: () => {
    const lines = lineFrom([...logSeeds('nginx-access'), ...logSeeds('json-log')], MUTATE);
    return fc.property(logFormatSeed, fc.array(lines, { maxLength: 6 }), paths, (seed, sample, path) => {
      const format = compileNginxLogFormat(seed.format, { escape: seed.escape });
      if (format === null) return;
      checkConfidence(format.detect(sample, path), 'compiled.detect');
      for (const line of sample) checkParsedLine(format.parse(line), 'compiled.parse');
    });
  },
};

/** The variables of a log_format in order, and the literals around them (one more literal than variables). */
function splitFormat(format: string): { literals: string[]; names: string[] } {
  const literals: string[] = [];
  const names: string[] = [];
  let last = 0;
  for (const m of format.matchAll(/\$\{(\w+)\}|\$(\w+)/g)) {
    literals.push(format.slice(last, m.index));
    names.push((m[1] ?? m[2]) as string);
    last = (m.index ?? 0) + m[0].length;
  }
  literals.push(format.slice(last));
  return { literals, names };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** How nginx writes a value into the log with each escape mode (ngx_http_log_module's ngx_http_log_escape). */
function nginxEscape(value: string, escaping: 'default' | 'json' | 'none'): string {
  if (escaping === 'none') return value;
  if (escaping === 'json') return JSON.stringify(value).slice(1, -1);
  return Buffer.from(value, 'utf8')
    .toString('latin1')
    .replace(/["\\\x00-\x1f\x7f-\xff]/g, (c) => `\\x${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

type Parsed = NonNullable<ReturnType<NonNullable<ReturnType<typeof compileNginxLogFormat>>['parse']>>;

/** A value as nginx writes it for one variable, and what the compiled parser must read back from it. */
interface Written {
  text: string;
  check?: (parsed: Parsed) => void;
  ambiguous?: boolean;
}

const TIME_VARIABLES = new Set(['time_local', 'time_iso8601', 'msec']);

/** A value of a variable with a meaning to the compiler (times, status, sizes, the request line). */
function typedValue(name: string): fc.Arbitrary<Written> | null {
  const epoch = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2037, 11, 31) });
  if (name === 'time_local') {
    return fc.tuple(epoch, fc.integer({ min: -12 * 4, max: 14 * 4 })).map(([t, quarters]) => {
      const offset = quarters * 15;
      const d = new Date(t + offset * 60_000);
      const zone = `${offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offset) / 60))}${pad(Math.abs(offset) % 60)}`;
      const text = `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${zone}`;
      return { text, check: (p) => assert.equal(utcOf(p), t - (t % 1000), '$time_local') };
    });
  }
  if (name === 'time_iso8601') {
    return epoch.map((t) => ({
      text: `${new Date(t).toISOString().slice(0, 19)}+00:00`,
      check: (p) => assert.equal(utcOf(p), t - (t % 1000), '$time_iso8601'),
    }));
  }
  if (name === 'msec') {
    return epoch.map((t) => ({
      text: (t / 1000).toFixed(3),
      check: (p) => assert.equal(utcOf(p) + (p.ts?.ms ?? 0), t, '$msec'),
    }));
  }
  if (name === 'status') {
    return fc
      .integer({ min: 100, max: 599 })
      .map((s) => ({ text: String(s), check: (p) => assert.equal(p.request?.status, s, '$status') }));
  }
  if (name === 'body_bytes_sent' || name === 'bytes_sent') {
    return fc
      .nat({ max: 1e9 })
      .map((n) => ({ text: String(n), check: (p) => assert.equal(p.request?.bytes, n, name) }));
  }
  if (name === 'request_time') {
    return fc.integer({ min: 0, max: 600_000 }).map((ms) => ({
      text: (ms / 1000).toFixed(3),
      check: (p) => assert.equal(p.request?.duration, ms / 1000, '$request_time'),
    }));
  }
  if (name === 'request') {
    return fc
      .tuple(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'), fc.constantFrom('/', '/v1/orders?id=12', '/health'))
      .map(([method, path]) => ({
        text: `${method} ${path} HTTP/1.1`,
        check: (p) => {
          assert.equal(p.request?.method, method, '$request method');
          assert.equal(p.request?.path, path, '$request path');
        },
      }));
  }
  return null;
}

/** UTC epoch ms of a parsed time (seconds precision). */
function utcOf(p: Parsed): number {
  assert.ok(p.ts, 'a time');
  checkLocalTime(p.ts);
  const { year = 0, month, day, hour, minute, second, offsetMinutes = 0 } = p.ts;
  return Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000;
}

/** Where a plain variable's value lands in the parsed line. */
function plainCheck(name: string, expected: string): (p: Parsed) => void {
  const secret = /authorization|cookie|token|passw|secret|api_?key|session/i.test(name);
  const got: Record<string, (p: Parsed) => unknown> = {
    remote_addr: (p) => p.request?.client,
    upstream_addr: (p) => p.request?.server,
    upstream_status: (p) => p.request?.upstreamStatus,
    request_method: (p) => p.request?.method,
    request_uri: (p) => p.request?.path,
    uri: (p) => p.request?.path,
  };
  return (p) =>
    assert.equal(
      ((Object.hasOwn(got, name) ? got[name] : undefined) ?? ((q: Parsed) => q.fields?.[name]))(p),
      secret ? 'set' : expected,
      `$${name}`,
    );
}

/**
 * True when a parser finds `next` (the literal after a value) right after `value` and nowhere earlier. With
 * escape=json an earlier `"` that the value escaped (an odd run of backslashes before it) does not count: JSON
 * escaping is what lets nginx write a quote inside a quoted value.
 */
function endsAtNext(value: string, next: string, isLast: boolean, json: boolean): boolean {
  if (isLast) return next === '' ? value !== '' && value.trimEnd() === value : true;
  const joined = value + next;
  for (let k = joined.indexOf(next); k >= 0 && k < value.length; k = joined.indexOf(next, k + 1)) {
    let backslashes = 0;
    while (k - 1 - backslashes >= 0 && joined[k - 1 - backslashes] === '\\') backslashes++;
    if (!(json && backslashes % 2 === 1)) return false;
  }
  return true;
}

const roundTripTarget: FuzzTarget = {
  name: 'log/log_format round trip',
  unitRuns: 150,
  property: () => {
    const input = logFormatSeed
      .map((seed) => ({ seed, compiled: compileNginxLogFormat(seed.format, { escape: seed.escape }) }))
      .filter((x) => x.compiled !== null)
      .chain(({ seed, compiled }) => {
        const escaping = seed.escape ?? 'default';
        const { literals, names } = splitFormat(seed.format);
        // A plain value holds no character of any literal once escaped (json's \" and \\ are skipped by the
        // parser), so it cannot be mistaken for the literal that ends it; nor is it "-" (nginx's empty value).
        const literalChars = new Set([...literals.join(''), ' ', '\t']);
        const chars = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./:?&=,;%é"\\'].filter(
          (c) =>
            (escaping === 'json' && (c === '"' || c === '\\')) ||
            [...nginxEscape(c, escaping)].every((e) => !literalChars.has(e)),
        );
        const plain =
          chars.length > 0
            ? fc.string({ unit: fc.constantFrom(...chars), minLength: 1, maxLength: 24 }).filter((v) => v !== '-')
            : fc.constant('');
        return fc.tuple(...names.map((n) => fc.tuple(typedValue(n) ?? fc.constant(null), plain))).map((pairs) => {
          const values: Written[] = pairs.map(([typed, raw], i) => {
            const next = literals[i + 1] as string;
            const isLast = i === names.length - 1;
            const name = names[i] as string;
            if (typed && endsAtNext(typed.text, next, isLast, false)) return typed;
            const text = nginxEscape(raw, escaping);
            // The compiler unescapes json values and keeps the others as written.
            const expected = escaping === 'json' ? raw : text;
            // Without a character that cannot be mistaken for the literal, nginx's own line would be ambiguous.
            if (!endsAtNext(text, next, isLast, escaping === 'json')) return { text, ambiguous: true };
            if (raw === '' || typed) return { text };
            return { text, check: plainCheck(name, expected) };
          });
          return { compiled: compiled as NonNullable<typeof compiled>, literals, names, values };
        });
      });
    return fc.property(input, ({ compiled, literals, names, values }) => {
      fc.pre(!values.some((v) => v.ambiguous));
      let line = literals[0] as string;
      names.forEach((_, i) => {
        line += (values[i] as Written).text + (literals[i + 1] as string);
      });
      const parsed = compiled.parse(line);
      assert.ok(parsed, `the line nginx would write parses back: ${JSON.stringify(line)}`);
      checkParsedLine(parsed);
      // A variable written twice, or one that another variable also sets, has a later writer: check only the rest.
      const writers = (n: string) =>
        TIME_VARIABLES.has(n)
          ? names.filter((m) => TIME_VARIABLES.has(m)).length
          : n === 'body_bytes_sent' || n === 'bytes_sent'
            ? names.filter((m) => m === 'body_bytes_sent' || m === 'bytes_sent').length
            : n === 'request' || n === 'request_method' || n === 'request_uri' || n === 'uri'
              ? names.filter((m) => m === 'request' || m === 'request_method' || m === 'request_uri' || m === 'uri')
                  .length
              : names.filter((m) => m === n).length;
      names.forEach((n, i) => {
        const v = values[i] as Written;
        if (v.check && writers(n) === 1) v.check(parsed);
      });
    });
  },
};

// ---------------------------------------------------------------- redact

const MARKER = '[REDACTED]';
const countOf = (s: string, sub: string) => s.split(sub).length - 1;

function redactSeeds(): string[] {
  const configLines = configSets()
    .flatMap((s) => Object.values(s.files))
    .flatMap((t) => t.split('\n'))
    .filter((l) => l.trim() !== '' && l.length < 400);
  return [...allLogSeeds(), ...new Set(configLines)];
}

const redactTarget: FuzzTarget = {
  name: 'report/redact idempotent+bounded',
  unitRuns: 300,
  property: () =>
    fc.property(lineFrom(redactSeeds(), MUTATE), (text) => {
      const once = redact(text);
      assert.equal(typeof once, 'string');
      assert.equal(redact(once), once, 'redact(redact(x)) === redact(x)');
      // Each marker replaces at least one character of the value and may add one space or a pair of quotes.
      const bound = text.length + countOf(once, MARKER) * (MARKER.length + 2);
      assert.ok(once.length <= bound, `grew from ${text.length} to ${once.length} characters`);
    }),
};

/** A secret in each shape redact() covers today. */
const PLANTED_SHAPES: ((secret: string) => string)[] = [
  (s) => `DATABASE_URL=postgres://app:${s}@db.internal:5432/app`,
  (s) => `mysql://root:${s}@127.0.0.1:3306/shop`,
  (s) => `redis://default:${s}@cache:6379`,
  (s) => `GET /v1/export?token=${s}&page=2 HTTP/1.1`,
  (s) => `GET /cb?api_key=${s} HTTP/1.1`,
  (s) => `GET /login?password=${s}&user=bob`,
  (s) => `Authorization: Bearer ${s}`,
  (s) => `authorization: Basic ${s}`,
  (s) => `Cookie: session=${s}`,
  (s) => `Set-Cookie: sid=${s}; Path=/; HttpOnly`,
  (s) => `X-Api-Key: ${s}`,
  (s) => `requirepass ${s}`,
  (s) => `masterauth ${s}`,
  (s) => `password = ${s}`,
  (s) => `db_password=${s}`,
  (s) => `{"user":"app","password":"${s}"}`,
  (s) => `{'client_secret': '${s}'}`,
  (s) => `AWS_SECRET_ACCESS_KEY=${s}`,
];

const plantedTarget: FuzzTarget = {
  name: 'report/redact planted secrets',
  unitRuns: 300,
  property: () => {
    const around = fc.oneof(fc.constant(''), lineFrom(allLogSeeds(), MUTATE));
    const secret = fc.string({
      unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'.split('')),
      minLength: 10,
      maxLength: 40,
    });
    return fc.property(
      fc.integer({ min: 0, max: PLANTED_SHAPES.length - 1 }),
      secret,
      around,
      around,
      (shapeIndex, value, before, after) => {
        const shape = PLANTED_SHAPES[shapeIndex] as (secret: string) => string;
        // The shape stands as its own words: a space (or the line's edge) on each side.
        const line = `${before ? `${before} ` : ''}${shape(value)}${after ? ` ${after}` : ''}`;
        const out = redact(line);
        assert.ok(!out.includes(value), `the secret survives: ${JSON.stringify(out)}`);
      },
    );
  },
};

// ---------------------------------------------------------------- report renderers

const LOG_FORMAT_IDS = LOG_FORMATS.map((f) => f.id);
const text = fc.oneof(
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('', '-', '\n', '\r\n', '<script>alert(1)</script>', '</script><!--', '`|*_[x](y)'),
  },
  { weight: 2, arbitrary: fc.constant(null).chain(() => lineFrom(allLogSeeds(), { maxRepeat: 300, maxEdits: 2 })) },
);
/** 1900 to 9999, the years a log line can state, with a bias towards the present. */
const epochMs = fc.oneof(
  fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2027, 0, 1) }),
  fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(9999, 11, 31) }),
);
const iso = epochMs.map((t) => new Date(t).toISOString());
const smallNat = fc.nat({ max: 1_000_000 });
const level = fc.constantFrom('debug', 'info', 'notice', 'warning', 'error', 'critical') as fc.Arbitrary<
  LogEvent['level']
>;
const list = <T>(a: fc.Arbitrary<T>, max = 4) => fc.array(a, { maxLength: max });

const logEvent: fc.Arbitrary<LogEvent> = fc.record(
  {
    time: epochMs,
    timeBasis: fc.constantFrom('explicit', 'assumed', 'inferred'),
    approximate: fc.boolean(),
    path: text,
    line: smallNat,
    host: text,
    format: fc.constantFrom(...LOG_FORMAT_IDS),
    program: text,
    pid: smallNat,
    level,
    signature: text,
    cause: fc.constantFrom(...CAUSE_IDS),
    text,
    fields: fc.dictionary(text, fc.oneof(text, fc.double({ noNaN: true, noDefaultInfinity: true }))),
  },
  { requiredKeys: ['time', 'timeBasis', 'path', 'line', 'format', 'level', 'text'] },
);

const finding: fc.Arbitrary<Finding> = fc.record({
  rule: text,
  severity: fc.constantFrom('error', 'warning', 'info'),
  title: text,
  message: text,
  locations: list(fc.record({ path: text, line: smallNat })),
  fix: text,
  references: list(text, 2),
});

const inputRecord: fc.Arbitrary<LogInputRecord> = fc.record(
  {
    path: text,
    format: fc.oneof(fc.constant(null), fc.constantFrom(...LOG_FORMAT_IDS), text),
    error: fc.oneof(fc.constant(null), text),
    host: text,
    note: text,
    lines: smallNat,
    skipped: smallNat,
    timezone: fc.oneof(fc.constantFrom('UTC', 'America/New_York', 'Asia/Kolkata', 'Europe/Berlin'), text),
    timeBasis: fc.constantFrom('explicit', 'assumed', 'inferred'),
    assumption: text,
    firstTime: epochMs,
    lastTime: epochMs,
  },
  { requiredKeys: ['path', 'format', 'error'] },
);

const preceding = fc.record({ time: epochMs, path: text, line: smallNat, text });

const investigateResult: fc.Arbitrary<InvestigateResult> = fc.record({
  version: fc.constant(1 as const),
  inputs: list(inputRecord),
  span: fc.oneof(fc.record({ start: iso, end: iso }), fc.constant({ start: null, end: null })),
  incidents: list(
    fc.record(
      {
        start: epochMs,
        end: epochMs,
        kinds: fc
          .subarray(['error-burst', '5xx-burst', 'silence', 'crash', 'restart', 'reboot'] as const)
          .map((k) => [...k]),
        summary: text,
        events: list(logEvent, 3),
        peak5xxPerMinute: smallNat,
      },
      { requiredKeys: ['start', 'end', 'kinds', 'summary', 'events'] },
    ),
    3,
  ),
  hypotheses: list(
    fc.record(
      {
        cause: fc.constantFrom(...CAUSE_IDS),
        confidence: fc.double({ min: 0, max: 1, noNaN: true }),
        title: text,
        explanation: text,
        evidence: list(
          fc.record(
            { path: text, line: smallNat, time: iso, text, host: text },
            { requiredKeys: ['path', 'line', 'time', 'text'] },
          ),
        ),
        fix: list(
          fc.oneof(
            text,
            text.map((t) => `Stop-gap: ${t}`),
            text.map((t) => `Long-term: ${t}`),
          ),
        ),
        remedies: list(fc.record({ kind: fc.constantFrom('stop-gap', 'fix', 'long-term'), text })),
        confirm: list(text),
        findings: list(text, 2),
      },
      { requiredKeys: ['cause', 'confidence', 'title', 'explanation', 'evidence', 'remedies', 'fix', 'confirm'] },
    ),
    3,
  ),
  restarts: list(
    fc.record(
      { time: epochMs, process: text, reason: text, host: text, evidence: preceding, preceding: list(preceding) },
      { requiredKeys: ['time', 'process', 'reason', 'evidence', 'preceding'] },
    ),
  ),
  changes: list(
    fc.record(
      {
        time: epochMs,
        kind: fc.constantFrom('deploy', 'restart', 'reload', 'upgrade', 'config', 'cron', 'certificate'),
        subject: text,
        host: text,
        evidence: list(fc.record({ path: text, line: smallNat, time: iso, text })),
      },
      { requiredKeys: ['time', 'kind', 'subject', 'evidence'] },
    ),
  ),
  findings: list(finding, 3),
  endpoints: list(
    fc.record(
      {
        endpoint: text,
        method: text,
        beforeFailures: smallNat,
        overall: fc.double({ min: 0, max: 1, noNaN: true }),
        errors: smallNat,
      },
      { requiredKeys: ['endpoint', 'beforeFailures', 'overall', 'errors'] },
    ),
  ),
  series: list(
    fc.record({
      t: epochMs,
      requests: smallNat,
      s5xx: smallNat,
      s502: smallNat,
      s503: smallNat,
      s504: smallNat,
      s4xx: smallNat,
      errors: fc.dictionary(text, smallNat, { maxKeys: 3 }),
      restarts: smallNat,
      durSum: fc.double({ min: 0, max: 1e6, noNaN: true }),
      durCount: smallNat,
    }),
    6,
  ),
  timeline: list(logEvent, 6),
  assumptions: list(text),
  problems: list(text),
});

const investigateReportsTarget: FuzzTarget = {
  name: 'report/investigate renderers',
  unitRuns: 120,
  property: () =>
    fc.property(investigateResult, (result) => {
      assert.equal(typeof investigateText(result, { color: false }), 'string');
      assert.equal(typeof investigateText(result, { color: true }), 'string');
      assert.equal(typeof investigateMarkdown(result), 'string');
      JSON.parse(investigateJson(result));
      const html = investigateHtml(result);
      // Text from the input never opens or closes an element of its own: the page keeps its three scripts.
      assert.equal(countOf(html.toLowerCase(), '<script'), 3, 'three <script> elements');
      assert.equal(countOf(html.toLowerCase(), '</script'), 3, 'three </script> tags');
    }),
};

const auditReportsTarget: FuzzTarget = {
  name: 'report/audit renderers',
  unitRuns: 120,
  property: () => {
    const link = fc.record(
      {
        from: fc.record({ component: text, name: text, loc: fc.record({ path: text, line: smallNat }) }),
        to: fc.record({
          component: text,
          role: fc.constantFrom('mysql', 'postgres', 'redis', 'app', 'tomcat', 'haproxy', 'nginx'),
          name: text,
        }),
        port: fc.integer({ min: 0, max: 65535 }),
        host: text,
        role: fc.constantFrom('mysql', 'postgres', 'redis', 'app', 'tomcat', 'haproxy', 'nginx'),
        via: fc.constantFrom('port', 'well-known-port', 'unresolved'),
        note: text,
      },
      { requiredKeys: ['from', 'via', 'note'] },
    );
    const result = fc.record({
      inputs: list(
        fc.record(
          {
            path: text,
            format: fc.oneof(fc.constant(null), text),
            error: fc.oneof(fc.constant(null), text),
            host: text,
            note: text,
          },
          { requiredKeys: ['path', 'format', 'error'] },
        ),
      ),
      findings: list(finding),
      issues: list(fc.record({ path: text, line: smallNat, message: text })),
      skippedRules: list(fc.record({ rule: text, reason: text })),
      links: list(link),
    });
    return fc.property(result, (r) => {
      const stack = buildStack([], {});
      const audit: AuditResult = {
        version: 1,
        inputs: r.inputs,
        findings: r.findings,
        issues: r.issues,
        skippedRules: r.skippedRules,
        stack: { ...stack, links: r.links },
      };
      renderAudit(audit);
    });
  },
};

// ---------------------------------------------------------------- all of them

/** Formats that at least one signature is tried on. */
const SIGNATURE_FORMATS = LOG_FORMAT_IDS.filter((id) => SIGNATURES.some((s) => s.formats.includes(id)));

export const TARGETS: readonly FuzzTarget[] = [
  ...LOG_FORMAT_IDS.map(logFormatTarget),
  detectionTarget,
  ...SIGNATURE_FORMATS.map(signatureTarget),
  compilerTarget,
  roundTripTarget,
  ...CONFIG_PARSERS.map((p) => configParserTarget(p.id)),
  auditTarget,
  redactTarget,
  plantedTarget,
  investigateReportsTarget,
  auditReportsTarget,
  ...INPUT_TARGETS,
  reportsTarget,
];
