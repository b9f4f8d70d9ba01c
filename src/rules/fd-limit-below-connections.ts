import { componentsOf, hostOf } from '../stack/stack.js';
import { uniqueLocs } from './_haproxy.js';
import { type FdLimit, serviceFdLimit } from './_host.js';
import type { FindingDraft, Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'fd-limit-below-connections',
    severity: 'error',
    title: 'The open-file limit is below the connections the server is configured for',
    summary:
      'A server configured for more connections than its process may open files: past the limit, accept() and open() fail with "Too many open files".',
    explanation:
      'Every connection is a file descriptor. nginx uses two per proxied request (client and upstream) against `worker_connections`; Tomcat holds one per connection up to `maxConnections`; Redis needs `maxclients` + 32. The process limit comes from `worker_rlimit_nofile`, the service’s systemd `LimitNOFILE` (soft 1024 by default: DefaultLimitNOFILE=1024:524288 since systemd 240), or, for processes started from a login shell, /etc/security/limits.conf — which systemd services ignore. When the configured connections exceed it, the server fails under exactly the load it was sized for: nginx logs "accept4() failed (24: Too many open files)", Java "java.net.SocketException: Too many open files" (seed 000, the Tomcat story: check /proc/PID/limits and /proc/PID/fd). HAProxy sizes its own limit from maxconn, so only a hard limit below that binds it.',
    fix: 'Raise the limit where the service really gets it: `LimitNOFILE=65536` in the unit (`systemctl edit <service>`), `worker_rlimit_nofile` for nginx (≥ 2 × worker_connections) — or lower the connection settings to fit.',
    references: [
      'https://nginx.org/en/docs/ngx_core_module.html#worker_rlimit_nofile',
      'https://www.freedesktop.org/software/systemd/man/latest/systemd.exec.html#LimitNOFILE=',
      'https://tomcat.apache.org/tomcat-9.0-doc/config/http.html',
      'https://redis.io/docs/latest/develop/reference/clients/#maximum-concurrent-connected-clients',
    ],
    messages: {
      over: '{{service}} is configured for {{need}} open files ({{needWhy}}) but its limit is {{limit}} ({{limitWhy}}): past that, new connections fail with "Too many open files".',
    },
    requires: [
      ['nginx', 'tomcat', 'redis', 'haproxy'],
      ['systemd', 'limits', 'host-facts', 'probe-snapshot'],
    ],
  },
  check(stack) {
    const out: FindingDraft[] = [];
    const push = (
      service: string,
      need: number,
      needWhy: string,
      needLocs: (typeof out)[0]['locations'],
      lim: FdLimit,
    ) => {
      if (need <= lim.soft) return;
      out.push({
        messageId: 'over',
        severity: lim.source === 'limits' || lim.source === 'default' ? 'warning' : 'error',
        data: { service, need, needWhy, limit: lim.soft, limitWhy: lim.describe },
        locations: uniqueLocs([...needLocs, lim.loc]),
      });
    };
    for (const c of componentsOf(stack, 'nginx')) {
      const d = c.data;
      const host = hostOf(stack, c);
      if (d.workerRlimitNofile) continue; // nginx raises its own limit to this
      const lim = serviceFdLimit(host, /^nginx(\.service)?$/, 'www-data', /nginx/);
      if (!lim) continue;
      const need = d.workerConnections.value * 2;
      push(
        'nginx (each worker)',
        need,
        `worker_connections ${d.workerConnections.value} × 2 for proxied requests`,
        uniqueLocs([d.workerConnections.loc ?? { path: c.path, line: 1 }]),
        lim,
      );
    }
    for (const c of componentsOf(stack, 'tomcat')) {
      const host = hostOf(stack, c);
      const lim = serviceFdLimit(host, /^tomcat\d*(\.service)?$/, /^tomcat\d*$/, /java|tomcat|catalina/);
      if (!lim) continue;
      for (const con of c.data.connectors) {
        const need = con.maxConnections.value + con.acceptCount.value;
        push(
          `Tomcat connector :${con.port ?? '?'}`,
          need,
          `maxConnections ${con.maxConnections.value} + acceptCount ${con.acceptCount.value}`,
          uniqueLocs([con.maxConnections.loc ?? con.loc]),
          lim,
        );
      }
    }
    for (const c of componentsOf(stack, 'redis')) {
      const host = hostOf(stack, c);
      const lim = serviceFdLimit(host, /^redis(-server)?(\.service)?$/, 'redis', /redis/);
      if (!lim) continue;
      const mc = c.data.maxclients;
      push(
        'Redis',
        mc.value + 32,
        `maxclients ${mc.value}${mc.isDefault ? ' (default)' : ''} + 32 reserved`,
        uniqueLocs([mc.loc ?? { path: c.path, line: 1 }]),
        lim,
      );
    }
    for (const c of componentsOf(stack, 'haproxy')) {
      const host = hostOf(stack, c);
      const maxconn = c.data.global.maxconn;
      if (!maxconn) continue;
      const lim = serviceFdLimit(host, /^haproxy(\.service)?$/, undefined, /haproxy/);
      if (!lim || lim.source === 'default' || lim.source === 'limits') continue;
      // HAProxy raises its soft limit itself (ulimit-n ≈ 2 × maxconn + extras); only the hard limit binds it.
      const need = c.data.global.ulimitN?.value ?? maxconn.value * 2;
      if (need <= lim.hard) continue;
      out.push({
        messageId: 'over',
        data: {
          service: 'HAProxy',
          need,
          needWhy: `about 2 × global maxconn ${maxconn.value}`,
          limit: lim.hard,
          limitWhy: `hard limit, ${lim.describe}`,
        },
        locations: uniqueLocs([maxconn.loc, lim.loc]),
      });
    }
    return out;
  },
};

export default rule;
