import { probeLoc } from '../formats/config/probe-snapshot.js';
import { formatSize } from '../model/units.js';
import { percent, probeSnapshots } from './_probe.js';
import type { FindingDraft, Rule } from './types.js';

/** MemAvailable below this share of MemTotal: the page cache is nearly gone and the OOM killer is next. */
const LOW = 0.1;

const rule: Rule = {
  meta: {
    id: 'memory-available-low',
    severity: 'warning',
    title: 'Little memory is available on the host',
    summary: 'MemAvailable below 10 % of MemTotal; an error when swap is in use as well (the host is swapping).',
    explanation:
      "MemAvailable (/proc/meminfo) is the kernel's estimate of the memory a new workload can get without swapping: free memory plus the page cache and reclaimable slab it can drop. Below a tenth of RAM the cache that keeps disk reads fast is nearly gone; with swap in use the host is already paging, requests slow down by orders of magnitude, and the OOM killer ends the largest process when both run out. Memory pressure stall information (/proc/pressure/memory) says how much time tasks lose waiting for memory.",
    fix: 'Find what grew (the processes below by RSS; a forecast of memory shows the one growing), restart or cap it (PM2 `max_memory_restart`, systemd `MemoryMax=`, Redis `maxmemory`), and size the host for its peak.',
    references: [
      'https://www.kernel.org/doc/html/latest/filesystems/proc.html#meminfo',
      'https://docs.kernel.org/accounting/psi.html',
    ],
    messages: {
      low: 'MemAvailable is {{available}} of {{total}} ({{pct}} %){{pressure}}; largest processes: {{top}}.',
      swapping:
        'MemAvailable is {{available}} of {{total}} ({{pct}} %) and {{swap}} of swap is in use{{pressure}}: the host is paging; largest processes: {{top}}.',
    },
    requires: [['probe-snapshot']],
  },
  check(stack) {
    const out: FindingDraft[] = [];
    for (const data of probeSnapshots(stack)) {
      const { host, processes } = data.snapshot;
      if (host.memTotal <= 0 || host.memAvailable >= LOW * host.memTotal) continue;
      const top = [...processes]
        .filter((p) => p.rss !== null)
        .sort((a, b) => (b.rss ?? 0) - (a.rss ?? 0))
        .slice(0, 3)
        .map((p) => `${p.name} (pid ${p.pid}) ${formatSize(p.rss ?? 0)}`)
        .join(', ');
      const psi = host.pressure.memory;
      const swapping = host.swapUsed > 0;
      out.push({
        messageId: swapping ? 'swapping' : 'low',
        data: {
          available: formatSize(host.memAvailable),
          total: formatSize(host.memTotal),
          pct: percent(host.memAvailable, host.memTotal),
          swap: formatSize(host.swapUsed),
          pressure: psi && psi.some10 > 0 ? `, tasks stalled on memory ${psi.some10} % of the last 10 s` : '',
          top: top || 'none readable',
        },
        locations: [probeLoc(data, 'host.memAvailable')],
        severity: swapping ? 'error' : 'warning',
      });
    }
    return out;
  },
};

export default rule;
