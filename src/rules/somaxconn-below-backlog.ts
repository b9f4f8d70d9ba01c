import { componentsOf, hostOf } from '../stack/stack.js';
import type { FindingDraft, Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'somaxconn-below-backlog',
    severity: 'warning',
    title: 'net.core.somaxconn caps a listener’s backlog',
    summary:
      'The kernel silently cuts listen backlogs to net.core.somaxconn: bursts of connections overflow and clients see timeouts and resets.',
    explanation:
      'A listening socket queues connections the server has not accepted yet, up to its backlog — Redis `tcp-backlog` (default 511), nginx `listen … backlog=` (511 on Linux), Node’s `server.listen` (511) — but the kernel caps it at `net.core.somaxconn` (128 before Linux 5.4, 4096 since). When a burst overflows the queue, SYNs are dropped (clients retry after 1 s, 3 s…) and the kernel may log "Possible SYN flooding on port". Redis warns at start-up: "The TCP backlog setting of 511 cannot be enforced because /proc/sys/net/core/somaxconn is set to the lower value of 128." uWSGI goes further: with a `listen` queue above somaxconn on a TCP socket it exits at start-up ("Listen queue size is greater than the system max net.core.somaxconn (128).").',
    fix: 'Raise `net.core.somaxconn` (e.g. 4096) and `net.ipv4.tcp_max_syn_backlog` in /etc/sysctl.d/, then restart the listeners so they re-listen with the larger backlog.',
    references: [
      'https://www.kernel.org/doc/Documentation/networking/ip-sysctl.txt',
      'https://redis.io/docs/latest/operate/oss_and_stack/management/config-file/',
      'https://uwsgi-docs.readthedocs.io/en/latest/Options.html#listen',
    ],
    messages: {
      below:
        '{{listener}} asks for a backlog of {{backlog}} but net.core.somaxconn is {{somaxconn}} ({{where}}): the kernel cuts it to {{somaxconn}}.',
      uwsgiRefuses:
        '{{listener}} asks for a listen queue of {{backlog}} but net.core.somaxconn is {{somaxconn}} ({{where}}): uWSGI refuses to start ("Listen queue size is greater than the system max net.core.somaxconn ({{somaxconn}}).").',
    },
    requires: [
      ['sysctl', 'host-facts', 'probe-snapshot'],
      ['redis', 'nginx', 'uwsgi', 'php-fpm', 'gunicorn'],
    ],
  },
  check(stack) {
    const out: FindingDraft[] = [];
    const check = (
      listener: string,
      backlog: number,
      host: ReturnType<typeof hostOf>,
      loc: { path: string; line: number },
      messageId: 'below' | 'uwsgiRefuses' = 'below',
    ) => {
      const s = host.sysctl['net.core.somaxconn'];
      if (!s) return;
      const v = Number(s.value);
      if (!Number.isFinite(v) || v >= backlog) return;
      out.push({
        messageId,
        ...(messageId === 'uwsgiRefuses' ? { severity: 'error' as const } : {}),
        data: { listener, backlog, somaxconn: v, where: s.loc ? `${s.loc.path}:${s.loc.line}` : 'host facts' },
        locations: [s.loc ?? loc, loc],
      });
    };
    for (const c of componentsOf(stack, 'redis')) {
      const tb = c.data.directives['tcp-backlog']?.at(-1);
      const backlog = tb ? Number(tb.args[0]) : 511;
      check(
        `Redis (tcp-backlog ${backlog}${tb ? '' : ', default'})`,
        backlog,
        hostOf(stack, c),
        tb?.loc ?? { path: c.path, line: 1 },
      );
    }
    for (const c of componentsOf(stack, 'nginx')) {
      for (const d of walk(c.data.tree)) {
        if (d.name !== 'listen') continue;
        const b = d.args.find((a) => a.startsWith('backlog='));
        if (!b) continue;
        check(`nginx listen ${d.args[0]}`, Number(b.slice(8)), hostOf(stack, c), d.loc);
      }
    }
    // uWSGI checks its TCP sockets' queue against somaxconn at bind time (core/socket.c) and exits.
    for (const c of componentsOf(stack, 'uwsgi')) {
      const l = c.data.listen;
      const tcp = c.data.sockets.find((x) => x.port !== undefined);
      if (!tcp) continue;
      check(
        `uWSGI (listen ${l.value}${l.isDefault ? ', default' : ''})`,
        l.value,
        hostOf(stack, c),
        l.loc ?? tcp.loc,
        'uwsgiRefuses',
      );
    }
    // PHP-FPM's default on Linux is -1, the kernel's own maximum; only a written backlog can exceed it.
    for (const c of componentsOf(stack, 'php-fpm')) {
      for (const p of c.data.pools) {
        const b = p.listenBacklog;
        if (b.isDefault || !b.loc || b.value < 0) continue;
        check(`PHP-FPM pool ${p.name} (listen.backlog ${b.value})`, b.value, hostOf(stack, c), b.loc);
      }
    }
    for (const c of componentsOf(stack, 'gunicorn')) {
      const b = c.data.backlog;
      if (b?.loc) check(`gunicorn (backlog ${b.value})`, b.value, hostOf(stack, c), b.loc);
    }
    return out;
  },
};

function* walk(
  tree: import('../formats/config/types.js').NginxDirective[],
): Generator<import('../formats/config/types.js').NginxDirective> {
  for (const d of tree) {
    yield d;
    if (d.block) yield* walk(d.block);
  }
}

export default rule;
