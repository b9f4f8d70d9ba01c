// One model for durations and sizes. Every config language has its own default unit and suffixes;
// each parser states which one it uses by calling the reader named after its format, so the
// default unit is never implicit.

/** A duration in milliseconds. `Infinity` means "no limit" (e.g. an unset HAProxy timeout). */
export type Duration = number;
/** A size in bytes. `Infinity` means "unlimited". */
export type Size = number;

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;
export const TiB = 1024 * GiB;

function parseNumberWithSuffix(raw: string): { n: number; suffix: string } | null {
  const m = /^([+-]?\d+(?:\.\d+)?)\s*([a-zA-Z%]*)$/.exec(raw.trim());
  if (!m) return null;
  return { n: Number(m[1]), suffix: m[2] };
}

/**
 * HAProxy time: a bare number is milliseconds; suffixes us, ms, s, m, h, d
 * (HAProxy configuration manual, section 2.5 "Time format").
 */
export function haproxyDuration(raw: string): Duration | null {
  const p = parseNumberWithSuffix(raw);
  if (!p) return null;
  const mult: Record<string, number> = { '': 1, us: 0.001, ms: 1, s: SEC, m: MIN, h: HOUR, d: DAY };
  const k = mult[p.suffix];
  return k === undefined ? null : p.n * k;
}

/**
 * nginx time: a bare number is seconds; suffixes ms, s, m, h, d, w, M (30 days), y (365 days),
 * and they may be combined ("1h 30m") (nginx documentation, "Syntax": measurement units).
 */
export function nginxDuration(raw: string): Duration | null {
  const mult: Record<string, number> = {
    ms: 1,
    s: SEC,
    m: MIN,
    h: HOUR,
    d: DAY,
    w: 7 * DAY,
    M: 30 * DAY,
    y: 365 * DAY,
    '': SEC,
  };
  const parts = raw.trim().split(/\s+/);
  if (parts.length === 0 || parts[0] === '') return null;
  let total = 0;
  for (const part of parts) {
    // "1h30m" is accepted by nginx as well.
    const re = /(\d+)(ms|s|m|h|d|w|M|y)?/g;
    let consumed = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(part)) !== null) {
      if (m.index !== consumed) return null;
      total += Number(m[1]) * mult[m[2] ?? ''];
      consumed = re.lastIndex;
    }
    if (consumed !== part.length) return null;
  }
  return total;
}

/** nginx size: bare bytes, k/K = KiB, m/M = MiB, g/G = GiB. */
export function nginxSize(raw: string): Size | null {
  const p = parseNumberWithSuffix(raw);
  if (!p) return null;
  const mult: Record<string, number> = { '': 1, k: KiB, K: KiB, m: MiB, M: MiB, g: GiB, G: GiB };
  const k = mult[p.suffix];
  return k === undefined ? null : p.n * k;
}

/** MySQL/MariaDB time variables (wait_timeout, interactive_timeout…) are whole seconds. */
export function mysqlSeconds(raw: string): Duration | null {
  const p = parseNumberWithSuffix(raw);
  if (!p || p.suffix !== '') return null;
  return p.n * SEC;
}

/** MySQL/MariaDB sizes: bare bytes; K, M, G, T, P, E suffixes are powers of 1024, either case. */
export function mysqlSize(raw: string): Size | null {
  const p = parseNumberWithSuffix(raw);
  if (!p) return null;
  const mult: Record<string, number> = { '': 1, K: KiB, M: MiB, G: GiB, T: TiB, P: TiB * KiB, E: TiB * MiB };
  const k = mult[p.suffix.toUpperCase()];
  return k === undefined ? null : p.n * k;
}

/**
 * Redis sizes (redis.conf header): 1k = 1000, 1kb = 1024, 1m = 1000000, 1mb = 1024*1024,
 * 1g = 1e9, 1gb = 1024^3; units are case insensitive; a bare number is bytes.
 */
export function redisSize(raw: string): Size | null {
  const p = parseNumberWithSuffix(raw);
  if (!p) return null;
  const mult: Record<string, number> = {
    '': 1,
    b: 1,
    k: 1000,
    kb: KiB,
    m: 1000 * 1000,
    mb: MiB,
    g: 1000 * 1000 * 1000,
    gb: GiB,
  };
  const k = mult[p.suffix.toLowerCase()];
  return k === undefined ? null : p.n * k;
}

/** Redis `timeout` and similar are seconds. */
export function redisSeconds(raw: string): Duration | null {
  return mysqlSeconds(raw);
}

export type PostgresUnit = 'B' | 'kB' | '8kB' | 'MB' | 'ms' | 's' | 'min';

/**
 * PostgreSQL: each parameter has its own base unit (pg_settings.unit), e.g. shared_buffers in 8kB
 * blocks, statement_timeout in ms, idle_in_transaction_session_timeout in ms, checkpoint_timeout in s.
 * Memory suffixes B, kB, MB, GB, TB (powers of 1024, case sensitive); time suffixes us, ms, s, min, h, d
 * (PostgreSQL documentation 20.1.1 "Parameter Names and Values").
 */
export function postgresValue(raw: string, unit: PostgresUnit): number | null {
  const unquoted = raw.replace(/^'(.*)'$/, '$1').trim();
  const p = parseNumberWithSuffix(unquoted);
  if (!p) return null;
  const isTime = unit === 'ms' || unit === 's' || unit === 'min';
  if (p.suffix === '') {
    const base: Record<PostgresUnit, number> = {
      B: 1,
      kB: KiB,
      '8kB': 8 * KiB,
      MB: MiB,
      ms: 1,
      s: SEC,
      min: MIN,
    };
    return p.n * base[unit];
  }
  if (isTime) {
    const t: Record<string, number> = { us: 0.001, ms: 1, s: SEC, min: MIN, h: HOUR, d: DAY };
    const k = t[p.suffix];
    return k === undefined ? null : p.n * k;
  }
  const s: Record<string, number> = { B: 1, kB: KiB, MB: MiB, GB: GiB, TB: TiB };
  const k = s[p.suffix];
  return k === undefined ? null : p.n * k;
}

/** systemd sizes (MemoryMax=, LimitAS=): bytes with K, M, G, T suffixes as powers of 1024; "infinity". */
export function systemdSize(raw: string): Size | null {
  const v = raw.trim();
  if (v === 'infinity') return Infinity;
  const p = parseNumberWithSuffix(v);
  if (!p) return null;
  const mult: Record<string, number> = { '': 1, K: KiB, M: MiB, G: GiB, T: TiB };
  const k = mult[p.suffix];
  return k === undefined ? null : p.n * k;
}

/** systemd time spans: bare seconds; us, ms, s, min, h, d and their long names (systemd.time(7)). */
export function systemdDuration(raw: string): Duration | null {
  const v = raw.trim();
  if (v === 'infinity') return Infinity;
  const mult: Record<string, number> = {
    '': SEC,
    us: 0.001,
    usec: 0.001,
    ms: 1,
    msec: 1,
    s: SEC,
    sec: SEC,
    second: SEC,
    seconds: SEC,
    m: MIN,
    min: MIN,
    minute: MIN,
    minutes: MIN,
    h: HOUR,
    hr: HOUR,
    hour: HOUR,
    hours: HOUR,
    d: DAY,
    day: DAY,
    days: DAY,
  };
  let total = 0;
  const re = /(\d+(?:\.\d+)?)\s*([a-z]*)/g;
  let m: RegExpExecArray | null;
  let seen = false;
  while ((m = re.exec(v)) !== null) {
    if (m[0] === '') break;
    const k = mult[m[2]];
    if (k === undefined) return null;
    total += Number(m[1]) * k;
    seen = true;
  }
  return seen ? total : null;
}

/**
 * PM2 `max_memory_restart`: a number of bytes or a string with K, M or G (powers of 1024), e.g. "300M"
 * (PM2 documentation, "Max Memory Restart").
 */
export function pm2Size(raw: string | number): Size | null {
  if (typeof raw === 'number') return raw;
  const p = parseNumberWithSuffix(raw);
  if (!p) return null;
  const mult: Record<string, number> = { '': 1, K: KiB, M: MiB, G: GiB };
  const k = mult[p.suffix.toUpperCase()];
  return k === undefined ? null : p.n * k;
}

/** Tomcat connector timeouts are milliseconds. */
export function tomcatDuration(raw: string): Duration | null {
  const p = parseNumberWithSuffix(raw);
  if (!p || p.suffix !== '') return null;
  return p.n;
}

/** A size given on the command line (`--ram 4G`): bytes, or K/M/G/T with optional "i"/"B" (powers of 1024). */
export function cliSize(raw: string): Size | null {
  const m = /^(\d+(?:\.\d+)?)\s*([kKmMgGtT])?i?[bB]?$/.exec(raw.trim());
  if (!m) return null;
  const mult: Record<string, number> = { '': 1, K: KiB, M: MiB, G: GiB, T: TiB };
  return Number(m[1]) * mult[(m[2] ?? '').toUpperCase()];
}

/** "50 s", "28.8 s", "8 h", "none" — for messages. */
export function formatDuration(ms: Duration): string {
  if (ms === Infinity) return 'no limit';
  if (ms < SEC) return `${trim(ms)} ms`;
  if (ms < MIN) return `${trim(ms / SEC)} s`;
  if (ms < HOUR) return ms % MIN === 0 ? `${ms / MIN} min` : `${trim(ms / SEC)} s`;
  if (ms < DAY) return ms % HOUR === 0 ? `${ms / HOUR} h` : `${trim(ms / MIN)} min`;
  return ms % DAY === 0 ? `${ms / DAY} d` : `${trim(ms / HOUR)} h`;
}

/** "512 MiB", "3.8 GiB" — for messages. */
export function formatSize(bytes: Size): string {
  if (bytes === Infinity) return 'unlimited';
  if (bytes >= GiB) return `${trim(bytes / GiB)} GiB`;
  if (bytes >= MiB) return `${trim(bytes / MiB)} MiB`;
  if (bytes >= KiB) return `${trim(bytes / KiB)} KiB`;
  return `${bytes} B`;
}

function trim(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toFixed(n < 10 ? 2 : 1)));
}
