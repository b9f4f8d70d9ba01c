// Endpoint names for the per-minute endpoint table: "GET /v1/orders/123/items?x=1" → "GET /v1/orders/:id/items".
// On the hot path the name comes from the bytes: method and path up to "?" are hashed with id-like segments
// folded, so a known endpoint costs no string; a string is made only the first time a hash is seen.
import type { LineFacts } from '../formats/log/scan-types.js';

/** Ids (digits, hex ≥ 8, UUIDs) become :id. */
export function normaliseEndpoint(method: string, path: string): string {
  const q = path.indexOf('?');
  const p = q >= 0 ? path.slice(0, q) : path;
  const segs = p.split('/').map((s) => (isIdString(s) ? ':id' : s));
  return `${method} ${segs.join('/') || '/'}`;
}

/** Longest query string kept in a request target; the rest is cut ("…"). */
const MAX_QUERY = 120;

/**
 * A request's target for the look-back before failures: the endpoint with its query string, id-like values
 * folded (`?id=4711&account=big` → `?id=:id&account=big`) so one endpoint does not become thousands.
 * Secrets in it are redacted by the reports (redact.ts), like every string they show.
 */
export function requestTarget(method: string, path: string): string {
  const q = path.indexOf('?');
  const base = normaliseEndpoint(method, path);
  if (q < 0 || q === path.length - 1) return base;
  const query = path
    .slice(q + 1)
    .split('&')
    .map((kv) => {
      const eq = kv.indexOf('=');
      return eq >= 0 && isIdString(kv.slice(eq + 1)) ? `${kv.slice(0, eq)}=:id` : kv;
    })
    .join('&');
  return `${base}?${query.length > MAX_QUERY ? `${query.slice(0, MAX_QUERY)}…` : query}`;
}

function isIdString(s: string): boolean {
  const n = s.length;
  if (n === 0) return false;
  let digits = true;
  let hex = true;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    const d = c >= 0x30 && c <= 0x39;
    if (!d) digits = false;
    if (!(d || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46) || (c === 0x2d && n === 36))) hex = false;
    if (!digits && !hex) return false;
  }
  return digits || (hex && n >= 8);
}

function isIdSegment(buf: Uint8Array, a: number, b: number): boolean {
  const n = b - a;
  if (n === 0) return false;
  let digits = true;
  let hex = true;
  for (let i = a; i < b; i++) {
    const c = buf[i];
    const d = c >= 0x30 && c <= 0x39;
    if (!d) digits = false;
    if (!(d || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46) || (c === 0x2d && n === 36))) hex = false;
    if (!digits && !hex) return false;
  }
  return digits || (hex && n >= 8);
}

/** Names cached per hash; beyond this many the cache is cleared (memory stays bounded). */
const MAX_CACHED = 20_000;

export interface EndpointNamer {
  ofStrings(method: string, path: string): string;
  ofBytes(buf: Uint8Array, f: LineFacts): string;
}

export function newEndpointNamer(): EndpointNamer {
  const names = new Map<number, string>();
  return {
    ofStrings: normaliseEndpoint,
    ofBytes(buf, f) {
      const key = hashEndpoint(buf, f);
      const known = names.get(key);
      if (known !== undefined) return known;
      const b = buf as Buffer;
      const method = b.toString('utf8', f.methodStart, f.methodEnd) || '-';
      const path = b.toString('utf8', f.pathStart, f.pathEnd);
      const name = normaliseEndpoint(method, path);
      if (names.size >= MAX_CACHED) names.clear();
      names.set(key, name);
      return name;
    },
  };
}

/** Two independent 32-bit hashes of method + folded path, so a collision between real endpoints is negligible. */
function hashEndpoint(buf: Uint8Array, f: LineFacts): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = f.methodStart; i < f.methodEnd; i++) {
    h1 = Math.imul(h1 ^ buf[i], 16777619);
    h2 = Math.imul(h2 + buf[i], 2246822519) ^ (h2 >>> 13);
  }
  h1 = Math.imul(h1 ^ 32, 16777619);
  let end = f.pathStart;
  while (end < f.pathEnd && buf[end] !== 0x3f) end++;
  let segStart = f.pathStart;
  for (let i = f.pathStart; i <= end; i++) {
    if (i < end && buf[i] !== 0x2f) continue;
    if (isIdSegment(buf, segStart, i)) {
      h1 = Math.imul(h1 ^ 0x3a, 16777619);
      h2 = Math.imul(h2 + 0x3a, 2246822519) ^ (h2 >>> 13);
    } else {
      for (let k = segStart; k < i; k++) {
        h1 = Math.imul(h1 ^ buf[k], 16777619);
        h2 = Math.imul(h2 + buf[k], 2246822519) ^ (h2 >>> 13);
      }
    }
    h1 = Math.imul(h1 ^ 0x2f, 16777619);
    h2 = Math.imul(h2 + 0x2f, 2246822519) ^ (h2 >>> 13);
    segStart = i + 1;
    if (i >= end) break;
  }
  return (h1 >>> 0) * 2097152 + ((h2 >>> 0) & 0x1fffff);
}
