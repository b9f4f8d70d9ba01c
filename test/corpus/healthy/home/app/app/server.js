// Catalogue API with sane settings: keepAliveTimeout above nginx's upstream keepalive_timeout,
// a bounded Redis cache, errors handled.
const http = require('node:http');
const { createClient } = require('redis');

const port = Number(process.env.PORT || 3000);
const redis = createClient({ url: process.env.REDIS_URL || 'redis://127.0.0.1:6379' });
redis.on('error', (err) => console.error(`${new Date().toISOString()} redis client error: ${err.message}`));

const server = http.createServer(async (req, res) => {
  try {
    const key = `product:${req.url.split('/').pop()}`;
    let body = await redis.get(key);
    if (!body) {
      body = JSON.stringify({ id: key, name: 'Ceramic mug', price: 12.5 });
      await redis.set(key, body, { EX: 300 });
    }
    res.setHeader('content-type', 'application/json');
    res.end(body);
  } catch (err) {
    console.error(`${new Date().toISOString()} ${req.method} ${req.url} failed: ${err.message}`);
    res.statusCode = 500;
    res.end('error');
  }
});

// Longer than nginx's upstream keepalive_timeout (60s), so nginx always closes first.
server.keepAliveTimeout = 65000;
server.headersTimeout = 66000;
redis.connect().then(() => {
  server.listen(port, '127.0.0.1', () => console.log(`catalogue listening on 127.0.0.1:${port}`));
});
