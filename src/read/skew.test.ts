// The offset estimate on real requests: the healthy-month capture's nginx access log (5,346 requests of a month)
// against the same requests as an app behind it would log them with its clock off.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { nginxAccess } from '../formats/log/nginx-access.js';
import { estimateSkew, offsetText, type TimedRequest } from './skew.js';
import { localToUtc } from './time.js';

const text = readFileSync(new URL('../../test/corpus/healthy-month/var/log/nginx/access.log', import.meta.url), 'utf8');
const proxy: TimedRequest[] = [];
for (const line of text.split('\n')) {
  const p = nginxAccess.parse(line);
  if (!p?.ts || !p.request) continue;
  proxy.push({
    t: localToUtc(p.ts, 'UTC', p.ts.year as number),
    key: `${p.request.method} ${p.request.path} ${p.request.status}`,
  });
}
const shift = (ms: number, rs = proxy) => rs.map((r) => ({ ...r, t: r.t + ms }));

test('the same requests 42 s, 7 min and 3 h later: the offset is found', () => {
  assert.ok(proxy.length > 5000);
  for (const ms of [42_000, -420_000, 3 * 3_600_000])
    assert.equal(estimateSkew(proxy, shift(ms))?.offsetMs, ms, offsetText(ms));
});

test('clocks that agree, or differ by less than request times and buffering explain, are left alone', () => {
  assert.equal(estimateSkew(proxy, proxy), undefined);
  assert.equal(estimateSkew(proxy, shift(1000)), undefined);
});

test('too few requests in common, or no shift that matches most of them, decide nothing', () => {
  assert.equal(estimateSkew(proxy, shift(60_000, proxy.slice(0, 7))), undefined);
  // The app logged other requests than the proxy (another vhost): nothing to match.
  const other = shift(60_000).map((r) => ({ ...r, key: `${r.key}?v2` }));
  assert.equal(estimateSkew(proxy, other), undefined);
});
