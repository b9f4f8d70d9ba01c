import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redact, redactDeep } from './redact.js';

const cases: [string, string, string][] = [
  [
    'postgres URL with password',
    'DATABASE_URL=postgres://app:s3cr3t@db.internal:5432/app',
    'postgres://app:[REDACTED]@db.internal:5432/app',
  ],
  ['token in a query string', 'GET /v1/export?token=abc123def&page=2 HTTP/1.1', 'token=[REDACTED]&page=2'],
  ['api_key in a query string', '"GET /cb?api_key=AKIA1234 HTTP/1.1"', 'api_key=[REDACTED] '],
  ['Authorization header', 'Authorization: Bearer eyJhbGciOi.payload.sig', 'Authorization: Bearer [REDACTED]'],
  ['redis requirepass', 'requirepass foobared-Secret', 'requirepass [REDACTED]'],
  ['my.cnf password', 'password = hunter2', 'password = [REDACTED]'],
  ['JSON password field', '{"user":"app","password":"hunter2"}', '"password":"[REDACTED]"'],
];

for (const [name, input, expected] of cases) {
  test(`redacts ${name}`, () => {
    const out = redact(input);
    assert.ok(out.includes(expected), `${out} should contain ${expected}`);
    for (const secret of ['s3cr3t', 'abc123def', 'AKIA1234', 'eyJhbGciOi', 'foobared-Secret', 'hunter2']) {
      assert.ok(!out.includes(secret), `${out} leaks ${secret}`);
    }
  });
}

test('leaves ordinary lines alone', () => {
  const line = '2022/07/11 14:01:27 [error] 8934#8934: *220129 upstream prematurely closed connection';
  assert.equal(redact(line), line);
  assert.equal(redact('GET /v1/location?id=4704 HTTP/1.1'), 'GET /v1/location?id=4704 HTTP/1.1');
  // Look-alikes the wider rules must leave: names before `@` (test/real-logs/java-log/spark.log), exit and status
  // codes, a `@handle` in a path, a port before a path, a file's name before its message, an nginx variable.
  for (const same of [
    'CoarseGrainedExecutorBackend: Connecting to driver: spark://CoarseGrainedScheduler@10.10.34.11:48069',
    'exitCode=1 status_code=500 code=ECONNREFUSED bypass=1 compass=2',
    '"GET https://twitter.com/@alice HTTP/1.1" http://h:8080/a@b ssh://git@github.com/x',
    'faultline: etc/redis/secret-redis.conf: cannot read (EACCES)',
    'proxy_set_header Authorization $http_authorization;',
    'mkdir -p /var/run/app',
  ])
    assert.equal(redact(same), same);
});

test('redacts a quoted requirepass with spaces whole (test/fixtures/config/redis/tuned)', () => {
  assert.equal(redact('requirepass "Zq8#x!pLm2 with-spaces"'), 'requirepass [REDACTED]');
});

test('redactDeep walks objects and arrays', () => {
  const out = redactDeep({ a: ['mysql://root:pw@h/db'], b: { c: 'token=xyz' }, n: 3 });
  assert.deepEqual(out, { a: ['mysql://root:[REDACTED]@h/db'], b: { c: 'token=[REDACTED]' }, n: 3 });
});

test('a credential after an authentication scheme is the value (php-fpm.conf passes HTTP_AUTHORIZATION on)', () => {
  assert.equal(redact('HTTP_AUTHORIZATION=Basic dXNlcjpwYXNz'), 'HTTP_AUTHORIZATION=Basic [REDACTED]');
  // Only under an auth key: a password that is the word `basic` is still the password.
  assert.equal(redact('password=basic hunter2'), 'password=[REDACTED] hunter2');
});

test('settings about a secret and words that only contain one are not secrets (Debian postgresql.conf, shells)', () => {
  // Lines of Debian 12's /etc/postgresql/15/main/postgresql.conf and a process environment.
  for (const line of [
    '#authentication_timeout = 1min\t\t# 1s-600s',
    '#password_encryption = scram-sha-256\t# scram-sha-256 or md5',
    '#ssl_passphrase_command_supports_reload = off',
    'PWD=/home/app',
    'OLDPWD=/srv/api',
    'author=bob',
    'api_token_ttl=3600',
    'password_file = /run/secrets/db',
    'error: .pwd.lock: cannot read',
  ])
    assert.equal(redact(line), line);
  for (const [line, out] of [
    ["ssl_passphrase_command = 'echo hunter2'", "ssl_passphrase_command = '[REDACTED]'"],
    ['db_password_encrypted = AAAA', 'db_password_encrypted = [REDACTED]'],
    ['DB_PWD=hunter2', 'DB_PWD=[REDACTED]'],
    ['basic_auth: s3cr3t', 'basic_auth: [REDACTED]'],
    ['authToken=abcdef', 'authToken=[REDACTED]'],
  ])
    assert.equal(redact(line), out);
});
