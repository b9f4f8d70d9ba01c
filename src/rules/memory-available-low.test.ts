import { at, SNAPSHOT_PATH, snapshotText } from '../../test/helpers/probe-snapshot.js';
import { RuleTester } from '../../test/helpers/rule-tester.js';
import { GiB, MiB } from '../model/units.js';
import rule from './memory-available-low.js';

const memory = (available: number, swapUsed = 0, stall = 0) =>
  snapshotText((s) => {
    Object.assign(s.host, { memTotal: 4 * GiB, memAvailable: available, swapTotal: 2 * GiB, swapUsed });
    s.host.pressure.memory = { some10: stall, full10: 0 };
  });

new RuleTester().run('memory-available-low', rule, {
  valid: [
    { name: 'the capture: 98 % available', files: { [SNAPSHOT_PATH]: snapshotText() } },
    { name: '10 % exactly', files: { [SNAPSHOT_PATH]: memory(0.1 * 4 * GiB, 512 * MiB) } },
  ],
  invalid: [
    {
      name: 'low, no swap in use',
      files: { [SNAPSHOT_PATH]: memory(300 * MiB) },
      findings: [
        {
          messageId: 'low',
          severity: 'warning',
          locations: [at(memory(300 * MiB), '"memAvailable"')],
          message: 'MemAvailable is 300 MiB of 4 GiB (7 %); largest processes: node (pid 13351) 42.5 MiB.',
        },
      ],
    },
    {
      name: 'low and swapping, tasks stalled',
      files: { [SNAPSHOT_PATH]: memory(200 * MiB, 700 * MiB, 23.5) },
      findings: [
        {
          messageId: 'swapping',
          severity: 'error',
          locations: [at(memory(200 * MiB, 700 * MiB, 23.5), '"memAvailable"')],
          message:
            'MemAvailable is 200 MiB of 4 GiB (5 %) and 700 MiB of swap is in use, tasks stalled on memory 23.5 % of the last 10 s: the host is paging; largest processes: node (pid 13351) 42.5 MiB.',
        },
      ],
    },
  ],
});
