// A server on 127.0.0.1 that holds every connection it accepts and, on "open <m>\n" from stdin, opens m more files;
// with LEAK=1 it never closes a connection its client has closed (CLOSE_WAIT). Prints "ready <port>" and "opened <m>".
import { openSync } from 'node:fs';
import { createServer } from 'node:net';

const held = [];
const files = [];
const server = createServer({ allowHalfOpen: process.env.LEAK === '1' }, (socket) => {
  held.push(socket);
  socket.on('error', () => {});
  socket.resume();
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`ready ${server.address().port}\n`));
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  for (const line of chunk.split('\n')) {
    const m = /^open (\d+)$/.exec(line.trim());
    if (!m) continue;
    for (let i = 0; i < Number(m[1]); i++) files.push(openSync('/dev/null', 'r'));
    process.stdout.write(`opened ${m[1]}\n`);
  }
});
// Bounded: the test kills it long before.
setTimeout(() => process.exit(0), 60_000).unref();
process.stdin.on('end', () => process.exit(0));
