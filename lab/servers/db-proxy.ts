// The seed talk's database path: MariaDB (wait_timeout 28800 s) behind HAProxy in TCP mode whose client/server
// timeouts are 3 s (the talk's 50 s, scaled down to a lab run), so a session idle longer than that is cut.
import type { LabContext } from '../lib/context.js';
import { freePort } from '../lib/ports.js';
import { haproxyHead, startHaproxy } from './haproxy.js';
import { myCnf, startMariadb } from './mariadb.js';

/** Starts both; returns the port the app connects to (HAProxy's). `listen` names the proxy section. */
export async function startMariadbBehindHaproxy(ctx: LabContext, listen: string): Promise<number> {
  const [dbPort, proxyPort, syslogPort] = [await freePort(), await freePort(), await freePort()];
  await startMariadb(ctx, myCnf(ctx, dbPort, 'max_connections = 151\nwait_timeout = 28800\n'), dbPort);
  const cfg = `${haproxyHead(syslogPort, 'tcp', '\ttimeout connect 5s\n\ttimeout client  3s\n\ttimeout server  3s\n')}
listen ${listen}
\tbind 127.0.0.1:${proxyPort}
\tmode tcp
\toption tcplog
\tbalance leastconn
\tserver db1 127.0.0.1:${dbPort} check inter 2s
`;
  const hap = await startHaproxy(ctx, cfg, syslogPort, [proxyPort]);
  ctx.defer(() => hap.syslog.close());
  return proxyPort;
}
