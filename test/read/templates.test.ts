// The template miner (src/read/templates.ts, src/read/cluster.ts) on real lines: nginx's and gunicorn's own error
// lines from the lab's captures (test/corpus). Masking must give lines that differ only in their values one key,
// counts must merge alike in any order, and a key that spans a month stays bounded.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { clusterTemplates } from '../../src/read/cluster.js';
import {
  type KeyStats,
  linesIn,
  MAX_BUCKETS,
  MAX_KEYS,
  MaskCache,
  maskLine,
  mergeTemplates,
  mineLine,
  newTemplates,
  OTHER_KEY,
  type TemplateTally,
} from '../../src/read/templates.js';

const CORPUS = join(import.meta.dirname, '../corpus');
const lines = (rel: string) =>
  readFileSync(join(CORPUS, rel), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
const NGINX = lines('fd-exhaustion/var/log/nginx/error.log');
const GUNICORN = lines('gunicorn-worker-timeout/var/log/gunicorn/error.log');
const MINUTE = 60_000;

function mined(text: string, time: number, over: Partial<Parameters<typeof mineLine>[1]> = {}) {
  return {
    text,
    time,
    level: 4,
    known: false,
    weight: 1,
    path: 'x.log',
    line: 1,
    source: 's',
    format: 'nginx-error',
    ...over,
  };
}

test('lines that differ only in stamps, ids, addresses and paths share one key', () => {
  const resets = NGINX.filter((l) => l.includes('recv() failed (104'));
  assert.ok(resets.length > 10);
  const keys = new Set(resets.map(maskLine));
  assert.equal(keys.size, 1, [...keys].join('\n'));
  assert.equal(
    [...keys][0],
    '<num> <num> [error] <id>: <id> recv() failed (<num>: Connection reset by peer) while reading response header from upstream, client: <ip>, server: api.example.com, request: <str>, upstream: <str>, host: <str>',
  );
  const closed = NGINX.find((l) => l.includes('prematurely closed')) as string;
  assert.notEqual(maskLine(closed), [...keys][0]);
  const timeouts = GUNICORN.filter((l) => l.includes('WORKER TIMEOUT'));
  assert.ok(timeouts.length >= 2);
  assert.equal(new Set(timeouts.map(maskLine)).size, 1);
  assert.equal(maskLine(timeouts[0]), '[<num> <num> <num>] [<num>] [CRITICAL] WORKER TIMEOUT (<id>)');
});

test('masking is linear and bounded on hostile lines', () => {
  const long = `${'"'.repeat(50_000)}${'a1 '.repeat(50_000)}`;
  const t0 = performance.now();
  const key = maskLine(long);
  assert.ok(performance.now() - t0 < 2000);
  assert.ok(key.length <= 800, String(key.length));
});

test('pieces merge alike in any order, and the whole is the sum of its parts', () => {
  const t0 = Date.parse('2026-11-23T03:00:00Z');
  const whole = newTemplates();
  const a = newTemplates();
  const b = newTemplates();
  NGINX.forEach((l, i) => {
    const m = mined(l, t0 + i * 7_000, { line: i + 1 });
    mineLine(whole, m);
    mineLine(i % 3 === 0 ? a : b, m);
  });
  const ab = newTemplates();
  mergeTemplates(ab, a);
  mergeTemplates(ab, b);
  const ba = newTemplates();
  mergeTemplates(ba, b);
  mergeTemplates(ba, a);
  const shape = (t: TemplateTally) =>
    [...t].map(([k, s]) => [k, s.count, s.mined, s.first, [...s.buckets].sort((x, y) => x[0] - y[0])]).sort();
  assert.deepEqual(shape(ab), shape(whole));
  assert.deepEqual(shape(ba), shape(whole));
});

test('a key logged every minute for a month keeps at most MAX_BUCKETS buckets and every line', () => {
  const t = newTemplates();
  const start = Date.parse('2026-10-01T00:00:00Z');
  const n = 30 * 1440;
  for (let i = 0; i < n; i++) mineLine(t, mined(GUNICORN[0], start + i * MINUTE + 500));
  const [s] = [...t.values()] as KeyStats[];
  assert.ok(s.buckets.size <= MAX_BUCKETS, String(s.buckets.size));
  assert.equal(s.res, 32);
  assert.equal(s.count, n);
  assert.ok(Math.abs(linesIn(s, start, start + n * MINUTE) - n) < 1e-6);
  // A day inside the month: its lines, within the two buckets that straddle its ends.
  const day = linesIn(s, start + 10 * 1440 * MINUTE, start + 11 * 1440 * MINUTE);
  assert.ok(Math.abs(day - 1440) <= 64, String(day));
});

test('sampled lines count for the lines they stand for; significance counts them as mined', () => {
  const t = newTemplates();
  for (let i = 0; i < 10; i++)
    mineLine(t, mined(GUNICORN[0], Date.parse('2026-10-01T00:00:00Z'), { weight: 64, level: 1 }));
  const [s] = [...t.values()] as KeyStats[];
  assert.equal(s.count, 640);
  assert.equal(s.mined, 10);
});

test('beyond MAX_KEYS distinct keys, lines count under (other)', () => {
  const t = newTemplates();
  // Distinct words without digits (digits would be masked): i in base 26 as letters.
  const word = (i: number): string => (i < 26 ? '' : word(Math.floor(i / 26) - 1)) + String.fromCharCode(97 + (i % 26));
  for (let i = 0; i < MAX_KEYS + 50; i++) mineLine(t, mined(`upstream ${word(i)} failed`, 0));
  assert.equal(t.size, MAX_KEYS + 1); // and (other)
  assert.equal(t.get(OTHER_KEY)?.count, 50);
});

test('clustering: keys that differ in one word are one template, and every key finds its template', () => {
  const t = newTemplates();
  for (const [i, l] of GUNICORN.entries())
    mineLine(t, mined(l, Date.parse('2026-12-03T13:06:00Z') + i, { source: 'gunicorn' }));
  const c = clusterTemplates(t);
  const booting = c.templates.filter((x) => x.text.includes('Booting worker with pid'));
  assert.equal(booting.length, 1, c.templates.map((x) => x.text).join('\n'));
  for (const key of t.keys()) assert.ok(c.byKey.get(key)?.length, key);
  const total = c.templates.reduce((n, x) => n + x.stats.count, 0);
  assert.equal(total, GUNICORN.length);
});

// The hot path keys a mined line from its bytes through a cache of exact skeletons: whatever line hit it first,
// the key is maskLine's own. Every line of the corpus's logs, twice (the second pass all hits), and lines that
// differ only where a looser skeleton would fold them: a digit in a kept `key=`, in what follows a closing quote,
// `0x` against `5x`, a duration's `d`, UUIDs and hex ids of one shape.
test('the byte skeleton cache gives maskLine’s key for every line', () => {
  const files = [
    'celery-db-session-cut/var/log/celery/worker.log',
    'celery-db-session-cut/var/log/mysql/error.log',
    'fd-exhaustion/var/log/nginx/error.log',
    'gunicorn-worker-timeout/var/log/gunicorn/error.log',
  ];
  const tricky = [
    'worker1=busy id=5',
    'worker2=busy id=6',
    'took "a b"x1f then',
    'took "c d"x2e then',
    'value 0x1f2e',
    'value 5x1f2e',
    'expires in 30d.',
    'expires in 30e.',
    'task[23ac4b98-de32-7e88-343d-c2346d6005f6] ok',
    'task[dead4b98-de32-7e88-343d-c2346d6005f6] ok',
    'task[23ac4b98-de32-7e88-343d-c2346d6005f] ok',
    'peer fe80::1a2b:3c4d:5e6f:7a8b',
    'peer 10.0.0.12:5432',
  ];
  let hits = 0;
  let again = 0;
  for (const group of [...files.map(lines), tricky]) {
    const cache = new MaskCache();
    for (const round of [1, 2])
      for (const text of group) {
        const buf = Buffer.from(` ${text}`);
        let asked = false;
        const key = cache.keyOfBytes(buf, 1, buf.length, () => {
          asked = true;
          return text;
        });
        assert.equal(key, maskLine(text), text);
        if (round === 2) again++;
        if (round === 2 && !asked) hits++;
      }
  }
  assert.equal(hits, again, 'a line seen before is read from the cache');
});
