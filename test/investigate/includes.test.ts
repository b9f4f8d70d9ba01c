// Issue 10 (measured): `fastcgi.conf` and `uwsgi_params` were reported missing by investigate when they were in the
// bundle — no format claims them, so the survey kept them out of the configs' include lookup. Material: the lab's
// uWSGI and PHP-FPM captures, with Debian's own uwsgi_params and fastcgi_params in their /etc/nginx.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { investigate } from '../../src/investigate.js';

const CORPUS = join(import.meta.dirname, '../corpus');

for (const [bundle, included] of [
  ['uwsgi-harakiri-postgres', 'etc/nginx/uwsgi_params'],
  ['php-fpm-max-children', 'etc/nginx/fastcgi_params'],
] as const) {
  test(`${bundle}: nginx.conf's include of ${included} is found in the bundle, and the file is listed once`, async () => {
    const r = await investigate({ paths: [join(CORPUS, bundle)] });
    const conf = r.inputs.find((i) => i.path === 'etc/nginx/nginx.conf');
    assert.equal(conf?.error, null, conf?.error ?? '');
    assert.ok(!r.problems.some((p) => p.includes('expected the included file')), r.problems.join('\n'));
    const listed = r.inputs.filter((i) => i.path === included);
    assert.equal(listed.length, 1, JSON.stringify(listed));
    assert.equal(listed[0].format, 'nginx');
  });
}
