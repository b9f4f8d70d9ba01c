import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { kernel } from './kernel.js';
import { nodeLog } from './node-log.js';
import { pm2Log } from './pm2-log.js';
import { redisLog } from './redis-log.js';
import { syslog } from './syslog.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/log/kernel/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean);

test('every sample parses as a kernel line', () => {
  for (const line of kernel.samples) assert.equal(kernel.parse(line)?.program, 'kernel', line);
});

test('kern.log (seed 002): syslog stamp, uptime, boot banner', () => {
  const lines = fixture('kern.log').map((l) => kernel.parse(l)!);
  const banner = lines[7];
  assert.deepEqual(banner.ts, { month: 7, day: 11, hour: 14, minute: 19, second: 19 });
  assert.equal(banner.uptime, 0);
  assert.equal(banner.fields?.boot, 1);
  assert.equal(banner.fields?.kernelVersion, '5.4.0-1060-aws');
  assert.equal(lines.filter((l) => l.fields?.boot === 1).length, 1);
  assert.equal(lines[0].fields?.port, 80);
  assert.equal(lines[0].uptime, 8805.004211);
  assert.equal(lines[2].fields?.killedPid, 23512);
  assert.equal(lines[2].fields?.killedProcess, 'node');
  assert.equal(lines[4].fields?.task, 'jbd2/nvme0n1p1-8');
  assert.equal(lines[4].fields?.taskPid, 263);
  assert.equal(lines[4].fields?.blockedSeconds, 120);
  assert.equal(lines[4].message, 'INFO: task jbd2/nvme0n1p1-8:263 blocked for more than 120 seconds.');
});

test('raw dmesg: uptime only, no ts; conntrack and OOM parse', () => {
  const lines = fixture('dmesg.txt').map((l) => kernel.parse(l)!);
  assert.equal(lines[0].ts, undefined);
  assert.equal(lines[0].uptime, 0);
  assert.equal(lines[0].fields?.boot, 1);
  assert.equal(lines[2].uptime, 2.381044);
  assert.equal(lines[4].message, 'nf_conntrack: nf_conntrack: table full, dropping packet');
  assert.equal(lines[5].fields?.killedPid, 23512);
});

test('dmesg -T: ctime stamp with year, no offset; dmesg -x / -r levels; --time-format iso offset', () => {
  const t = kernel.parse(fixture('dmesg-T.txt')[1])!;
  assert.deepEqual(t.ts, { year: 2022, month: 7, day: 11, hour: 16, minute: 45, second: 2 });
  assert.equal(t.uptime, undefined);
  assert.match(t.message, /^TCP: request_sock_TCP: Possible SYN flooding on port 80\./);
  assert.equal(kernel.parse('[Fri Jul  1 09:00:01 2022] x')!.ts?.day, 1);
  const decoded = kernel.parse(kernel.samples[8])!;
  assert.equal(decoded.level, 'error');
  assert.equal(decoded.fields?.facility, 'kern');
  assert.equal(decoded.fields?.killedPid, 1234);
  assert.equal(decoded.uptime, 8843.2216);
  const raw = kernel.parse(kernel.samples[9])!;
  assert.equal(raw.level, 'info');
  assert.equal(raw.fields?.boot, 1);
  const iso = kernel.parse(kernel.samples[10])!;
  assert.equal(iso.ts?.offsetMinutes, 0);
  assert.equal(iso.ts?.ms, 123);
});

test('detect: kernel files beat syslog; other formats low; garbage null', () => {
  for (const name of ['kern.log', 'dmesg.txt', 'dmesg-T.txt']) {
    const lines = fixture(name);
    const score = kernel.detect(lines, `/var/log/${name}`);
    assert.ok(score >= 0.95, name);
    assert.ok(score > syslog.detect(lines, `/var/log/${name}`), name);
  }
  for (const other of [pm2Log, nodeLog, redisLog]) assert.equal(kernel.detect(other.samples, 'x.log'), 0, other.id);
  for (const g of ['', '[abc] x', '[12.x] y', '[Mon Jul 11 25:19:19 2022] x', 'kern  :bogus : [1.0] x']) {
    assert.equal(kernel.parse(g), null, g);
  }
});

test('property: never throws, linear on long lines', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (s) => {
      kernel.parse(s);
      kernel.parse(`[ 1.5] ${s}`);
      kernel.parse(`[${s}`);
      kernel.parse(`[ 1.5] INFO: task ${s}`);
    }),
    { numRuns: 2000 },
  );
  const t0 = performance.now();
  kernel.parse(`[ 1.5] INFO: task ${':1'.repeat(50_000)} blocked`);
  kernel.parse(`[ 1.5] Killed process 1 (${'('.repeat(100_000)}`);
  kernel.parse(`kern  :${'a'.repeat(100_000)}`);
  assert.ok(performance.now() - t0 < 1000);
});
