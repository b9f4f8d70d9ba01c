import { probeLoc } from '../formats/config/probe-snapshot.js';
import { probeSnapshots, processLabel } from './_probe.js';
import type { FindingDraft, Rule } from './types.js';

/** Sockets in CLOSE_WAIT on one process that are more than the few a busy server has at any moment. */
const PILE = 10;

const rule: Rule = {
  meta: {
    id: 'close-wait-pile',
    severity: 'warning',
    title: 'Sockets pile up in CLOSE_WAIT on a process',
    summary:
      'A process holds many TCP sockets its peers have closed: it never calls close() on them — a connection leak.',
    explanation:
      'A socket is in CLOSE_WAIT when the other end has closed its side and the kernel waits for this process to close its own. Nothing times it out: until the process calls close(), the socket holds a file descriptor and memory. A pile of them, growing, is a leak in the application (a connection or response never released on some error path, a pool that never discards dead connections) and ends in "Too many open files". Counts come from /proc/net/tcp and tcp6 (state 08), matched to the process by the socket inodes in /proc/PID/fd.',
    fix: "Find the code path that drops connections without closing them (the peers in the message say which connections: a database, an upstream, or clients of the process's own listener); as a stop-gap, restarting the process releases them.",
    references: [
      'https://man7.org/linux/man-pages/man7/tcp.7.html',
      'https://www.rfc-editor.org/rfc/rfc9293#section-3.3.2',
    ],
    messages: {
      pile: '{{process}} holds {{count}} sockets in CLOSE_WAIT ({{peers}}): the peers closed them, the process did not.',
      growing:
        '{{process}} holds {{count}} sockets in CLOSE_WAIT ({{peers}}), up from {{first}} over {{seconds}} s: the peers close them and the process never does — a leak in progress.',
    },
    requires: [['probe-snapshot']],
  },
  check(stack) {
    const out: FindingDraft[] = [];
    for (const data of probeSnapshots(stack)) {
      const { processes, samples = [] } = data.snapshot;
      for (const p of processes) {
        const count = p.sockets.CLOSE_WAIT ?? 0;
        if (count < PILE) continue;
        const mine = samples.filter((s) => s.pid === p.pid);
        const first = mine[0]?.sockets.CLOSE_WAIT ?? count;
        const seconds =
          mine.length > 1 ? (Date.parse(mine[mine.length - 1].time) - Date.parse(mine[0].time)) / 1000 : 0;
        const peers = p.closeWaitPeers.map((x) => `${x.count} ${x.peer}`).join(', ') || 'peers unknown';
        const growing = first < count && seconds > 0;
        out.push({
          messageId: growing ? 'growing' : 'pile',
          data: { process: processLabel(p), count, peers, first, seconds: Math.round(seconds) },
          locations: [probeLoc(data, `process:${p.pid}`)],
          severity: growing ? 'error' : 'warning',
        });
      }
    }
    return out;
  },
};

export default rule;
