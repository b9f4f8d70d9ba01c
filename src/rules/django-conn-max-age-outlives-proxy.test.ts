import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditDir, auditFiles, findingsOf, where } from '../../test/helpers/audit-fixture.js';

const ID = 'django-conn-max-age-outlives-proxy';
const root = new URL('../../', import.meta.url).pathname;

test('fires on the seed talk: CONN_MAX_AGE None through HAProxy (50 s)', () => {
  const f = findingsOf(auditDir(`${root}examples/seed-talk-galera`), ID);
  assert.equal(f.length, 1);
  const w = where(f);
  assert.equal(w[0], 'srv/shop/shop/settings.py:30');
  assert.ok(w.includes('etc/haproxy/haproxy.cfg:18'));
  assert.ok(w.includes('etc/haproxy/haproxy.cfg:30'));
  assert.match(f[0].message, /forever.*listen "galera".*50 s/s);
});

const HAPROXY = `defaults
  mode tcp
  timeout connect 5s
  timeout client 5m
  timeout server 5m

listen mysql
  bind 127.0.0.1:3306
  server db 10.0.0.5:3306 check
`;
const SETTINGS = (age: string) => `DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.mysql',
        'HOST': '127.0.0.1',
        'PORT': 3306,
        'CONN_MAX_AGE': ${age},
    }
}
`;

test('fires when CONN_MAX_AGE is longer than the proxy timeout', () => {
  const f = findingsOf(auditFiles({ 'etc/haproxy/haproxy.cfg': HAPROXY, 'app/settings.py': SETTINGS('600') }), ID);
  assert.equal(f.length, 1);
  assert.equal(where(f)[0], 'app/settings.py:6');
  assert.match(f[0].fix, /'CONN_MAX_AGE': 290/);
});

test('does not fire when connections are recycled before the proxy cuts them', () => {
  assert.deepEqual(
    findingsOf(auditFiles({ 'etc/haproxy/haproxy.cfg': HAPROXY, 'app/settings.py': SETTINGS('60') }), ID),
    [],
  );
  assert.deepEqual(
    findingsOf(auditFiles({ 'etc/haproxy/haproxy.cfg': HAPROXY, 'app/settings.py': SETTINGS('0') }), ID),
    [],
  );
});
