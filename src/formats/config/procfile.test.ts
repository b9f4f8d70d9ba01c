import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { procfileParser } from './procfile.js';
import type { ConfigFS } from './types.js';

const FIXTURES = 'test/fixtures/config/procfile';
const noFs: ConfigFS = { glob: () => [], read: () => undefined };
const parse = (path: string, text: string) => procfileParser.parse({ path, text, fs: noFs });

describe('procfileParser', () => {
  it('reads the Heroku forever case with file:line per process', () => {
    const path = `${FIXTURES}/Procfile`;
    const { data, issues } = parse(path, readFileSync(path, 'utf8'));
    assert.deepEqual(issues, []);
    assert.deepEqual(data.processes, [
      { type: 'web', command: 'node forever.js', loc: { path, line: 2 } },
      { type: 'worker', command: 'celery -A proj worker --loglevel=info', loc: { path, line: 3 } },
      { type: 'release', command: 'node scripts/migrate.js', loc: { path, line: 4 } },
    ]);
  });

  it('reports malformed lines by line and keeps the rest; a repeated type replaces the earlier one', () => {
    const path = `${FIXTURES}/Procfile.broken`;
    const { data, issues } = parse(path, readFileSync(path, 'utf8'));
    assert.deepEqual(
      issues.map((i) => [i.line, i.message]),
      [
        [2, 'expected "<process type>: <command>", e.g. "web: node server.js"'],
        [3, 'expected a command after "clock:"'],
        [4, 'expected one "web" entry; this one replaces line 1'],
      ],
    );
    assert.deepEqual(
      data.processes.map((p) => [p.type, p.command, p.loc.line]),
      [['web', 'pm2-runtime start ecosystem.config.js', 4]],
    );
  });

  it('detects Procfiles by name and content, not arbitrary YAML', () => {
    assert.ok(procfileParser.detect('Procfile', 'web: node server.js\n') >= 0.9);
    assert.ok(procfileParser.detect('deploy/run-file', 'web: gunicorn app:app\nworker: rq worker\n') >= 0.5);
    assert.equal(
      procfileParser.detect('app.yaml', 'runtime: nodejs12\ninstance_class: F2\nhandlers:\n- url: /.*\n'),
      0,
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const out = parse('Procfile', text);
        for (const p of out.data.processes) assert.ok(p.loc.line >= 1);
      }),
      { numRuns: 300 },
    );
  });
});
