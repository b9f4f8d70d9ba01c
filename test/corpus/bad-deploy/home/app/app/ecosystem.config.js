module.exports = {
  apps: [{ name: 'cart', script: 'server.js', instances: 2, exec_mode: 'cluster', env: { NODE_ENV: 'production', PORT: 37191, RELEASE: '1.9.4' } }],
};
