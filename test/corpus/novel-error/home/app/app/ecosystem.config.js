module.exports = {
  apps: [{ name: 'pricing', script: 'server.js', env: { NODE_ENV: 'production', PORT: 45491, PRICES_FILE: '/srv/pricing/prices.json' } }],
};
