import { at, SNAPSHOT_PATH, snapshotText } from '../../test/helpers/probe-snapshot.js';
import { RuleTester } from '../../test/helpers/rule-tester.js';
import rule from './fd-usage-near-limit.js';

const fds = (n: number, soft = 1024) =>
  snapshotText((s) => {
    s.processes[0].fds = n;
    s.processes[0].fdSoftLimit = soft;
    s.processes[0].fdHardLimit = 4096;
  });

new RuleTester().run('fd-usage-near-limit', rule, {
  valid: [
    { name: 'the captured process: 24 of 20000', files: { [SNAPSHOT_PATH]: snapshotText() } },
    { name: 'just under 80 %', files: { [SNAPSHOT_PATH]: fds(819) } },
    {
      name: 'fds unreadable',
      files: {
        [SNAPSHOT_PATH]: snapshotText((s) => {
          s.processes[0].fds = null;
        }),
      },
    },
    {
      name: 'no snapshot',
      files: { 'proc/meminfo': 'MemTotal: 1024 kB\nMemFree: 512 kB\n' },
      skipped: 'needs probe-snapshot',
    },
  ],
  invalid: [
    {
      name: '80 %: a warning',
      files: { [SNAPSHOT_PATH]: fds(820) },
      findings: [
        {
          messageId: 'near',
          severity: 'warning',
          locations: [at(fds(820), '"pid": 13351')],
          message: 'node (pid 13351) has 820 open files, 80 % of its soft limit 1024 (hard limit 4096).',
        },
      ],
    },
    {
      name: '95 % and over: an error',
      files: { [SNAPSHOT_PATH]: fds(1020) },
      findings: [
        { messageId: 'near', severity: 'error', locations: [at(fds(1020), '"pid": 13351')], data: { pct: 99 } },
      ],
    },
  ],
});
