import { at, SNAPSHOT_PATH, snapshotText } from '../../test/helpers/probe-snapshot.js';
import { RuleTester } from '../../test/helpers/rule-tester.js';
import rule from './accept-queue-full.js';

// The captured listener on 127.0.0.1:43699 (pid 13351), its queue set to `queue` of `limit`.
const queue = (queue: number, limit: number, source = 'sock_diag (ss -ltn Send-Q)') =>
  snapshotText((s) => {
    const l = s.listeners.find((x) => x.port === 43699);
    if (!l) throw new Error('captured listener');
    Object.assign(l, { backlog: queue, backlogLimit: limit, limitSource: source });
  });
const overflowed = snapshotText((s) => {
  s.host.listenOverflowsDelta = 37;
  s.duration = 30;
  const l = s.listeners.find((x) => x.port === 43699);
  if (l) l.overflows = 37;
});

new RuleTester().run('accept-queue-full', rule, {
  valid: [
    { name: 'the capture: empty queues, no overflow', files: { [SNAPSHOT_PATH]: snapshotText() } },
    { name: 'one short of full', files: { [SNAPSHOT_PATH]: queue(510, 511) } },
  ],
  invalid: [
    {
      name: 'full, its size from sock_diag',
      files: { [SNAPSHOT_PATH]: queue(511, 511) },
      findings: [
        {
          messageId: 'full',
          locations: [at(queue(511, 511), '"address": "127.0.0.1"')],
          message:
            'The accept queue of 127.0.0.1:43699 (node pid 13351) holds 511 connections of 511 (sock_diag (ss -ltn Send-Q)): new connections are dropped.',
        },
      ],
    },
    {
      name: 'overflows over the window, attributed to the listener seen full',
      files: { [SNAPSHOT_PATH]: overflowed },
      findings: [
        {
          messageId: 'overflows',
          severity: 'warning',
          locations: [at(overflowed, '"listenOverflowsDelta"')],
          message:
            'ListenOverflows rose by 37 over 30 s (seen full: 127.0.0.1:43699): the kernel dropped connections that found an accept queue full.',
        },
      ],
    },
  ],
});
