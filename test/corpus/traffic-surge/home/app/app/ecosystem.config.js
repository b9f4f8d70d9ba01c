module.exports = {
  apps: [{ name: 'search', script: 'server.js', env: { NODE_ENV: 'production', PORT: 40383 } }],
};
