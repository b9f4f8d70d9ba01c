// Listens on 127.0.0.1 with a listen() backlog of BACKLOG and then never returns to its event loop, so that it
// never calls accept(): the kernel completes handshakes into the accept queue until it is full, then drops them.
import { createServer } from 'node:net';

const server = createServer(() => {});
server.listen({ port: 0, host: '127.0.0.1', backlog: Number(process.env.BACKLOG ?? 3) }, () => {
  process.stdout.write(`ready ${server.address().port}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(process.env.HOLD_MS ?? 8000));
  process.exit(0);
});
