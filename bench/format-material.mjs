// The bench material of each log format (bench/formats.mjs' per-format table): real lines, never generated —
// the files of test/real-logs/ that its EXPECTED.json gives this format (whole files, with their continuations
// and stray lines as they were written), else the claimed samples of test/fixtures/log-samples/<id>.json (lines
// from the lab's captures, fixtures and public sources, each with its provenance there). The bench repeats the
// material to its size. test/bench-material.test.ts checks that every registered format has some, and that the
// format reads it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const TEST = new URL('../test/', import.meta.url).pathname;

/** `<kind>/<file>` of test/real-logs/ by expected format id. */
function realLogsByFormat() {
  const root = join(TEST, 'real-logs');
  const out = new Map();
  for (const kind of readdirSync(root, { withFileTypes: true })) {
    const expected = join(root, kind.name, 'EXPECTED.json');
    if (!kind.isDirectory() || !existsSync(expected)) continue;
    const files = JSON.parse(readFileSync(expected, 'utf8')).files;
    for (const [name, want] of Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (!want.format) continue;
      if (!out.has(want.format)) out.set(want.format, []);
      out.get(want.format).push(`${kind.name}/${name}`);
    }
  }
  return out;
}

/**
 * Records not one a line (rsyslog's ForwardFormat, RFC 6587 octet counting: test/real-logs/rsyslog-forward): the
 * bench splits lines as LineSplitter does, so such files are left out of a line format's material.
 */
function framed(text) {
  if (/^[1-9]\d{0,8} <\d{1,3}>/.test(text)) return true;
  const nl = text.indexOf('\n');
  return ((nl < 0 ? text : text.slice(0, nl)).match(/<\d{1,3}>\d{4}-/g) ?? []).length > 1;
}

let byFormat;

/**
 * The material of format `id`: `{ source, text }` with `text` ending in a newline, or undefined when there is
 * none. `source` says where the lines come from (for the table).
 */
export function formatMaterial(id) {
  byFormat ??= realLogsByFormat();
  const texts = (byFormat.get(id) ?? [])
    .map((f) => readFileSync(join(TEST, 'real-logs', f), 'utf8'))
    .filter((t) => !framed(t));
  if (texts.length > 0) {
    const text = texts.map((t) => (t.endsWith('\n') ? t : `${t}\n`)).join('');
    return { source: `test/real-logs (${texts.length} file${texts.length > 1 ? 's' : ''})`, text };
  }
  const samples = join(TEST, 'fixtures', 'log-samples', `${id}.json`);
  if (!existsSync(samples)) return undefined;
  const lines = JSON.parse(readFileSync(samples, 'utf8'))
    .samples.filter((s) => s.claimed !== false)
    .map((s) => s.line);
  if (lines.length === 0) return undefined;
  return { source: `log-samples/${id}.json (${lines.length} lines)`, text: `${lines.join('\n')}\n` };
}
