import { RuleTester } from '../../test/helpers/rule-tester.js';
import rule from './node-headers-timeout-below-keepalive.js';

const SERVER = `const http = require('http');
const server = http.createServer(handler);
server.keepAliveTimeout = 65000;
server.listen(8080);
`;

new RuleTester().run('node-headers-timeout-below-keepalive', rule, {
  valid: [
    { name: 'Node 18+', files: { 'srv/api/server.js': SERVER, 'srv/api/.nvmrc': '20.11.1\n' } },
    {
      name: 'headersTimeout above keepAliveTimeout',
      files: { 'srv/api/server.js': `${SERVER}server.headersTimeout = 66000;\n` },
    },
  ],
  invalid: [
    {
      name: 'Node 16 with keepAliveTimeout 65 s and the default headersTimeout 60 s',
      files: {
        'srv/api/server.js': SERVER,
        'srv/api/package.json': '{\n  "name": "api",\n  "engines": { "node": "16.x" }\n}\n',
      },
      findings: [
        {
          messageId: 'below',
          severity: 'warning',
          locations: ['srv/api/server.js:3', 'srv/api/package.json:3'],
          fix: /headersTimeout = 66000/,
        },
      ],
    },
    {
      name: 'the Node version unknown: "if Node < 18", as info',
      files: { 'srv/api/server.js': SERVER },
      findings: [
        {
          messageId: 'below',
          severity: 'info',
          locations: ['srv/api/server.js:3'],
          message: /if this runs on Node < 18/,
        },
      ],
    },
  ],
});
