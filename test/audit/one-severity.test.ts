// Regression (issue 13, item 7): on the postmortem example pm2-memory-restart-exceeds-ram was shown once as ERROR
// and once as WARNING, the WARNING under a title its body did not say (the heap-above-restart-limit case, now
// pm2-heap-above-memory-restart). Over every example and corpus bundle, a rule's findings in one report share one
// severity, so the text report never lists the same rule under two headings.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { audit } from '../../src/audit.js';

const root = new URL('../../', import.meta.url).pathname;
const inputs = [
  ...readdirSync(join(root, 'examples')).map((n) => join(root, 'examples', n)),
  ...readdirSync(join(root, 'test/corpus')).map((n) => join(root, 'test/corpus', n)),
];

test('each rule reports one severity per run, on every example and corpus bundle', async () => {
  const mixed: string[] = [];
  for (const path of inputs) {
    const result = await audit({ paths: [path] });
    const severities = new Map<string, Set<string>>();
    for (const f of result.findings) severities.set(f.rule, (severities.get(f.rule) ?? new Set()).add(f.severity));
    for (const [rule, s] of severities) if (s.size > 1) mixed.push(`${path}: ${rule} ${[...s].join('/')}`);
  }
  assert.deepEqual(mixed, []);
  const pm2 = (await audit({ paths: [join(root, 'examples/postmortem-api')] })).findings.filter((f) =>
    f.rule.startsWith('pm2-'),
  );
  assert.deepEqual(
    pm2.map((f) => [f.rule, f.severity, f.title]),
    [
      [
        'pm2-memory-restart-exceeds-ram',
        'error',
        'PM2 memory restarts can never trigger before the host runs out of memory',
      ],
      ['pm2-heap-above-memory-restart', 'warning', 'PM2 restarts the app before V8 reaches its heap limit'],
    ],
  );
});
