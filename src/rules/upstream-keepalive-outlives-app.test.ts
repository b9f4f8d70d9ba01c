import { RuleTester } from '../../test/helpers/rule-tester.js';
import rule from './upstream-keepalive-outlives-app.js';

const NGINX = (extra: string) => `events {}
http {
  upstream app {
    server 127.0.0.1:3000;
    ${extra}
  }
  server {
    listen 80;
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`;
// The App Engine story of seed 000: a flexible Node app behind Google Cloud load balancing.
const APP_YAML = 'runtime: nodejs\nenv: flex\nautomatic_scaling:\n  min_num_instances: 2\n';
const SERVER = (line: string) => `const express = require('express');
const app = express();
const server = app.listen(3000);
${line}
`;

new RuleTester().run('upstream-keepalive-outlives-app', rule, {
  valid: [
    {
      name: 'the app outlives the proxy',
      files: {
        'etc/nginx/nginx.conf': NGINX('keepalive 32;'),
        'srv/app/server.js': SERVER('server.keepAliveTimeout = 65000;'),
      },
    },
    {
      name: 'the upstream keepalive_timeout is below the app’s',
      files: {
        'etc/nginx/nginx.conf': NGINX('keepalive 32;\n    keepalive_timeout 4s;'),
        'srv/app/server.js': SERVER(''),
      },
    },
    {
      name: 'no Node app in the input',
      files: { 'etc/nginx/nginx.conf': NGINX('keepalive 32;') },
      skipped: 'needs node-app',
    },
    {
      name: 'App Engine flexible with the app above the load balancer’s 600 s',
      files: { 'app.yaml': APP_YAML, 'server.js': SERVER('server.keepAliveTimeout = 620000;') },
    },
    {
      name: 'Node 26 default 65 s',
      files: {
        'etc/nginx/nginx.conf': NGINX('keepalive 32;'),
        'srv/app/server.js': SERVER(''),
        'srv/app/package.json': '{ "name": "app", "engines": { "node": ">=26" } }',
      },
    },
  ],
  invalid: [
    {
      name: 'the postmortem stack: nginx reuses for 60 s (default), Node 14 closes after 5 s (default)',
      dir: 'examples/postmortem-api',
      findings: [
        {
          messageId: 'nginx',
          severity: 'error',
          locations: [
            'etc/nginx/sites-enabled/api:4',
            'etc/nginx/sites-enabled/api:15',
            'etc/nginx/sites-enabled/api:16',
            'var/lib/jenkins/workspace/dev_backend/package.json:6',
          ],
          message: /"api_backend".*1 min.*reuses them.*5 s.*Node 14/s,
          fix: /keepAliveTimeout = 65000/,
        },
      ],
    },
    {
      name: 'the app line is cited when keepAliveTimeout is written too short',
      files: {
        'etc/nginx/nginx.conf': NGINX('keepalive 32;\n    keepalive_timeout 30s;'),
        'srv/app/server.js': SERVER('server.keepAliveTimeout = 10000;'),
      },
      findings: [
        {
          messageId: 'nginx',
          locations: [
            'etc/nginx/nginx.conf:5',
            'etc/nginx/nginx.conf:6',
            'etc/nginx/nginx.conf:12',
            'etc/nginx/nginx.conf:13',
            'srv/app/server.js:4',
          ],
          message: /30 s.*10 s \(server\.keepAliveTimeout = 10000 at srv\/app\/server\.js:4\)/s,
        },
      ],
    },
    {
      name: 'App Engine flexible: Google Cloud load balancing keeps idle connections for 600 s, Node 5 s',
      files: { 'app.yaml': APP_YAML, 'server.js': SERVER('') },
      findings: [
        {
          messageId: 'cloud',
          locations: ['app.yaml:2', 'server.js:3'],
          message: /keeps idle connections for 600 s, but the Node app "app" closes them after 5 s \(Node's default/,
          fix: /keepAliveTimeout = 620000/,
        },
      ],
    },
    {
      name: 'a warning (if nginx ≥ 1.29.7) when reuse is not enabled explicitly',
      files: { 'etc/nginx/nginx.conf': NGINX(''), 'srv/app/server.js': SERVER('') },
      findings: [
        {
          messageId: 'nginx',
          severity: 'warning',
          locations: ['etc/nginx/nginx.conf:3', 'srv/app/server.js:3'],
          message: /1\.29\.7/,
        },
      ],
    },
  ],
});
