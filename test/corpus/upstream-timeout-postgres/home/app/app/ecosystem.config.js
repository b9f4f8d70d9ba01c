module.exports = {
  apps: [
    {
      name: 'seats',
      script: 'server.js',
      env: { NODE_ENV: 'production', PORT: 33595, PGHOST: '127.0.0.1', PGPORT: 33669, PGUSER: 'app', PGPASSWORD: 'lab-only-password', PGDATABASE: 'app' },
    },
  ],
};
