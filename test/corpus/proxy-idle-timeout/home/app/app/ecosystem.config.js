module.exports = {
  apps: [
    {
      name: 'worker',
      script: 'server.js',
      env: {
        NODE_ENV: 'production',
        DB_HOST: '127.0.0.1',
        DB_PORT: 35361,
        DB_USER: 'app',
        DB_PASSWORD: 'lab-only-password',
        DB_NAME: 'app',
        IDLE_MS: 5000,
      },
    },
  ],
};
