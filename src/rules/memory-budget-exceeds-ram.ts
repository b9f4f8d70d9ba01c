import type { SourceLoc } from '../model/setting.js';
import { formatSize } from '../model/units.js';
import type { Component, HostModel, Stack } from '../stack/stack.js';
import { uniqueLocs } from './_haproxy.js';
import { pm2Instances } from './_host.js';
import type { FindingDraft, Rule } from './types.js';

interface Part {
  what: string;
  bytes: number;
  locs: SourceLoc[];
}

/** What each service on the host is allowed to take, and what is unbounded. */
export function memoryParts(stack: Stack, host: HostModel): { parts: Part[]; unbounded: string[] } {
  const parts: Part[] = [];
  const unbounded: string[] = [];
  const on = (c: Component) => c.host === host.name;
  for (const c of stack.components.filter(on)) {
    if (c.format === 'pm2') {
      for (const app of c.data.apps) {
        const count = pm2Instances(app, host);
        const per = app.maxMemoryRestart ?? app.maxOldSpaceSize;
        if (!per) {
          unbounded.push(`PM2 app "${app.name}" (no max_memory_restart or --max-old-space-size)`);
          continue;
        }
        const which = app.maxMemoryRestart
          ? 'max_memory_restart'
          : '--max-old-space-size (V8 heap; the process takes more)';
        parts.push({
          what: `PM2 "${app.name}": ${count.describe} × ${formatSize(per.value)} ${which}`,
          bytes: count.value * per.value,
          locs: uniqueLocs([per.loc, ...count.locs]),
        });
      }
    } else if (c.format === 'redis') {
      const m = c.data.maxmemory;
      if (m.value > 0 && Number.isFinite(m.value))
        parts.push({ what: `Redis maxmemory ${formatSize(m.value)}`, bytes: m.value, locs: uniqueLocs([m.loc]) });
      else unbounded.push(`Redis (${c.path}: no maxmemory)`);
    } else if (c.format === 'mysql') {
      const b = c.data.server.innodbBufferPoolSize;
      parts.push({
        what: `InnoDB buffer pool ${formatSize(b.value)}${b.isDefault ? ' (default)' : ''}`,
        bytes: b.value,
        locs: uniqueLocs([b.loc]),
      });
    } else if (c.format === 'postgres') {
      const d = c.data;
      parts.push({
        what: `PostgreSQL shared_buffers ${formatSize(d.sharedBuffers.value)}${d.sharedBuffers.isDefault ? ' (default)' : ''}`,
        bytes: d.sharedBuffers.value,
        locs: uniqueLocs([d.sharedBuffers.loc]),
      });
    }
  }
  return { parts, unbounded };
}

const rule: Rule = {
  meta: {
    id: 'memory-budget-exceeds-ram',
    severity: 'error',
    title: 'The services on this host may use more memory than it has',
    summary:
      'The memory the stack is allowed to take — app processes × their limit, Redis maxmemory, InnoDB buffer pool, shared_buffers — adds up to more than the RAM.',
    explanation:
      'Each service is sized on its own: PM2 restarts an app instance at `max_memory_restart` (or V8 dies at `--max-old-space-size`), Redis stops at `maxmemory`, InnoDB and PostgreSQL reserve their buffer pools. When the sum is above the host’s RAM, the host can run out of memory with every service "within its limits": it swaps, stalls (the seed postmortem’s host hung until even SSH and reboot failed) and the OOM killer takes one of them. The operating system, page cache, and per-connection memory (PostgreSQL work_mem per sort, MySQL per-thread buffers) come on top.',
    fix: 'Size the limits together so their sum stays under ~75–80% of RAM: lower max_memory_restart or the number of instances, set Redis maxmemory, shrink buffer pools — or move a service to its own host.',
    references: [
      'https://pm2.keymetrics.io/docs/usage/memory-limit/',
      'https://redis.io/docs/latest/develop/reference/eviction/',
      'https://mariadb.com/kb/en/innodb-buffer-pool/',
      'https://www.postgresql.org/docs/current/runtime-config-resource.html#GUC-SHARED-BUFFERS',
    ],
    messages: {
      over: 'On {{host}} ({{ram}} RAM, {{ramSource}}) the services may take {{total}}: {{parts}}.{{unbounded}}',
    },
    requires: [['pm2', 'redis', 'mysql', 'postgres']],
  },
  check(stack) {
    const out: FindingDraft[] = [];
    for (const host of stack.hosts) {
      if (!host.ram) continue;
      const { parts, unbounded } = memoryParts(stack, host);
      const total = parts.reduce((s, p) => s + p.bytes, 0);
      if (parts.length === 0 || total <= host.ram.value) continue;
      out.push({
        messageId: 'over',
        data: {
          host: host.name ? `host ${host.name}` : 'this host',
          ram: formatSize(host.ram.value),
          ramSource: host.ram.loc ? host.ram.loc.path : (host.ram.raw ?? 'input'),
          total: formatSize(total),
          parts: parts.map((p) => p.what).join(' + '),
          unbounded: unbounded.length ? ` Not bounded at all: ${unbounded.join('; ')}.` : '',
        },
        locations: uniqueLocs([...parts.flatMap((p) => p.locs), host.ram.loc]),
      });
    }
    return out;
  },
};

export default rule;
