// A small JSON API as teams run it behind nginx: no dependencies, a line at start and at a clean shutdown.
const http = require('node:http');

const port = Number(process.env.PORT || 3000);
const version = process.env.APP_VERSION || '1.0.0';
const log = (msg) => console.log(`${new Date().toISOString()} [quiet-api] ${msg}`);

const server = http.createServer((req, res) => {
  const id = req.url.split('/').pop();
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ id, status: 'active', checkedAt: new Date().toISOString() }));
});
// Longer than nginx's upstream keepalive_timeout (60s), so nginx always closes first.
server.keepAliveTimeout = 65000;
server.headersTimeout = 66000;
server.listen(port, '127.0.0.1', () => log(`version ${version} listening on 127.0.0.1:${port}`));
process.on('SIGTERM', () => {
  log('SIGTERM received, closing the server');
  server.close(() => {
    log('shut down cleanly');
    process.exit(0);
  });
  server.closeAllConnections();
});
