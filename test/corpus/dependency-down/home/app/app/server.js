// Session service that keeps sessions in Redis through a tiny RESP client on node:net (one connection per
// request). When Redis is stopped each request's connect is refused: the handler logs the error and answers 500;
// the process itself stays up.
const http = require('node:http');
const net = require('node:net');

const port = Number(process.env.PORT || 3000);
const redisHost = process.env.REDIS_HOST || '127.0.0.1';
const redisPort = Number(process.env.REDIS_PORT || 6379);

function resp(args) {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
}

/** Sends one command, resolves with the first reply line. */
function command(args) {
  return new Promise((resolve, reject) => {
    const sock = net.createConnection({ host: redisHost, port: redisPort });
    let buf = '';
    sock.setTimeout(2000, () => sock.destroy(new Error(`redis command timed out (${redisHost}:${redisPort})`)));
    sock.on('connect', () => sock.write(resp(args)));
    sock.on('data', (d) => {
      buf += d.toString('utf8');
      const end = buf.indexOf('\r\n');
      if (end < 0) return;
      const line = buf.slice(0, end);
      sock.end();
      if (line.startsWith('-')) reject(new Error(line.slice(1)));
      else resolve(line);
    });
    sock.on('error', reject);
  });
}

let n = 0;
const server = http.createServer(async (req, res) => {
  const id = `sess:${process.pid}:${n++}`;
  try {
    await command(['SET', id, JSON.stringify({ user: n, path: req.url }), 'EX', '600']);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ ok: true, session: id }));
  } catch (err) {
    console.error(`${new Date().toISOString()} ${req.method} ${req.url} failed: Error: ${err.message}`);
    res.statusCode = 500;
    res.end('session store unavailable');
  }
});

server.listen(port, '127.0.0.1', () => console.log(`sessions listening on 127.0.0.1:${port}`));
