import { probeLoc } from '../formats/config/probe-snapshot.js';
import type { ProbeListener } from '../probe/types.js';
import { probeSnapshots } from './_probe.js';
import type { FindingDraft, Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'accept-queue-full',
    severity: 'error',
    title: "A listener's accept queue is full, or connections overflowed it",
    summary:
      'Connections wait in a full accept queue (the application does not accept() fast enough) or the kernel dropped them (ListenOverflows rising).',
    explanation:
      'The kernel completes a TCP handshake and queues the connection until the application calls accept(). The queue holds min(the listen() backlog, net.core.somaxconn) connections; when it is full, new handshakes are dropped and counted in ListenOverflows/ListenDrops of /proc/net/netstat, and clients see connect timeouts and retransmitted SYNs while the server looks idle. The queue in use is the rx_queue of the LISTEN socket in /proc/net/tcp; its size comes from netlink sock_diag (`ss -ltn`, Send-Q) on the live host, else somaxconn is its upper bound. The overflow counters belong to the network namespace, so they are attributed to the listeners seen full.',
    fix: "Find why the application accepts slowly (a blocked event loop, all workers busy, a slow accept filter); raise the backlog where it is set (nginx `listen … backlog=`, the app's listen() call) together with `net.core.somaxconn`, or add workers.",
    references: [
      'https://man7.org/linux/man-pages/man2/listen.2.html',
      'https://www.kernel.org/doc/html/latest/networking/ip-sysctl.html',
    ],
    messages: {
      full: 'The accept queue of {{listener}} ({{owner}}) holds {{queue}} connections of {{limit}} ({{source}}): new connections are dropped.',
      overflows:
        'ListenOverflows rose by {{delta}} over {{seconds}} s ({{listeners}}): the kernel dropped connections that found an accept queue full.',
    },
    requires: [['probe-snapshot']],
  },
  check(stack) {
    const out: FindingDraft[] = [];
    for (const data of probeSnapshots(stack)) {
      const { listeners, host, processes, duration = 0 } = data.snapshot;
      const owner = (l: ProbeListener) => {
        const p = processes.find((x) => x.pid === l.pid);
        return p ? `${p.name} pid ${p.pid}` : 'owner not readable';
      };
      for (const l of listeners) {
        if (l.backlogLimit === null || l.backlog < l.backlogLimit) continue;
        out.push({
          messageId: 'full',
          data: {
            listener: endpoint(l),
            owner: owner(l),
            queue: l.backlog,
            limit: l.backlogLimit,
            source: l.limitSource,
          },
          locations: [probeLoc(data, `listener:${l.address}:${l.port}`)],
        });
      }
      const delta = host.listenOverflowsDelta ?? 0;
      if (delta > 0) {
        const seen = listeners.filter((l) => (l.overflows ?? 0) > 0).map(endpoint);
        out.push({
          messageId: 'overflows',
          data: {
            delta,
            seconds: Math.round(duration),
            listeners: seen.length ? `seen full: ${seen.join(', ')}` : 'no listener was seen full at a sample',
          },
          locations: [probeLoc(data, 'host.listenOverflowsDelta')],
          severity: 'warning',
        });
      }
    }
    return out;
  },
};

function endpoint(l: ProbeListener): string {
  return `${l.address.includes(':') ? `[${l.address}]` : l.address}:${l.port}`;
}

export default rule;
