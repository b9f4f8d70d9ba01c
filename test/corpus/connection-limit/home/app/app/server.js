// Orders API with a generous mysql2 pool: more connections than the database's max_connections.
const http = require('node:http');
const mysql = require('mysql2/promise');

const port = Number(process.env.PORT || 3000);
const pool = mysql.createPool({
  host: process.env.DB_HOST || '127.0.0.1',
  port: Number(process.env.DB_PORT || 3306),
  user: process.env.DB_USER || 'app',
  password: process.env.DB_PASSWORD,
  database: process.env.DB_NAME || 'app',
  connectionLimit: Number(process.env.DB_POOL || 50),
  connectTimeout: 10000,
});

const server = http.createServer(async (req, res) => {
  try {
    const [rows] = await pool.query('SELECT SLEEP(1) AS slept, CONNECTION_ID() AS id');
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(rows[0]));
  } catch (err) {
    console.error(`${new Date().toISOString()} ${req.method} ${req.url} failed: ${err.message}`, {
      code: err.code,
      errno: err.errno,
      sqlState: err.sqlState,
    });
    res.statusCode = 500;
    res.end('database error');
  }
});

server.listen(port, '127.0.0.1', () => console.log(`orders listening on 127.0.0.1:${port}`));
