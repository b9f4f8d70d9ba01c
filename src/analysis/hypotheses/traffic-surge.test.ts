// traffic-surge on the lab's capture (test/corpus/traffic-surge): thirty customers search now and then for twelve
// minutes of nginx's (sped-up) clock, then one client's scraper keeps 60 requests in flight for two minutes; the
// one Node process queues them and nginx answers 504 after proxy_read_timeout 2 s. The same log with the
// scraper's requests spread over many addresses is a surge from many clients; the bundles without a surge stay
// silent.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { investigate } from '../../investigate.js';

const CORPUS = join(import.meta.dirname, '../../../test/corpus');

test('one client far above the baseline: blamed first, naming the client, the rate and the baseline', async () => {
  const r = await investigate({ paths: [join(CORPUS, 'traffic-surge')], rawConfidence: true });
  const ranked = r.hypotheses.map((x) => `${x.cause} ${x.confidence.toFixed(2)}`).join(', ');
  const [h] = r.hypotheses;
  assert.equal(h?.cause, 'traffic-surge', ranked);
  assert.ok(h.confidence >= 0.7 && h.confidence <= 0.9, ranked);
  assert.match(
    h.title,
    /^A surge of requests from one client \(203\.0\.113\.77\), \d+× the usual rate, overloaded the service$/,
  );
  const m =
    /Requests rose to (\d+) a minute at \d\d:\d\d UTC, (\d+\.\d)× the usual (\d+) a minute \(the median of (\d+) quiet minutes\)/.exec(
      h.explanation,
    );
  assert.ok(m, h.explanation);
  assert.ok(Number(m[2]) >= 10, m[0]);
  assert.ok(Number(m[4]) >= 5, m[0]);
  assert.match(h.explanation, /One client, 203\.0\.113\.77, sent about (9\d|100)% of the surge's requests/);
  assert.match(h.explanation, /The app stayed up/);
  assert.ok(h.evidence.length > 0 && h.evidence.every((e) => e.path.startsWith('var/log/nginx/')));
  assert.match(h.remedies[0].text, /deny 203\.0\.113\.77;|limit_req/);
  assert.ok(h.confirm.some((c) => c.includes('uniq -c | sort -rn | head   # top clients')));
  // The process was busy with the load, not blocked by one piece of code.
  const blocked = r.hypotheses.find((x) => x.cause === 'event-loop-blocked');
  if (blocked) {
    assert.match(blocked.explanation, /the process was busy with the load/);
    assert.ok(blocked.confidence < h.confidence - 0.2, ranked);
  }
});

test('the same surge spread over many addresses: many clients, no client named', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-traffic-surge-'));
  try {
    cpSync(join(CORPUS, 'traffic-surge'), dir, { recursive: true });
    const log = join(dir, 'var/log/nginx/access.log');
    let n = 0;
    const spread = readFileSync(log, 'utf8').replace(/^203\.0\.113\.77 /gm, () => `192.0.2.${(n++ % 250) + 1} `);
    assert.ok(n > 100, `${n} scraper lines`);
    writeFileSync(log, spread);
    const r = await investigate({ paths: [dir], rawConfidence: true });
    const h = r.hypotheses.find((x) => x.cause === 'traffic-surge');
    assert.ok(h, r.hypotheses.map((x) => x.cause).join(', '));
    assert.match(h.title, /^A surge of requests, \d+× the usual rate, overloaded the service$/);
    assert.match(h.explanation, /The requests came from many clients \((at least|about) \d+/);
    assert.doesNotMatch(h.explanation, /One client/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('no surge where traffic follows its day: the healthy month and the other captures stay silent', async () => {
  for (const name of ['healthy-month', 'healthy-shop', 'upstream-timeout', 'event-loop-blocked', 'connection-limit']) {
    const r = await investigate({ paths: [join(CORPUS, name)], rawConfidence: true });
    assert.ok(!r.hypotheses.some((x) => x.cause === 'traffic-surge'), name);
  }
});
