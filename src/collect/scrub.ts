// Secrets out of every collected text, with the project's one redaction (src/report/redact.ts: the same rules that
// keep secrets out of reports), counted per file for the manifest. A log is redacted a block of whole lines at a
// time, so that a 25 MiB file is not one 25 MiB string copied once per rule.
import { REDACTED, redact } from '../report/redact.js';

const BLOCK_CHARS = 1024 * 1024;

function occurrences(text: string, needle: string): number {
  let n = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) n++;
  return n;
}

/** The text redacted, and how many values were replaced (markers already in the input are not counted). */
export function redactCounted(text: string): { text: string; count: number } {
  const parts: string[] = [];
  let count = 0;
  let at = 0;
  while (at < text.length) {
    let end = Math.min(text.length, at + BLOCK_CHARS);
    if (end < text.length) {
      const nl = text.indexOf('\n', end);
      end = nl < 0 ? text.length : nl + 1;
    }
    const block = text.slice(at, end);
    const out = redact(block);
    if (out !== block) count += occurrences(out, REDACTED) - occurrences(block, REDACTED);
    parts.push(out);
    at = end;
  }
  return { text: parts.join(''), count };
}
