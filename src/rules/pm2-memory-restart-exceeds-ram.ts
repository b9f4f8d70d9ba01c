import { formatSize } from '../model/units.js';
import { componentsOf, hostOf } from '../stack/stack.js';
import { uniqueLocs } from './_haproxy.js';
import { pm2Instances } from './_host.js';
import type { FindingDraft, Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'pm2-memory-restart-exceeds-ram',
    severity: 'error',
    title: 'PM2 memory restarts can never trigger before the host runs out of memory',
    summary:
      'max_memory_restart × instances is above the host’s RAM: the OOM killer (or swap) strikes before PM2 restarts the leaking process.',
    explanation:
      'PM2 restarts a process whose resident memory passes `max_memory_restart` (checked every 30 s by default). In cluster mode every instance may grow to that limit: when instances × limit exceed the RAM, the host is out of memory — swapping, with the OOM killer choosing a victim — before any single process reaches its limit. The seed postmortem’s host (3.8 GB, 2 CPUs, `instances: max`) hung so hard that SSH and reboot failed. (A V8 heap above the limit is pm2-heap-above-memory-restart.)',
    fix: 'Keep instances × max_memory_restart (plus Redis, the database and the OS) below RAM: e.g. `max_memory_restart: "1G"` on a 4 GB host with 2 instances, and `--max-old-space-size` a little below it so V8 collects harder before PM2 restarts.',
    references: [
      'https://pm2.keymetrics.io/docs/usage/memory-limit/',
      'https://pm2.keymetrics.io/docs/usage/cluster-mode/',
    ],
    messages: {
      exceeds:
        'PM2 app "{{app}}" may grow to {{total}} ({{count}} × max_memory_restart {{limit}}) on a host with {{ram}} RAM ({{ramSource}}): the host runs out of memory before PM2 restarts anything.',
    },
    requires: [['pm2']],
  },
  check(stack) {
    const out: FindingDraft[] = [];
    for (const comp of componentsOf(stack, 'pm2')) {
      const host = hostOf(stack, comp);
      for (const app of comp.data.apps) {
        const limit = app.maxMemoryRestart;
        if (!limit) continue;
        const count = pm2Instances(app, host);
        if (host.ram && count.value * limit.value > host.ram.value) {
          out.push({
            messageId: 'exceeds',
            data: {
              app: app.name,
              total: formatSize(count.value * limit.value),
              count: count.describe,
              limit: formatSize(limit.value),
              ram: formatSize(host.ram.value),
              ramSource: host.ram.loc ? host.ram.loc.path : (host.ram.raw ?? 'input'),
            },
            locations: uniqueLocs([limit.loc, ...count.locs, host.ram.loc]),
            fix: `Lower max_memory_restart to at most ${formatSize(Math.floor((host.ram.value * 0.6) / count.value / 1024 / 1024) * 1024 * 1024)} per instance (60% of RAM shared by ${count.value}), or run fewer instances.`,
          });
        }
      }
    }
    return out;
  },
};

export default rule;
