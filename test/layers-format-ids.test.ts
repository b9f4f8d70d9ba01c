// The analysis and the reporters never ask which log format a line came from: they read what the format declares
// (its `behaviour`) or the event's traits. A string literal equal to a log format id under src/analysis or
// src/report is a format special case creeping back in.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { LOG_FORMATS } from '../src/formats/log/registry.js';

const src = new URL('../src/', import.meta.url).pathname;
const SCANNED = ['analysis', 'report'];
const FORMAT_IDS = new Set<string>(LOG_FORMATS.map((f) => f.id));

/**
 * Files that may name formats: tests (their data lives in test/helpers). The old read path
 * (src/analysis/ingest.ts, access-scan.ts, access-worker.ts) was the other exception; it has been retired to
 * src/read, which asks its formats' behaviour too.
 */
function exempt(name: string): boolean {
  return name.endsWith('.test.ts');
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sourceFiles(p, out);
    else if (name.endsWith('.ts') && !exempt(name)) out.push(p);
  }
  return out;
}

/** "line: 'literal'" for every string literal (plain or template without substitutions) that is a format id. */
export function formatIdLiterals(text: string, ids: ReadonlySet<string>): string[] {
  const file = ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && ids.has(node.text)) {
      const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
      found.push(`${line + 1}: '${node.text}'`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

test('the scanner finds format ids in literals, not in comments, names or longer strings', () => {
  const text = [
    '// syslog and haproxy-log repeat records',
    "if (e.format === 'haproxy-log' || e.format === `syslog`) dedupe();",
    "const label = 'syslog lines';",
    'const syslog = 1;',
    "type T = 'kernel';",
  ].join('\n');
  assert.deepEqual(formatIdLiterals(text, FORMAT_IDS), ["2: 'haproxy-log'", "2: 'syslog'", "5: 'kernel'"]);
});

test('no format id literal under src/analysis or src/report', () => {
  assert.ok(FORMAT_IDS.has('heroku-log') && FORMAT_IDS.size >= 16, 'the registry lists the log formats');
  const violations: string[] = [];
  for (const dir of SCANNED) {
    for (const file of sourceFiles(join(src, dir))) {
      for (const hit of formatIdLiterals(readFileSync(file, 'utf8'), FORMAT_IDS))
        violations.push(`src/${relative(src, file)}:${hit}`);
    }
  }
  assert.deepEqual(violations, []);
});
