// Session API with an in-process cache that never evicts: every request keeps ~1 MB alive.
const http = require('node:http');

const port = Number(process.env.PORT || 3000);
const sessions = new Map();

const server = http.createServer((_req, res) => {
  const id = `s${sessions.size}`;
  sessions.set(id, { id, created: Date.now(), profile: Buffer.alloc(1024 * 1024, 1).toString('latin1') });
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ id, cached: sessions.size }));
});

server.listen(port, '127.0.0.1', () => console.log(`sessions api listening on 127.0.0.1:${port}`));
