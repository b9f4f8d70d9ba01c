// A finding's fingerprint, for baselines and for SARIF `partialFingerprints`: the rule, the message, each location
// as its path and the key written on its line (never the line number), and the values the message was rendered
// from with every `path:line` in them cut to the path. Lines inserted above, re-indentation or `key = v` written
// `key=v` keep it; a changed value (a timeout, a limit, a name) changes it.
import { createHash } from 'node:crypto';
import type { Finding } from '../rules/types.js';

/** The text of `path`'s line `line` (1-based), or undefined. */
export type LineText = (path: string, line: number) => string | undefined;

export const FINGERPRINT_KEY = 'faultline/v1';

export function fingerprint(f: Finding, lineText: LineText, paths: readonly string[]): string {
  const parts = [f.rule, f.messageId ?? f.title];
  for (const l of f.locations) parts.push(`${l.path}#${keyOf(l.line > 0 ? lineText(l.path, l.line) : undefined)}`);
  for (const [k, v] of Object.entries(f.values ?? {}).sort(([a], [b]) => a.localeCompare(b)))
    parts.push(`${k}=${withoutLines(String(v), paths)}`);
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

const STOP = new Set([' ', '\t', '=', ':', ';', '{', '(', ',', '"', "'", '>', '/', ']']);

/** The directive or key a line writes: its first word, lower case, without leading quotes or `<`. */
export function keyOf(text: string | undefined): string {
  if (text === undefined) return '';
  let s = text.trim();
  while (s[0] === '"' || s[0] === "'" || s[0] === '<' || s[0] === '[') s = s.slice(1);
  let end = 0;
  while (end < s.length && !STOP.has(s[end] as string)) end++;
  return s.slice(0, end).toLowerCase();
}

/** "… at etc/haproxy/haproxy.cfg:12" → "… at etc/haproxy/haproxy.cfg", for every path of the input. */
function withoutLines(value: string, paths: readonly string[]): string {
  let out = value;
  for (const p of paths) {
    const needle = `${p}:`;
    let i = out.indexOf(needle);
    while (i >= 0) {
      let j = i + needle.length;
      while (j < out.length && out[j] !== undefined && (out[j] as string) >= '0' && (out[j] as string) <= '9') j++;
      out = j > i + needle.length ? out.slice(0, i + p.length) + out.slice(j) : out;
      i = out.indexOf(needle, i + p.length + 1);
    }
  }
  return out;
}
