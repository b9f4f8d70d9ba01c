// Checkout API. The checkout handler is async and nothing catches its rejection: when the database is
// unreachable, every checkout is an unhandled rejection, and the app exits on those.
const http = require('node:http');
const mysql = require('mysql2/promise');

const port = Number(process.env.PORT || 3000);
const pool = mysql.createPool({
  host: process.env.DB_HOST || '127.0.0.1',
  port: Number(process.env.DB_PORT || 3306),
  user: 'app',
  password: process.env.DB_PASSWORD,
  database: 'shop',
  connectionLimit: 10,
});

async function checkout(req, res) {
  const [rows] = await pool.query('SELECT id, total FROM carts WHERE session = ?', [req.headers.cookie || '']);
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ ok: true, carts: rows.length }));
}

// "Fail fast and let PM2 restart us" (PM2's own handler would only log the rejection and keep running).
process.on('unhandledRejection', (reason) => {
  console.error(`${new Date().toISOString()} unhandledRejection, exiting:`, reason);
  process.exit(1);
});

const server = http.createServer((req, res) => {
  if (req.url.startsWith('/checkout')) {
    checkout(req, res);
    return;
  }
  res.end('ok');
});

server.listen(port, '127.0.0.1', () => console.log(`checkout listening on 127.0.0.1:${port}`));
