module.exports = {
  apps: [
    {
      name: 'stock',
      script: 'server.js',
      env: { NODE_ENV: 'production', PORT: 43041, DB_HOST: '127.0.0.1', DB_PORT: 35743, DB_USER: 'app', DB_PASSWORD: 'lab-only-password', DB_NAME: 'app' },
    },
  ],
};
