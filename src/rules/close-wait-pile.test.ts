import { at, SNAPSHOT_PATH, snapshotText } from '../../test/helpers/probe-snapshot.js';
import { RuleTester } from '../../test/helpers/rule-tester.js';
import rule from './close-wait-pile.js';

const pile = (n: number, samples: number[] = []) =>
  snapshotText((s) => {
    const p = s.processes[0];
    p.sockets.CLOSE_WAIT = n;
    p.closeWaitPeers = [{ peer: 'accepted on :43699', count: n }];
    s.samples = samples.map((c, i) => ({
      time: new Date(Date.parse('2026-12-04T18:22:00Z') + i * 5000).toISOString(),
      pid: p.pid,
      rss: p.rss,
      fds: p.fds,
      sockets: { ...p.sockets, CLOSE_WAIT: c },
    }));
  });

new RuleTester().run('close-wait-pile', rule, {
  valid: [
    { name: 'none in the capture', files: { [SNAPSHOT_PATH]: snapshotText() } },
    { name: 'nine: a busy moment', files: { [SNAPSHOT_PATH]: pile(9) } },
  ],
  invalid: [
    {
      name: 'a pile in one snapshot',
      files: { [SNAPSHOT_PATH]: pile(12) },
      findings: [
        {
          messageId: 'pile',
          severity: 'warning',
          locations: [at(pile(12), '"pid": 13351')],
          message:
            'node (pid 13351) holds 12 sockets in CLOSE_WAIT (12 accepted on :43699): the peers closed them, the process did not.',
        },
      ],
    },
    {
      name: 'growing over the window: an error',
      files: { [SNAPSHOT_PATH]: pile(20, [4, 9, 14, 20]) },
      findings: [
        {
          messageId: 'growing',
          severity: 'error',
          locations: [at(pile(20, [4, 9, 14, 20]), '"pid": 13351')],
          data: { first: 4, count: 20, seconds: 15 },
        },
      ],
    },
  ],
});
