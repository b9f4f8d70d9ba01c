// The /proc parsers on files captured from the build machine (test/fixtures/probe-root/README.md), plus the
// formats that machine does not show (systemd units, containers, IPv4-mapped addresses) as proc(5) documents them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  parseBootTime,
  parseCgroup,
  parseCpuCount,
  parseEnvironOwner,
  parseFdLimits,
  parseLoadavg,
  parseMeminfo,
  parseMemoryMax,
  parseMounts,
  parseNetstat,
  parseNetTcp,
  parsePressure,
  parseStartTicks,
  parseStatus,
  parseThp,
  parseWorkerTitle,
} from './proc-parse.js';

const root = new URL('../../test/fixtures/probe-root/', import.meta.url).pathname;
const read = (p: string) => readFileSync(`${root}${p}`, 'utf8');

test('status: name, RSS in bytes, threads, uid', () => {
  assert.deepEqual(parseStatus(read('proc/13351/status')), { name: 'node', rss: 43528 * 1024, threads: 7, uid: 0 });
});

test('limits: the Max open files row', () => {
  assert.deepEqual(parseFdLimits(read('proc/13351/limits')), { soft: 20000, hard: 20000 });
  const unlimited =
    'Limit Soft Limit Hard Limit Units\nMax open files            1024                 unlimited            files     \n';
  assert.deepEqual(parseFdLimits(unlimited), { soft: 1024, hard: Number.POSITIVE_INFINITY });
  assert.equal(parseFdLimits('Max cpu time  unlimited  unlimited  seconds\n'), undefined);
});

test('stat: starttime counted after the last parenthesis; btime from /proc/stat', () => {
  assert.equal(parseStartTicks(read('proc/13351/stat')), 20335);
  // A command name may hold ") " itself.
  assert.equal(parseStartTicks('7 (a) b) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 555 0 0'), 555);
  assert.equal(parseBootTime(read('proc/stat')), 1796408314);
});

test('meminfo, cpuinfo, loadavg, pressure, THP', () => {
  assert.deepEqual(parseMeminfo(read('proc/meminfo')), {
    memTotal: 24683792 * 1024,
    memAvailable: 24264744 * 1024,
    swapTotal: 0,
    swapFree: 0,
  });
  assert.equal(parseCpuCount(read('proc/cpuinfo')), 2);
  assert.deepEqual(parseLoadavg(read('proc/loadavg')), [1.6, 0.74, 0.27]);
  assert.deepEqual(parsePressure(read('proc/pressure/memory')), {
    some: { avg10: 0, avg60: 0, avg300: 0 },
    full: { avg10: 0, avg60: 0, avg300: 0 },
  });
  assert.deepEqual(parsePressure('some avg10=12.50 avg60=3.10 avg300=0.80 total=123456\n').some, {
    avg10: 12.5,
    avg60: 3.1,
    avg300: 0.8,
  });
  assert.equal(parseThp(read('sys/kernel/mm/transparent_hugepage/enabled')), 'madvise');
  assert.equal(parseThp('[always] madvise never\n'), 'always');
});

test('net/tcp: the captured listener, its connection to itself, and TIME_WAIT without an owner', () => {
  const tcp = parseNetTcp(read('proc/net/tcp'));
  assert.equal(tcp.length, 6);
  const listen = tcp.find((s) => s.inode === 19018);
  assert.deepEqual(listen, {
    localAddress: '127.0.0.1',
    localPort: 43699,
    remoteAddress: '0.0.0.0',
    remotePort: 0,
    state: 'LISTEN',
    txQueue: 0,
    rxQueue: 0,
    uid: 0,
    inode: 19018,
  });
  assert.deepEqual(
    tcp.filter((s) => s.localPort === 43699 || s.remotePort === 43699).map((s) => [s.state, s.inode]),
    [
      ['LISTEN', 19018],
      ['ESTABLISHED', 19021],
      ['ESTABLISHED', 19019],
    ],
  );
  assert.deepEqual(
    tcp.filter((s) => s.state === 'TIME_WAIT').map((s) => [s.remoteAddress, s.remotePort, s.inode]),
    [
      // 507100CB: the words are little-endian, so 203.0.113.80.
      ['203.0.113.80', 80, 0],
      ['203.0.113.80', 80, 0],
    ],
  );
  const tcp6 = parseNetTcp(read('proc/net/tcp6'));
  assert.deepEqual(
    tcp6.map((s) => [s.localAddress, s.localPort, s.state]),
    [['::1', 33071, 'LISTEN']],
  );
  // An IPv4 client on a dual-stack socket; a full accept queue (rx_queue 0x81 = 129 waiting).
  const mapped = parseNetTcp(
    'header\n   0: 0000000000000000FFFF00000100007F:1F90 00000000000000000000000000000000:0000 0A 00000000:00000081 00:00000000 00000000  1000        0 4242 1 0 100 0 0 10 0\n',
  );
  assert.equal(mapped[0].localAddress, '::ffff:127.0.0.1');
  assert.equal(mapped[0].rxQueue, 129);
});

test('netstat: TcpExt counters by name', () => {
  const n = parseNetstat(read('proc/net/netstat'));
  assert.equal(n.get('TcpExt.ListenOverflows'), 0);
  assert.equal(n.get('TcpExt.ListenDrops'), 0);
  assert.equal(n.get('TcpExt.TW'), 12);
  assert.ok(n.has('IpExt.InOctets'));
});

test('mounts: device, point, type, read-only; octal escapes', () => {
  const m = parseMounts(read('proc/self/mounts'));
  assert.deepEqual(
    m.find((x) => x.mount === '/'),
    { device: '/dev/vda', mount: '/', fstype: 'ext4', readOnly: false },
  );
  assert.equal(m.find((x) => x.mount === '/mnt/sandboxing/model_tools_env/v1/python')?.readOnly, true);
  assert.equal(parseMounts('/dev/sdb1 /mnt/my\\040disk ext4 rw 0 0\n')[0].mount, '/mnt/my disk');
});

test('cgroup: systemd unit, container id, the v2 path; none on the build machine', () => {
  assert.deepEqual(parseCgroup(read('proc/13351/cgroup')), { v2Path: '/' });
  assert.deepEqual(parseCgroup('0::/system.slice/nginx.service\n'), {
    unit: 'nginx.service',
    v2Path: '/system.slice/nginx.service',
  });
  assert.deepEqual(
    parseCgroup('12:memory:/system.slice/x.service\n1:name=systemd:/system.slice/redis-server.service\n'),
    { unit: 'redis-server.service' },
  );
  const id = '3f4e5d6c7b8a90123456789abcdef0123456789abcdef0123456789abcdef012';
  assert.equal(parseCgroup(`0::/system.slice/docker-${id}.scope\n`).container, '3f4e5d6c7b8a');
  assert.equal(parseCgroup(`12:pids:/docker/${id}\n0::/docker/${id}\n`).container, '3f4e5d6c7b8a');
  assert.equal(
    parseCgroup(`0::/kubepods.slice/kubepods-pod1.slice/cri-containerd-${id}.scope\n`).container,
    '3f4e5d6c7b8a',
  );
  assert.equal(
    parseCgroup('0::/user.slice/user-1000.slice/user@1000.service/app.slice/app-api.service\n').unit,
    'app-api.service',
  );
  assert.equal(parseMemoryMax('max\n'), undefined);
  assert.equal(parseMemoryMax('536870912\n'), 536870912);
});

test('environ: the PM2 app name and supervisord program only', () => {
  assert.deepEqual(parseEnvironOwner('PATH=/usr/bin\0pm_id=3\0name=api\0DB_PASSWORD=x\0'), {
    pm2: 'api',
    pm2MaxMemory: undefined,
    supervisord: undefined,
  });
  // As PM2 5 sets it for `--max-memory-restart 200M` (read from a running app's environ on the build machine).
  assert.equal(
    parseEnvironOwner('name=api\0max_memory_restart=209715200\0exec_mode=fork_mode\0pm_id=0\0').pm2MaxMemory,
    209715200,
  );
  assert.deepEqual(parseEnvironOwner('name=not-pm2\0'), {
    pm2: undefined,
    pm2MaxMemory: undefined,
    supervisord: undefined,
  });
  assert.deepEqual(parseEnvironOwner('SUPERVISOR_ENABLED=1\0SUPERVISOR_PROCESS_NAME=worker_01\0'), {
    pm2: undefined,
    pm2MaxMemory: undefined,
    supervisord: 'worker_01',
  });
});

test("php-fpm's process titles: a worker's pool; the master and others are no worker", () => {
  // As /proc/PID/cmdline of Debian's php-fpm8.2 shows them (test/probe/php-fpm.test.ts runs one).
  assert.equal(parseWorkerTitle('php-fpm: pool probe                               '), 'php-fpm:probe');
  assert.equal(parseWorkerTitle('php-fpm: master process (/tmp/fpmt/php-fpm.conf)  '), undefined);
  assert.equal(parseWorkerTitle('/usr/bin/node\0/srv/app.js\0'), undefined);
  assert.equal(parseWorkerTitle(''), undefined);
});
