// Who sent a minute's requests, in constant memory per minute: enough to tell a surge from many clients from one
// driven by a few. Each client address is hashed into one of 64 buckets (their fill estimates how many distinct
// clients there were, by linear counting; the fullest bucket bounds the top client's share), and a majority vote
// (Boyer–Moore, mergeable as Misra–Gries with one counter) keeps the client most likely to dominate. The hot
// path hashes the address bytes in place; a string is made only once a candidate holds a real lead.

export const CLIENT_BUCKETS = 64;
/** Votes a candidate needs before its address is kept as text (a passing client never allocates). */
const NAME_AT = 8;

export interface ClientMinute {
  buckets: Uint32Array;
  /** FNV-1a hash of the majority candidate's address, and its net votes. */
  hash: number;
  votes: number;
  /** The candidate's address, once it held NAME_AT votes. */
  name?: string;
}

export function newClientMinute(): ClientMinute {
  return { buckets: new Uint32Array(CLIENT_BUCKETS), hash: 0, votes: 0 };
}

function fnvBytes(buf: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], 0x01000193);
  return h >>> 0;
}

function fnvString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ (s.charCodeAt(i) & 0xff), 0x01000193);
  return h >>> 0;
}

/** Counts one request of hash `h`; true when the candidate has just earned its name (the caller supplies it). */
function vote(m: ClientMinute, h: number): boolean {
  m.buckets[h & (CLIENT_BUCKETS - 1)]++;
  if (m.votes === 0) {
    m.hash = h;
    m.votes = 1;
    m.name = undefined;
  } else if (m.hash === h) {
    m.votes++;
    return m.name === undefined && m.votes >= NAME_AT;
  } else m.votes--;
  return false;
}

/** One request from the address in `buf[start, end)` (latin1: addresses are ASCII). No allocation per request. */
export function countClientBytes(m: ClientMinute, buf: Uint8Array, start: number, end: number): void {
  if (vote(m, fnvBytes(buf, start, end)))
    m.name = Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('latin1');
}

export function countClientString(m: ClientMinute, client: string): void {
  if (vote(m, fnvString(client))) m.name = client;
}

/** Adds `from` into `into`: buckets by addition, the candidates as two Misra–Gries summaries of one counter. */
export function mergeClientMinute(into: ClientMinute, from: ClientMinute): void {
  for (let i = 0; i < CLIENT_BUCKETS; i++) into.buckets[i] += from.buckets[i];
  if (from.votes === 0) return;
  if (into.votes === 0) {
    into.hash = from.hash;
    into.votes = from.votes;
    into.name = from.name;
    return;
  }
  if (into.hash === from.hash) {
    into.votes += from.votes;
    into.name = into.name ?? from.name;
    return;
  }
  if (from.votes > into.votes) {
    into.votes = from.votes - into.votes;
    into.hash = from.hash;
    into.name = from.name;
  } else into.votes -= from.votes;
}

export function copyClientMinute(m: ClientMinute): ClientMinute {
  return { buckets: new Uint32Array(m.buckets), hash: m.hash, votes: m.votes, name: m.name };
}

export interface ClientsSeen {
  /** Estimated distinct clients (linear counting over the buckets; saturates near 250). */
  distinct: number;
  /** True when every bucket was hit: "at least" `distinct`. */
  saturated: boolean;
  /** The majority candidate, when named, and an upper bound of its share of the requests (its bucket's). */
  top?: string;
  topShare: number;
}

/** What several minutes' client tallies say together. */
export function clientsSeen(minutes: readonly ClientMinute[]): ClientsSeen | null {
  if (!minutes.length) return null;
  const all = newClientMinute();
  for (const m of minutes) mergeClientMinute(all, m);
  let total = 0;
  let empty = 0;
  for (const c of all.buckets) {
    total += c;
    if (c === 0) empty++;
  }
  if (total === 0) return null;
  const saturated = empty === 0;
  const distinct = saturated
    ? Math.round(CLIENT_BUCKETS * Math.log(CLIENT_BUCKETS))
    : Math.round(-CLIENT_BUCKETS * Math.log(empty / CLIENT_BUCKETS));
  const topShare = all.votes > 0 ? all.buckets[all.hash & (CLIENT_BUCKETS - 1)] / total : 0;
  return { distinct: Math.max(1, distinct), saturated, top: all.name, topShare };
}
