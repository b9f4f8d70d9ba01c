// Shared mutable state at module level is how two runs in one process would meet: no top-level `let` or `var`
// in src/ (a lazily read asset is a `const` holder; counters and caches live in the objects of one run).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';

const SRC = join(import.meta.dirname, '../src');

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

/** The module-level `let` and `var` statements of a source file, as `line: text`. */
function topLevelMutable(name: string, text: string): string[] {
  const sf = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true);
  return sf.statements
    .filter((st): st is ts.VariableStatement => ts.isVariableStatement(st))
    .filter((st) => !(st.declarationList.flags & (ts.NodeFlags.Const | ts.NodeFlags.Using)))
    .map((st) => `${sf.getLineAndCharacterOfPosition(st.getStart()).line + 1}: ${st.getText().split('\n')[0]}`);
}

test('no top-level let or var in src/', () => {
  const found = sources(SRC).flatMap((file) =>
    topLevelMutable(file, readFileSync(file, 'utf8')).map((l) => `${relative(SRC, file)}:${l}`),
  );
  assert.deepEqual(found, []);
});

test('the check sees a top-level let and var, and not a const or a let inside a function', () => {
  const src = 'let a = 1;\nvar b = 2;\nconst c = 3;\nfunction f() { let d = 4; return d; }\n';
  const sf = ts.createSourceFile('x.ts', src, ts.ScriptTarget.Latest, true);
  const bad = sf.statements.filter((s) => ts.isVariableStatement(s) && !(s.declarationList.flags & ts.NodeFlags.Const));
  assert.equal(bad.length, 2);
});
