// Orders API behind nginx. keepAliveTimeout was lowered "to free sockets faster", below nginx's
// upstream keepalive_timeout (60s): nginx reuses a socket the app is closing.
const http = require('node:http');

const port = Number(process.env.PORT || 3000);
let served = 0;

const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => {
    body += chunk;
  });
  req.on('end', () => {
    served++;
    if (req.url.startsWith('/reports')) {
      // Sales report computed inline: ~30 ms of CPU per request holds the event loop.
      const until = Date.now() + 30;
      let total = 0;
      for (let i = 0; Date.now() < until; i++) total += Math.sqrt(i) * 1.07;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ total, served }));
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ ok: true, path: req.url, bytes: body.length, served }));
  });
});

server.keepAliveTimeout = 1000;
server.listen(port, '127.0.0.1', () => {
  console.log(`orders api listening on 127.0.0.1:${port} (keepAliveTimeout ${server.keepAliveTimeout} ms)`);
});
