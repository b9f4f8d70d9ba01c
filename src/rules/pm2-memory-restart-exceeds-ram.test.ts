import { RuleTester } from '../../test/helpers/rule-tester.js';
import { GiB } from '../model/units.js';
import rule from './pm2-memory-restart-exceeds-ram.js';

const ECO = (inst: string, mem: string, args = '') => `module.exports = {
  apps: [{
    name: 'api',
    script: 'server.js',
    instances: ${inst},
    exec_mode: 'cluster',
    max_memory_restart: '${mem}',${args}
  }],
};
`;

new RuleTester().run('pm2-memory-restart-exceeds-ram', rule, {
  valid: [
    { name: 'it fits', files: { 'srv/api/ecosystem.config.js': ECO('2', '1G') }, overrides: { ram: 4 * GiB } },
    { name: 'no RAM in the input', files: { 'srv/api/ecosystem.config.js': ECO('8', '1G') } },
  ],
  invalid: [
    {
      name: "the postmortem host: instances 'max' (2 CPUs) × 2G on 3.8 GiB",
      dir: 'examples/postmortem-api',
      findings: [
        {
          messageId: 'exceeds',
          severity: 'error',
          locations: [
            'var/lib/jenkins/workspace/dev_backend/ecosystem.config.js:13',
            'var/lib/jenkins/workspace/dev_backend/ecosystem.config.js:10',
            'proc/meminfo:1',
          ],
          message: /4 GiB \(instances: 'max' = 2 CPUs.*3\.8 GiB/s,
        },
      ],
    },
    {
      name: '--ram when the input has no meminfo (a heap above the restart limit is another rule)',
      files: { 'srv/api/ecosystem.config.js': ECO('4', '1G', "\n    node_args: '--max-old-space-size=2048',") },
      overrides: { ram: 2 * GiB },
      findings: [
        {
          messageId: 'exceeds',
          severity: 'error',
          locations: ['srv/api/ecosystem.config.js:7', 'srv/api/ecosystem.config.js:5'],
          message: /4 GiB \(instances: 4 × max_memory_restart 1 GiB\) on a host with 2 GiB RAM \(--ram\)/,
        },
      ],
    },
  ],
});
