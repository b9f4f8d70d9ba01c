// A file no format claims says why: the closest format, how many of its first lines that format reads, and the
// first line it could not read (path:line, redacted, cut, without control characters); an empty file says empty.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isBinary } from '../../src/evidence/sample.js';
import { classify, unknownNote } from '../../src/read/survey.js';
import { redact } from '../../src/report/redact.js';

const ROOT = join(import.meta.dirname, '..');
const lines = (rel: string) => readFileSync(join(ROOT, rel), 'utf8').split('\n');

function noteOf(text: string, path = 'var/log/app/mixed.log'): string {
  const c = classify({ hostPath: `/${path}`, head: Buffer.from(text), mayBeConfig: false, custom: [] }, isBinary);
  assert.equal(c.kind, 'unknown');
  return unknownNote(path, c as Extract<typeof c, { kind: 'unknown' }>, redact);
}

test('half syslog, half lines no format reads: the closest reader and the first line it cannot read are named', () => {
  const syslog = lines('fixtures/log/syslog/syslog')
    .filter((l) => l.trim())
    .slice(0, 5);
  const other = lines('real-logs/apache-error/perimeterx-no-stamp.log').filter((l) => l.trim());
  const note = noteOf([...syslog, ...other].join('\n'));
  assert.match(note, /^format not recognised: closest generic-log reads 5 of the first 7 lines; /);
  assert.match(note, /first line it could not read var\/log\/app\/mixed\.log:6: \[mpm_worker:error\]/);
});

test('the quoted line is redacted, cut and free of control characters', () => {
  const syslog = lines('fixtures/log/syslog/syslog')
    .filter((l) => l.trim())
    .slice(0, 3);
  const hostile = `\x1b[2J\x1b]0;owned\x07 GET /login?password=hunter2&user=x ${'y'.repeat(200)}`;
  const note = noteOf([...syslog, hostile].join('\n'));
  assert.doesNotMatch(note, /[\x00-\x1f\x7f]/);
  assert.doesNotMatch(note, /hunter2/);
  const quoted = note.slice(note.indexOf('mixed.log:4: ') + 'mixed.log:4: '.length);
  assert.ok(quoted.length <= 80 && quoted.endsWith('…'), quoted);
});

test('a file nobody reads a line of says so and quotes its first line', () => {
  const note = noteOf(readFileSync(join(ROOT, 'real-logs/apache-error/perimeterx-no-stamp.log'), 'utf8'));
  assert.match(
    note,
    /^format not recognised: no format reads any of its lines; first line var\/log\/app\/mixed\.log:1: \[mpm_worker:error\]/,
  );
});

test('an empty file, or one of blank lines only, says empty', () => {
  assert.equal(
    noteOf(readFileSync(join(ROOT, 'corpus/event-loop-blocked/home/app/.pm2/logs/api-1-error.log'), 'utf8')),
    'empty',
  );
  assert.equal(noteOf('\n\n  \r\n\t\n'), 'empty');
});
