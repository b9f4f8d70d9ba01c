// Checkout API: each order takes one unit of stock (`UPDATE stock … WHERE sku = ?`) and records the order, in
// one transaction. A row another transaction holds makes the UPDATE wait (InnoDB row lock, up to
// innodb_lock_wait_timeout), and the request waits with it.
const http = require('node:http');
const mysql = require('mysql2/promise');

const port = Number(process.env.PORT || 3000);
const pool = mysql.createPool({
  host: process.env.DB_HOST || '127.0.0.1',
  port: Number(process.env.DB_PORT || 3306),
  user: process.env.DB_USER || 'app',
  password: process.env.DB_PASSWORD,
  database: process.env.DB_NAME || 'app',
  connectionLimit: 20,
});

async function checkout(sku) {
  const conn = await pool.getConnection();
  try {
    await conn.beginTransaction();
    const [r] = await conn.query('UPDATE stock SET qty = qty - 1 WHERE sku = ? AND qty > 0', [sku]);
    if (r.affectedRows === 1) await conn.query('INSERT INTO orders (sku) VALUES (?)', [sku]);
    await conn.commit();
    return r.affectedRows === 1;
  } catch (err) {
    await conn.rollback().catch(() => {});
    throw err;
  } finally {
    conn.release();
  }
}

const server = http.createServer(async (req, res) => {
  const m = /^\/checkout\/(\d+)$/.exec(req.url);
  if (req.method !== 'POST' || !m) {
    res.statusCode = 404;
    return res.end('not found');
  }
  try {
    const ok = await checkout(Number(m[1]));
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ ordered: ok }));
  } catch (err) {
    console.error(`${new Date().toISOString()} POST ${req.url} failed: ${err.message}`, { code: err.code });
    res.statusCode = 500;
    res.end('database error');
  }
});

server.listen(port, '127.0.0.1', () => console.log(`stock listening on 127.0.0.1:${port}`));
