// Issue 8, item 8: nothing injected. Log text, file names and member names come from whoever wrote the evidence:
// on a terminal (the text reports, warnings on stderr) their control characters and escape sequences are shown as
// `\x1b`-style text and a newline in a name is escaped; in Markdown, log text is inline code (never HTML, an image or
// a link); in HTML it is escaped; and a file whose parser failed is shown as failed in every format.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { audit } from '../../src/audit.js';
import { investigate } from '../../src/investigate.js';
import { AUDIT_REPORTERS, INVESTIGATE_REPORTERS } from '../../src/report/index.js';
import { code, prose } from '../../src/report/investigate-markdown.js';
import { neutralise } from '../../src/report/redact.js';

const root = new URL('../../', import.meta.url).pathname;
const fixture = (p: string) => readFileSync(join(root, 'test/fixtures', p), 'utf8');

// What the issue measured a log line doing to a terminal: set the title, write the clipboard (OSC 52), clear the
// screen and move the cursor home to draw a fake "all clear"; a C1 CSI; a bidirectional override.
const OSC_TITLE = '\x1b]0;all clear\x07';
const OSC_CLIPBOARD = '\x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\x07';
const CLEAR = '\x1b[2J\x1b[H';
const C1_CSI = '\x9b31m';
const BIDI = '\u202e';
const HTML = '<img src=x onerror=alert(1)>';
const IMAGE = '![x](http://tracker.example/p.png)';
const TICKS = '``rm -rf``';

function write(dir: string, path: string, text: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

/** The seed incident's nginx error log, with hostile request lines among its errors. */
function bundle(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fl-inject-'));
  const lines = fixture('log/nginx/error.log').split('\n').slice(0, 3);
  const hostile = [OSC_TITLE, OSC_CLIPBOARD, `${CLEAR}faultline: No incident found.`, C1_CSI, BIDI, HTML, IMAGE, TICKS];
  hostile.forEach((h, n) => {
    lines.push(
      `2022/07/11 14:01:${30 + n} [error] 8934#8934: *22014${n} upstream prematurely closed connection while reading response header from upstream, client: 1.2.3.4, server: api.example.com, request: "GET /v1/${h} HTTP/1.1", upstream: "http://127.0.0.1:8080/v1/location", host: "api.example.com"`,
    );
  });
  write(dir, 'var/log/nginx/error.log', `${lines.join('\n')}\n`);
  write(dir, 'var/log/nginx/access.log', fixture('log/nginx/access-timed.log'));
  // A name that would forge a report line, and one that sets the terminal title: both are empty .gz files, a problem
  // each on stderr and in the report.
  write(dir, 'var/log/nginx/old.log\nfaultline: 0 incidents, all clear.gz', '');
  write(dir, `var/log/nginx/x${OSC_TITLE}.gz`, '');
  return dir;
}

const RAW_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

/** A Markdown line without its code spans (CommonMark: a run of n backticks closes at the next run of exactly n). */
function outsideCode(line: string): string {
  let out = '';
  let i = 0;
  while (i < line.length) {
    if (line[i] !== '`') {
      out += line[i];
      i++;
      continue;
    }
    let n = 0;
    while (line[i + n] === '`') n++;
    const fence = '`'.repeat(n);
    let close = line.indexOf(fence, i + n);
    while (close >= 0 && line[close + n] === '`') close = line.indexOf(fence, close + n + 1);
    if (close < 0) {
      out += fence;
      i += n;
      continue;
    }
    i = close + n;
  }
  return out;
}

test('the terminal report and stderr show control characters as text and escape newlines in names', () => {
  const dir = bundle();
  const r = spawnSync(process.execPath, ['--import', 'tsx', `${root}src/cli/run.ts`, 'investigate', dir], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  assert.equal(r.status, 1, r.stderr);
  assert.doesNotMatch(r.stdout, RAW_CONTROL, 'no raw control character in the report');
  assert.doesNotMatch(r.stderr, RAW_CONTROL, 'no raw control character on stderr');
  // Shown, so that the reader sees what the line tried (the quote is cut after its first 200 characters).
  assert.match(r.stdout, /request: "GET \/v1\/\\x1b\]52;c/);
  // The forged line is one escaped name, never a line of its own.
  for (const out of [r.stdout, r.stderr]) {
    assert.doesNotMatch(out, /^faultline: 0 incidents, all clear/m, out);
    assert.match(out, /old\.log\\nfaultline: 0 incidents, all clear\.gz/);
  }
  for (const line of r.stderr.trimEnd().split('\n')) assert.match(line, /^faultline: /, r.stderr);
});

test('Markdown quotes log text as code: no HTML, image or link renders; HTML escapes it', async () => {
  const result = await investigate({ paths: [bundle()] });
  const md = INVESTIGATE_REPORTERS.markdown.render(result, { color: false });
  assert.doesNotMatch(md, RAW_CONTROL);
  assert.ok(md.includes(HTML), 'the hostile line is quoted (as code)');
  let fenced = false;
  for (const line of md.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    if (fenced || line.startsWith('```')) continue;
    const text = outsideCode(line);
    assert.doesNotMatch(text, /(?<!\\)<[a-z/!]/i, line);
    assert.doesNotMatch(text, /(?<!\\)!(?<!\\)\[|(?<!\\)\]\(/, line);
    assert.doesNotMatch(text, /(?<!\\)https?:\/\//, line);
  }
  const html = INVESTIGATE_REPORTERS.html.render(result, { color: false });
  assert.doesNotMatch(html, /<img src=x/);
  assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
  assert.doesNotMatch(html.replace(/<script[\s\S]*?<\/script>/g, ''), RAW_CONTROL);
});

test('code() and prose(): backticks inside, Markdown syntax outside', () => {
  assert.equal(code('a `b` c'), '``a `b` c``');
  assert.equal(code('``x``'), '``` ``x`` ```');
  assert.equal(outsideCode(code(`x ${TICKS} ${HTML}`)), '');
  assert.equal(
    prose(`see ${IMAGE} and \`${HTML}\``),
    'see \\!\\[x\\](http\\://tracker.example/p.png) and `<img src=x onerror=alert(1)>`',
  );
  assert.equal(neutralise(`a${OSC_TITLE}\nb`, false), 'a\\x1b]0;all clear\\x07\\nb');
  assert.equal(neutralise(`a${C1_CSI}${BIDI}\nb`), 'a\\x9b31m\\u202e\nb');
});

test('a folder name with a newline never forges a line, in prose (a hypothesis, a finding) either', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fl-inject-names-'));
  const forged = `app\nfaultline: 0 incidents, all clear${OSC_TITLE}`;
  write(dir, `${forged}/var/log/nginx/error.log`, fixture('log/nginx/error.log'));
  write(dir, `${forged}/etc/redis/redis.conf`, fixture('config/redis/debian/etc/redis/redis.conf'));
  const result = await investigate({ paths: [dir] });
  const audited = await audit({ paths: [dir] });
  const texts = [
    INVESTIGATE_REPORTERS.text.render(result, { color: false }),
    INVESTIGATE_REPORTERS.markdown.render(result, { color: false }),
    AUDIT_REPORTERS.text.render(audited, { color: false }),
    AUDIT_REPORTERS.markdown.render(audited, { color: false }),
  ];
  // The hypothesis and the finding name the file in their prose: the name is there, escaped, on the same line.
  assert.ok(result.hypotheses.some((h) => h.explanation.includes('app\\nfaultline: 0 incidents')));
  assert.ok(audited.findings.some((f) => f.message.includes('app\\nfaultline: 0 incidents')));
  for (const text of texts) {
    assert.doesNotMatch(text, /^[\s>|*-]*faultline: 0 incidents/m, text);
    assert.doesNotMatch(text, RAW_CONTROL);
  }
});
