// Ticketing API on PostgreSQL: booking a seat decrements the event's free seats (`UPDATE events … WHERE id = $1`)
// in one transaction. A row another transaction holds makes the UPDATE wait for its lock (as long as it takes:
// lock_timeout is off by default), and the request waits with it.
const http = require('node:http');
const { Pool } = require('pg');

const port = Number(process.env.PORT || 3000);
const pool = new Pool({ max: 20 });

const server = http.createServer(async (req, res) => {
  const m = /^\/events\/(\d+)\/book$/.exec(req.url);
  if (req.method !== 'POST' || !m) {
    res.statusCode = 404;
    return res.end('not found');
  }
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const r = await client.query('UPDATE events SET free = free - 1 WHERE id = $1 AND free > 0', [Number(m[1])]);
    await client.query('COMMIT');
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ booked: r.rowCount === 1 }));
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    console.error(`${new Date().toISOString()} POST ${req.url} failed: ${err.message}`, { code: err.code });
    res.statusCode = 500;
    res.end('database error');
  } finally {
    client.release();
  }
});

server.listen(port, '127.0.0.1', () => console.log(`seats listening on 127.0.0.1:${port}`));
