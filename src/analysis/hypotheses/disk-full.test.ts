import assert from 'node:assert/strict';
import { test } from 'node:test';
import { healthy } from '../../../test/helpers/analysis-context.js';
import { diskScenario, fdScenario } from '../../../test/helpers/scenarios.js';
import { detectDiskFull } from './disk-full.js';

test('ENOSPC and nginx (28: No space left on device)', () => {
  const h = detectDiskFull(diskScenario())!;
  assert.ok(h.confidence >= 0.9);
  assert.deepEqual(
    h.evidence.map((e) => `${e.path}:${e.line}`),
    ['var/log/nginx/error.log:55', 'home/deploy/.pm2/logs/api-error.log:12'],
  );
  assert.match(h.explanation, /nginx, api could not write: no space left on device, 2 times/);
  assert.ok(h.confirm.includes('df -h && df -i'));
});

test('must not: healthy; other resource errors', () => {
  assert.equal(detectDiskFull(healthy()), null);
  assert.equal(detectDiskFull(fdScenario()), null);
});
