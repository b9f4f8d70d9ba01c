// The pseudonymiser on real line shapes (nginx access, PostgreSQL connection, HAProxy, sshd via syslog, ss -tanp),
// one table of must-replace and must-keep cases, then stability across calls.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Pseudonymiser } from './pseudonym.js';

const known = { hosts: ['web1', 'web1.prod.example.com'], users: ['deploy'] };

const CASES: { line: string; gone: string[]; kept: string[] }[] = [
  {
    line: '203.0.113.7 - - [23/Nov/2026:03:03:46 +0000] "GET /cart HTTP/1.1" 200 14 "-" "curl/8.5.0"',
    gone: ['203.0.113.7'],
    kept: ['23/Nov/2026:03:03:46', 'curl/8.5.0'],
  },
  {
    line: '2026-11-23 03:04:05.120 UTC [10901] LOG:  connection received: host=203.0.113.7 port=51234',
    gone: ['203.0.113.7'],
    kept: ['03:04:05.120', '[10901]', 'port=51234'],
  },
  {
    line: 'Nov 23 03:03:22 web1 haproxy[10498]: 198.51.100.23:37104 [23/Nov/2026:03:03:19.594] mysql mysql/db1',
    gone: ['198.51.100.23', 'web1'],
    kept: [':37104', 'haproxy[10498]', 'mysql/db1', '03:03:19.594'],
  },
  {
    line: 'Nov 23 03:10:01 web1 sshd[811]: Accepted publickey for deploy from 2a01:4f8:c17:1234::2 port 50022 ssh2',
    gone: ['2a01:4f8:c17:1234::2', 'deploy', 'web1'],
    kept: ['sshd[811]', 'port 50022'],
  },
  {
    line: 'ESTAB 0 0 [::ffff:10.1.2.3]:8080 [2001:67c:2e8:22::c100:68b]:443 users:(("node",pid=42,fd=21))',
    gone: ['10.1.2.3', '2001:67c:2e8:22::c100:68b'],
    kept: ['::ffff:', ']:8080', 'pid=42'],
  },
  {
    line: 'mail from ops@shop.example.com to web1.prod.example.com via 127.0.0.1 and ::1 (Foo::bar, 12:34:56)',
    gone: ['ops@shop.example.com', 'web1.prod.example.com'],
    kept: ['127.0.0.1', '::1', 'Foo::bar', '12:34:56'],
  },
  // A file named after the host keeps its extension; it is not taken for an FQDN.
  {
    line: '/home/deploy/.pm2/logs/api-out.log on web1.log, version 1.22.1',
    gone: ['deploy', 'web1'],
    kept: ['/.pm2/logs/api-out.log', 'host-1.log', '1.22.1'],
  },
];

for (const c of CASES) {
  test(`pseudonymise: ${c.line.slice(0, 60)}`, () => {
    const p = new Pseudonymiser(known);
    const { text, count } = p.apply(c.line);
    for (const g of c.gone) assert.ok(!text.includes(g), `${g} remains in ${text}`);
    for (const k of c.kept) assert.ok(text.includes(k), `${k} lost from ${text}`);
    assert.ok(count >= c.gone.length, `${count} replacements in ${text}`);
  });
}

test('one address is one token across calls, and tokens keep the address shape', () => {
  const p = new Pseudonymiser(known);
  const a = p.apply('client 203.0.113.7 and 203.0.113.8').text;
  const b = p.apply('host=203.0.113.7').text;
  assert.equal(a, 'client 198.18.0.1 and 198.18.0.2');
  assert.equal(b, 'host=198.18.0.1');
  // A token met again in a later file is not pseudonymised a second time.
  assert.equal(p.apply(a).text, a);
  assert.deepEqual(
    p.entries().map((e) => [e.kind, e.original, e.token]),
    [
      ['ipv4', '203.0.113.7', '198.18.0.1'],
      ['ipv4', '203.0.113.8', '198.18.0.2'],
    ],
  );
});

test('an FQDN of the host met in a file is learnt as a host name', () => {
  const p = new Pseudonymiser({ hosts: ['db1'], users: [] });
  const t = p.apply('replica db1.eu-west.internal.example.org connected; db1 is primary').text;
  assert.equal(t, 'replica host-1 connected; host-2 is primary');
});
