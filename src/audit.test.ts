// auditTexts: what a file's problems look like once collected — found by the fuzz harness (test/fuzz).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditTexts } from './audit.js';
import type { TextFile } from './evidence/collect.js';

const file = (path: string, text: string): TextFile => ({ path, host: '', hostPath: `/${path}`, rootPath: '', text });

test('a problem that quotes a line break from its input stays one line, the break shown escaped', () => {
  // sysctl.conf with a stray `\r` inside a key: the parser quotes the key it read.
  const result = auditTexts([file('etc/sysctl.conf', 'vm.swappiness = 10\n$\rfs.file-max = 2097152\n')]);
  assert.deepEqual(result.issues, [
    {
      path: 'etc/sysctl.conf',
      line: 2,
      message: 'expected a dotted kernel parameter name like vm.swappiness, got "$\\rfs.file-max"',
    },
  ]);
  const input = result.inputs.find((i) => i.path === 'etc/sysctl.conf');
  assert.equal(
    input?.error,
    'etc/sysctl.conf:2: expected a dotted kernel parameter name like vm.swappiness, got "$\\rfs.file-max"',
  );
});
