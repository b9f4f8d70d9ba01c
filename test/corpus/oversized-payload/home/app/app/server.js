// Orders export: loads every order of the account and JSON.stringify()s the whole result into one
// response. For a big account the string passes V8's maximum length; the async handler's rejection is
// unhandled and takes the process down.
const http = require('node:http');

const port = Number(process.env.PORT || 3000);

async function loadOrders(account) {
  const count = account === 'big' ? 900000 : 20;
  const order = {
    id: 0,
    account,
    status: 'delivered',
    items: [{ sku: 'SKU-000123', name: 'Ceramic mug, 350 ml, matte charcoal', qty: 2, price: 12.5 }],
    shipping: { street: '42 Long Road', city: 'Springfield', zip: '12345', notes: 'Leave at the door. '.repeat(20) },
  };
  return Array.from({ length: count }, () => order);
}

async function exportOrders(req, res) {
  const account = new URL(req.url, 'http://x').searchParams.get('account') || 'small';
  const orders = await loadOrders(account);
  const body = JSON.stringify({ account, orders });
  res.setHeader('content-type', 'application/json');
  res.end(body);
}

// "Fail fast and let PM2 restart us" (PM2's own handler would only log the rejection and keep running).
process.on('unhandledRejection', (reason) => {
  console.error(`${new Date().toISOString()} unhandledRejection, exiting:`, reason);
  process.exit(1);
});

const server = http.createServer((req, res) => {
  console.log(`${new Date().toISOString()} ${req.method} ${req.url}`);
  if (req.url.startsWith('/orders/export')) {
    exportOrders(req, res);
    return;
  }
  res.setHeader('content-type', 'application/json');
  res.end('{"ok":true}');
});

server.listen(port, '127.0.0.1', () => console.log(`orders api listening on 127.0.0.1:${port}`));
