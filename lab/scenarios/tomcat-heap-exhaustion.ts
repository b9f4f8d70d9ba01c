// Tomcat 10.1 behind nginx (issue 10 item 5): the shop's sales export (a JSP, compiled by Jasper) keeps every
// report it builds in the application scope and never evicts one. The JVM runs with the small heap a crowded host
// gives it (-Xmx64m in /etc/default/tomcat10): after a dozen exports the heap is full of live reports, the JSPs
// throw `java.lang.OutOfMemoryError: Java heap space` (StandardWrapperValve logs each in the localhost log), and
// Tomcat answers 500 to every export from then on (product pages, a few kB each, still fit in what a full GC
// frees). Nothing restarts: the JVM stays up, out of memory. The shop logs its own lines with logback (SLF4J and
// logback from Debian, the pattern of logback's manual) into /var/log/tomcat10/shop.log.
import type { LabContext } from '../lib/context.js';
import { freePort } from '../lib/ports.js';
import type { Scenario } from '../lib/scenario.js';
import { bounded, request, sleep, tally } from '../lib/traffic.js';
import { nginxMain, proxySite, startNginx } from '../servers/nginx.js';
import { installWebapp, startTomcat } from '../servers/tomcat.js';

const TODAY = () => new Date().toISOString().slice(0, 10);

export const scenario: Scenario = {
  name: 'tomcat-heap-exhaustion',
  cause: 'memory-exhaustion',
  alsoCauses: [],
  // Issue 10: each scenario of the new stacks runs in 40 s at most (15–24 s measured).
  limitMs: 40_000,
  rules: [],
  seed: 'issue 10 item 5: Tomcat 10 behind nginx, a JSP cache fills -Xmx (java.lang.OutOfMemoryError: Java heap space)',
  expect: [
    {
      file: `/var/log/tomcat10/localhost.${TODAY()}.log`,
      match:
        /SEVERE \[http-nio-127\.0\.0\.1-\d+-exec-\d+\] org\.apache\.catalina\.core\.StandardWrapperValve\.invoke Servlet\.service\(\) for servlet \[jsp\]/,
      why: 'Tomcat logged the JSP failing',
    },
    {
      file: `/var/log/tomcat10/localhost.${TODAY()}.log`,
      match: /^\s*java\.lang\.OutOfMemoryError: (?:Java heap space|GC overhead limit exceeded)$/m,
      why: 'the heap ran out',
    },
    {
      file: `/var/log/tomcat10/localhost_access_log.${TODAY()}.txt`,
      match: /"GET \/export\.jsp\S* HTTP\/1\.0" 500 /,
      why: "Tomcat's access log valve saw the 500s",
    },
    {
      file: '/var/log/tomcat10/shop.log',
      match:
        /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} \[http-nio-\S+\] INFO {2}shop\.export - building the sales export for 2026-\d+ \([1-9]\d* kept/m,
      why: "the webapp's own logback log: the cache kept what it built",
    },
    { file: '/var/log/nginx/access.log', match: /"GET \/export\.jsp\S* HTTP\/1\.1" 500 /, why: 'clients got the 500s' },
    { file: `/var/log/tomcat10/catalina.${TODAY()}.log`, match: /Server startup in \[\d+\] milliseconds/, why: 'JULI' },
  ],
  async run(ctx: LabContext) {
    const [appPort, web] = [await freePort(), await freePort()];
    installWebapp(ctx, 'tomcat-shop');
    await startTomcat(ctx, { port: appPort, javaOpts: '-Djava.awt.headless=true -Xmx64m' });
    await startNginx(ctx, nginxMain(ctx, proxySite(web, appPort)), web);
    // Product pages throughout (the first compiles index.jsp); exports start after 4 quiet seconds, one a second.
    const products = bounded(120, 2, 16000, async (i) => {
      const r = await request(web, { path: `/index.jsp?id=${i % 9}` });
      await sleep(150);
      return r;
    });
    await sleep(4000);
    const exports = bounded(24, 1, 12000, async (i) => {
      const r = await request(web, { path: `/export.jsp?month=2026-${(i % 12) + 1}` });
      await sleep(300);
      return r;
    });
    const results = [...(await products), ...(await exports)];
    ctx.observed.responses = tally(results);
    ctx.log(`responses: ${JSON.stringify(ctx.observed.responses)}`);
  },
};
