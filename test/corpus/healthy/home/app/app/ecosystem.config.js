module.exports = {
  apps: [
    {
      name: 'api',
      script: 'server.js',
      max_memory_restart: '300M',
      env: { NODE_ENV: 'production', PORT: 36257, REDIS_URL: 'redis://127.0.0.1:35811' },
    },
  ],
};
