import { at, SNAPSHOT_PATH, snapshotText } from '../../test/helpers/probe-snapshot.js';
import { RuleTester } from '../../test/helpers/rule-tester.js';
import { GiB } from '../model/units.js';
import rule from './disk-nearly-full.js';

const disk = (usedGiB: number, availableGiB: number, inodesUsed = 1000, readOnly = false) =>
  snapshotText((s) => {
    Object.assign(s.mounts[0], {
      size: (usedGiB + availableGiB + 5) * GiB,
      used: usedGiB * GiB,
      available: availableGiB * GiB,
      inodes: 100000,
      inodesUsed,
      readOnly,
    });
  });

new RuleTester().run('disk-nearly-full', rule, {
  valid: [
    { name: 'the capture: 23 % used', files: { [SNAPSHOT_PATH]: snapshotText() } },
    { name: 'full but read-only', files: { [SNAPSHOT_PATH]: disk(100, 0, 100000, true) } },
    { name: 'just under 90 %', files: { [SNAPSHOT_PATH]: disk(89, 11) } },
  ],
  invalid: [
    {
      name: '92 % of the usable space',
      files: { [SNAPSHOT_PATH]: disk(92, 8) },
      findings: [
        {
          messageId: 'space',
          severity: 'warning',
          locations: [at(disk(92, 8), '"mount": "/"')],
          message: '/ (ext4) is 92 % full: 8 GiB left of 105 GiB.',
        },
      ],
    },
    {
      name: 'space at 98 % and inodes at 99 %: two errors',
      files: { [SNAPSHOT_PATH]: disk(98, 2, 99000) },
      findings: [
        { messageId: 'space', severity: 'error', locations: [at(disk(98, 2), '"mount": "/"')], data: { pct: 98 } },
        {
          messageId: 'inodes',
          severity: 'error',
          locations: [at(disk(98, 2), '"mount": "/"')],
          message: '/ (ext4) has used 99 % of its inodes: 1000 left of 100000.',
        },
      ],
    },
  ],
});
