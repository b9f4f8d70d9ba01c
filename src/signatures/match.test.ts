import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { LogFormatId } from '../model/event.js';
import { SIGNATURES } from './catalog.js';
import { createMatcher, deriveNeedle, needleOf } from './match.js';
import type { Signature } from './types.js';

const matcher = createMatcher(SIGNATURES);
const FORMATS: LogFormatId[] = [...new Set(SIGNATURES.flatMap((s) => s.formats))];

/** The obvious matcher: first signature of the format, in catalog order, whose pattern matches. */
function reference(format: LogFormatId, line: string): string | null {
  for (const s of SIGNATURES) if (s.formats.includes(format) && s.pattern.test(line)) return s.id;
  return null;
}

test('every sample is matched first by its own signature, in every format it lists', () => {
  for (const s of SIGNATURES) {
    for (const sample of s.samples) {
      for (const format of s.formats) {
        const hit = matcher.match(format, sample);
        assert.equal(hit?.signature.id, s.id, `${format}: ${sample}`);
      }
    }
  }
});

test('named groups come back as event fields', () => {
  const down = matcher.match(
    'haproxy-log',
    '[WARNING] 285/071506 (74918) : Server express/local-gear is DOWN, reason: Layer7 timeout, check duration: 10002ms. 0 active and 0 backup servers left. 128 sessions active, 0 requeued, 0 remaining in queue.',
  );
  assert.deepEqual(down?.groups, { backend: 'express', server: 'local-gear', reason: 'Layer7 timeout' });

  const oom = matcher.match(
    'syslog',
    'Jul 11 14:09:58 ip-172-31-9-80 kernel: [1043922.162218] Out of memory: Killed process 8934 (node) total-vm:2873440kB, anon-rss:2591228kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:5436kB oom_score_adj:0',
  );
  assert.equal(oom?.signature.id, 'kernel-oom-killed-process');
  assert.deepEqual(oom?.groups, { pid: '8934', process: 'node' });

  const exit = matcher.match(
    'pm2-log',
    '2022-07-11T15:26:54: PM2 log: App [ob_api_server:0] exited with code [1] via signal [SIGINT]',
  );
  assert.deepEqual(exit?.groups, { app: 'ob_api_server', id: '0', code: '1', signal: 'SIGINT' });

  // Optional groups that did not take part are left out rather than set to undefined.
  const refused = matcher.match(
    'nginx-error',
    '2022/07/11 14:02:10 [error] 8935#8935: *220131 connect() failed (111: Connection refused) while connecting to upstream, client: 107.167.202.154, server: api.example.com',
  );
  assert.equal(refused?.signature.id, 'nginx-upstream-refused');
  assert.deepEqual(refused?.groups, {});
});

test('a specific shape wins over the general one listed after it', () => {
  const l7 = matcher.match(
    'syslog',
    'Oct 12 07:15:06 lb1 haproxy[74918]: Server be_api/api1 is DOWN, reason: Layer7 wrong status, code: 500, info: "Internal Server Error", check duration: 12ms. 1 active and 0 backup servers left.',
  );
  assert.equal(l7?.signature.id, 'haproxy-server-down-layer7-status');
  const pg = matcher.match(
    'postgres-log',
    '2022-10-01 04:12:19.444 UTC [3312] PANIC:  could not write to file "pg_wal/xlogtemp.3312": No space left on device',
  );
  assert.equal(pg?.signature.id, 'postgres-no-space-left');
  const heroku143 = matcher.match(
    'heroku-log',
    '2013-06-21T18:48:06.421092+00:00 heroku[web.1]: Process exited with status 143',
  );
  assert.equal(heroku143?.signature.id, 'heroku-exited-143');
});

test('signatures apply only to the formats they list', () => {
  const kernelLine = '[1043922.520331] INFO: task jbd2/xvda1-8:215 blocked for more than 120 seconds.';
  assert.equal(matcher.match('kernel', kernelLine)?.signature.id, 'kernel-hung-task');
  assert.equal(matcher.match('nginx-error', kernelLine), null);
  // Access logs carry no signature: a 502 there is counted by the analysis, not matched here.
  assert.equal(
    matcher.match(
      'nginx-access',
      '10.0.0.7 - - [11/Jul/2022:14:01:27 +0000] "GET /ECONNRESET HTTP/1.1" 502 166 "-" "curl/7.81.0"',
    ),
    null,
  );
});

test('short and empty lines match nothing', () => {
  for (const f of FORMATS) {
    assert.equal(matcher.match(f, ''), null);
    assert.equal(matcher.match(f, 'ERR'), null);
  }
});

test('the needle is the longest literal the pattern always requires', () => {
  assert.equal(
    deriveNeedle(/upstream prematurely closed connection while (?<phase>[^,]+)/),
    'upstream prematurely closed connection while ',
  );
  assert.equal(deriveNeedle(/Server (?<b>\S+) is UP/), 'Server ');
  assert.equal(deriveNeedle(/abcd(efgh)?ijk/), 'abcd');
  assert.equal(deriveNeedle(/xyzw?vv/), 'xyz');
  assert.equal(deriveNeedle(/ab+cdef/), 'cdef');
  assert.equal(deriveNeedle(/\(110: Connection timed out\)/), '(110: Connection timed out)');
  assert.equal(deriveNeedle(/Error R14 \(Memory quota exceeded\)/), 'Error R14 (Memory quota exceeded)');
  assert.equal(deriveNeedle(/abc[de]fghij/), 'fghij');
  // No promise possible: top-level alternation, case-insensitive, too short.
  assert.equal(deriveNeedle(/abcdef|ghijkl/), null);
  assert.equal(deriveNeedle(/abcdef/i), null);
  assert.equal(deriveNeedle(/a\d+b/), null);
});

test('a signature whose needle cannot be derived must declare one', () => {
  const sig: Signature = {
    id: 'node-test',
    formats: ['node-log'],
    pattern: /econnreset/i,
    event: 'connection-reset',
    severity: 'error',
    summary: 'test',
    samples: ['ECONNRESET'],
  };
  assert.throws(() => needleOf(sig), /declare a needle/);
  assert.equal(needleOf({ ...sig, needle: 'ECONNRESET' }), 'ECONNRESET');
});

test('property: the matcher never throws on arbitrary text', () => {
  fc.assert(
    fc.property(fc.constantFrom(...FORMATS), fc.string({ unit: 'binary', maxLength: 300 }), (format, line) => {
      matcher.match(format, line);
    }),
    { numRuns: 2000 },
  );
});

test('property: the matcher agrees with the obvious first-match-in-order loop', () => {
  // Lines stitched from pieces of real samples and noise, so needles and near-needles occur often.
  const pieces = SIGNATURES.flatMap((s) => s.samples.flatMap((x) => x.split(/(?<=[ ,:])/)));
  const piece = fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 8 }));
  fc.assert(
    fc.property(fc.constantFrom(...FORMATS), fc.array(piece, { maxLength: 12 }), (format, parts) => {
      const line = parts.join('');
      assert.equal(matcher.match(format, line)?.signature.id ?? null, reference(format, line));
    }),
    { numRuns: 3000 },
  );
  for (const s of SIGNATURES) {
    for (const sample of s.samples) {
      for (const f of FORMATS)
        assert.equal(matcher.match(f, sample)?.signature.id ?? null, reference(f, sample), `${f}: ${sample}`);
    }
  }
});
