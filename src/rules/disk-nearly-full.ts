import { probeLoc } from '../formats/config/probe-snapshot.js';
import { formatSize } from '../model/units.js';
import { percent, probeSnapshots } from './_probe.js';
import type { FindingDraft, Rule } from './types.js';

const WARN = 0.9;
const ERROR = 0.97;

const rule: Rule = {
  meta: {
    id: 'disk-nearly-full',
    severity: 'warning',
    title: 'A filesystem is nearly out of space or inodes',
    summary: 'Space or inodes of a writable filesystem over 90 % used (error from 97 %).',
    explanation:
      'When a filesystem fills, writes fail with ENOSPC ("No space left on device"): logs stop, databases refuse to commit or crash, uploads and temporary files fail. Inodes run out the same way on a disk with space left when small files pile up (sessions, caches, mail queues). The share is counted as df counts it, against the space an unprivileged process may use (ext4 keeps 5 % for root), from statfs() of each mount point of /proc/self/mounts; read-only and pseudo filesystems are left out.',
    fix: 'Free space now (rotated and compressed logs, old releases, `journalctl --vacuum-size=`, core dumps), find what grows (`du -xh --max-depth=2`, `find -xdev -size +100M`; for inodes `du --inodes`), set log rotation with a size cap, and grow the volume if the data is real.',
    references: [
      'https://man7.org/linux/man-pages/man2/statfs.2.html',
      'https://man7.org/linux/man-pages/man1/df.1.html',
    ],
    messages: {
      space: '{{mount}} ({{fstype}}) is {{pct}} % full: {{free}} left of {{size}}.',
      inodes: '{{mount}} ({{fstype}}) has used {{pct}} % of its inodes: {{free}} left of {{size}}.',
    },
    requires: [['probe-snapshot']],
  },
  check(stack) {
    const out: FindingDraft[] = [];
    for (const data of probeSnapshots(stack)) {
      for (const m of data.snapshot.mounts) {
        if (m.readOnly) continue;
        const loc = probeLoc(data, `mount:${m.mount}`);
        // As df: used against what may still be used (used + available), not the raw size.
        const usable = m.used + m.available;
        if (usable > 0 && m.used >= WARN * usable)
          out.push({
            messageId: 'space',
            data: {
              mount: m.mount,
              fstype: m.fstype,
              pct: percent(m.used, usable),
              free: formatSize(m.available),
              size: formatSize(m.size),
            },
            locations: [loc],
            severity: m.used >= ERROR * usable ? 'error' : 'warning',
          });
        if (m.inodes > 0 && m.inodesUsed >= WARN * m.inodes)
          out.push({
            messageId: 'inodes',
            data: {
              mount: m.mount,
              fstype: m.fstype,
              pct: percent(m.inodesUsed, m.inodes),
              free: m.inodes - m.inodesUsed,
              size: m.inodes,
            },
            locations: [loc],
            severity: m.inodesUsed >= ERROR * m.inodes ? 'error' : 'warning',
          });
      }
    }
    return out;
  },
};

export default rule;
