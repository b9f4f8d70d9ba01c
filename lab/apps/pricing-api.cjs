// Pricing API: quotes come from a price table on disk (the data team publishes it; the app re-reads it when its
// mtime changes). A publish that left the file cut short makes every quote fail to parse it: the app logs its own
// error line and answers 500, nothing crashes, nothing restarts — a failure no signature catalogues.
const http = require('node:http');
const fs = require('node:fs');

const port = Number(process.env.PORT || 3000);
const table = process.env.PRICES_FILE;
const cache = { mtimeMs: -1, prices: null };

function prices() {
  const st = fs.statSync(table);
  if (st.mtimeMs !== cache.mtimeMs) {
    cache.prices = JSON.parse(fs.readFileSync(table, 'utf8'));
    cache.mtimeMs = st.mtimeMs;
  }
  return cache.prices;
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname === '/health') return res.end('ok');
  try {
    const sku = url.searchParams.get('sku') || '0';
    const price = prices()[sku];
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ sku, price }));
  } catch (err) {
    console.error(
      `${new Date().toISOString()} quote sku=${url.searchParams.get('sku')} failed: price table ${table} unreadable: ${err.name}: ${err.message}`,
    );
    res.statusCode = 500;
    res.end('error');
  }
});

server.listen(port, '127.0.0.1', () => console.log(`pricing listening on 127.0.0.1:${port}`));
