import { RuleTester } from '../../test/helpers/rule-tester.js';
import rule from './haproxy-single-server.js';

// The OpenShift gear of seed 000: one local gear behind HAProxy with an HTTP check.
const GEAR = `global
    maxconn 256

defaults
    mode http
    option httplog
    timeout connect 10s
    timeout client 1m
    timeout server 1m
    maxconn 128

listen express 127.9.9.1:8080
    cookie GEAR insert indirect nocache
    option httpchk GET /
    http-check expect rstatus 2..|3..|401
    balance leastconn
    server local-gear 127.9.9.2:8080 check fall 2 rise 3 inter 2000 cookie local-xyz
`;

const haproxy = (cfg: string) => ({ 'etc/haproxy/haproxy.cfg': cfg });

new RuleTester().run('haproxy-single-server', rule, {
  valid: [
    {
      name: 'two servers',
      files: haproxy('backend app\n  server a 10.0.0.1:8080 check\n  server b 10.0.0.2:8080 check\n'),
    },
    { name: 'no health check', files: haproxy('backend app\n  server a 10.0.0.1:8080\n') },
    {
      name: 'a backup server',
      files: haproxy('backend app\n  server a 10.0.0.1:8080 check\n  server sorry 10.0.0.9:8080 check backup\n'),
    },
  ],
  invalid: [
    {
      name: 'one health-checked server: the time to DOWN is computed',
      files: { 'haproxy/conf/haproxy.cfg': GEAR },
      findings: [
        {
          messageId: 'single',
          locations: ['haproxy/conf/haproxy.cfg:17', 'haproxy/conf/haproxy.cfg:12'],
          message: /after 2 failed checks 2 s apart \(≈ 4 s\).*until 3 checks pass/s,
        },
      ],
    },
    {
      name: 'HAProxy defaults fall 3 / inter 2 s',
      files: haproxy('backend app\n  timeout server 30s\n  server a 10.0.0.1:8080 check\n'),
      findings: [
        {
          messageId: 'single',
          locations: ['etc/haproxy/haproxy.cfg:3', 'etc/haproxy/haproxy.cfg:1'],
          message: /after 3 failed checks 2 s apart \(≈ 6 s\)/,
        },
      ],
    },
  ],
});
