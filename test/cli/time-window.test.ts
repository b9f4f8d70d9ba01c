// --from/--to through the CLI (issue 11): ISO 8601 / RFC 3339 and relative times; a bare time of day, something
// that is not a time, or --from after --to is a usage error (exit 2, one line naming the flag and value, with a
// hint); a window that selects no line says so with the inputs' span (exit 2), never "No incident found".
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { parseCliTime } from '../../src/cli/times.js';

const root = new URL('../../', import.meta.url).pathname;
const EXAMPLE = `${root}examples/incident-api.tar.gz`;

function faultline(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', `${root}src/cli/run.ts`, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('usage errors: a time of day, not a time, --from after --to — exit 2, one line with the flag and a hint', () => {
  const cases: [string[], RegExp][] = [
    [['--from', '04:00', '--to', '03:00'], /^faultline: --from 04:00: a time of day without a date; expected ISO 8601/],
    [['--from', '12'], /^faultline: --from 12: not a time; expected ISO 8601 .* 2h/],
    [['--from', 'March 5'], /^faultline: --from March 5: not a time; /],
    [['--to', '2026-02-30'], /^faultline: --to 2026-02-30: no such date or time; /],
    [
      ['--from', '2026-11-23T03:04:00', '--to', '2026-11-23T03:03'],
      /^faultline: --from 2026-11-23T03:04:00 is after --to 2026-11-23T03:03 .*hint: /,
    ],
  ];
  for (const [args, message] of cases) {
    const r = faultline(['investigate', EXAMPLE, ...args]);
    assert.equal(r.code, 2, args.join(' '));
    assert.equal(r.stdout, '', args.join(' '));
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, message);
  }
});

test('a window that selects no line: one line with the inputs’ span, exit 2', () => {
  for (const args of [
    ['--from', '2027-01-01'],
    ['--from', '2h'],
    ['--to', '2026-11-23T03:02:59Z'],
  ]) {
    const r = faultline(['investigate', EXAMPLE, ...args]);
    assert.equal(r.code, 2, args.join(' '));
    assert.doesNotMatch(r.stdout, /No incident found/);
    assert.match(
      r.stderr,
      /^faultline: no line between .+ and .+; the inputs span 2026-11-23 03:03:00 → 2026-11-23 03:03:15 UTC\n$/,
    );
  }
});

test('a window inside the inputs reads them: ISO with and without zone, and with --tz', () => {
  for (const args of [
    ['--from', '2026-11-23T03:03:03', '--to', '2026-11-23T03:03:10'],
    ['--from', '2026-11-23T03:03:03Z', '--to', '2026-11-23 03:03:10'],
    ['--from', '2026-11-23T04:03:03+01:00'],
    ['--from', '2026-11-23T04:03:03', '--tz', 'Europe/Paris'],
    ['--from', '2026-11-23'],
  ]) {
    const r = faultline(['investigate', EXAMPLE, '--format', 'json', ...args]);
    assert.equal(r.code, 1, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(JSON.parse(r.stdout).incidents.length, 1);
  }
});

test('the forms, exactly', () => {
  const now = Date.parse('2026-11-23T12:00:00Z');
  const at = (raw: string, tz?: string) => {
    const t = parseCliTime(raw, now, tz);
    return 'time' in t ? new Date(t.time).toISOString() : t.error;
  };
  assert.equal(at('2h'), '2026-11-23T10:00:00.000Z');
  assert.equal(at('30m'), '2026-11-23T11:30:00.000Z');
  assert.equal(at('7d'), '2026-11-16T12:00:00.000Z');
  assert.equal(at('90s'), '2026-11-23T11:58:30.000Z');
  assert.equal(at('2026-11-23'), '2026-11-23T00:00:00.000Z');
  assert.equal(at('2026-11-23T04:00'), '2026-11-23T04:00:00.000Z');
  assert.equal(at('2026-11-23 04:00:05.25'), '2026-11-23T04:00:05.250Z');
  assert.equal(at('2026-11-23T04:00:00-05:00'), '2026-11-23T09:00:00.000Z');
  assert.equal(at('2026-11-23T04:00+0530'), '2026-11-22T22:30:00.000Z');
  assert.equal(at('2026-07-01T04:00', 'America/New_York'), '2026-07-01T08:00:00.000Z');
  assert.equal(at('04:00'), 'a time of day without a date');
  assert.equal(at('12'), 'not a time');
  assert.equal(at('March 5'), 'not a time');
  assert.equal(at('2026-13-01'), 'no such date or time');
});

test('a window inside a gap between the inputs selects no line either: exit 2 with the span', () => {
  // Two access logs of the lab, eleven days apart (2026-11-23 and 2026-12-04): the window lies between them.
  const both = [`${root}test/corpus/oversized-payload/var/log/nginx`, `${root}test/corpus/bad-deploy/var/log/nginx`];
  const gap = faultline(['investigate', ...both, '--from', '2026-11-25T00:00:00Z', '--to', '2026-11-26T00:00:00Z']);
  assert.equal(gap.code, 2, gap.stderr);
  assert.doesNotMatch(gap.stdout, /No incident found/);
  assert.match(
    gap.stderr,
    /^faultline: no line between 2026-11-25 00:00:00 UTC and 2026-11-26 00:00:00 UTC; the inputs span 2026-11-23 /,
  );
  // A window that holds lines of one of them is read as usual.
  const one = faultline(['investigate', ...both, '--from', '2026-12-01T00:00:00Z', '--format', 'json']);
  assert.notEqual(one.code, 2, one.stderr);
  assert.ok(JSON.parse(one.stdout).incidents.length > 0);
});
