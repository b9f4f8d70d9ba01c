// Debian bookworm's own www pool (pm = dynamic, pm.max_children = 5; test/fixtures/config/php-fpm) beside the
// captured snapshot, its process copied into `n` workers titled "php-fpm: pool www".
import { readFileSync } from 'node:fs';
import { at, SNAPSHOT_PATH, snapshotText } from '../../test/helpers/probe-snapshot.js';
import { RuleTester } from '../../test/helpers/rule-tester.js';
import rule from './workers-near-limit.js';

const POOL = 'etc/php/8.2/fpm/pool.d/www.conf';
const pool = readFileSync(
  new URL(`../../test/fixtures/config/php-fpm/debian-bookworm/${POOL}`, import.meta.url),
  'utf8',
);
const workers = (n: number) =>
  snapshotText((s) => {
    const p = s.processes[0];
    s.processes = Array.from({ length: n }, (_, i) => ({
      ...p,
      pid: 20000 + i,
      name: 'php-fpm8.2',
      workerOf: 'php-fpm:www',
    }));
  });

new RuleTester().run('workers-near-limit', rule, {
  valid: [
    { name: 'three of five', files: { [SNAPSHOT_PATH]: workers(3), [POOL]: pool } },
    {
      name: 'a static pool runs all its workers',
      files: { [SNAPSHOT_PATH]: workers(5), [POOL]: pool.replace('pm = dynamic', 'pm = static') },
    },
  ],
  invalid: [
    {
      name: 'four of five: a warning',
      files: { [SNAPSHOT_PATH]: workers(4), [POOL]: pool },
      findings: [
        {
          messageId: 'near',
          severity: 'warning',
          locations: [at(workers(4), '"pid": 20000'), `${POOL}:127`],
          message:
            'php-fpm pool www runs 4 workers of 5 (80 %, pm.max_children 5 (pm = dynamic)): requests past them wait in its listen queue.',
        },
      ],
    },
    {
      name: 'all five: an error',
      files: { [SNAPSHOT_PATH]: workers(5), [POOL]: pool },
      findings: [{ messageId: 'near', severity: 'error', locations: [at(workers(5), '"pid": 20000'), `${POOL}:127`] }],
    },
  ],
});
