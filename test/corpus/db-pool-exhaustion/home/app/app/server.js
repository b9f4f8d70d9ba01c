// Invoice API on knex + PostgreSQL. The handler opens a transaction and, on the "already paid" path,
// returns without commit or rollback: each such request leaks a pooled connection, idle in transaction.
const http = require('node:http');
const knex = require('knex')({
  client: 'pg',
  connection: {
    host: process.env.PGHOST || '127.0.0.1',
    port: Number(process.env.PGPORT || 5432),
    user: process.env.PGUSER || 'app',
    password: process.env.PGPASSWORD,
    database: process.env.PGDATABASE || 'app',
  },
  pool: { min: 0, max: 5 },
  acquireConnectionTimeout: 3000,
});

const port = Number(process.env.PORT || 3000);

async function pay(id, res) {
  const trx = await knex.transaction();
  const [row] = (await trx.raw('SELECT ? AS id, (? % 2 = 0) AS paid', [id, id])).rows;
  if (row.paid) {
    res.statusCode = 409;
    res.end('already paid');
    return; // the transaction is never finished
  }
  await trx.commit();
  res.end('paid');
}

const server = http.createServer(async (req, res) => {
  const id = Number(req.url.split('/')[2]) || 0;
  try {
    await pay(id, res);
  } catch (err) {
    console.error(`${new Date().toISOString()} ${req.method} ${req.url} failed: ${err.name}: ${err.message}`);
    res.statusCode = 500;
    res.end('error');
  }
});

server.listen(port, '127.0.0.1', () => console.log(`invoices listening on 127.0.0.1:${port}`));
