// investigate end to end through the CLI: time zones and years assumed from the host folder, secrets
// redacted in every format, hostile input refused or bounded with one line while the run goes on.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';

const root = new URL('../../', import.meta.url).pathname;
function faultline(args: string[], cwd = root) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', `${root}src/cli/run.ts`, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function write(dir: string, rel: string, text: string | Buffer) {
  mkdirSync(join(dir, rel, '..'), { recursive: true });
  writeFileSync(join(dir, rel), text);
}

/** A host folder shaped like the seed postmortem: nginx in UTC, syslog in the host's zone without a year. */
function postmortemHost(dir: string) {
  write(dir, 'etc/timezone', 'America/New_York\n');
  const access: string[] = [];
  for (let m = 0; m < 30; m++) {
    for (let k = 0; k < 20; k++) {
      const status = m >= 20 && m < 24 && k % 2 === 0 ? 502 : 200;
      const mm = String(m).padStart(2, '0');
      access.push(
        `107.167.202.154 - - [11/Jul/2022:13:${mm}:${String(k * 2).padStart(2, '0')} +0000] "GET /v1/location?id=${k}&token=SeCrEtToKeN${k} HTTP/1.1" ${status} 157 "-" "okhttp/4.9.3"`,
      );
    }
  }
  write(dir, 'var/log/nginx/access.log', `${access.join('\n')}\n`);
  write(
    dir,
    'var/log/nginx/error.log',
    '2022/07/11 13:21:27 [error] 8934#8934: *220129 upstream prematurely closed connection while reading response header from upstream, client: 107.167.202.154, server: api.example.com, request: "GET /v1/location?id=4704 HTTP/1.1", upstream: "http://127.0.0.1:3000/v1/location?id=4704", host: "api.example.com"\n',
  );
  // 09:21 in New York (EDT, UTC−4) is 13:21 UTC.
  write(
    dir,
    'var/log/syslog',
    "Jul 11 09:21:43 ip-172-31-1-2 systemd-udevd[450]: seq 26654 '/kernel/slab/:a-0000104/cgroup/buffer_head(531:systemd-resolved.service)' is taking a long time\nJul 11 09:22:37 ip-172-31-1-2 systemd[1]: snapd.service: Watchdog timeout (limit 5min)!\n",
  );
}

test('zone from etc/timezone, year from the host’s dated logs, all in UTC, assumptions stated', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fl-inv-'));
  postmortemHost(dir);
  const r = faultline(['investigate', dir, '--format', 'json']);
  assert.equal(r.code, 1, r.stderr);
  const j = JSON.parse(r.stdout);
  const syslog = j.inputs.find((i: { path: string }) => i.path === 'var/log/syslog');
  assert.equal(syslog.format, 'syslog');
  assert.equal(syslog.timezone, 'America/New_York');
  assert.equal(syslog.timeBasis, 'assumed');
  assert.match(syslog.assumption, /America\/New_York.*etc\/timezone/);
  assert.match(syslog.assumption, /year/);
  const watchdog = j.timeline.find((e: { text: string }) => e.text.includes('Watchdog timeout'));
  assert.equal(watchdog.time, '2022-07-11T13:22:37.000Z');
  assert.equal(j.inputs.find((i: { path: string }) => i.path === 'var/log/nginx/access.log').timeBasis, 'explicit');
  assert.ok(j.incidents.length >= 1);
  assert.ok(j.incidents.some((i: { start: string }) => i.start.startsWith('2022-07-11T13:2')));
});

test('--tz overrides the host zone', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fl-inv-'));
  postmortemHost(dir);
  const j = JSON.parse(faultline(['investigate', dir, '--format', 'json', '--tz', 'UTC']).stdout);
  const watchdog = j.timeline.find((e: { text: string }) => e.text.includes('Watchdog timeout'));
  assert.equal(watchdog.time, '2022-07-11T09:22:37.000Z');
});

test('secrets in logs never reach any report format', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fl-inv-'));
  postmortemHost(dir);
  write(
    dir,
    'home/app/.pm2/logs/api-error.log',
    'Error: connect ECONNREFUSED postgres://api:Hunter2Pass@db:5432/app\nAuthorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig\n',
  );
  for (const format of ['text', 'json', 'markdown', 'html']) {
    const r = faultline(['investigate', dir, '--format', format]);
    for (const secret of ['SeCrEtToKeN', 'Hunter2Pass', 'eyJhbGciOiJIUzI1NiJ9']) {
      assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret), `${format} leaks ${secret}`);
    }
  }
});

test('hostile and broken input: refused or bounded with one line each, the run goes on, nothing written', async () => {
  const tar = await import('tar');
  const dir = mkdtempSync(join(tmpdir(), 'fl-inv-'));
  const host = join(dir, 'host');
  postmortemHost(host);
  write(host, 'var/log/app/binary.log', Buffer.from([0x41, 0, 0, 0x42, 0xff, 0xfe, 0, 0]));
  const ok = '2022/07/11 13:21:28 [error] 1#1: *1 no live upstreams while connecting to upstream\n';
  write(
    host,
    'var/log/app/huge-line.log',
    `${ok.repeat(5)}2022/07/11 13:21:28 [error] ${'x'.repeat(2 * 1024 * 1024)}\n${ok}`,
  );
  write(
    host,
    'var/log/app/bad-utf8.log',
    Buffer.concat([
      Buffer.from('2022/07/11 13:21:29 [error] 1#1: '),
      Buffer.from([0xc3, 0x28, 0xa0, 0xa1]),
      Buffer.from(' upstream timed out\n'),
    ]),
  );
  const gz = gzipSync(
    Buffer.from(
      '2022/07/11 13:21:30 [error] 1#1: *9 connect() failed (111: Connection refused) while connecting to upstream\n'.repeat(
        200,
      ),
    ),
  );
  write(host, 'var/log/nginx/error.log.2.gz', gz.subarray(0, Math.floor(gz.length / 2)));
  const bundle = join(dir, 'bundle.tar.gz');
  await tar.create({ gzip: true, file: bundle, cwd: host }, ['.']);
  const before = readdirSync(dir).sort();
  const r = faultline(['investigate', bundle, '--format', 'json']);
  assert.equal(r.code, 1, r.stderr);
  const j = JSON.parse(r.stdout);
  const byPath = (p: string) => j.inputs.find((i: { path: string }) => i.path.endsWith(p));
  assert.match(byPath('binary.log').error, /binary/);
  assert.ok(
    j.problems.some((p: string) => /error\.log\.2\.gz.*truncated/.test(p)),
    j.problems.join('\n'),
  );
  assert.ok(
    j.problems.some((p: string) => /huge-line\.log.*longer than/.test(p)),
    j.problems.join('\n'),
  );
  for (const p of j.problems) assert.ok(!p.includes('\n'), 'one line per problem');
  assert.ok(
    j.inputs.some(
      (i: { path: string; format: string }) => i.path.endsWith('access.log') && i.format === 'nginx-access',
    ),
  );
  assert.deepEqual(readdirSync(dir).sort(), before, 'nothing written next to the input');
});

test('a healthy log yields no incident and exit 0; unreadable input exits 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fl-inv-'));
  const lines: string[] = [];
  for (let m = 0; m < 60; m++) {
    lines.push(
      `10.0.0.1 - - [11/Jul/2022:13:${String(m).padStart(2, '0')}:00 +0000] "GET /health HTTP/1.1" 200 2 "-" "ELB-HealthChecker/2.0"`,
    );
    if (m === 30) lines.push(`10.0.0.1 - - [11/Jul/2022:13:30:01 +0000] "GET /v1/x HTTP/1.1" 500 2 "-" "curl"`);
  }
  write(dir, 'access.log', `${lines.join('\n')}\n`);
  const r = faultline(['investigate', join(dir, 'access.log'), '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual([j.incidents, j.hypotheses], [[], []]);
  assert.equal(faultline(['investigate', '/nonexistent/x.log']).code, 2);
  assert.equal(faultline(['investigate', dir, '--tz', 'Mars/Olympus']).code, 2);
});
