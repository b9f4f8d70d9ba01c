import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseSsListeners } from './ss.js';

test('ss -ltnH as captured on the build machine: queue in use and its size per listener', () => {
  const text = readFileSync(new URL('../../test/fixtures/probe-root/commands/ss-ltnH.txt', import.meta.url), 'utf8');
  assert.deepEqual(parseSsListeners(text), [
    { address: '127.0.0.1', port: 33999, queue: 0, limit: 80 },
    { address: '0.0.0.0', port: 2024, queue: 0, limit: 128 },
    { address: '127.0.0.1', port: 45455, queue: 0, limit: 511 },
    { address: '::1', port: 39779, queue: 0, limit: 511 },
  ]);
});

test('wildcard and interface-bound listeners', () => {
  assert.deepEqual(parseSsListeners('LISTEN 129 128 *:80 *:*\nLISTEN 0 4096 127.0.0.53%lo:53 0.0.0.0:*\n'), [
    { address: '0.0.0.0', port: 80, queue: 129, limit: 128 },
    { address: '127.0.0.53', port: 53, queue: 0, limit: 4096 },
  ]);
});
