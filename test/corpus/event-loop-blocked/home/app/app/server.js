// Catalogue API run as two instances behind HAProxy. The CSV export is built synchronously in the
// request handler: while it runs, the event loop answers nothing, health checks included.
const http = require('node:http');

const port = Number(process.env.PORT || 3000);
const instance = process.env.INSTANCE || 'api';

function buildCsvSync(seconds) {
  const until = Date.now() + seconds * 1000;
  let rows = 0;
  let csv = '';
  while (Date.now() < until) {
    csv = `${rows},sku-${rows},${(rows * 1.07).toFixed(2)}\n`;
    rows++;
  }
  return { rows, last: csv };
}

const server = http.createServer((req, res) => {
  if (req.url === '/health') {
    res.end('ok');
    return;
  }
  if (req.url.startsWith('/reports/export')) {
    const started = Date.now();
    const { rows } = buildCsvSync(Number(new URL(req.url, 'http://x').searchParams.get('s') || 7));
    console.log(`${new Date().toISOString()} ${instance} export ${rows} rows in ${Date.now() - started} ms`);
    res.setHeader('content-type', 'text/csv');
    res.end(`rows,${rows}\n`);
    return;
  }
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ items: [{ sku: 'A-1', price: 9.99 }], instance }));
});

server.listen(port, '127.0.0.1', () => console.log(`${instance} listening on 127.0.0.1:${port}`));
