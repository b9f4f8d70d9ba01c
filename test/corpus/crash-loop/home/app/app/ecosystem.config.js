module.exports = {
  apps: [
    {
      name: 'checkout',
      script: 'server.js',
      max_restarts: 10,
      min_uptime: '5s',
      env: {
        NODE_ENV: 'production',
        PORT: 32999,
        DB_HOST: '127.0.0.1',
        DB_PORT: 33943,
      },
    },
  ],
};
