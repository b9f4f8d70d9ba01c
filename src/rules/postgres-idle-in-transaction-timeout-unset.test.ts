import { RuleTester } from '../../test/helpers/rule-tester.js';
import rule from './postgres-idle-in-transaction-timeout-unset.js';

const PG = 'etc/postgresql/15/main/postgresql.conf';

new RuleTester().run('postgres-idle-in-transaction-timeout-unset', rule, {
  valid: [{ name: 'set', files: { [PG]: "port = 5432\nidle_in_transaction_session_timeout = '5min'\n" } }],
  invalid: [
    {
      name: 'only the commented-out default is there',
      dir: 'examples/postmortem-api',
      findings: [
        {
          messageId: 'unset',
          locations: ['etc/postgresql/14/main/postgresql.conf:1'],
          message: /0 \(the default, disabled\)/,
        },
      ],
    },
    {
      name: 'an explicit 0 is cited',
      files: { [PG]: 'port = 5432\nmax_connections = 100\nidle_in_transaction_session_timeout = 0\n' },
      findings: [{ messageId: 'unset', locations: [`${PG}:3`] }],
    },
  ],
});
