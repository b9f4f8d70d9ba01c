// Avatar service: every request waits on a (simulated) profile lookup, then streams a file from disk.
// Run under a low open-files limit, sockets and file handles compete for the same descriptors.
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const port = Number(process.env.PORT || 3000);
const avatar = path.join(__dirname, 'package.json');

const server = http.createServer((req, res) => {
  setTimeout(() => {
    fs.readFile(avatar, (err, data) => {
      if (err) {
        console.error(`${new Date().toISOString()} GET ${req.url} failed:`, err);
        res.statusCode = 500;
        res.end('internal error');
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end(data);
    });
  }, 300);
});

server.on('error', (err) => console.error(`${new Date().toISOString()} server error:`, err));
server.listen(port, '127.0.0.1', () => console.log(`avatars listening on 127.0.0.1:${port}`));
