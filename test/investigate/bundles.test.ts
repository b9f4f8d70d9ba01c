// End-to-end bundles for the causes the lab cannot produce on one machine (a full disk, a PaaS recycling
// its dynos) and for the kernel's uptime stamps: realistic host folders through investigate().
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { investigate } from '../../src/investigate.js';

function host(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'fl-bundle-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

function access(from: number, minutes: number, status: (m: number, k: number) => number): string {
  const lines: string[] = [];
  for (let m = 0; m < minutes; m++) {
    for (let k = 0; k < 12; k++) {
      const t = new Date(from + m * 60_000 + k * 5000);
      const stamp = `${String(t.getUTCDate()).padStart(2, '0')}/Mar/2024:${String(t.getUTCHours()).padStart(2, '0')}:${String(t.getUTCMinutes()).padStart(2, '0')}:${String(t.getUTCSeconds()).padStart(2, '0')} +0000`;
      lines.push(`203.0.113.7 - - [${stamp}] "POST /api/uploads HTTP/1.1" ${status(m, k)} 120 "-" "Mozilla/5.0"`);
    }
  }
  return `${lines.join('\n')}\n`;
}

test('disk-full: nginx and PostgreSQL hit "No space left on device"', async () => {
  const start = Date.UTC(2024, 2, 2, 9, 0);
  const dir = host({
    'etc/timezone': 'Etc/UTC\n',
    'var/log/nginx/access.log': access(start, 20, (m, k) => (m >= 12 && k % 2 === 0 ? 500 : 201)),
    'var/log/nginx/error.log': [
      '2024/03/02 09:12:03 [crit] 811#811: *5521 pwrite() "/var/lib/nginx/body/0000000123" failed (28: No space left on device), client: 203.0.113.7, server: app.example.com, request: "POST /api/uploads HTTP/1.1", host: "app.example.com"',
      '2024/03/02 09:12:41 [crit] 811#811: *5530 pwrite() "/var/lib/nginx/body/0000000131" failed (28: No space left on device), client: 203.0.113.7, server: app.example.com, request: "POST /api/uploads HTTP/1.1", host: "app.example.com"',
    ].join('\n'),
    'var/log/postgresql/postgresql-15-main.log': [
      '2024-03-02 09:12:10.331 UTC [2211] LOG:  checkpoint starting: time',
      '2024-03-02 09:12:15.902 UTC [2211] PANIC:  could not write to file "pg_wal/xlogtemp.2211": No space left on device',
      '2024-03-02 09:12:16.004 UTC [2201] LOG:  checkpointer process (PID 2211) was terminated by signal 6: Aborted',
    ].join('\n'),
  });
  const r = await investigate({ paths: [dir] });
  assert.ok(r.incidents.length >= 1);
  assert.equal(r.hypotheses[0]?.cause, 'disk-full', r.hypotheses.map((h) => h.cause).join(', '));
  assert.ok(
    r.hypotheses[0].evidence.some((e) => e.path === 'var/log/postgresql/postgresql-15-main.log' && e.line === 2),
  );
});

test('platform-recycle: Heroku idles and cycles the dyno under forever (seed 000, Node on Heroku)', async () => {
  const dir = host({
    'heroku.log': [
      '2024-03-02T09:00:01.000000+00:00 heroku[router]: at=info method=GET path="/" host=myapp.herokuapp.com request_id=1 fwd="198.51.100.4" dyno=web.1 connect=0ms service=12ms status=200 bytes=512',
      '2024-03-02T09:30:02.000000+00:00 heroku[web.1]: Idling',
      '2024-03-02T09:30:02.000000+00:00 heroku[web.1]: State changed from up to down',
      '2024-03-02T09:30:05.000000+00:00 heroku[web.1]: Stopping all processes with SIGTERM',
      '2024-03-02T09:30:06.000000+00:00 heroku[web.1]: Process exited with status 143',
      '2024-03-02T09:41:10.000000+00:00 heroku[router]: at=error code=H99 desc="Platform error" method=GET path="/" host=myapp.herokuapp.com request_id=2 fwd="198.51.100.4" dyno= connect= service= status=503 bytes=',
      '2024-03-02T09:41:11.000000+00:00 heroku[router]: at=error code=H99 desc="Platform error" method=GET path="/api/items" host=myapp.herokuapp.com request_id=3 fwd="198.51.100.4" dyno= connect= service= status=503 bytes=',
      '2024-03-02T09:41:12.000000+00:00 heroku[router]: at=error code=H99 desc="Platform error" method=GET path="/api/items" host=myapp.herokuapp.com request_id=4 fwd="198.51.100.4" dyno= connect= service= status=503 bytes=',
      '2024-03-02T09:41:20.000000+00:00 heroku[web.1]: Unidling',
      '2024-03-02T09:41:20.000000+00:00 heroku[web.1]: State changed from down to starting',
    ].join('\n'),
    Procfile: 'web: forever start server.js\n',
  });
  const r = await investigate({ paths: [dir] });
  assert.ok(r.incidents.length >= 1);
  assert.equal(r.hypotheses[0]?.cause, 'platform-recycle', r.hypotheses.map((h) => h.cause).join(', '));
  assert.ok(
    r.findings.some((f) => f.rule === 'paas-process-manager-in-dyno'),
    'the Procfile is audited too',
  );
});

test('dmesg uptime stamps are re-based on the boot time the kernel log tells, per boot', async () => {
  const dir = host({
    'var/log/kern.log': [
      'Jul 11 13:59:43 ip-172-31-1-2 kernel: [86390.112233] INFO: task java:2817 blocked for more than 120 seconds.',
      'Jul 11 14:19:19 ip-172-31-1-2 kernel: [    0.000000] Linux version 5.4.0-1060-aws (buildd@lgw01-amd64-054) (gcc version 7.5.0 (Ubuntu 7.5.0-3ubuntu1~18.04)) #63~18.04.1-Ubuntu SMP Mon Nov 15 14:31:31 UTC 2021 (Ubuntu 5.4.0-1060.63~18.04.1-aws 5.4.157)',
    ].join('\n'),
    'var/log/nginx/error.log':
      '2022/07/11 14:01:27 [error] 8934#8934: *220129 upstream prematurely closed connection while reading response header from upstream, client: 107.167.202.154, server: api, request: "GET /v1/location?id=4704 HTTP/1.1", upstream: "http://127.0.0.1:3000/v1/location?id=4704", host: "api"\n',
    'var/log/dmesg': [
      '[    0.000000] Linux version 5.4.0-1060-aws (buildd@lgw01-amd64-054) (gcc version 7.5.0 (Ubuntu 7.5.0-3ubuntu1~18.04)) #63~18.04.1-Ubuntu SMP Mon Nov 15 14:31:31 UTC 2021 (Ubuntu 5.4.0-1060.63~18.04.1-aws 5.4.157)',
      '[   42.500000] Out of memory: Killed process 2817 (node) total-vm:4194304kB, anon-rss:3145728kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:6400kB oom_score_adj:0',
    ].join('\n'),
  });
  const r = await investigate({ paths: [dir] });
  const oom = r.timeline.find((e) => e.text.includes('Out of memory: Killed process'));
  assert.ok(oom, 'the OOM kill is on the timeline');
  assert.equal(new Date(oom.time).toISOString(), '2022-07-11T14:20:01.500Z');
  const dmesg = r.inputs.find((i) => i.path === 'var/log/dmesg');
  assert.match(dmesg?.assumption ?? '', /uptime stamps re-based/);
});

test("HAProxy's day-of-year stamps land on the right date in a leap year", async () => {
  const dir = host({
    'haproxy.log':
      "[ALERT] 059/071506 (1234) : backend 'app' has no server available!\n[WARNING] 060/071510 (1234) : Server app/web1 is UP, reason: Layer7 check passed, code: 200, check duration: 2ms. 1 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.\n",
  });
  const r = await investigate({ paths: [dir], year: 2024 });
  const alert = r.timeline.find((e) => e.text.includes('no server available'));
  assert.equal(new Date(alert?.time ?? 0).toISOString(), '2024-02-29T07:15:06.000Z');
});
