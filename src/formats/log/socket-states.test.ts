import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { haproxyLog } from './haproxy-log.js';
import { nginxAccess } from './nginx-access.js';
import { nginxError } from './nginx-error.js';
import { portOf, socketStates } from './socket-states.js';
import { tomcatLog } from './tomcat-log.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/log/socket-states/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean);

/** What the analysis will do with these rows: count by state and local port. */
function countByStateAndPort(lines: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of lines) {
    const p = socketStates.parse(line);
    if (!p?.fields) continue;
    const key = `${p.fields!.state}:${p.fields!.localPort}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

test('every sample parses', () => {
  for (const line of socketStates.samples) assert.ok(socketStates.parse(line), line);
});

test('netstat -tanp: rows with proto, addresses, state, ports, queues, program; headers skipped', () => {
  const lines = fixture('netstat-tanp.txt');
  // The header lines are the capture's own: parsed (so the file is claimed by its share of parsed lines), no state.
  assert.deepEqual(socketStates.parse(lines[0]), { message: lines[0] });
  assert.deepEqual(socketStates.parse(lines[1]), { message: lines[1] });
  assert.deepEqual(socketStates.parse(lines[6])!.fields, {
    proto: 'tcp',
    local: '10.0.0.5:8080',
    peer: '10.0.0.9:50918',
    state: 'CLOSE_WAIT',
    localPort: 8080,
    peerPort: 50918,
    recvQ: 1,
    sendQ: 0,
    program: '1187/java',
  });
  assert.equal(socketStates.parse(lines[7])!.fields?.program, undefined);
  assert.equal(socketStates.parse(lines[8])!.fields?.program, '2301/sshd: admin');
  assert.deepEqual(countByStateAndPort(lines), {
    'LISTEN:22': 2,
    'LISTEN:8080': 1,
    'ESTABLISHED:8080': 2,
    'CLOSE_WAIT:8080': 1,
    'TIME_WAIT:8080': 1,
    'ESTABLISHED:22': 1,
  });
});

test('ss -tanp: states normalised to netstat names, listen queue overflow visible, process', () => {
  const lines = fixture('ss-tanp.txt');
  const listen = socketStates.parse(lines[1])!;
  assert.equal(listen.fields?.state, 'LISTEN');
  assert.equal(listen.fields?.recvQ, 129);
  assert.equal(listen.fields?.sendQ, 128);
  assert.equal(listen.fields?.program, '2231/node');
  assert.deepEqual(countByStateAndPort(lines), {
    'LISTEN:3000': 1,
    'ESTABLISHED:3000': 2,
    'SYN_RECV:3000': 1,
    'TIME_WAIT:3000': 1,
    'CLOSE_WAIT:41012': 1,
    'LISTEN:22': 1,
  });
});

test('ports of Linux, IPv6 and BSD addresses', () => {
  assert.equal(portOf('10.0.0.5:8080'), 8080);
  assert.equal(portOf(':::22'), 22);
  assert.equal(portOf('[::ffff:10.0.0.5]:5432'), 5432);
  assert.equal(portOf('0.0.0.0:*'), -1);
  assert.equal(portOf('192.168.1.5.52345'), 52345);
  assert.equal(portOf('*.22'), 22);
  assert.equal(portOf('::1.80'), 80);
  const mac = socketStates.parse(socketStates.samples[6])!;
  assert.equal(mac.fields?.localPort, 52345);
  assert.equal(mac.fields?.state, 'ESTABLISHED');
});

test('detect: headers make it certain; other formats score 0; garbage is null', () => {
  assert.ok(socketStates.detect(fixture('netstat-tanp.txt'), 'netstat.txt') >= 0.95);
  assert.ok(socketStates.detect(fixture('ss-tanp.txt'), 'ss.txt') >= 0.95);
  for (const other of [nginxAccess, nginxError, haproxyLog, tomcatLog])
    assert.equal(socketStates.detect(other.samples, 'x'), 0);
  for (const g of ['', 'tcp', 'ESTAB x y', 'tcp 0 0']) assert.equal(socketStates.parse(g), null, g);
});

test('property: never throws, linear', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (s) => {
      socketStates.parse(s);
      socketStates.parse(`tcp 0 0 ${s}`);
      portOf(s);
    }),
    { numRuns: 2000 },
  );
  const t0 = performance.now();
  socketStates.parse(`tcp 0 0 a b ${'A '.repeat(50_000)}`);
  socketStates.parse(`ESTAB 0 0 a b ${' '.repeat(100_000)}x`);
  assert.ok(performance.now() - t0 < 1000);
});
