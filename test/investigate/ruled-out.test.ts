// Issue 14 item 3 (first part): every report says which causes were examined and the evidence against each.
// Material: the lab's captures of real servers (test/corpus).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { investigate } from '../../src/investigate.js';
import { INVESTIGATE_REPORTERS } from '../../src/report/index.js';

const CORPUS = join(import.meta.dirname, '../corpus');

test('too many open files: memory, disk and the pools are ruled out by the lines they predict', async () => {
  const dir = join(CORPUS, 'fd-exhaustion');
  const r = await investigate({ paths: [dir] });
  const out = new Map((r.ruledOut ?? []).map((x) => [x.cause, x]));
  assert.ok(!out.has('fd-exhaustion'), 'the cause found is not ruled out');
  for (const h of r.hypotheses) assert.ok(!out.has(h.cause), h.cause);
  assert.match(out.get('memory-exhaustion')?.why ?? '', /^none of the lines it predicts: no .*V8 heap limit/);
  assert.match(
    out.get('disk-full')?.why ?? '',
    /^none of the lines it predicts: no "No space left on device" in the \d logs/,
  );
  // A cause known by its analysis, not by lines: the numbers that fell short.
  assert.match(
    out.get('traffic-surge')?.why ?? '',
    /^(the busiest minute near an incident had \d+ requests against a usual \d+|\d+ minutes? of requests away from the incidents: too few for a baseline)/,
  );
  assert.match(out.get('bad-deploy')?.why ?? '', /change|deploy/);
  assert.match(out.get('novel-error')?.why ?? '', /matches a known signature/);
  // Heroku's router lines cannot be in these logs: not examined rather than ruled out.
  assert.deepEqual(
    r.notExamined?.find((n) => n.cause === 'platform-recycle'),
    { cause: 'platform-recycle', needs: ['heroku-log'] },
  );
  for (const x of r.ruledOut ?? [])
    for (const e of x.evidence) {
      const file = join(dir, e.path);
      if (!existsSync(file)) continue;
      const line = readFileSync(file, 'utf8').split('\n')[e.line - 1] ?? '';
      assert.ok(line.startsWith(e.text.split('\n')[0].slice(0, 60)), `${x.cause}: ${e.path}:${e.line}`);
    }
});

test('lines that point to a cause but made no hypothesis are its evidence', async () => {
  const r = await investigate({ paths: [join(CORPUS, 'novel-error')] });
  const crash = r.ruledOut?.find((x) => x.cause === 'crash-loop');
  assert.match(crash?.why ?? '', /^weighed and left out: 1 line near an incident point to it \(1 × pm2-app-exited\)/);
  assert.equal(crash?.evidence[0]?.path, 'home/app/.pm2/pm2.log');
});

test('no incident: nothing examined, nothing ruled out', async () => {
  const r = await investigate({ paths: [join(CORPUS, 'healthy')] });
  assert.deepEqual(r.ruledOut, []);
  assert.deepEqual(r.notExamined, []);
});

test('every report has its ruled-out part', async () => {
  const r = await investigate({ paths: [join(CORPUS, 'fd-exhaustion')] });
  const o = { color: false };
  assert.match(
    INVESTIGATE_REPORTERS.text.render(r, o),
    /\nRuled out\n(?: {2,}[^\n]*\n)*? {2}config-error +none of the lines[^\n]*\n(?: {4}[^\n]*\n)*? {2}connection-limit +none of the lines/,
  );
  assert.match(
    INVESTIGATE_REPORTERS.markdown.render(r, o),
    /## Ruled out\n\n(?:- [^\n]*\n)*?- `config-error`: none of the lines[^\n]*\n- `connection-limit`: none of the lines/,
  );
  assert.match(INVESTIGATE_REPORTERS.html.render(r, o), /<section id="ruled-out">[\s\S]*memory-exhaustion/);
  const json = JSON.parse(INVESTIGATE_REPORTERS.json.render(r, o));
  assert.ok(json.ruledOut.some((x: { cause: string }) => x.cause === 'disk-full'));
});
