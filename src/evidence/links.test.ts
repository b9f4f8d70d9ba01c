import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type LinkEntry, resolveLink } from './links.js';

// Display paths as the walk gives them for `faultline audit host1.tar.gz other/` (two roots named).
const link = (path: string, target: string, extra: Partial<LinkEntry> = {}): LinkEntry => ({
  path,
  hostPath: `/${path.split('/').slice(1).join('/')}`,
  rootPath: 'host1',
  walkRoot: 'host1',
  target,
  ...extra,
});
const files = new Set(['host1/etc/nginx/sites-available/api', 'other/etc/nginx/nginx.conf']);

test('links inside the walked root resolve; absolute targets as in a chroot', () => {
  const cases: [LinkEntry, string][] = [
    [
      link('host1/etc/nginx/sites-enabled/api', '/etc/nginx/sites-available/api'),
      'host1/etc/nginx/sites-available/api',
    ],
    [link('host1/etc/nginx/sites-enabled/api', '../sites-available/api'), 'host1/etc/nginx/sites-available/api'],
    // `/..` stays at the root, as the kernel resolves it in a chroot.
    [
      link('host1/etc/nginx/sites-enabled/api', '/../../etc/nginx/sites-available/api'),
      'host1/etc/nginx/sites-available/api',
    ],
  ];
  for (const [l, want] of cases) assert.deepEqual(resolveLink(l, files, new Map()), { ok: true, path: want }, l.target);
});

test('a link out of its walked root is refused, also into another root named beside it', () => {
  for (const target of ['../../../../x', '../../../../other/etc/nginx/nginx.conf']) {
    const r = resolveLink(link('host1/etc/nginx/sites-enabled/x', target), files, new Map());
    assert.deepEqual(r, { ok: false, why: 'it leaves the walked root' }, target);
  }
  const flat = link('conf/sites-enabled/api', '/etc/nginx/sites-available/api', { hostPath: 'conf/sites-enabled/api' });
  assert.deepEqual(resolveLink(flat, files, new Map()), {
    ok: false,
    why: 'an absolute target outside a host root cannot be placed',
  });
});

test('links to links are followed a few hops, a loop is refused', () => {
  const a = link('host1/etc/a', 'b');
  const b = link('host1/etc/b', 'nginx/sites-available/api');
  assert.deepEqual(resolveLink(a, files, new Map([[b.path, b]])), {
    ok: true,
    path: 'host1/etc/nginx/sites-available/api',
  });
  const loop = link('host1/etc/b', 'a');
  assert.deepEqual(
    resolveLink(
      a,
      files,
      new Map([
        [loop.path, loop],
        [a.path, a],
      ]),
    ),
    {
      ok: false,
      why: 'more than 8 links in a row',
    },
  );
});

test('a folder named at its host path (probe reads <root>/etc/nginx as /etc/nginx): absolute targets under it', () => {
  const at = (target: string) =>
    resolveLink(
      {
        path: 'sites-enabled/api',
        hostPath: 'sites-enabled/api',
        rootPath: '',
        walkRoot: '',
        target,
        mount: '/etc/nginx',
      },
      new Set(['sites-available/api']),
      new Map(),
    );
  assert.deepEqual(at('/etc/nginx/sites-available/api'), { ok: true, path: 'sites-available/api' });
  assert.deepEqual(at('/etc/passwd'), { ok: false, why: 'it leaves the walked root' });
  assert.deepEqual(at('/etc/nginx/../passwd'), { ok: false, why: 'it leaves the walked root' });
});
