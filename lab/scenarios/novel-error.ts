// A failure nobody catalogued: the price table a Node API re-reads on change is published cut short, and every
// quote fails to parse it. The app logs its own error ("price table … unreadable: SyntaxError: …") and answers
// 500 through nginx; nothing crashes or restarts, and no known signature names it — faultline must still name it
// by its own lines (novel-error) from what appeared with the 500s.
import type { LabContext } from '../lib/context.js';
import { freePort } from '../lib/ports.js';
import type { Scenario } from '../lib/scenario.js';
import { bounded, request, sleep, tally } from '../lib/traffic.js';
import { nginxMain, proxySite, startNginx } from '../servers/nginx.js';
import { APP_DIR, installApp, killPm2, startPm2 } from '../servers/pm2.js';

const TABLE = '/srv/pricing/prices.json';

export const scenario: Scenario = {
  name: 'novel-error',
  cause: 'novel-error',
  alsoCauses: [],
  rules: [],
  seed: 'issue 11 item 2: an error template that dominates the incident and matches no known signature',
  expect: [
    {
      file: '/home/app/.pm2/logs/pricing-error.log',
      match: /price table \/srv\/pricing\/prices\.json unreadable: SyntaxError: /,
      why: 'the app could not parse the table it was given',
    },
    { file: '/var/log/nginx/access.log', match: /"GET \/api\/quote\?sku=\d+ HTTP\/1\.1" 500 /, why: 'quotes failed' },
    {
      file: '/var/log/nginx/access.log',
      match: /"GET \/api\/quote\?sku=\d+ HTTP\/1\.1" 200 /,
      why: 'quotes worked before',
    },
  ],
  async run(ctx: LabContext) {
    const [appPort, web] = [await freePort(), await freePort()];
    const full: Record<string, number> = {};
    for (let sku = 0; sku < 400; sku++) full[sku] = 100 + ((sku * 37) % 900) / 10;
    const text = `${JSON.stringify(full, null, 1)}\n`;
    ctx.write(TABLE, text);
    installApp(ctx, {
      source: 'pricing-api.cjs',
      ecosystem: `module.exports = {
  apps: [{ name: 'pricing', script: 'server.js', env: { NODE_ENV: 'production', PORT: ${appPort}, PRICES_FILE: '${ctx.p(TABLE)}' } }],
};
`,
    });
    ctx.defer(() => killPm2(ctx));
    await startPm2(ctx, [appPort]);
    await startNginx(ctx, nginxMain(ctx, proxySite(web, appPort)), web);
    const quotes = bounded(150, 2, 15000, async (i) => {
      const r = await request(web, { path: `/api/quote?sku=${(i * 7) % 400}` });
      await sleep(120);
      return r;
    });
    // 4 s of good quotes, then a publish that stops two thirds of the way through the file.
    await sleep(4000);
    ctx.write(TABLE, text.slice(0, Math.floor(text.length * 0.66)));
    const results = await quotes;
    ctx.observed.responses = tally(results);
    ctx.log(`responses: ${JSON.stringify(ctx.observed.responses)}; app in ${APP_DIR}`);
  },
};
