// Every cause id of the contract has exactly one detector (checked by index.test.ts).
import type { HypothesisDetector } from '../types.js';
import { connectionLimit } from './connection-limit.js';
import { crashLoop } from './crash-loop.js';
import { dbPoolExhaustion } from './db-pool-exhaustion.js';
import { diskFull } from './disk-full.js';
import { eventLoopBlocked } from './event-loop-blocked.js';
import { fdExhaustion } from './fd-exhaustion.js';
import { healthCheckCascade } from './health-check-cascade.js';
import { keepaliveRace } from './keepalive-race.js';
import { memoryExhaustion } from './memory-exhaustion.js';
import { oversizedPayload } from './oversized-payload.js';
import { platformRecycle } from './platform-recycle.js';
import { proxyIdleTimeout } from './proxy-idle-timeout.js';

export const DETECTORS: readonly HypothesisDetector[] = [
  memoryExhaustion,
  fdExhaustion,
  connectionLimit,
  dbPoolExhaustion,
  proxyIdleTimeout,
  keepaliveRace,
  eventLoopBlocked,
  healthCheckCascade,
  crashLoop,
  oversizedPayload,
  platformRecycle,
  diskFull,
];
