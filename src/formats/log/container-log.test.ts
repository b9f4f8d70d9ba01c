import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { ingest } from '../../read/ingest.js';
import { containerLog } from './container-log.js';
import { detectLogFormat } from './registry.js';

const tmp = mkdtempSync(join(tmpdir(), 'faultline-container-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

test('every sample parses, with the runtime’s time where it states one', () => {
  for (const line of containerLog.samples) assert.ok(containerLog.parse(line)?.inner, line);
  const docker = containerLog.parse(containerLog.samples[0])!;
  assert.deepEqual(docker.ts, {
    year: 2019,
    month: 1,
    day: 1,
    hour: 11,
    minute: 11,
    second: 11,
    ms: 111,
    offsetMinutes: 0,
  });
  assert.deepEqual(docker.inner, { text: 'Log line is here' });
  assert.deepEqual(docker.fields, { stream: 'stdout' });
  assert.deepEqual(containerLog.parse(containerLog.samples[1])!.fields, { stream: 'stdout', partial: 1 });
  const compose = containerLog.parse(containerLog.samples[4])!;
  assert.equal(compose.ts, undefined);
  assert.equal(compose.fields?.service, 'db-1');
  assert.match(compose.inner!.text, /^2026-10-04 04:05:18\.047 UTC \[1\] LOG: {2}database system is ready/);
});

test('not a container log: plain JSON app lines, bad times, other lines', () => {
  assert.equal(containerLog.parse('{"level":30,"time":1657548137123,"msg":"x"}'), null);
  assert.equal(containerLog.parse('{"log":"x\\n","stream":"stdout","time":"yesterday"}'), null);
  assert.equal(containerLog.parse('2024/03/05 10:12:01 [error] 1#1: boom'), null);
  assert.equal(detectLogFormat(['{"level":30,"time":1657548137123,"msg":"x"}'], 'app.log')?.format.id, 'json-log');
});

test('a Docker json-file of an nginx container: the nginx lines inside go through nginx’s signatures', async () => {
  const lines = readFileSync(new URL('../../../test/fixtures/log/nginx/error.log', import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean);
  const plain = join(tmp, 'error.log');
  writeFileSync(plain, `${lines.join('\n')}\n`);
  const wrapped = join(tmp, 'abc123-json.log');
  const t0 = Date.UTC(2022, 6, 11, 14, 0, 0);
  writeFileSync(
    wrapped,
    lines
      .map((l, i) => JSON.stringify({ log: `${l}\n`, stream: 'stderr', time: new Date(t0 + i * 1000).toISOString() }))
      .join('\n'),
  );
  const a = await ingest({ paths: [plain], workers: 0 });
  const b = await ingest({ paths: [wrapped], workers: 0 });
  assert.equal(b.inputs[0].format, 'container-log');
  assert.deepEqual(b.inputs[0].inner, ['nginx-error']);
  assert.ok(Object.keys(a.signatureCounts).length > 0, 'the fixture has signature lines');
  assert.deepEqual(b.signatureCounts, a.signatureCounts);
});

test('property: never throws', () => {
  fc.assert(
    fc.property(fc.oneof(fc.json(), fc.string({ maxLength: 120 })), (s) => {
      containerLog.parse(s);
    }),
  );
});

test('compose output of a service with `container_name:` (no index) and Caddy JSON inside (lnav caddy_log)', async () => {
  const lines = [
    'caddy  | {"level":"info","ts":1761019822.3152757,"msg":"maxprocs: Leaving GOMAXPROCS=12: CPU quota undefined"}',
    'caddy  | {"level":"warn","ts":1761019822.316257,"logger":"http.auto_https","msg":"server is listening only on the HTTP port, so no automatic HTTPS will be applied to this server","server_name":"srv0","http_port":80}',
    'caddy  | {"level":"info","ts":1761019822.31631,"logger":"tls.cache.maintenance","msg":"started background certificate maintenance","cache":"0xc0005a2600"}',
  ];
  assert.deepEqual(containerLog.parse(lines[0])?.fields, { service: 'caddy' });
  assert.equal(detectLogFormat(lines, 'compose.txt')?.format.id, 'container-log');
  const file = join(tmp, 'compose.txt');
  writeFileSync(file, `${lines.join('\n')}\n`);
  const r = await ingest({ paths: [file], workers: 0 });
  assert.equal(r.inputs[0].format, 'container-log');
  assert.deepEqual(r.inputs[0].inner, ['json-log']);
  assert.equal(r.inputs[0].skipped, 0);
  // The epoch-seconds `ts` of the inner line is the entry's time (the compose prefix states none).
  assert.equal(r.inputs[0].firstTime, Date.parse('2025-10-21T04:10:22.315Z'));
});
