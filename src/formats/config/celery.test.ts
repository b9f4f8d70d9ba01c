import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { noFS } from '../../../test/helpers/config-fixture.js';
import { celeryParser, redactUrl } from './celery.js';

test('celeryconfig.py with Celery 4+ names: time limits, prefetch, broker with the password redacted', () => {
  const text = `broker_url = 'redis://:s3cret@10.0.0.7:6379/0'
result_backend = 'redis://10.0.0.7:6379/1'
task_time_limit = 300
task_soft_time_limit = 240
worker_prefetch_multiplier = 1
`;
  const out = celeryParser.parse({ path: 'celeryconfig.py', text, fs: noFS });
  assert.deepEqual(out.issues, []);
  const d = out.data;
  assert.equal(d.taskTimeLimit?.value, 300_000);
  assert.deepEqual(d.taskTimeLimit?.loc, { path: 'celeryconfig.py', line: 3 });
  assert.equal(d.taskSoftTimeLimit?.value, 240_000);
  assert.equal(d.workerPrefetchMultiplier.value, 1);
  assert.equal(d.brokerUrl?.value, 'redis://:***@10.0.0.7:6379/0');
  assert.ok(!JSON.stringify(out).includes('s3cret'));
  assert.deepEqual(celeryParser.targets?.(d), [
    {
      name: 'broker redis://:***@10.0.0.7:6379/0',
      host: '10.0.0.7',
      port: 6379,
      loc: { path: 'celeryconfig.py', line: 1 },
    },
  ]);
});

test("Django's CELERY_ namespace and Celery 3 names; defaults when unset", () => {
  const ns = celeryParser.parse({
    path: 'proj/celery_settings.py',
    text: 'CELERY_BROKER_URL = "amqp://guest:guest@rabbit//"\nCELERY_TASK_TIME_LIMIT = 30 * 60\n',
    fs: noFS,
  }).data;
  assert.equal(ns.broker?.port, 5672);
  assert.equal(ns.taskTimeLimit, undefined);
  assert.equal(ns.unresolved.CELERY_TASK_TIME_LIMIT, '30 * 60');
  assert.equal(ns.workerPrefetchMultiplier.value, 4);
  assert.equal(ns.workerPrefetchMultiplier.isDefault, true);
  const old = celeryParser.parse({
    path: 'celeryconfig.py',
    text: 'BROKER_URL = "redis://localhost"\nCELERYD_TASK_TIME_LIMIT = 60\nCELERYD_PREFETCH_MULTIPLIER = 8\n',
    fs: noFS,
  }).data;
  assert.deepEqual([old.taskTimeLimit?.value, old.workerPrefetchMultiplier.value, old.broker?.port], [60_000, 8, 6379]);
  assert.equal(redactUrl('amqp://user:pw@host:5672//'), 'amqp://user:***@host:5672//');
  assert.equal(redactUrl('redis://host:6379'), 'redis://host:6379');
});

test('detect: celeryconfig.py, not a Django settings.py nor an unrelated module', () => {
  assert.ok(celeryParser.detect('celeryconfig.py', 'broker_url = "redis://"\n') >= 0.5);
  assert.equal(
    celeryParser.detect(
      'settings.py',
      'DATABASES = {}\nCELERY_BROKER_URL = "redis://"\nCELERY_TASK_TIME_LIMIT = 5\nCELERY_X = 1\n',
    ),
    0,
  );
  assert.equal(celeryParser.detect('util.py', 'timeout = 5\n'), 0);
});

test("OSF's celeryconfig.py (Celery 3 names): RabbitMQ on localhost:5672, no time limit, prefetch 4 by default", () => {
  const path = 'celeryconfig.py';
  const text = readFileSync(`test/fixtures/config/celery/osf/${path}`, 'utf8');
  assert.ok(celeryParser.detect(path, text) >= 0.5);
  const out = celeryParser.parse({ path, text, fs: noFS });
  assert.deepEqual(out.issues, []);
  assert.equal(out.data.brokerUrl?.value, 'amqp://');
  assert.deepEqual(out.data.brokerUrl?.loc, { path, line: 4 });
  assert.deepEqual(out.data.broker, { scheme: 'amqp', host: 'localhost', port: 5672 });
  assert.equal(out.data.taskTimeLimit, undefined);
  assert.equal(out.data.workerPrefetchMultiplier.isDefault, true);
});

test('acks_late and the broker visibility timeout: the sample of the module comment, and what stays unresolved', () => {
  const text = `CELERY_BROKER_URL = "redis://:s3cret@10.0.0.7:6379/0"
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_ACKS_LATE = True
CELERY_BROKER_TRANSPORT_OPTIONS = {'visibility_timeout': 600}
`;
  const d = celeryParser.parse({ path: 'celeryconfig.py', text, fs: noFS }).data;
  assert.deepEqual([d.taskAcksLate?.value, d.taskAcksLate?.loc?.line], [true, 3]);
  assert.deepEqual([d.visibilityTimeout?.value, d.visibilityTimeout?.loc?.line], [600_000, 4]);
  const other = celeryParser.parse({
    path: 'celeryconfig.py',
    text: "broker_url = 'redis://localhost'\ntask_acks_late = ACKS\nbroker_transport_options = {'fanout_prefix': True}\nBROKER_TRANSPORT_OPTIONS = OPTIONS\n",
    fs: noFS,
  }).data;
  assert.equal(other.taskAcksLate, undefined);
  assert.equal(other.visibilityTimeout, undefined, 'a dict without visibility_timeout: the default applies');
  assert.deepEqual(other.unresolved, { task_acks_late: 'ACKS', BROKER_TRANSPORT_OPTIONS: 'OPTIONS' });
});
