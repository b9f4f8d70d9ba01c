import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seed002Result } from '../../test/helpers/investigate-fixture.js';
import { investigateJson } from './investigate-json.js';

test('json: each hypothesis carries its remedies with their kinds, and the contract fix strings written from them', () => {
  const json = JSON.parse(investigateJson(seed002Result()));
  assert.ok(json.hypotheses.length > 0);
  const kinds = new Set<string>();
  for (const h of json.hypotheses) {
    assert.ok(h.remedies.length > 0, h.cause);
    const label: Record<string, string> = { 'stop-gap': 'Stop-gap: ', fix: '', 'long-term': 'Long-term: ' };
    assert.deepEqual(
      h.fix,
      h.remedies.map((r: { kind: string; text: string }) => `${label[r.kind]}${r.text}`),
      h.cause,
    );
    for (const r of h.remedies) kinds.add(r.kind);
    assert.ok(Array.isArray(h.confirm) && h.confirm.every((c: unknown) => typeof c === 'string'));
  }
  assert.deepEqual([...kinds].sort(), ['fix', 'long-term', 'stop-gap']);
});
