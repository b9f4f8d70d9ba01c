module.exports = {
  apps: [
    { name: 'api-1', script: 'server.js', env: { NODE_ENV: 'production', PORT: 32965, INSTANCE: 'api-1' } },
    { name: 'api-2', script: 'server.js', env: { NODE_ENV: 'production', PORT: 33641, INSTANCE: 'api-2' } },
  ],
};
