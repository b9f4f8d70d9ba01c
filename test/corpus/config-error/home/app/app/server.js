// Cart API, deployed by `pm2 reload cart --update-env` with RELEASE set. Release 2.0.0 reads the customer from a
// header the storefront does not send yet: every cart request fails (the handler logs it and answers 500) until
// the team rolls back to 1.9.4. Nothing crashes; the error starts with the deploy and ends with the rollback.
const http = require('node:http');

const port = Number(process.env.PORT || 3000);
const release = process.env.RELEASE || '1.9.4';

function customerOf(req) {
  if (release === '2.0.0') return JSON.parse(req.headers['x-customer']).id;
  return new URL(req.url, 'http://localhost').searchParams.get('customer') || 'guest';
}

const server = http.createServer((req, res) => {
  if (req.url === '/health') return res.end('ok');
  try {
    const customer = customerOf(req);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ customer, items: 3, release }));
  } catch (err) {
    console.error(`${new Date().toISOString()} ${req.method} ${req.url} failed: ${err.name}: ${err.message}`);
    res.statusCode = 500;
    res.end('error');
  }
});

server.listen(port, '127.0.0.1', () =>
  console.log(`${new Date().toISOString()} cart ${release} listening on 127.0.0.1:${port}`),
);
