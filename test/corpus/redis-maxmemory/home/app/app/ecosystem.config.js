module.exports = {
  apps: [
    {
      name: 'carts',
      script: 'server.js',
      env: { NODE_ENV: 'production', PORT: 40099, REDIS_URL: 'redis://127.0.0.1:37633' },
    },
  ],
};
