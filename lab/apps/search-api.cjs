// Product search: each query costs about 40 ms of CPU (scoring in JavaScript), so one process answers about 25
// queries a second; more than that queue in its event loop and wait.
const http = require('node:http');

const port = Number(process.env.PORT || 3000);
const COST_MS = Number(process.env.COST_MS || 40);

function score(q) {
  const until = Date.now() + COST_MS;
  let h = 0;
  while (Date.now() < until) for (let i = 0; i < 1000; i++) h = (h * 31 + q.length + i) | 0;
  return h;
}

http
  .createServer((req, res) => {
    const q = new URL(req.url, 'http://x').searchParams.get('q') || '';
    const h = score(q);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ q, results: [h & 0xff, (h >> 8) & 0xff] }));
  })
  .listen(port, '127.0.0.1', () => console.log(`search listening on 127.0.0.1:${port}`));
