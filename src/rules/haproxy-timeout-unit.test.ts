import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RuleTester } from '../../test/helpers/rule-tester.js';
import rule, { readsLikeSeconds } from './haproxy-timeout-unit.js';

new RuleTester().run('haproxy-timeout-unit', rule, {
  valid: [
    { name: 'the distribution defaults (5000/50000 ms)', dir: 'examples/seed-talk-galera' },
    {
      name: 'values with units',
      files: {
        'etc/haproxy/haproxy.cfg':
          'defaults\n  timeout connect 5s\n  timeout client 8h\n  timeout server 28800s\n  timeout http-request 10s\n',
      },
    },
  ],
  invalid: [
    {
      name: 'timeout client 28800 (the seed talk: 28.8 s, not 8 h) and timeout server 30',
      files: {
        'etc/haproxy/haproxy.cfg': `defaults
    mode tcp
    timeout connect 5000
    timeout client 28800
    timeout server 28800

backend api
    mode http
    timeout server 30
    server a 127.0.0.1:3000
`,
      },
      findings: [
        {
          messageId: 'bare',
          severity: 'warning',
          locations: ['etc/haproxy/haproxy.cfg:4'],
          message: /timeout client 28800.*28\.8 s.*8 h.*timeout client 8h/s,
        },
        { messageId: 'bare', locations: ['etc/haproxy/haproxy.cfg:5'] },
        { messageId: 'bare', locations: ['etc/haproxy/haproxy.cfg:9'], message: /30 ms/, fix: /timeout server 30s/ },
      ],
    },
  ],
});

test('the heuristic', () => {
  assert.equal(readsLikeSeconds('client', 28800), true);
  assert.equal(readsLikeSeconds('client', 50000), false);
  assert.equal(readsLikeSeconds('server', 30), true);
  assert.equal(readsLikeSeconds('connect', 5000), false);
  assert.equal(readsLikeSeconds('connect', 10), true);
  assert.equal(readsLikeSeconds('client', 120000), false);
});
