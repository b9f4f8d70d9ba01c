// Cause ids of investigate's hypotheses (CONTRACT.md). Stable: extend, never rename.
export const CAUSE_IDS = [
  'memory-exhaustion',
  'fd-exhaustion',
  'connection-limit',
  'db-pool-exhaustion',
  'proxy-idle-timeout',
  'keepalive-race',
  'event-loop-blocked',
  'health-check-cascade',
  'crash-loop',
  'oversized-payload',
  'platform-recycle',
  'disk-full',
] as const;

export type CauseId = (typeof CAUSE_IDS)[number];
