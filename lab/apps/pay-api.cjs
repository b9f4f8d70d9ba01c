// Checkout service that authorises payments with an internal HTTPS API (trusting the company's CA). When that
// API's certificate has expired every call fails the TLS handshake: the handler logs the error and answers 502;
// the process itself stays up.
const fs = require('node:fs');
const http = require('node:http');
const https = require('node:https');

const port = Number(process.env.PORT || 3000);
const upstream = new URL(process.env.PAYMENTS_URL || 'https://payments.internal:8443');
const ca = fs.readFileSync(process.env.PAYMENTS_CA || '/etc/ssl/certs/internal-ca.pem');

function charge(body) {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: process.env.PAYMENTS_HOST || upstream.hostname,
        port: upstream.port,
        servername: upstream.hostname,
        path: '/v1/charges',
        method: 'POST',
        ca,
        headers: { host: upstream.host, 'content-type': 'application/json' },
        timeout: 3000,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      },
    );
    req.on('timeout', () => req.destroy(new Error('payments timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

const server = http.createServer(async (req, res) => {
  if (req.url === '/' || req.url.startsWith('/health')) {
    res.end('ok');
    return;
  }
  try {
    const status = await charge('{"amount":1299}');
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ ok: status < 400 }));
  } catch (err) {
    console.error(
      `${new Date().toISOString()} ${req.method} ${req.url} failed: payment authorization to ${upstream.origin} failed: Error: ${err.message} (code: '${err.code}')`,
    );
    res.statusCode = 502;
    res.end('payment provider unavailable');
  }
});

server.listen(port, '127.0.0.1', () => console.log(`checkout listening on 127.0.0.1:${port}`));
