module.exports = {
  apps: [
    {
      name: 'sessions',
      script: 'server.js',
      env: { NODE_ENV: 'production', PORT: 37409, REDIS_HOST: '127.0.0.1', REDIS_PORT: 43777 },
    },
  ],
};
