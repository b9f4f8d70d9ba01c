module.exports = {
  apps: [{ name: 'cart', script: 'server.js', instances: 1, env: { NODE_ENV: 'production', PORT: 33805, RELEASE: '1.9.4' } }],
};
