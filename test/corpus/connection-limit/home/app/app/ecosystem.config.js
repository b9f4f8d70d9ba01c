module.exports = {
  apps: [
    {
      name: 'orders',
      script: 'server.js',
      env: {
        NODE_ENV: 'production',
        PORT: 39487,
        DB_HOST: '127.0.0.1',
        DB_PORT: 43545,
        DB_USER: 'app',
        DB_PASSWORD: 'lab-only-password',
        DB_NAME: 'app',
        DB_POOL: 40,
      },
    },
    {
      name: 'reports',
      script: 'server.js',
      env: {
        NODE_ENV: 'production',
        PORT: 41157,
        DB_HOST: '127.0.0.1',
        DB_PORT: 35231,
        DB_USER: 'app',
        DB_PASSWORD: 'lab-only-password',
        DB_NAME: 'app',
        DB_POOL: 10,
      },
    },
  ],
};
