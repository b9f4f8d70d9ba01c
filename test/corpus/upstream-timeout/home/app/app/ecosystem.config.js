module.exports = {
  apps: [
    {
      name: 'stock',
      script: 'server.js',
      env: { NODE_ENV: 'production', PORT: 44873, DB_HOST: '127.0.0.1', DB_PORT: 40917, DB_USER: 'app', DB_PASSWORD: 'lab-only-password', DB_NAME: 'app' },
    },
  ],
};
