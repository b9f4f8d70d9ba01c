import { createServer } from 'node:net';

const taken = new Set<number>();

/** A TCP port free on 127.0.0.1 right now, never handed out twice in one lab run. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = createServer();
      srv.once('error', reject);
      srv.listen(0, '127.0.0.1', () => {
        const addr = srv.address();
        const p = typeof addr === 'object' && addr ? addr.port : 0;
        srv.close(() => resolve(p));
      });
    });
    if (port && !taken.has(port)) {
      taken.add(port);
      return port;
    }
  }
  throw new Error('no free loopback port');
}
