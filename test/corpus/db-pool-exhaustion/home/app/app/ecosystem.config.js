module.exports = {
  apps: [
    {
      name: 'invoices',
      script: 'server.js',
      env: {
        NODE_ENV: 'production',
        PORT: 42353,
        PGHOST: '127.0.0.1',
        PGPORT: 45549,
        PGUSER: 'app',
        PGPASSWORD: 'lab-only-password',
        PGDATABASE: 'app',
      },
    },
  ],
};
