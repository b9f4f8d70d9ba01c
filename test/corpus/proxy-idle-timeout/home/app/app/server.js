// Celery-style report worker: one long-lived MySQL connection, a query, then minutes of work in
// between (here seconds) before the next query on the same connection.
const mysql = require('mysql2');

const conn = mysql.createConnection({
  host: process.env.DB_HOST || '127.0.0.1',
  port: Number(process.env.DB_PORT || 3306),
  user: process.env.DB_USER || 'app',
  password: process.env.DB_PASSWORD,
  database: process.env.DB_NAME || 'app',
});
const idleMs = Number(process.env.IDLE_MS || 6000);

conn.on('error', (err) => {
  console.error(
    `${new Date().toISOString()} mysql connection error: ${err.message} (code ${err.code}, fatal ${err.fatal})`,
  );
});

function query(sql) {
  return new Promise((resolve, reject) => conn.query(sql, (err, rows) => (err ? reject(err) : resolve(rows))));
}

async function job(n) {
  try {
    const rows = await query('SELECT COUNT(*) AS n FROM information_schema.tables');
    console.log(`${new Date().toISOString()} job ${n}: ${rows[0].n} tables, working for ${idleMs} ms`);
  } catch (err) {
    console.error(`${new Date().toISOString()} job ${n} failed: ${err.message}`, {
      code: err.code,
      errno: err.errno,
      fatal: err.fatal,
    });
  }
}

(async () => {
  for (let n = 1; n <= 3; n++) {
    await job(n);
    await new Promise((r) => setTimeout(r, idleMs));
  }
  console.log(`${new Date().toISOString()} worker idle`);
  setInterval(() => {}, 60000);
})();
