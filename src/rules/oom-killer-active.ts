import { probeLoc } from '../formats/config/probe-snapshot.js';
import { probeSnapshots } from './_probe.js';
import type { FindingDraft, Rule } from './types.js';

/** A kill this recent (before the snapshot) is an error: the host is running out of memory now, not once. */
const RECENT_MS = 3_600_000;

const rule: Rule = {
  meta: {
    id: 'oom-killer-active',
    severity: 'warning',
    title: "The kernel's OOM killer has ended processes",
    summary:
      "The kernel's ring buffer holds OOM kills: processes ended for lack of memory (the host's, or a cgroup's limit); an error when the last is under an hour old.",
    explanation:
      'When memory runs out the kernel picks the process with the highest oom_score — usually the largest — and kills it with SIGKILL: the service dies without a line in its own log, and its manager (systemd, PM2, Docker) restarts it, so the outage looks like a crash or a restart. The kernel logs "Out of memory: Killed process <pid> (<name>)", or "Memory cgroup out of memory: …" when a cgroup\'s limit (systemd MemoryMax=, a container\'s --memory) was reached rather than the host\'s RAM. The kills are read from /dev/kmsg, which holds the messages since boot as far as the ring buffer reaches.',
    fix: "Find what grew (probe's forecasts and the processes by RSS; `journalctl -k | grep -i -A20 'invoked oom-killer'` shows the memory of every process at the kill), cap it (PM2 `max_memory_restart`, systemd `MemoryMax=`, Redis `maxmemory`, a JVM's -Xmx), or give the host (or the cgroup) the memory its peak needs.",
    references: [
      'https://www.kernel.org/doc/gorman/html/understand/understand016.html',
      'https://docs.kernel.org/admin-guide/cgroup-v2.html#memory',
    ],
    messages: {
      kills: 'The OOM killer ended {{count}} process{{plural}} since boot{{cgroup}}; the last: {{last}} at {{time}}.',
    },
    requires: [['probe-snapshot']],
  },
  check(stack) {
    const out: FindingDraft[] = [];
    for (const data of probeSnapshots(stack)) {
      const kills = data.snapshot.oomKills ?? [];
      if (kills.length === 0) continue;
      const last = kills[kills.length - 1];
      const inCgroup = kills.filter((k) => k.cgroup).length;
      const now = Date.parse(data.snapshot.time);
      const recent = last.time !== null && Number.isFinite(now) && now - Date.parse(last.time) < RECENT_MS;
      out.push({
        messageId: 'kills',
        data: {
          count: kills.length,
          plural: kills.length === 1 ? '' : 'es',
          cgroup: inCgroup ? ` (${inCgroup} for a cgroup's memory limit)` : '',
          last: `${last.process} (pid ${last.pid ?? '?'})`,
          time: last.time ?? 'an unknown time',
        },
        locations: [probeLoc(data, 'oomKills')],
        severity: recent ? 'error' : 'warning',
      });
    }
    return out;
  },
};

export default rule;
