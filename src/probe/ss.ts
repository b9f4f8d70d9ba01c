// Accept-queue sizes as the kernel reports them over netlink sock_diag, read through `ss -ltnH` (iproute2), which
// prints for a LISTEN socket Recv-Q = the queue in use and Send-Q = its size, min(listen() backlog, somaxconn).
// /proc/net/tcp has the first but not the second. Run on the live host only (never with another root), read-only,
// with a timeout; absent or failing, the snapshot falls back to somaxconn and says so.
//
// Sample (`ss -ltnH`):
//   LISTEN 0      511    127.0.0.1:45455 0.0.0.0:*
//   LISTEN 0      511        [::1]:39779    [::]:*
import { execFileSync } from 'node:child_process';

export interface SsListener {
  address: string;
  port: number;
  queue: number;
  limit: number;
}

export function parseSsListeners(text: string): SsListener[] {
  const out: SsListener[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/ +/);
    if (f.length < 4 || f[0] !== 'LISTEN') continue;
    const local = f[3];
    const colon = local.lastIndexOf(':');
    if (colon < 0) continue;
    let address = local.slice(0, colon);
    // "127.0.0.53%lo": the interface a socket is bound to is not part of the address.
    const pct = address.indexOf('%');
    if (pct >= 0) address = address.slice(0, pct);
    if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1);
    if (address === '*') address = '0.0.0.0';
    const port = Number(local.slice(colon + 1));
    const queue = Number(f[1]);
    const limit = Number(f[2]);
    if ([port, queue, limit].every(Number.isFinite)) out.push({ address, port, queue, limit });
  }
  return out;
}

/** `ss -ltnH` on this host, or undefined when ss is missing, fails or takes over two seconds. */
export function liveSsListeners(): SsListener[] | undefined {
  try {
    const text = execFileSync('ss', ['-ltnH'], {
      encoding: 'utf8',
      timeout: 2000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return parseSsListeners(text);
  } catch {
    return undefined;
  }
}
