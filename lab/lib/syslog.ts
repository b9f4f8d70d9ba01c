// A UDP syslog receiver on 127.0.0.1 that writes what rsyslog would write to /var/log/haproxy.log.
import { createSocket, type Socket } from 'node:dgram';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface SyslogReceiver {
  port: number;
  close(): Promise<void>;
}

// rfc3164 timestamp as HAProxy sends it ("Nov 22 19:56:45" or "Nov  2 19:56:45").
const RFC3164_TS = /^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d /;

/** rsyslog's default file format (RSYSLOG_TraditionalFileFormat): `<PRI>` dropped, the host name inserted
 * after the timestamp when the sender left it out (HAProxy sends rfc3164 without one). */
export function toRsyslogLine(datagram: string, hostname: string): string {
  let msg = datagram.replace(/^<\d{1,3}>/, '').replace(/\n+$/, '');
  const ts = RFC3164_TS.exec(msg);
  if (ts) msg = `${ts[0]}${hostname} ${msg.slice(ts[0].length)}`;
  return `${msg}\n`;
}

export async function startSyslog(file: string, hostname: string, port: number): Promise<SyslogReceiver> {
  mkdirSync(dirname(file), { recursive: true });
  const sock: Socket = createSocket('udp4');
  sock.on('message', (buf) => appendFileSync(file, toRsyslogLine(buf.toString('utf8'), hostname)));
  await new Promise<void>((resolve, reject) => {
    sock.once('error', reject);
    sock.bind(port, '127.0.0.1', () => resolve());
  });
  return {
    port,
    close: () => new Promise<void>((resolve) => sock.close(() => resolve())),
  };
}
