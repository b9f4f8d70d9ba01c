// The per-minute client tally: exact buckets, a majority vote that survives being read in pieces, a name only
// for a real contender, and estimates of distinct clients from real access-log addresses.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { clientsSeen, countClientBytes, countClientString, mergeClientMinute, newClientMinute } from './clients.js';

const ACCESS = join(import.meta.dirname, '../../test/corpus/traffic-surge/var/log/nginx/access.log');
const clients = readFileSync(ACCESS, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => l.slice(0, l.indexOf(' ')));

test('bytes and strings count alike; pieces merged give the whole read at once', () => {
  const whole = newClientMinute();
  for (const c of clients) countClientString(whole, c);
  const pieces = [newClientMinute(), newClientMinute(), newClientMinute()];
  clients.forEach((c, i) => {
    const b = Buffer.from(`x ${c} y`, 'latin1');
    countClientBytes(pieces[Math.floor((i * 3) / clients.length)], b, 2, 2 + c.length);
  });
  const merged = newClientMinute();
  for (const p of pieces) mergeClientMinute(merged, p);
  assert.deepEqual([...merged.buckets], [...whole.buckets]);
  const seen = clientsSeen([merged]);
  assert.equal(seen?.top, '203.0.113.77');
  assert.equal(clientsSeen([whole])?.top, '203.0.113.77');
  assert.ok((seen?.topShare ?? 0) > 0.5);
});

test('distinct clients: about thirty customers counted as about thirty; one passing client is never named', () => {
  const customers = newClientMinute();
  for (const c of clients) if (c.startsWith('198.51.100.')) countClientString(customers, c);
  const distinct = new Set(clients.filter((c) => c.startsWith('198.51.100.'))).size;
  const seen = clientsSeen([customers]);
  assert.ok(
    seen && Math.abs(seen.distinct - distinct) <= Math.max(4, distinct * 0.35),
    `${seen?.distinct} vs ${distinct}`,
  );
  assert.ok(seen.topShare < 0.5);
  const once = newClientMinute();
  countClientString(once, '192.0.2.1');
  assert.equal(clientsSeen([once])?.top, undefined);
  assert.equal(clientsSeen([]), null);
});
