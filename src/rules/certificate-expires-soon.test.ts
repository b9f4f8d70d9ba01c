import { readFileSync } from 'node:fs';
import { SNAPSHOT_PATH, snapshotText } from '../../test/helpers/probe-snapshot.js';
import { RuleTester } from '../../test/helpers/rule-tester.js';
import rule from './certificate-expires-soon.js';

const NGINX = 'etc/nginx/nginx.conf';
const nginx = readFileSync(new URL(`../../examples/postmortem-api/${NGINX}`, import.meta.url), 'utf8');

// ISRG Root X1's subject and dates (test/fixtures/certs), its notAfter moved to `days` after the snapshot.
const certificate = (days: number) =>
  snapshotText((s) => {
    s.certificates = [
      {
        path: '/etc/letsencrypt/live/example.org/fullchain.pem',
        subject: 'CN=example.org',
        notBefore: '2026-09-05T11:04:38.000Z',
        notAfter: new Date(Date.parse(s.time) + days * 86_400_000 + 3_600_000).toISOString(),
        daysLeft: days,
        referencedBy: { path: '/etc/nginx/sites-enabled/example.org', line: 14 },
      },
    ];
  });

new RuleTester().run('certificate-expires-soon', rule, {
  valid: [
    { name: 'no certificate read', files: { [SNAPSHOT_PATH]: snapshotText(), [NGINX]: nginx } },
    { name: '31 days left', files: { [SNAPSHOT_PATH]: certificate(31), [NGINX]: nginx } },
    { name: 'no nginx or Apache config', files: { [SNAPSHOT_PATH]: certificate(3) }, skipped: 'needs nginx or apache' },
  ],
  invalid: [
    {
      name: '30 days left: a warning at the directive that names it',
      files: { [SNAPSHOT_PATH]: certificate(30), [NGINX]: nginx },
      findings: [
        {
          messageId: 'soon',
          severity: 'warning',
          locations: ['/etc/nginx/sites-enabled/example.org:14'],
          message:
            'CN=example.org (/etc/letsencrypt/live/example.org/fullchain.pem, named at /etc/nginx/sites-enabled/example.org:14) expires in 30 days, on 2027-01-03.',
        },
      ],
    },
    {
      name: 'a week left: an error',
      files: { [SNAPSHOT_PATH]: certificate(7), [NGINX]: nginx },
      findings: [{ messageId: 'soon', severity: 'error', locations: ['/etc/nginx/sites-enabled/example.org:14'] }],
    },
    {
      name: 'expired',
      files: { [SNAPSHOT_PATH]: certificate(-3), [NGINX]: nginx },
      findings: [
        {
          messageId: 'expired',
          severity: 'error',
          locations: ['/etc/nginx/sites-enabled/example.org:14'],
          data: { days: 3 },
        },
      ],
    },
  ],
});
