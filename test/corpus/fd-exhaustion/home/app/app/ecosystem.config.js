module.exports = {
  apps: [
    {
      name: 'avatars',
      script: 'server.js',
      env: { NODE_ENV: 'production', PORT: 37877 },
    },
  ],
};
