// The rule tester itself: a right table passes, and each kind of wrong expectation fails with a message
// that names the case and shows what the rule really reported.
import assert, { AssertionError } from 'node:assert/strict';
import { test } from 'node:test';
import rule from '../../src/rules/haproxy-single-server.js';
import upstreamRule from '../../src/rules/upstream-keepalive-outlives-app.js';
import { checkInvalid, checkValid, type InvalidCase } from './rule-tester.js';

// The OpenShift gear of seed 000 (as in haproxy-single-server.test.ts).
const GEAR = `defaults
    mode http
    timeout connect 10s
    timeout client 1m
    timeout server 1m

listen express 127.9.9.1:8080
    option httpchk GET /
    server local-gear 127.9.9.2:8080 check fall 2 rise 3 inter 2000
`;
const files = { 'haproxy/conf/haproxy.cfg': GEAR };
const right: InvalidCase = {
  name: 'one checked server',
  files,
  findings: [
    {
      messageId: 'single',
      locations: ['haproxy/conf/haproxy.cfg:9', 'haproxy/conf/haproxy.cfg:7'],
      severity: 'warning',
      message: /after 2 failed checks 2 s apart \(≈ 4 s\)/,
    },
  ],
};

/** Runs `fn`, which must fail the case, and returns the failure's message. */
function failure(fn: () => void): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof AssertionError || err instanceof Error);
    return err.message;
  }
  assert.fail('the tester accepted a wrong expectation');
}

test('a right expectation passes', () => {
  checkInvalid(rule, right);
  checkValid(rule, {
    name: 'two servers',
    files: {
      'etc/haproxy/haproxy.cfg': 'backend app\n  server a 10.0.0.1:8080 check\n  server b 10.0.0.2:8080 check\n',
    },
  });
});

test('a wrong location fails with a diff showing the reported one', () => {
  const m = failure(() =>
    checkInvalid(rule, {
      ...right,
      findings: [{ messageId: 'single', locations: ['haproxy/conf/haproxy.cfg:8', 'haproxy/conf/haproxy.cfg:7'] }],
    }),
  );
  assert.match(m, /case "one checked server" must report 1 finding\(s\) exactly/);
  assert.match(m, /\+\s+'haproxy\/conf\/haproxy\.cfg:9'/);
  assert.match(m, /-\s+'haproxy\/conf\/haproxy\.cfg:8'/);
});

test('a message that does not match, or another severity, fails and shows the real text', () => {
  const m = failure(() =>
    checkInvalid(rule, {
      ...right,
      findings: [{ ...right.findings[0], message: /after 3 failed checks/, severity: 'error' }],
    }),
  );
  assert.match(m, /after 2 failed checks 2 s apart/);
  assert.match(m, /severity: 'warning'/);
});

test('a missing or an extra finding fails', () => {
  const extra = failure(() => checkInvalid(rule, { ...right, findings: [...right.findings, right.findings[0]] }));
  assert.match(extra, /must report 2 finding\(s\) exactly/);
  const fires = failure(() => checkValid(rule, { name: 'must stay silent', files }));
  assert.match(fires, /case "must stay silent" must not fire/);
  assert.match(fires, /messageId: 'single'/);
});

test('an unknown message id, an empty findings list or an unread file is a mistake in the table', () => {
  assert.match(
    failure(() => checkInvalid(rule, { ...right, findings: [{ messageId: 'nope', locations: [] }] })),
    /haproxy-single-server has no message "nope"/,
  );
  assert.match(
    failure(() => checkInvalid(rule, { ...right, findings: [] })),
    /make it a valid case/,
  );
  assert.match(
    failure(() => checkValid(rule, { name: 'typo', files: { ...files, 'notes.txt': 'not a config\n' } })),
    /read as no config format.*notes\.txt/s,
  );
});

test('a valid case that passes only because the engine skipped the rule must say so', () => {
  const nginxOnly = {
    'etc/nginx/nginx.conf': 'events {}\nhttp {\n  upstream app {\n    server 127.0.0.1:3000;\n  }\n}\n',
  };
  assert.match(
    failure(() => checkValid(upstreamRule, { name: 'no app', files: nginxOnly })),
    /skipped the rule \(needs node-app\); if that is the point, say skipped: 'needs node-app'/,
  );
  checkValid(upstreamRule, { name: 'no app', files: nginxOnly, skipped: 'needs node-app' });
});
