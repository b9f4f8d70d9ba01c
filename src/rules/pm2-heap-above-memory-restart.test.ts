import { RuleTester } from '../../test/helpers/rule-tester.js';
import rule from './pm2-heap-above-memory-restart.js';

const ECO = (args: string) => `module.exports = {
  apps: [{
    name: 'api',
    script: 'server.js',
    instances: 2,
    exec_mode: 'cluster',
    max_memory_restart: '1G',${args}
  }],
};
`;

new RuleTester().run('pm2-heap-above-memory-restart', rule, {
  valid: [
    {
      name: 'heap below the restart limit',
      files: { 'srv/api/ecosystem.config.js': ECO("\n    node_args: '--max-old-space-size=900',") },
    },
    { name: 'no heap limit', files: { 'srv/api/ecosystem.config.js': ECO('') } },
  ],
  invalid: [
    {
      // Regression: this finding was shown under pm2-memory-restart-exceeds-ram's title as a WARNING beside its ERROR.
      name: 'the postmortem app: a 3 GiB heap above max_memory_restart 2G',
      dir: 'examples/postmortem-api',
      findings: [
        {
          messageId: 'heapAbove',
          severity: 'warning',
          locations: [
            'var/lib/jenkins/workspace/dev_backend/ecosystem.config.js:12',
            'var/lib/jenkins/workspace/dev_backend/ecosystem.config.js:13',
          ],
          message:
            'PM2 app "ob_api_server" gives V8 a heap of 3 GiB (--max-old-space-size) above its max_memory_restart 2 GiB: PM2 restarts it before V8 collects harder.',
        },
      ],
    },
    {
      name: 'node_args in an ecosystem file',
      files: { 'srv/api/ecosystem.config.js': ECO("\n    node_args: '--max-old-space-size=2048',") },
      findings: [
        {
          messageId: 'heapAbove',
          locations: ['srv/api/ecosystem.config.js:8', 'srv/api/ecosystem.config.js:7'],
          message: /heap of 2 GiB .* max_memory_restart 1 GiB/,
        },
      ],
    },
  ],
});
