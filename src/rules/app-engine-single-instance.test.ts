import { RuleTester } from '../../test/helpers/rule-tester.js';
import rule from './app-engine-single-instance.js';

new RuleTester().run('app-engine-single-instance', rule, {
  valid: [
    {
      name: 'two or more instances',
      files: { 'app.yaml': 'runtime: nodejs\nenv: flex\nautomatic_scaling:\n  min_num_instances: 2\n' },
    },
    { name: 'the flexible default', files: { 'app.yaml': 'runtime: nodejs\nenv: flex\n' } },
  ],
  invalid: [
    {
      name: 'a flexible Node app scaled down to one instance (seed 000, App Engine story)',
      files: {
        'app.yaml': `runtime: nodejs
env: flex

automatic_scaling:
  min_num_instances: 1
  max_num_instances: 4
  cool_down_period_sec: 120
  cpu_utilization:
    target_utilization: 0.6

resources:
  cpu: 1
  memory_gb: 1
`,
      },
      findings: [
        { messageId: 'single', locations: ['app.yaml:5', 'app.yaml:4'], message: /flex App Engine down to 1 instance/ },
      ],
    },
  ],
});
