module.exports = {
  apps: [
    {
      name: 'api',
      script: 'server.js',
      max_memory_restart: '150M',
      env: { NODE_ENV: 'production', PORT: 39137 },
    },
    {
      name: 'worker',
      script: 'worker.js',
      node_args: '--max-old-space-size=96',
      env: { NODE_ENV: 'production' },
    },
  ],
};
