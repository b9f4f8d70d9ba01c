// The services' real configs from examples/ (the postmortem host's PostgreSQL, Redis and nginx) beside the captured
// snapshot, its listener moved to the service's port and its connection counts set per case.
import { readFileSync } from 'node:fs';
import { at, SNAPSHOT_PATH, snapshotText } from '../../test/helpers/probe-snapshot.js';
import { RuleTester } from '../../test/helpers/rule-tester.js';
import type { ProbeData } from '../formats/config/probe-snapshot.js';
import rule from './service-connections-near-limit.js';

const example = (p: string) => readFileSync(new URL(`../../examples/postmortem-api/${p}`, import.meta.url), 'utf8');
const PG = 'etc/postgresql/14/main/postgresql.conf';
const REDIS = 'etc/redis/redis.conf';
const NGINX = 'etc/nginx/nginx.conf';

/** The captured 127.0.0.1 listener on `port` with `established` connections accepted. */
const listening = (port: number, established: number) =>
  snapshotText((s: ProbeData) => {
    const l = s.listeners.find((x) => x.port === 43699);
    if (l) Object.assign(l, { port, established });
  });
/** The captured process renamed nginx, with `established` sockets open. */
const nginx = (established: number) =>
  snapshotText((s: ProbeData) => {
    s.processes[0].name = 'nginx';
    s.processes[0].sockets.ESTABLISHED = established;
  });

new RuleTester().run('service-connections-near-limit', rule, {
  valid: [
    { name: 'PostgreSQL at 79 of 100', files: { [SNAPSHOT_PATH]: listening(5432, 79), [PG]: example(PG) } },
    { name: 'PostgreSQL not running here', files: { [SNAPSHOT_PATH]: snapshotText(), [PG]: example(PG) } },
    { name: 'no snapshot', files: { [PG]: example(PG) }, skipped: 'needs probe-snapshot' },
  ],
  invalid: [
    {
      name: 'PostgreSQL at 97 of its max_connections 100: an error',
      files: { [SNAPSHOT_PATH]: listening(5432, 97), [PG]: example(PG) },
      findings: [
        {
          messageId: 'near',
          severity: 'error',
          locations: [at(listening(5432, 97), '"address": "127.0.0.1"'), `${PG}:6`],
          message: 'postgres has 97 connections on port 5432, 97 % of 100 (max_connections 100).',
        },
      ],
    },
    {
      name: "Redis at 8500 of maxclients' default 10000",
      files: { [SNAPSHOT_PATH]: listening(6379, 8500), [REDIS]: example(REDIS) },
      findings: [
        {
          messageId: 'near',
          severity: 'warning',
          locations: [at(listening(6379, 8500), '"address": "127.0.0.1"'), `${REDIS}:1`],
          message: "redis has 8500 connections on port 6379, 85 % of 10000 (maxclients 10000 (Redis's default)).",
        },
      ],
    },
    {
      name: 'nginx workers: worker_connections 768 × auto = 2 CPUs of the snapshot',
      files: { [SNAPSHOT_PATH]: nginx(1300), [NGINX]: example(NGINX) },
      findings: [
        {
          messageId: 'near',
          locations: [at(nginx(1300), '"pid": 13351'), `${NGINX}:7`],
          message:
            'nginx has 1300 connections open in 1 process, 85 % of 1536 (worker_connections 768 × worker_processes auto = 2 CPUs).',
        },
      ],
    },
  ],
});
