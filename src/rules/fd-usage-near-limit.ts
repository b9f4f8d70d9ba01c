import { probeLoc } from '../formats/config/probe-snapshot.js';
import { percent, probeSnapshots, processLabel } from './_probe.js';
import type { FindingDraft, Rule } from './types.js';

/** Shares of the soft limit: past the first a burst of connections reaches EMFILE; past the second it is imminent. */
const WARN = 0.8;
const ERROR = 0.95;

const rule: Rule = {
  meta: {
    id: 'fd-usage-near-limit',
    severity: 'warning',
    title: 'A process is close to its open-file limit',
    summary: 'Open file descriptors of a running process at 80 % or more of its soft RLIMIT_NOFILE (error from 95 %).',
    explanation:
      'Every socket, file and pipe is a file descriptor, and a process cannot open one past its soft RLIMIT_NOFILE: accept() and open() then fail with EMFILE ("Too many open files"), and a server stops taking connections while it looks alive. The count is the entries of /proc/PID/fd; the limit is the "Max open files" row of /proc/PID/limits. A count that is near the limit on a quiet host is usually a leak, or a limit still at the 1024 of a login shell or of systemd\'s default.',
    fix: "Raise the service's limit (systemd `LimitNOFILE=65535` in a drop-in, PM2/`ulimit -n` in the script that starts it, `worker_rlimit_nofile` for nginx) and restart it; if the count keeps growing, find the leak: `ls -l /proc/PID/fd` shows what the descriptors are.",
    references: [
      'https://man7.org/linux/man-pages/man2/getrlimit.2.html',
      'https://www.freedesktop.org/software/systemd/man/latest/systemd.exec.html#LimitCPU=',
    ],
    messages: {
      near: '{{process}} has {{fds}} open files, {{pct}} % of its soft limit {{soft}} (hard limit {{hard}}).',
    },
    requires: [['probe-snapshot']],
  },
  check(stack) {
    const out: FindingDraft[] = [];
    for (const data of probeSnapshots(stack)) {
      for (const p of data.snapshot.processes) {
        if (p.fds === null || !p.fdSoftLimit || p.fds < WARN * p.fdSoftLimit) continue;
        out.push({
          messageId: 'near',
          data: {
            process: processLabel(p),
            fds: p.fds,
            pct: percent(p.fds, p.fdSoftLimit),
            soft: p.fdSoftLimit,
            hard: p.fdHardLimit ?? 'unknown',
          },
          locations: [probeLoc(data, `process:${p.pid}`)],
          severity: p.fds >= ERROR * p.fdSoftLimit ? 'error' : 'warning',
        });
      }
    }
    return out;
  },
};

export default rule;
