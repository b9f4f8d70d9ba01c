import { RuleTester } from '../../test/helpers/rule-tester.js';
import rule from './paas-process-manager-in-dyno.js';

new RuleTester().run('paas-process-manager-in-dyno', rule, {
  valid: [
    { name: 'node in the foreground', files: { 'app/Procfile': 'web: node server.js\n' } },
    { name: 'pm2-runtime', files: { 'app/Procfile': 'web: pm2-runtime start ecosystem.config.js\n' } },
  ],
  invalid: [
    {
      name: 'forever in a Procfile (seed 000, Node on Heroku)',
      files: { 'app/Procfile': 'web: forever start server.js\nworker: node worker.js\n' },
      findings: [{ messageId: 'procfile', locations: ['app/Procfile:1'], message: /forever inside a dyno/ }],
    },
    {
      name: '`web: npm start` whose start script runs pm2 start',
      files: {
        'app/Procfile': 'web: npm start\n',
        'app/package.json': '{\n  "name": "web",\n  "scripts": {\n    "start": "pm2 start server.js -i 2"\n  }\n}\n',
      },
      findings: [{ messageId: 'script', locations: ['app/package.json:4', 'app/Procfile:1'] }],
    },
  ],
});
