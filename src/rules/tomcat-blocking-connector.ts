import { componentsOf } from '../stack/stack.js';
import type { FindingDraft, Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'tomcat-blocking-connector',
    severity: 'warning',
    title: 'Tomcat connector blocks a thread per connection (BIO)',
    summary:
      'A BIO connector ties one thread to each open connection: past maxThreads + acceptCount, connections wait or are refused while threads sit on idle keep-alives.',
    explanation:
      'The blocking connector (`org.apache.coyote.http11.Http11Protocol`, which `protocol="HTTP/1.1"` selects on Tomcat 7 and earlier unless APR is installed) holds a worker thread for the whole life of a connection, idle keep-alive time included. With the defaults — maxThreads 200, acceptCount 100 — about 300 connections fill it: the next ones queue in the kernel backlog and then are refused, even when the threads are only waiting on idle clients. A proxy or load balancer that opens many connections per client makes it worse (seed 000, the Tomcat story: connections lingering until the TCP timeout, the server stops answering). NIO (the default from Tomcat 8) serves idle connections without a thread.',
    fix: 'Use `protocol="org.apache.coyote.http11.Http11NioProtocol"` (or upgrade past Tomcat 7), lower `keepAliveTimeout`, and size maxThreads/acceptCount/maxConnections together with the open-file limit.',
    references: [
      'https://tomcat.apache.org/tomcat-7.0-doc/config/http.html',
      'https://tomcat.apache.org/tomcat-8.5-doc/config/http.html',
    ],
    messages: {
      bio: 'Connector on port {{port}} uses the blocking connector ({{protocol}}{{when}}): one thread per connection, so {{threads}} threads + {{accept}} queued ≈ {{total}} connections, idle keep-alives included ({{keepalive}}), before new ones are refused.',
    },
    requires: [['tomcat']],
  },
  check(stack) {
    const out: FindingDraft[] = [];
    for (const comp of componentsOf(stack, 'tomcat')) {
      const version = comp.data.version?.value;
      const major = version ? Number(/^(\d+)/.exec(version)?.[1]) : undefined;
      for (const c of comp.data.connectors) {
        const explicitBio = c.io === 'bio';
        const autoBio = c.io === 'auto' && (major === undefined || major <= 7);
        if (!explicitBio && !autoBio) continue;
        const threads = c.executor
          ? (comp.data.executors.find((e) => e.name === c.executor)?.maxThreads.value ?? c.maxThreads.value)
          : c.maxThreads.value;
        out.push({
          messageId: 'bio',
          severity: explicitBio || major !== undefined ? 'warning' : 'info',
          data: {
            port: c.port ?? '?',
            protocol: c.protocol.value,
            when:
              major !== undefined
                ? ` on Tomcat ${version}`
                : explicitBio
                  ? ''
                  : ', if Tomcat ≤ 7 (version not found in the input)',
            threads,
            accept: c.acceptCount.value,
            total: threads + c.acceptCount.value,
            keepalive: `keepAliveTimeout ${c.keepAliveTimeout.value / 1000} s`,
          },
          locations: [c.protocol.loc ?? c.loc],
        });
      }
    }
    return out;
  },
};

export default rule;
