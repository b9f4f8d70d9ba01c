// Knex configuration (objection models share this pool)
module.exports = {
  production: {
    client: 'pg',
    connection: {
      host: process.env.DB_HOST || '127.0.0.1',
      port: 5432,
      user: 'ob_api',
      password: process.env.DB_PASSWORD,
      database: 'ob',
    },
    pool: { min: 2, max: 10 },
    acquireConnectionTimeout: 60000,
  },
};
