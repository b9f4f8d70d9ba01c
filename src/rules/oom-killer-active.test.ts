import { at, SNAPSHOT_PATH, snapshotText } from '../../test/helpers/probe-snapshot.js';
import { RuleTester } from '../../test/helpers/rule-tester.js';
import rule from './oom-killer-active.js';

// The OOM kill of test/fixtures/log/kernel/kern.log, as probe records it, `minutesAgo` before the snapshot.
const killed = (minutesAgo: number, cgroup = false) =>
  snapshotText((s) => {
    s.oomKills = [
      {
        time: new Date(Date.parse(s.time) - minutesAgo * 60_000).toISOString(),
        pid: 23512,
        process: 'node',
        cgroup,
        text: 'Out of memory: Killed process 23512 (node) total-vm:2863312kB, anon-rss:1529104kB, file-rss:0kB, shmem-rss:0kB, UID:113 pgtables:4212kB oom_score_adj:0',
      },
    ];
  });

new RuleTester().run('oom-killer-active', rule, {
  valid: [{ name: 'the capture: no OOM kill', files: { [SNAPSHOT_PATH]: snapshotText() } }],
  invalid: [
    {
      name: 'a kill two days ago: a warning',
      files: { [SNAPSHOT_PATH]: killed(2880) },
      findings: [
        {
          messageId: 'kills',
          severity: 'warning',
          locations: [at(killed(2880), '"oomKills"')],
          message: 'The OOM killer ended 1 process since boot; the last: node (pid 23512) at 2026-12-02T18:22:00.000Z.',
        },
      ],
    },
    {
      name: "a kill ten minutes ago, for a cgroup's limit: an error",
      files: { [SNAPSHOT_PATH]: killed(10, true) },
      findings: [
        {
          messageId: 'kills',
          severity: 'error',
          locations: [at(killed(10, true), '"oomKills"')],
          data: { cgroup: " (1 for a cgroup's memory limit)" },
        },
      ],
    },
  ],
});
