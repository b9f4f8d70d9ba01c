// PM2 process file for the API server (started by Jenkins with `yarn start`)
const path = require('path');

module.exports = {
  apps: [
    {
      name: 'ob_api_server',
      script: './build/server.js',
      cwd: path.join(__dirname),
      instances: 'max',
      exec_mode: 'cluster',
      node_args: '--max-old-space-size=3072',
      max_memory_restart: '2G',
      out_file: './logs/ob_api_server_out.log',
      error_file: './logs/ob_api_server_error.log',
      merge_logs: true,
      env: {
        NODE_ENV: 'production',
        PORT: 3000,
      },
    },
  ],
};
