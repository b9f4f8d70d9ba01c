import assert from 'node:assert/strict';
import { test } from 'node:test';
import { monthFromBytes, monthFromName } from './months.js';

test('abbreviations in any case map to 1..12; anything else to 0', () => {
  const names = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  names.forEach((n, i) => {
    assert.equal(monthFromName(n), i + 1);
    assert.equal(monthFromName(n.toUpperCase()), i + 1);
    assert.equal(monthFromBytes(Buffer.from(`[10/${n}/2000`), 4), i + 1);
  });
  assert.equal(monthFromName('October'), 10);
  assert.equal(monthFromName('10/Oct/2000', 3), 10);
  for (const bad of ['', 'Ja', 'Jam', 'J@n', '123', 'Sept'.slice(1)]) assert.equal(monthFromName(bad), 0, bad);
  assert.equal(monthFromBytes(Buffer.from('Ja'), 0), 0);
});
