import { probeLoc } from '../formats/config/probe-snapshot.js';
import { percent, probeSnapshots } from './_probe.js';
import { serviceLimits } from './_service-limits.js';
import type { FindingDraft, Rule } from './types.js';

const WARN = 0.8;
const ERROR = 0.95;

const rule: Rule = {
  meta: {
    id: 'service-connections-near-limit',
    severity: 'warning',
    title: 'A running service is close to the connection limit its config sets',
    summary:
      "Connections a probe snapshot sees on a service at 80 % or more of its config's limit (MySQL/PostgreSQL max_connections, Redis maxclients, nginx worker_connections × workers); error from 95 %.",
    explanation:
      'Past its limit a service refuses new connections: MySQL answers "Too many connections" (error 1040), PostgreSQL "FATAL: sorry, too many clients already", Redis "ERR max number of clients reached", and nginx logs "worker_connections are not enough" and drops requests. The limit is read from the config found beside the snapshot (its default when the config does not set it), and the connections in use are the ESTABLISHED sockets accepted on the port the config listens on — for nginx, every ESTABLISHED socket of its processes, since worker_connections counts the upstream connections too.',
    fix: 'Find who holds the connections (an application pool per instance times the instances, idle sessions that are never closed) and fix that first; then raise the limit with the memory it costs (max_connections, maxclients and the open-file limit with it, or worker_connections with worker_rlimit_nofile), or put a pooler (PgBouncer, ProxySQL) in front.',
    references: [
      'https://dev.mysql.com/doc/refman/8.0/en/too-many-connections.html',
      'https://www.postgresql.org/docs/current/runtime-config-connection.html#GUC-MAX-CONNECTIONS',
      'https://redis.io/docs/latest/develop/reference/clients/',
      'https://nginx.org/en/docs/ngx_core_module.html#worker_connections',
    ],
    messages: {
      near: '{{service}} has {{current}} connections {{where}}, {{pct}} % of {{limit}} ({{describe}}).',
    },
    requires: [['probe-snapshot'], ['mysql', 'postgres', 'redis', 'nginx']],
  },
  check(stack) {
    const out: FindingDraft[] = [];
    const limits = serviceLimits(stack);
    for (const data of probeSnapshots(stack)) {
      const { listeners, processes } = data.snapshot;
      for (const l of limits) {
        let current = 0;
        let where = '';
        let loc = probeLoc(data, 'host');
        if (l.port !== undefined) {
          const on = listeners.filter((x) => x.port === l.port);
          if (on.length === 0) continue;
          current = on.reduce((n, x) => n + (x.established ?? 0), 0);
          where = `on port ${l.port}`;
          loc = probeLoc(data, `listener:${on[0].address}:${on[0].port}`);
        } else {
          const procs = processes.filter((p) => l.processes?.includes(p.name));
          if (procs.length === 0) continue;
          current = procs.reduce((n, p) => n + (p.sockets.ESTABLISHED ?? 0), 0);
          where = `open in ${procs.length} process${procs.length === 1 ? '' : 'es'}`;
          loc = probeLoc(data, `process:${procs[0].pid}`);
        }
        if (l.limit <= 0 || current < WARN * l.limit) continue;
        out.push({
          messageId: 'near',
          data: {
            service: l.service,
            current,
            where,
            pct: percent(current, l.limit),
            limit: l.limit,
            describe: l.describe,
          },
          locations: [loc, l.loc],
          severity: current >= ERROR * l.limit ? 'error' : 'warning',
        });
      }
    }
    return out;
  },
};

export default rule;
