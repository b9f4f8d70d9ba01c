import type { Scenario } from '../lib/scenario.js';
import { scenario as badDeploy } from './bad-deploy.js';
import { scenario as badDeployGunicorn } from './bad-deploy-gunicorn.js';
import { scenario as celeryDbSessionCut } from './celery-db-session-cut.js';
import { scenario as configError } from './config-error.js';
import { scenario as connectionLimit } from './connection-limit.js';
import { scenario as crashLoop } from './crash-loop.js';
import { scenario as dbPoolExhaustion } from './db-pool-exhaustion.js';
import { scenario as dependencyDown } from './dependency-down.js';
import { scenario as eventLoopBlocked } from './event-loop-blocked.js';
import { scenario as fdExhaustion } from './fd-exhaustion.js';
import { scenario as gunicornWorkerTimeout } from './gunicorn-worker-timeout.js';
import { scenario as healthy } from './healthy.js';
import { scenario as healthyMonth } from './healthy-month.js';
import { scenario as healthyShop } from './healthy-shop.js';
import { scenario as keepaliveRace } from './keepalive-race.js';
import { scenario as memoryExhaustion } from './memory-exhaustion.js';
import { scenario as novelError } from './novel-error.js';
import { scenario as oversizedPayload } from './oversized-payload.js';
import { scenario as phpFpmMaxChildren } from './php-fpm-max-children.js';
import { scenario as proxyIdleTimeout } from './proxy-idle-timeout.js';
import { scenario as redisMaxmemory } from './redis-maxmemory.js';
import { scenario as supervisordCrashLoop } from './supervisord-crash-loop.js';
import { scenario as tlsCertificateExpired } from './tls-certificate-expired.js';
import { scenario as tomcatHeapExhaustion } from './tomcat-heap-exhaustion.js';
import { scenario as trafficSurge } from './traffic-surge.js';
import { scenario as upstreamTimeout } from './upstream-timeout.js';
import { scenario as upstreamTimeoutPostgres } from './upstream-timeout-postgres.js';
import { scenario as uwsgiHarakiriPostgres } from './uwsgi-harakiri-postgres.js';

/** Every scenario, in the order `all` runs them. */
export const SCENARIOS: Scenario[] = [
  keepaliveRace,
  eventLoopBlocked,
  fdExhaustion,
  memoryExhaustion,
  crashLoop,
  oversizedPayload,
  proxyIdleTimeout,
  connectionLimit,
  redisMaxmemory,
  dbPoolExhaustion,
  gunicornWorkerTimeout,
  celeryDbSessionCut,
  novelError,
  badDeploy,
  badDeployGunicorn,
  configError,
  phpFpmMaxChildren,
  supervisordCrashLoop,
  tomcatHeapExhaustion,
  dependencyDown,
  tlsCertificateExpired,
  upstreamTimeout,
  upstreamTimeoutPostgres,
  uwsgiHarakiriPostgres,
  trafficSurge,
  healthy,
  healthyMonth,
  healthyShop,
];
