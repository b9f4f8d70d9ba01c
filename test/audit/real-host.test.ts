// Readable on a real host: this machine's /etc (read only, as it is) beside a corpus bundle that is sure to have a
// finding. Findings come first, the files that are no config are counted by reason, each file is shown once, and
// stderr stays short — on a stock Debian 12 /etc the old report printed 1,571 lines with the findings at line 1,528.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { test } from 'node:test';

const root = new URL('../../', import.meta.url).pathname;

function faultline(args: string[], asUser: string[] = []) {
  const argv = [...asUser, process.execPath, '--import', 'tsx', `${root}src/cli/run.ts`, ...args];
  const r = spawnSync(argv[0] as string, argv.slice(1), {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const ARGS = ['audit', '/etc', 'test/corpus/redis-maxmemory'];

test('/etc and a corpus bundle: the first finding within 15 lines, skipped files in at most 10 count lines, ≤ 3 lines on stderr', {
  skip: !existsSync('/etc/passwd') && 'needs a Linux /etc',
}, () => {
  const r = faultline(ARGS);
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  const lines = r.stdout.split('\n');
  const first = lines.findIndex((l) => /^ {2}● /.test(l));
  assert.ok(first >= 0 && first < 15, `first finding at line ${first + 1}:\n${lines.slice(0, 20).join('\n')}`);
  const skipped = lines.findIndex((l) => l.startsWith('Skipped ('));
  assert.ok(skipped > first, 'skipped files come after the findings');
  const counts = lines.slice(skipped + 1).filter((l) => /^ {2}\s*\d+ {2}\S/.test(l));
  assert.ok(counts.length >= 1 && counts.length <= 10, counts.join('\n'));
  // Every line of the skipped section is a count, a named unreadable file (at most 3) or the --verbose hint.
  assert.ok(lines.slice(skipped + 1).filter((l) => l.trim()).length <= 10 + 3 + 1);
  assert.ok(r.stderr.split('\n').filter(Boolean).length <= 3, r.stderr);
});

test('--verbose lists every input exactly once', { skip: !existsSync('/etc/passwd') && 'needs a Linux /etc' }, () => {
  const json = JSON.parse(faultline([...ARGS, '--format', 'json']).stdout);
  const r = faultline([...ARGS, '--verbose']);
  const listed = new Map<string, number>();
  for (const l of r.stdout.split('\n')) {
    const m = /^ {2}(\S+) {2}/.exec(l);
    if (m) listed.set(m[1] as string, (listed.get(m[1] as string) ?? 0) + 1);
  }
  const paths: string[] = json.inputs.map((i: { path: string }) => i.path).filter((p: string) => !/\s/.test(p));
  assert.ok(paths.length > 50, `${paths.length} inputs`);
  for (const p of paths) assert.equal(listed.get(p), 1, p);
});

// As a user who may not read everything (shadow, private keys, sudoers.d): the unreadable files are named on stderr
// in at most 3 lines and in the report, the findings still come first.
const setpriv = ['/usr/bin/setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
const canDrop = process.getuid?.() === 0 && existsSync(setpriv[0] as string);

test('/etc as nobody: unreadable files in ≤ 3 stderr lines, the first finding still within 15 lines', {
  skip: !canDrop && 'needs root and setpriv',
}, () => {
  const r = faultline(ARGS, setpriv);
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  const stderr = r.stderr.split('\n').filter(Boolean);
  assert.ok(stderr.length >= 1 && stderr.length <= 3, r.stderr);
  assert.match(r.stderr, /EACCES/);
  const lines = r.stdout.split('\n');
  const first = lines.findIndex((l) => /^ {2}● /.test(l));
  assert.ok(first >= 0 && first < 15, `first finding at line ${first + 1}`);
  const skipped = lines.slice(lines.findIndex((l) => l.startsWith('Skipped (')) + 1).filter((l) => l.trim());
  assert.ok(skipped.length <= 3 + 10 + 1, skipped.join('\n'));
});
