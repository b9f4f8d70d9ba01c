import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { djangoParser } from './django.js';
import type { ConfigFS } from './types.js';

const FIXTURES = 'test/fixtures/config/django';
const noFs: ConfigFS = { glob: () => [], read: () => undefined };
const parse = (path: string, text: string) => djangoParser.parse({ path, text, fs: noFs });
const parseFixture = (name: string) => parse(`${FIXTURES}/${name}`, readFileSync(`${FIXTURES}/${name}`, 'utf8'));

describe('djangoParser', () => {
  it('reads the seed talk settings: MySQL through HAProxy, env defaults taken, CONN_MAX_AGE defaulted', () => {
    const path = `${FIXTURES}/settings.py`;
    const { data, issues } = parseFixture('settings.py');
    assert.deepEqual(issues, []);
    const [main, reporting] = data.databases;
    assert.equal(main.alias, 'default');
    assert.equal(main.loc.line, 23);
    assert.equal(main.engine, 'django.db.backends.mysql');
    assert.deepEqual(main.host, {
      value: '127.0.0.1',
      raw: "os.environ.get('DB_HOST', '127.0.0.1')",
      loc: { path, line: 28 },
      isDefault: false,
    });
    assert.deepEqual([main.port?.value, main.port?.loc?.line], [3306, 29]);
    assert.deepEqual([main.connMaxAge.value, main.connMaxAge.isDefault], [0, true]);
    assert.match(main.connMaxAge.defaultSource ?? '', /CONN_MAX_AGE default 0/);
    // The password is never kept anywhere in the output.
    assert.doesNotMatch(JSON.stringify(data), /PASSWORD|DB_PASSWORD/);

    assert.equal(reporting.alias, 'reporting');
    assert.deepEqual([reporting.host?.value, reporting.host?.loc?.line], ['haproxy', 36]);
    assert.deepEqual(
      [reporting.port?.value, reporting.port?.raw],
      [3307, 'int(os.getenv("REPORTING_DB_PORT", "3307"))'],
    );
    assert.deepEqual(
      [reporting.connMaxAge.value, reporting.connMaxAge.isDefault, reporting.connMaxAge.loc?.line],
      [null, false, 38],
    );
  });

  it('reports malformed values by line, keeps the rest, and applies later item assignments', () => {
    const { data, issues } = parseFixture('settings_prod.py');
    assert.deepEqual(
      issues.map((i) => [i.line, i.message]),
      [
        [7, 'expected PORT as a number'],
        [8, 'expected CONN_MAX_AGE as seconds or None'],
        [10, 'expected a settings dict for database "replica"'],
      ],
    );
    assert.equal(data.databases.length, 1);
    const [db] = data.databases;
    assert.deepEqual([db.engine, db.host?.value, db.port], ['django.db.backends.postgresql', 'db.internal', undefined]);
    assert.deepEqual([db.connMaxAge.value, db.connMaxAge.raw, db.connMaxAge.loc?.line], [600, '60 * 10', 13]);
  });

  it('reports an unterminated string with its line', () => {
    const { issues } = parse('settings.py', "DATABASES = {\n  'default': {\n    'HOST': 'db,\n  }\n}\n");
    assert.deepEqual(
      issues.map((i) => i.line),
      [3],
    );
  });

  it('detects settings modules by content', () => {
    assert.ok(djangoParser.detect('orders/settings.py', readFileSync(`${FIXTURES}/settings.py`, 'utf8')) >= 0.9);
    assert.equal(djangoParser.detect('app.py', 'from flask import Flask\napp = Flask(__name__)\n'), 0);
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (tail) => {
        const out = parse('settings.py', `DATABASES = {${tail}`);
        assert.ok(Array.isArray(out.data.databases));
        parse('settings.py', tail);
      }),
      { numRuns: 300 },
    );
  });
});

it('a value nested 8,000 brackets deep is skipped with one issue, not a stack overflow (found by test/fuzz)', () => {
  const text = `DATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.mysql',\n        'OPTIONS': ${'('.repeat(8000)}\n    },\n}\n`;
  const { data, issues } = parse('settings.py', text);
  assert.deepEqual(issues, [
    { path: 'settings.py', line: 4, message: 'values nested deeper than 64 levels were not read' },
  ]);
  assert.equal(data.databases[0]?.engine, 'django.db.backends.mysql');
  // A value nested a little less deep is read as before, and so is what follows it.
  const shallow = parse(
    'settings.py',
    `DATABASES = {'default': {'OPTIONS': ${'['.repeat(50)}${']'.repeat(50)}, 'PORT': 5432}}\n`,
  );
  assert.deepEqual(shallow.issues, []);
  assert.equal(shallow.data.databases[0]?.port?.value, 5432);
});

it("Celery settings in Django's settings.py (CELERY_ namespace): time limits and the broker, its password redacted", () => {
  const text = `INSTALLED_APPS = ['django.contrib.admin']
DATABASES = {
    'default': {'ENGINE': 'django.db.backends.mysql', 'HOST': '127.0.0.1', 'PORT': '3307'},
}
CELERY_BROKER_URL = 'amqp://app:hunter2@rabbit.internal:5672//'
CELERY_TASK_TIME_LIMIT = 600
CELERY_TASK_SOFT_TIME_LIMIT = 540
`;
  const out = djangoParser.parse({ path: 'proj/settings.py', text, fs: { read: () => undefined, glob: () => [] } });
  assert.deepEqual(out.issues, []);
  const celery = out.data.celery;
  assert.equal(celery?.taskTimeLimit?.value, 600_000);
  assert.deepEqual(celery?.taskTimeLimit?.loc, { path: 'proj/settings.py', line: 6 });
  assert.equal(celery?.taskSoftTimeLimit?.value, 540_000);
  assert.equal(celery?.brokerUrl?.value, 'amqp://app:***@rabbit.internal:5672//');
  assert.ok(!JSON.stringify(out).includes('hunter2'));
  assert.deepEqual(
    djangoParser.targets?.(out.data).map((t) => [t.name, t.host, t.port]),
    [
      ["DATABASES['default']", '127.0.0.1', 3307],
      ['broker amqp://app:***@rabbit.internal:5672//', 'rabbit.internal', 5672],
    ],
  );
  const plain = djangoParser.parse({
    path: 'settings.py',
    text: text.split('CELERY_')[0],
    fs: { read: () => undefined, glob: () => [] },
  });
  assert.equal(plain.data.celery, undefined);
});
