import type { LabContext } from '../lib/context.js';
import { type Started, start, waitListening } from '../lib/procs.js';
import { type SyslogReceiver, startSyslog } from '../lib/syslog.js';

export interface HaproxyRun {
  proc: Started;
  syslog: SyslogReceiver;
}

/** `global` and `defaults` as the Debian package writes them, logging to the lab's syslog receiver
 * (production: `log /dev/log local0` into rsyslog, which writes /var/log/haproxy.log). */
export function haproxyHead(syslogPort: number, mode: 'http' | 'tcp', timeouts: string): string {
  const httpOnly = mode === 'http' ? '\toption\thttplog\n\toption\tdontlognull\n' : '\toption\ttcplog\n';
  return `global
\tlog 127.0.0.1:${syslogPort} local0
\tlog 127.0.0.1:${syslogPort} local1 notice
\tmaxconn 4096

defaults
\tlog\tglobal
\tmode\t${mode}
${httpOnly}${timeouts}
`;
}

export async function startHaproxy(
  ctx: LabContext,
  cfg: string,
  syslogPort: number,
  ports: number[],
): Promise<HaproxyRun> {
  const syslog = await startSyslog(ctx.p('/var/log/haproxy.log'), ctx.hostname, syslogPort);
  const file = ctx.write('/etc/haproxy/haproxy.cfg', cfg);
  const proc = start('haproxy', 'haproxy', ['-f', file, '-db'], { log: `${ctx.tmp}/stdio/haproxy.log` });
  for (const port of ports) await waitListening(port, 'haproxy', 10000, proc);
  ctx.log(`haproxy pid ${proc.pid} on ${ports.map((p) => `127.0.0.1:${p}`).join(', ')}`);
  return { proc, syslog };
}
