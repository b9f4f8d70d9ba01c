// /dev/kmsg records: the build machine's (test/fixtures/probe-root/dev-kmsg.txt, none an OOM kill) and the OOM
// lines of real kernel logs in test/fixtures/log/kernel, as /dev/kmsg frames them ("prio,seq,usecs,flags;text").
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseOomRecord } from './kmsg.js';

const fixture = (p: string) => readFileSync(new URL(`../../test/fixtures/${p}`, import.meta.url), 'utf8');
const BOOT = 1796408314;

test("the build machine's records hold no OOM kill", () => {
  const records = fixture('probe-root/dev-kmsg.txt').trim().split('\n');
  assert.ok(records.length >= 10);
  assert.deepEqual(records.map((r) => parseOomRecord(r, BOOT)).filter(Boolean), []);
});

test('an OOM kill of the real kern.log, framed as kmsg: pid, process, time from the boot time', () => {
  const line = fixture('log/kernel/kern.log')
    .split('\n')
    .find((l) => l.includes('Out of memory: Killed process'));
  assert.ok(line);
  const text = line.slice(line.indexOf('Out of memory'));
  const kill = parseOomRecord(`3,1204,8843221532,-;${text}\n SUBSYSTEM=memory\n`, BOOT);
  assert.deepEqual(
    { ...kill, text: undefined },
    {
      time: new Date((BOOT + 8843.221532) * 1000).toISOString(),
      pid: 23512,
      process: 'node',
      cgroup: false,
      text: undefined,
    },
  );
  assert.equal(kill?.text, text);
  const cg = parseOomRecord('3,9,100,-;Memory cgroup out of memory: Killed process 77 (java) total-vm:1kB', BOOT);
  assert.deepEqual([cg?.pid, cg?.process, cg?.cgroup], [77, 'java', true]);
  assert.equal(parseOomRecord('6,12,0,-;Hypervisor detected: KVM', BOOT), undefined);
});
