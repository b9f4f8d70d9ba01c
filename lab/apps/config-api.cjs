// An API that reads its settings at start: the release's config file is missing, so it throws before it
// listens, exits 1, and its supervisor starts it again (and again).
const fs = require('node:fs');
const http = require('node:http');

const file = process.env.APP_CONFIG || '/etc/app/config.json';
const config = JSON.parse(fs.readFileSync(file, 'utf8'));

http
  .createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true, region: config.region }));
  })
  .listen(Number(process.env.PORT), '127.0.0.1');
