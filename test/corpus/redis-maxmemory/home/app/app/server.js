// Cart service that keeps carts in Redis. Writes fail once Redis reaches maxmemory with noeviction.
const http = require('node:http');
const { createClient } = require('redis');

const port = Number(process.env.PORT || 3000);
const redis = createClient({ url: process.env.REDIS_URL || 'redis://127.0.0.1:6379' });
redis.on('error', (err) => console.error(`${new Date().toISOString()} redis client error: ${err.message}`));

let n = 0;
const server = http.createServer(async (req, res) => {
  const key = `cart:${process.pid}:${n++}`;
  try {
    await redis.set(
      key,
      JSON.stringify({ items: Array.from({ length: 40 }, (_, i) => ({ sku: `SKU-${i}`, qty: 1 })) }),
    );
    const size = await redis.dbSize();
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ ok: true, key, carts: size }));
  } catch (err) {
    console.error(`${new Date().toISOString()} ${req.method} ${req.url} failed: ${err.message}`);
    res.statusCode = 500;
    res.end('cart store error');
  }
});

redis.connect().then(() => {
  server.listen(port, '127.0.0.1', () => console.log(`carts listening on 127.0.0.1:${port}`));
});
