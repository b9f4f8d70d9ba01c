import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { globRegex, MemoryFS, type VfsFile } from './vfs.js';

function file(path: string, host: string, hostPath: string, rootPath: string, text = '# config\n'): VfsFile {
  return { path, host, hostPath, rootPath, text };
}

const multiHost = new MemoryFS([
  file(
    'app1/etc/nginx/nginx.conf',
    'app1',
    '/etc/nginx/nginx.conf',
    'app1',
    'http {\n  include /etc/nginx/conf.d/*.conf;\n}\n',
  ),
  file('app1/etc/nginx/conf.d/upstream.conf', 'app1', '/etc/nginx/conf.d/upstream.conf', 'app1'),
  file('app1/etc/nginx/conf.d/shop.conf', 'app1', '/etc/nginx/conf.d/shop.conf', 'app1'),
  file('app1/etc/nginx/conf.d/.old.conf', 'app1', '/etc/nginx/conf.d/.old.conf', 'app1'),
  file('app1/etc/nginx/conf.d/shop.conf.bak', 'app1', '/etc/nginx/conf.d/shop.conf.bak', 'app1'),
  file('app1/etc/nginx/sites-enabled/default', 'app1', '/etc/nginx/sites-enabled/default', 'app1'),
  file('app1/etc/nginx/mime.types', 'app1', '/etc/nginx/mime.types', 'app1'),
  file('db1/etc/nginx/conf.d/status.conf', 'db1', '/etc/nginx/conf.d/status.conf', 'db1'),
  file('db1/etc/mysql/my.cnf', 'db1', '/etc/mysql/my.cnf', 'db1', '!includedir /etc/mysql/conf.d/\n'),
  file('db1/etc/mysql/conf.d/mysqld.cnf', 'db1', '/etc/mysql/conf.d/mysqld.cnf', 'db1'),
  file('db1/etc/mysql/conf.d/mysqldump.cnf', 'db1', '/etc/mysql/conf.d/mysqldump.cnf', 'db1'),
]);

describe('MemoryFS.glob', () => {
  it('resolves an absolute include under the including host, sorted, without dotfiles', () => {
    assert.deepEqual(multiHost.glob('/etc/nginx/conf.d/*.conf', 'app1/etc/nginx/nginx.conf'), [
      'app1/etc/nginx/conf.d/shop.conf',
      'app1/etc/nginx/conf.d/upstream.conf',
    ]);
    assert.deepEqual(multiHost.glob('/etc/mysql/conf.d/*.cnf', 'db1/etc/mysql/my.cnf'), [
      'db1/etc/mysql/conf.d/mysqld.cnf',
      'db1/etc/mysql/conf.d/mysqldump.cnf',
    ]);
    assert.deepEqual(multiHost.glob('/etc/nginx/mime.types', 'app1/etc/nginx/nginx.conf'), [
      'app1/etc/nginx/mime.types',
    ]);
  });

  it('resolves relative includes against the including file, then against baseDir', () => {
    assert.deepEqual(multiHost.glob('sites-enabled/*', 'app1/etc/nginx/nginx.conf'), [
      'app1/etc/nginx/sites-enabled/default',
    ]);
    // nginx resolves a relative include against its conf prefix, not the including file's folder.
    assert.deepEqual(multiHost.glob('mime.types', 'app1/etc/nginx/sites-enabled/default', '/etc/nginx'), [
      'app1/etc/nginx/mime.types',
    ]);
    assert.deepEqual(multiHost.glob('mime.types', 'app1/etc/nginx/sites-enabled/default'), []);
  });

  it('supports ? and [...] in any component', () => {
    assert.deepEqual(multiHost.glob('/etc/nginx/conf.d/sho?.conf', 'app1/etc/nginx/nginx.conf'), [
      'app1/etc/nginx/conf.d/shop.conf',
    ]);
    assert.deepEqual(multiHost.glob('/etc/nginx/conf.d/[su]*.conf', 'app1/etc/nginx/nginx.conf'), [
      'app1/etc/nginx/conf.d/shop.conf',
      'app1/etc/nginx/conf.d/upstream.conf',
    ]);
    assert.deepEqual(multiHost.glob('/etc/nginx/conf.d/[!s]*.conf', 'app1/etc/nginx/nginx.conf'), [
      'app1/etc/nginx/conf.d/upstream.conf',
    ]);
    assert.deepEqual(multiHost.glob('/etc/*/conf.d/*.cnf', 'db1/etc/mysql/my.cnf'), [
      'db1/etc/mysql/conf.d/mysqld.cnf',
      'db1/etc/mysql/conf.d/mysqldump.cnf',
    ]);
  });

  it('finds absolute targets by tail when the user named nginx.conf and the conf.d/ next to it', () => {
    const loose = new MemoryFS([
      file('nginx.conf', '', 'nginx.conf', ''),
      file('conf.d/default.conf', '', 'conf.d/default.conf', ''),
      file('conf.d/api.conf', '', 'conf.d/api.conf', ''),
      file('other.conf', '', 'other.conf', ''),
    ]);
    assert.deepEqual(loose.glob('/etc/nginx/conf.d/*.conf', 'nginx.conf'), ['conf.d/api.conf', 'conf.d/default.conf']);
    // A bare wildcard tail would pull in every .conf of the input, nginx.conf itself included.
    assert.deepEqual(loose.glob('/etc/nginx/sites-enabled/*.conf', 'nginx.conf'), []);
    assert.deepEqual(loose.glob('/etc/nginx/other.conf', 'nginx.conf'), ['other.conf']);
  });

  it('matches files named by their absolute path', () => {
    const named = new MemoryFS([
      file('/etc/haproxy/haproxy.cfg', '', '/etc/haproxy/haproxy.cfg', ''),
      file('/etc/haproxy/conf.d/10-backends.cfg', '', '/etc/haproxy/conf.d/10-backends.cfg', ''),
    ]);
    assert.deepEqual(named.glob('/etc/haproxy/conf.d/*.cfg', '/etc/haproxy/haproxy.cfg'), [
      '/etc/haproxy/conf.d/10-backends.cfg',
    ]);
  });

  it('reads by display path', () => {
    assert.equal(multiHost.read('db1/etc/mysql/my.cnf'), '!includedir /etc/mysql/conf.d/\n');
    assert.equal(multiHost.read('/etc/mysql/my.cnf'), undefined);
  });
});

describe('globRegex', () => {
  it('keeps * within one component and treats regex characters literally', () => {
    assert.equal(globRegex('conf.d/*.conf').test('conf.d/a/b.conf'), false);
    assert.equal(globRegex('conf.d/*.conf').test('confXd/a.conf'), false);
    assert.equal(globRegex('a+b(1).conf').test('a+b(1).conf'), true);
  });
});
